package operations

import (
	"errors"
	"io"
	"strings"

	"kijun/internal/kijun"
	"kijun/internal/sheets"
)

// csvFile is an export read as CSV (a ticket system's, an endpoint
// manager's): at most MaxWorkCSV bytes in UTF-8 or Shift_JIS (as Japanese
// systems write them), read by internal/sheets as every register's CSV
// is, a heading row, and the column of each field, the first whose
// heading is one of its names.
type csvFile struct {
	what string
	t    *sheets.Table
	head []string
	col  map[string]int
}

// openCSV reads r's heading row; what names the file in messages.
func openCSV(r io.Reader, what string, columns map[string][]string) (*csvFile, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxWorkCSV+1))
	if err != nil {
		return nil, kijun.Wrap(kijun.EINVALID, err, "%sを読めません", what)
	}
	if len(data) > MaxWorkCSV {
		return nil, kijun.Errorf(kijun.EINVALID, "%sが大きすぎます（%d MiB まで）", what, MaxWorkCSV>>20)
	}
	t, err := sheets.Open(what+".csv", data, "", sheets.LimitsFor(MaxWorkCSV, MaxWorkRows+1))
	if err != nil {
		return nil, kijun.Wrap(kijun.EINVALID, err, "%sを CSV として読めません", what)
	}
	t.Sheet = "" // the file has one table: rows are named by line alone
	header, err := t.Next()
	if errors.Is(err, io.EOF) {
		return nil, kijun.Errorf(kijun.EINVALID, "%sが空です", what)
	}
	var bad *sheets.BadTextError
	if errors.As(err, &bad) {
		return nil, kijun.Errorf(kijun.EINVALID, "%sの見出し行に %s として読めない文字があります（UTF-8 か Shift_JIS の CSV にしてください）", what, bad.Encoding)
	}
	if err != nil {
		return nil, kijun.Wrap(kijun.EINVALID, err, "%sの見出し行を読めません", what)
	}
	f := &csvFile{what: what, t: t, head: header, col: map[string]int{}}
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
// (taken says how many so far), each said in ie. A row with bytes that
// are not text is refused, its cells named, and the reading goes on.
func (f *csvFile) rows(ie *kijun.ImportError, taken func() int, row func(line int, rec []string)) {
	defer f.t.Close()
	for {
		rec, err := f.t.Next()
		if errors.Is(err, io.EOF) {
			return
		}
		if sheets.AddBadText(ie, err, f.head) {
			continue
		}
		if err != nil {
			ie.Add("", f.t.Line, "", "CSV として読めません: %v", err)
			return
		}
		line := f.t.Line
		if taken()+len(ie.Errors) >= MaxWorkRows {
			ie.Add("", line, "", "行が多すぎます（%d 行まで）", MaxWorkRows)
			return
		}
		if sheets.Empty(rec) {
			continue
		}
		row(line, rec)
	}
}
