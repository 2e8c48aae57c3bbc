package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"

	"kijun/internal/kijun"
)

// FuzzCheckForm feeds checkInput a query and a body as a form, a
// multipart form and JSON. Whatever it lets through must be text: every
// key and value a handler can read is UTF-8 without control characters.
func FuzzCheckForm(f *testing.F) {
	f.Add("q=%E6%83%85%E5%A0%B1", "name=%E8%B3%87%E7%94%A3&note=a%0D%0Ab", byte(0))
	f.Add("q=a%00b", "name=%FF", byte(0))
	f.Add("", "--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\xff.pdf\"\r\n\r\nx\r\n--B--\r\n", byte(1))
	f.Add("", "--B\r\nContent-Disposition: form-data; name=\"n\"\r\n\r\na\x00\r\n--B--\r\n", byte(1))
	f.Add("", `{"id":"x","response":{"clientDataJSON":"a\u0000b"}}`, byte(2))
	f.Add("x=%zz", "{\"a\":[\"\xff\"]}", byte(2))
	f.Fuzz(func(t *testing.T, query, body string, kind byte) {
		ctype := []string{"application/x-www-form-urlencoded", "multipart/form-data; boundary=B", "application/json"}[int(kind)%3]
		r := httptest.NewRequest("POST", "/x", strings.NewReader(body))
		r.URL.RawQuery = query
		r.Header.Set("Content-Type", ctype)
		r.Body = http.MaxBytesReader(httptest.NewRecorder(), r.Body, 1<<20)
		err := checkInput(r)
		if err != nil {
			if kijun.ErrorCode(err) != kijun.EINVALID {
				t.Fatalf("checkInput: %v, want EINVALID or nil", err)
			}
			return
		}
		for k, vs := range r.URL.Query() {
			mustBeText(t, "query key", k, false)
			for _, v := range vs {
				mustBeText(t, "query value", v, true)
			}
		}
		if r.PostForm != nil {
			for k, vs := range r.PostForm {
				mustBeText(t, "form key", k, false)
				for _, v := range vs {
					mustBeText(t, "form value", v, true)
				}
			}
		}
		if r.MultipartForm != nil {
			for k, fhs := range r.MultipartForm.File {
				mustBeText(t, "file field", k, false)
				for _, fh := range fhs {
					mustBeText(t, "file name", fh.Filename, false)
				}
			}
		}
		if kind%3 == 2 {
			// The body is put back whole for the handler.
			var b bytes.Buffer
			b.ReadFrom(r.Body)
			if b.String() != body {
				t.Fatalf("JSON body given to the handler %q, want %q", b.String(), body)
			}
			var v any
			if json.Unmarshal([]byte(body), &v) == nil {
				walkJSON(t, v)
			}
		}
	})
}

func walkJSON(t *testing.T, v any) {
	switch v := v.(type) {
	case string:
		mustBeText(t, "JSON string", v, true)
	case []any:
		for _, e := range v {
			walkJSON(t, e)
		}
	case map[string]any:
		for k, e := range v {
			mustBeText(t, "JSON key", k, true)
			walkJSON(t, e)
		}
	}
}

func mustBeText(t *testing.T, what, s string, multiline bool) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Fatalf("%s %q let through: not UTF-8", what, s)
	}
	for _, c := range s {
		if (c == '\t' || c == '\n' || c == '\r') && multiline {
			continue
		}
		if c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) {
			t.Fatalf("%s %q let through with control character %U", what, s, c)
		}
	}
}
