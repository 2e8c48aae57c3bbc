package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"unicode/utf8"

	"kijun/internal/kijun"
)

// checkInput refuses a request that carries text no field may hold, before
// any handler sees it: bytes that are not UTF-8, NUL and the other control
// characters (C0, DEL, C1) except tab and line breaks in a value. It looks
// at the path, every query key and value, every form key and value, every
// multipart field name and file name, and every string of a JSON body.
// PostgreSQL refuses such text only when it is stored, as a 500; SQLite
// keeps it and shows it back. 8.2.1ア asks that only those with the right
// may change the registers; this asks that what they write is text.
//
// It parses the body (a form, a multipart form, or JSON, which it puts back
// for the handler), bounded by the MaxBytesReader the guard set. A body
// too large is refused as tooLarge refuses it.
func checkInput(r *http.Request) error {
	var fe kijun.FieldErrors
	if !validText(r.URL.Path, false) {
		fe.Add("path", "URLのパスに使えない文字（不正なUTF-8、NUL などの制御文字）が含まれています")
	}
	checkValues(&fe, r.URL.RawQuery, "query")
	if r.Method != http.MethodGet && r.Method != http.MethodHead && r.Body != nil {
		if err := checkBody(&fe, r); err != nil {
			return err
		}
	}
	return fe.AsError()
}

// checkValues checks a query string's keys and values. url.ParseQuery
// decodes %00 and %FF, so the check sees the bytes a handler would get.
func checkValues(fe *kijun.FieldErrors, raw, where string) {
	vals, err := url.ParseQuery(raw)
	if err != nil {
		fe.Add(where, "URLの問い合わせ部分を読めません（%%の後が16進数でない、など）")
	}
	for k, vs := range vals {
		addBad(fe, k, vs)
	}
}

// addBad adds an error for field k when its name or a value is not text.
func addBad(fe *kijun.FieldErrors, k string, vs []string) {
	if !validText(k, false) {
		fe.Add(kijun.Printable(k), "項目名に使えない文字（不正なUTF-8、NUL などの制御文字）が含まれています")
		return
	}
	for _, v := range vs {
		if !validText(v, true) {
			fe.Add(k, "「%s」に使えない文字（不正なUTF-8、NUL などの制御文字）が含まれています。入力し直してください", k)
			return
		}
	}
}

func checkBody(fe *kijun.FieldErrors, r *http.Request) error {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var err error
	switch ct {
	case "application/x-www-form-urlencoded":
		err = r.ParseForm()
		for k, vs := range r.PostForm {
			addBad(fe, k, vs)
		}
	case "multipart/form-data":
		err = r.ParseMultipartForm(maxFormBytes)
		if r.MultipartForm != nil {
			for k, vs := range r.MultipartForm.Value {
				addBad(fe, k, vs)
			}
			for k, fhs := range r.MultipartForm.File {
				addBad(fe, k, nil)
				for _, fh := range fhs {
					if !validText(fh.Filename, false) {
						fe.Add(k, "「%s」のファイル名に使えない文字（不正なUTF-8、NUL などの制御文字）が含まれています。名前を変えてから送ってください", k)
					}
				}
			}
		}
	case "application/json":
		var b []byte
		b, err = io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(b))
		if err == nil {
			checkJSON(fe, b)
		}
	}
	if mb := (*http.MaxBytesError)(nil); errors.As(err, &mb) {
		return kijun.Errorf(kijun.EINVALID, "送信された内容が大きすぎます（上限 %d MB）。ファイルを小さくするか、分けて送ってください", maxFormBytes>>20)
	}
	// Any other parse error is the handler's to report, as before.
	return nil
}

// checkJSON checks every key and string of a JSON body. A body that is not
// JSON is left for the handler to refuse.
func checkJSON(fe *kijun.FieldErrors, b []byte) {
	if !utf8.Valid(b) {
		// encoding/json would turn the bad bytes into U+FFFD silently.
		fe.Add("body", "JSON に不正なUTF-8が含まれています")
		return
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	field := "body"
	for {
		tok, err := dec.Token()
		if err != nil {
			return
		}
		s, ok := tok.(string)
		if !ok {
			continue
		}
		if !validText(s, true) {
			fe.Add(kijun.Printable(field), "JSON の「%s」に使えない文字（NUL などの制御文字）が含まれています", kijun.Printable(field))
			return
		}
		field = s
	}
}

// validText reports whether s is UTF-8 without control characters; a
// multiline value may hold tab, LF and CR (a textarea sends CRLF).
func validText(s string, multiline bool) bool {
	for i, c := range s {
		switch {
		case c == utf8.RuneError && !validAt(s, i):
			return false
		case c == '\t' || c == '\n' || c == '\r':
			if !multiline {
				return false
			}
		case c < 0x20, c == 0x7f, c >= 0x80 && c < 0xa0:
			return false
		}
	}
	return true
}

// validAt reports whether the U+FFFD at s[i] was written as such, not a
// byte that is not UTF-8.
func validAt(s string, i int) bool {
	_, n := utf8.DecodeRuneInString(s[i:])
	return n == 3
}
