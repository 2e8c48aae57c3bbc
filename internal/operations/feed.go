package operations

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"kijun/internal/kijun"
)

// Format is a vulnerability feed's format.
type Format string

// The feed formats read.
const (
	FormatAuto Format = ""
	FormatNVD  Format = "nvd" // NVD CVE API 2.0 JSON, and NVD's 2.0 feed files
	FormatOSV  Format = "osv" // OSV schema JSON: one record or an array of records
	FormatJVN  Format = "jvn" // JVN iPedia's JVNRSS 3.2 (MyJVN getVulnOverviewList, jvndb_*.rdf)
)

// ParseFormat reads a --format value.
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "auto":
		return FormatAuto, nil
	case "nvd":
		return FormatNVD, nil
	case "osv":
		return FormatOSV, nil
	case "jvn":
		return FormatJVN, nil
	}
	return "", kijun.Errorf(kijun.EINVALID, "脆弱性情報の形式 %q は読めません（nvd・jvn・osv のいずれか）", s)
}

// MaxFeed is the largest feed file read: a year of NVD is about 300 MB.
const MaxFeed = 1 << 30

// MaxFeedVulns is the most vulnerabilities one file may carry.
const MaxFeedVulns = 1_000_000

// errTooLarge is the refusal of a file past max bytes, however it
// arrives.
func errTooLarge(max int64) error {
	return kijun.Errorf(kijun.EINVALID, "脆弱性情報ファイルが大きすぎます（%d MiB まで。NVD は年ごとのファイルに分けて取り込んでください）", max>>20)
}

// limited reads at most max bytes and fails past them, so a file that is
// too large is refused whatever its size claims.
type limited struct {
	r   io.Reader
	n   int64
	max int64
}

func (l *limited) Read(p []byte) (int, error) {
	if l.n > l.max {
		return 0, errTooLarge(l.max)
	}
	if int64(len(p)) > l.max+1-l.n {
		p = p[:l.max+1-l.n]
	}
	n, err := l.r.Read(p)
	l.n += int64(n)
	if l.n > l.max {
		return n, errTooLarge(l.max)
	}
	return n, err
}

// ReadFeed reads a vulnerability feed from r, streamed: fn is called with
// each vulnerability as it is read, so a year of NVD is never held whole.
// The format is detected when f is FormatAuto. An error of fn stops the
// read and is returned; any fault in the file (not JSON, of another
// format, a record without its identifier, a CPE that does not parse, too
// large) is an EINVALID error that says where. The caller writes what fn
// was given in one transaction and commits only when ReadFeed returns
// nil: a feed is imported whole or not at all.
func ReadFeed(r io.Reader, f Format, fn func(Vuln) error) (Format, error) {
	return readFeed(r, f, MaxFeed, fn)
}

// readFeed is ReadFeed refusing files past max bytes.
func readFeed(r io.Reader, f Format, max int64, fn func(Vuln) error) (Format, error) {
	br := bufio.NewReaderSize(&limited{r: r, max: max}, 1<<16)
	n := 0
	count := func(v Vuln) error {
		if n++; n > MaxFeedVulns {
			return kijun.Errorf(kijun.EINVALID, "脆弱性情報が多すぎます（1 ファイル %d 件まで）", MaxFeedVulns)
		}
		return fn(v)
	}
	// JVN's feeds are XML, NVD's and OSV's JSON: the first byte that is
	// not blank tells them apart.
	xmlDoc := firstByte(br) == '<'
	switch {
	case xmlDoc && f != FormatAuto && f != FormatJVN:
		return f, kijun.Errorf(kijun.EINVALID, "%s の形式ではありません（XML です。JVN iPedia の JVNRSS なら形式に jvn を指定してください）", strings.ToUpper(string(f)))
	case xmlDoc:
		return FormatJVN, readJVN(br, count)
	case f == FormatJVN:
		return f, kijun.Errorf(kijun.EINVALID, "JVN iPedia の JVNRSS（XML）ではありません")
	}
	dec := json.NewDecoder(br)
	tok, err := dec.Token()
	if err != nil {
		return f, notJSON(dec, err)
	}
	switch tok {
	case json.Delim('['):
		if f == FormatNVD {
			return f, kijun.Errorf(kijun.EINVALID, "NVD の形式ではありません（NVD CVE API 2.0 の JSON は {\"format\": \"NVD_CVE\", \"vulnerabilities\": [...]} です）")
		}
		for dec.More() {
			if err := readOSVOne(dec, count); err != nil {
				return FormatOSV, err
			}
		}
		if _, err := dec.Token(); err != nil {
			return FormatOSV, notJSON(dec, err)
		}
		return FormatOSV, trailing(dec)
	case json.Delim('{'):
		got, err := readObject(dec, f, count)
		if err != nil {
			return got, err
		}
		return got, trailing(dec)
	}
	return f, kijun.Errorf(kijun.EINVALID, "脆弱性情報ファイルの形式がわかりません（JSON のオブジェクトか配列ではありません）。NVD CVE API 2.0 か OSV の JSON を指定してください")
}

// readObject reads a top-level object: NVD's API response, whose
// vulnerabilities are streamed one by one, or one OSV record.
func readObject(dec *json.Decoder, f Format, fn func(Vuln) error) (Format, error) {
	var nvdFormat string
	sawVulns := false
	osv := map[string]json.RawMessage{}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return f, notJSON(dec, err)
		}
		k, _ := key.(string)
		switch {
		case k == "vulnerabilities" && f != FormatOSV:
			sawVulns = true
			if err := readNVDItems(dec, fn); err != nil {
				return FormatNVD, err
			}
		case k == "format" && f != FormatOSV:
			if err := dec.Decode(&nvdFormat); err != nil {
				return FormatNVD, kijun.Errorf(kijun.EINVALID, "NVD の format が文字列ではありません")
			}
		default:
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return f, notJSON(dec, err)
			}
			if len(osv) < 64 {
				osv[k] = raw
			}
		}
	}
	if _, err := dec.Token(); err != nil {
		return f, notJSON(dec, err)
	}
	if sawVulns || nvdFormat != "" {
		if nvdFormat != "NVD_CVE" {
			return FormatNVD, kijun.Errorf(kijun.EINVALID, "NVD の形式ではありません（format が %q です。NVD CVE API 2.0 の format は \"NVD_CVE\" です）", nvdFormat)
		}
		if !sawVulns {
			return FormatNVD, kijun.Errorf(kijun.EINVALID, "NVD のファイルに vulnerabilities がありません")
		}
		return FormatNVD, nil
	}
	if _, ok := osv["id"]; ok && f != FormatNVD {
		body, err := json.Marshal(osv)
		if err != nil {
			return FormatOSV, err
		}
		var rec osvRecord
		if err := json.Unmarshal(body, &rec); err != nil {
			return FormatOSV, kijun.Errorf(kijun.EINVALID, "OSV の記録を読めません: %v", jsonReason(err))
		}
		v, err := rec.vuln()
		if err != nil {
			return FormatOSV, err
		}
		return FormatOSV, fn(v)
	}
	if f == FormatNVD {
		return f, kijun.Errorf(kijun.EINVALID, "NVD の形式ではありません（format \"NVD_CVE\" と vulnerabilities がありません）")
	}
	if f == FormatOSV {
		return f, kijun.Errorf(kijun.EINVALID, "OSV の形式ではありません（id がありません）")
	}
	return f, kijun.Errorf(kijun.EINVALID, "脆弱性情報ファイルの形式がわかりません。NVD CVE API 2.0（format \"NVD_CVE\"）か OSV（id と affected）の JSON を指定してください")
}

// trailing refuses anything after the top-level value.
func trailing(dec *json.Decoder) error {
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		if err != nil {
			return notJSON(dec, err)
		}
		return kijun.Errorf(kijun.EINVALID, "脆弱性情報ファイルの %d バイト目以降に余分なデータがあります", dec.InputOffset())
	}
	return nil
}

// notJSON explains a fault of the file's JSON, or passes on an error that
// is not one (the size limit, a refusal of fn).
func notJSON(dec *json.Decoder, err error) error {
	var ke *kijun.Error
	if errors.As(err, &ke) {
		return err
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return kijun.Errorf(kijun.EINVALID, "脆弱性情報ファイルが途中で終わっています（%d バイト目）。ファイル全体を取り込み直してください", dec.InputOffset())
	}
	return kijun.Errorf(kijun.EINVALID, "脆弱性情報ファイルが正しい JSON ではありません（%d バイト目付近）: %s", dec.InputOffset(), jsonReason(err))
}

// jsonReason is the decoder's reason without Go's type names.
func jsonReason(err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return se.Error()
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Sprintf("%s の型が違います", te.Field)
	}
	return err.Error()
}

// firstByte returns the first byte of br that is not blank or a byte
// order mark, without consuming it, or 0.
func firstByte(br *bufio.Reader) byte {
	for i := 1; i <= 4096; i++ {
		b, err := br.Peek(i)
		if err != nil || len(b) < i {
			return 0
		}
		switch c := b[i-1]; c {
		case ' ', '\t', '\r', '\n', 0xEF, 0xBB, 0xBF:
		default:
			return c
		}
	}
	return 0
}
