package operations

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"kijun/internal/kijun"
)

// csvFile is an export read as CSV (a ticket system's, an endpoint
// manager's): at most MaxWorkCSV bytes of UTF-8, a heading row, and the
// column of each field, the first whose heading is one of its names.
type csvFile struct {
	what string
	cr   *csv.Reader
	col  map[string]int
}

// openCSV reads r's heading row; what names the file in messages, and
// utf8Hint says how to write one out in UTF-8.
func openCSV(r io.Reader, what, utf8Hint string, columns map[string][]string) (*csvFile, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxWorkCSV+1))
	if err != nil {
		return nil, kijun.Wrap(kijun.EINVALID, err, "%sを読めません", what)
	}
	if len(data) > MaxWorkCSV {
		return nil, kijun.Errorf(kijun.EINVALID, "%sが大きすぎます（%d MiB まで）", what, MaxWorkCSV>>20)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		return nil, kijun.Errorf(kijun.EINVALID, "%sが UTF-8 ではありません（%s）", what, utf8Hint)
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, kijun.Errorf(kijun.EINVALID, "%sが空です", what)
	}
	if err != nil {
		return nil, kijun.Wrap(kijun.EINVALID, err, "%sの見出し行を読めません", what)
	}
	f := &csvFile{what: what, cr: cr, col: map[string]int{}}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		for field, names := range columns {
			for _, n := range names {
				if _, dup := f.col[field]; h == n && !dup {
					f.col[field] = i
				}
			}
		}
	}
	return f, nil
}

// has says whether the file has a column for field.
func (f *csvFile) has(field string) bool {
	_, ok := f.col[field]
	return ok
}

// cell is rec's value of field, trimmed; "" without the column.
func (f *csvFile) cell(rec []string, field string) string {
	if i, ok := f.col[field]; ok && i < len(rec) {
		return strings.TrimSpace(rec[i])
	}
	return ""
}

// rows calls row for every row that is not blank, with its line, until
// the end, a row CSV cannot read, or more than MaxWorkRows rows taken
// (taken says how many so far), each said in ie.
func (f *csvFile) rows(ie *kijun.ImportError, taken func() int, row func(line int, rec []string)) {
	for {
		rec, err := f.cr.Read()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			ie.Add("", line, "", "CSV として読めません: %v", err)
			return
		}
		line, _ := f.cr.FieldPos(0)
		if taken()+len(ie.Errors) >= MaxWorkRows {
			ie.Add("", line, "", "行が多すぎます（%d 行まで）", MaxWorkRows)
			return
		}
		if strings.TrimSpace(strings.Join(rec, "")) == "" {
			continue
		}
		row(line, rec)
	}
}
