// Package sheets reads and writes the spreadsheets registers are imported
// from and exported to: .xlsx workbooks, and CSV in UTF-8 or in Shift_JIS
// as Excel in Japan saves it. Reading streams row by row, so a register of
// hundreds of thousands of rows does not sit in memory as one table. It
// also lays out the tables of the reports written as workbooks, so they
// share one look.
package sheets

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/transform"

	"kijun/internal/kijun"
)

// Table is one sheet being read, a row at a time.
type Table struct {
	// Sheet is the sheet's name (for CSV, the file's name without its
	// extension), for error messages.
	Sheet string
	// Line is the spreadsheet's number of the row Next returned last.
	Line int

	lim   Limits
	next  func() ([]string, error)
	close func() error
}

// Next returns the next row's cells, or io.EOF after the last row. A
// CSV cell that begins like a formula loses the quote EscapeFormula put
// before it (a workbook holds such texts as they are). A row of a CSV file with bytes that are not text comes with a
// *BadTextError, and its cells with those bytes as U+FFFD: the caller
// refuses the row and reads on. A row past the Limits' rows or columns is
// an EINVALID error that ends the reading.
func (t *Table) Next() ([]string, error) {
	row, err := t.next()
	var bad *BadTextError
	if err != nil && !errors.As(err, &bad) {
		return nil, err
	}
	t.Line++
	if bad != nil {
		bad.Sheet, bad.Line = t.Sheet, t.Line
	}
	if t.lim.Rows > 0 && t.Line > t.lim.Rows {
		return nil, tooBig("シート「%s」の行が %d 行を超えています", t.Sheet, t.lim.Rows)
	}
	if t.lim.Columns > 0 && len(row) > t.lim.Columns {
		return nil, tooBig("シート「%s」の %d 行目が %d 列を超えています（%d 列目まで値があります）", t.Sheet, t.Line, t.lim.Columns, len(row))
	}
	return row, err
}

// Close releases the workbook and removes its temporary files. It may be
// called more than once.
func (t *Table) Close() error {
	if t.close == nil {
		return nil
	}
	c := t.close
	t.close = nil
	return c()
}

// BadTextError says which cells of a CSV row hold bytes that are not text
// in the file's encoding (a broken Shift_JIS character): such a row is
// refused, never stored with U+FFFD in it.
type BadTextError struct {
	Sheet    string
	Line     int
	Columns  []int // 1 for the first column
	Encoding string
}

// Error says where, in Japanese.
func (e *BadTextError) Error() string {
	return fmt.Sprintf("シート「%s」の %d 行目 %d 列目に %s として読めない文字があります", e.Sheet, e.Line, e.Columns[0], e.Encoding)
}

// Open reads a file by its name's extension: .xlsx, or .csv (.txt) in
// UTF-8, with or without a byte order mark, or Shift_JIS. In a workbook it
// reads the sheet named prefer when there is one, else the first. A file
// past lim is refused, before a workbook is unpacked where its sizes tell.
// The caller must Close the table.
func Open(name string, data []byte, prefer string, lim Limits) (*Table, error) {
	if lim.Size > 0 && len(data) > lim.Size {
		return nil, kijun.Errorf(kijun.EINVALID, "ファイルが大きすぎます（%d MB まで）", lim.Size>>20)
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".xlsx":
		return openXLSX(data, prefer, lim)
	case ".csv", ".txt":
		return openCSV(strings.TrimSuffix(filepath.Base(name), filepath.Ext(name)), data, lim)
	}
	return nil, kijun.Errorf(kijun.EINVALID, "ファイル %q は .xlsx 又は .csv にしてください", filepath.Base(name))
}

// notText reports whether data, read as CSV, is not text at all: its
// first 8 KB hold a NUL byte, or it begins as a zip (a workbook), a PDF,
// an old Excel file or a picture does. Text in UTF-8 or Shift_JIS has
// no NUL; a control character in a cell is text, however odd.
func notText(data []byte) bool {
	head := data[:min(len(data), 8<<10)]
	for _, sig := range []string{"PK\x03\x04", "%PDF", "\xd0\xcf\x11\xe0", "\x89PNG", "\xff\xd8\xff"} {
		if bytes.HasPrefix(head, []byte(sig)) {
			return true
		}
	}
	return bytes.IndexByte(head, 0) >= 0
}

// unreadable is the error for a workbook excelize cannot read, or panics
// on.
func unreadable(err error) error {
	return kijun.Wrap(kijun.EINVALID, err, "Excel ファイル（.xlsx）として読めません")
}

func openXLSX(data []byte, prefer string, lim Limits) (_ *Table, err error) {
	data, err = slimWorkbook(data, lim)
	if err != nil {
		return nil, err
	}
	// excelize unpacks large sheets to temporary files, and on some
	// errors forgets them: they all go in one directory, removed with it
	// on every path.
	dir, err := os.MkdirTemp("", "kijun-xlsx-")
	if err != nil {
		return nil, fmt.Errorf("open workbook: %w", err)
	}
	var (
		f    *excelize.File
		rows *excelize.Rows
	)
	release := func() error {
		var err error
		if rows != nil {
			rows.Close()
		}
		if f != nil {
			err = f.Close()
		}
		if e := os.RemoveAll(dir); err == nil {
			err = e
		}
		return err
	}
	defer func() {
		if p := recover(); p != nil {
			err = unreadable(fmt.Errorf("excelize: %v", p))
		}
		if err != nil {
			release()
		}
	}()
	f, err = excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit: max(lim.Unzipped, inMemory), UnzipXMLSizeLimit: inMemory, TmpDir: dir,
	})
	if err != nil {
		return nil, unreadable(err)
	}
	sheet := f.GetSheetName(0)
	for _, s := range f.GetSheetList() {
		if s == prefer {
			sheet = s
		}
	}
	if rows, err = f.Rows(sheet); err != nil {
		return nil, kijun.Wrap(kijun.EINVALID, err, "シート「%s」を読めません", sheet)
	}
	t := &Table{Sheet: sheet, lim: lim, close: release}
	t.next = func() (_ []string, err error) {
		defer func() {
			if p := recover(); p != nil {
				err = kijun.Errorf(kijun.EINVALID, "シート「%s」の %d 行目を読めません", sheet, t.Line+1)
			}
		}()
		if !rows.Next() {
			if err := rows.Error(); err != nil {
				return nil, kijun.Wrap(kijun.EINVALID, err, "シート「%s」を読めません", sheet)
			}
			return nil, io.EOF
		}
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, kijun.Wrap(kijun.EINVALID, err, "シート「%s」の %d 行目を読めません", sheet, t.Line+1)
		}
		return cells, nil
	}
	return t, nil
}

// openCSV reads CSV in UTF-8 (a byte order mark, or bytes that are all
// UTF-8) or else Shift_JIS. The fields are split on the bytes as they are:
// no byte of a Shift_JIS character is a comma, quote or line end. Each
// field is then decoded on its own, so a broken character is found in its
// row and column.
func openCSV(sheet string, data []byte, lim Limits) (*Table, error) {
	if notText(data) {
		// One error for the whole file: reading a workbook, a PDF or a
		// picture named .txt or .csv as rows would list a broken
		// character in every row.
		return nil, kijun.Errorf(kijun.EINVALID, "ファイル「%s」は CSV（文字だけのファイル）ではありません。Excel のファイルは .xlsx のまま、CSV は「CSV（コンマ区切り）」で保存して送ってください", sheet)
	}
	sjis := false
	if rest, ok := bytes.CutPrefix(data, []byte("\xef\xbb\xbf")); ok {
		data = rest
	} else if !utf8.Valid(data) {
		sjis = !mostlyUTF8(data)
	}
	if err := checkCSV(sheet, data, lim); err != nil {
		return nil, err
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	dec := japanese.ShiftJIS.NewDecoder()
	t := &Table{Sheet: sheet, lim: lim}
	t.next = func() ([]string, error) {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil, io.EOF
		}
		if err != nil {
			return nil, kijun.Wrap(kijun.EINVALID, err, "CSV として読めません（%d 行目付近）", t.Line+1)
		}
		bad := &BadTextError{Encoding: "UTF-8"}
		for i, v := range rec {
			if sjis {
				bad.Encoding = "Shift_JIS"
				d, err := dec.String(v)
				if err != nil || strings.ContainsRune(d, utf8.RuneError) {
					bad.Columns = append(bad.Columns, i+1)
				}
				rec[i] = d
			} else if !utf8.ValidString(v) || strings.ContainsRune(v, utf8.RuneError) {
				// U+FFFD itself is text broken by an earlier conversion.
				bad.Columns = append(bad.Columns, i+1)
				rec[i] = strings.ToValidUTF8(v, "\uFFFD")
			}
			rec[i] = UnescapeFormula(rec[i])
		}
		if len(bad.Columns) > 0 {
			return rec, bad
		}
		return rec, nil
	}
	return t, nil
}

// mostlyUTF8 reports whether text that is not all UTF-8 is UTF-8 with a
// few broken characters rather than Shift_JIS: Shift_JIS characters are
// seldom valid UTF-8, so UTF-8 characters far outnumber the broken bytes
// only in UTF-8. Read as Shift_JIS, such a file would be garbled without
// a broken character to refuse.
func mostlyUTF8(data []byte) bool {
	valid, broken := 0, 0
	for i := 0; i < len(data); {
		if data[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n == 1 {
			broken++
		} else {
			valid++
		}
		i += n
	}
	return valid >= 8*broken
}

// checkCSV counts the records and the fields of each, quotes respected,
// and measures each field, and refuses the file past lim (or a field past
// maxToken: Excel holds 32,767 characters in a cell) before the CSV
// reader holds a record of millions of fields.
func checkCSV(sheet string, data []byte, lim Limits) error {
	quoted, fields, records, blank, field := false, 1, 0, true, 0
	for _, c := range data {
		field++
		switch {
		case c == '"':
			quoted = !quoted
			blank = false
		case quoted:
		case c == ',':
			fields, field = fields+1, 0
			blank = false
		case c == '\n':
			if !blank {
				records++
			}
			fields, blank, field = 1, true, 0
		case c != '\r':
			blank = false
		}
		if field > maxToken {
			return tooBig("シート「%s」の %d 行目付近のセルが %d MB を超えています", sheet, records+1, maxToken>>20)
		}
		if lim.Columns > 0 && fields > lim.Columns {
			return tooBig("シート「%s」の %d 行目付近が %d 列を超えています", sheet, records+1, lim.Columns)
		}
		if lim.Rows > 0 && records > lim.Rows {
			return tooBig("シート「%s」の行が %d 行を超えています", sheet, lim.Rows)
		}
	}
	return nil
}

// Empty reports whether every cell of a row is blank.
func Empty(row []string) bool {
	for _, v := range row {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// Writer writes rows to a workbook or a CSV file.
type Writer interface {
	// Row writes one row; strings, numbers and nil (a blank cell).
	Row(cells ...any) error
	// Close finishes the file.
	Close() error
}

// Formats a Writer can write.
const (
	XLSX    = "xlsx"
	CSVUTF8 = "csv"      // UTF-8 with a byte order mark, which Excel opens correctly
	CSVSJIS = "csv-sjis" // Shift_JIS, as Japanese Excel writes CSV
)

// NewWriter writes a file in format to w: a one-sheet workbook named sheet,
// or CSV. The first row written is the heading. Text that begins like a
// formula is written so that no spreadsheet program runs it
// (EscapeFormula). A Shift_JIS writer writes 〓 for a character Shift_JIS
// lacks rather than fail, and counts the cells it changed in w when w is a
// *Counted.
func NewWriter(w io.Writer, format, sheet string) (Writer, error) {
	switch format {
	case XLSX:
		f := excelize.NewFile()
		if err := f.SetSheetName("Sheet1", sheet); err != nil {
			return nil, err
		}
		sw, err := f.NewStreamWriter(sheet)
		if err != nil {
			return nil, err
		}
		return &xlsxWriter{f: f, sw: sw, w: w}, nil
	case CSVUTF8:
		if _, err := io.WriteString(w, "\xef\xbb\xbf"); err != nil {
			return nil, err
		}
		return &csvWriter{cw: csv.NewWriter(w)}, nil
	case CSVSJIS:
		tw := transform.NewWriter(w, japanese.ShiftJIS.NewEncoder())
		c, _ := w.(*Counted)
		return &csvWriter{cw: csv.NewWriter(tw), closer: tw, sjis: true, counted: c}, nil
	}
	return nil, kijun.Errorf(kijun.EINVALID, "形式 %q は xlsx・csv・csv-sjis のいずれかにしてください", format)
}

type xlsxWriter struct {
	f   *excelize.File
	sw  *excelize.StreamWriter
	w   io.Writer
	row int
}

// Row writes cells as they are: excelize writes a string as a text cell,
// never as a formula, whatever it begins with.
func (x *xlsxWriter) Row(cells ...any) error {
	x.row++
	cell, _ := excelize.CoordinatesToCellName(1, x.row)
	return x.sw.SetRow(cell, cells)
}

// Close writes the workbook, and removes the temporary file the stream
// writer keeps a large sheet in, whether or not the writing went well.
func (x *xlsxWriter) Close() error {
	err := x.sw.Flush()
	if err == nil {
		_, err = x.f.WriteTo(x.w)
	}
	if cerr := x.f.Close(); err == nil {
		err = cerr
	}
	return err
}

type csvWriter struct {
	cw      *csv.Writer
	closer  io.Closer
	sjis    bool
	counted *Counted
	row     int
	head    []string
}

func (c *csvWriter) Row(cells ...any) error {
	c.row++
	rec := make([]string, len(cells))
	for i, v := range cells {
		switch v := v.(type) {
		case nil:
		case string:
			rec[i] = EscapeFormula(v)
		default:
			rec[i] = fmt.Sprint(v)
		}
		if !c.sjis {
			continue
		}
		var changed bool
		if rec[i], changed = toShiftJIS(rec[i]); changed && c.counted != nil {
			if c.counted.Substituted++; c.counted.First == "" {
				c.counted.First = fmt.Sprintf("%d 行目 %d 列目", c.row, i+1)
				if i < len(c.head) {
					c.counted.First = fmt.Sprintf("%d 行目「%s」", c.row, c.head[i])
				}
			}
		}
	}
	if c.row == 1 {
		c.head = rec
	}
	return c.cw.Write(rec)
}

func (c *csvWriter) Close() error {
	c.cw.Flush()
	if err := c.cw.Error(); err != nil {
		return err
	}
	if c.closer != nil {
		return c.closer.Close()
	}
	return nil
}

// Date reads a date cell as a person types it (2026-04-01, 2026/4/1) or as
// Excel stores a date cell (a serial number of days), as a calendar day.
func Date(s string) (time.Time, error) {
	for _, layout := range []string{"2006-01-02", "2006/01/02", "2006/1/2", "2006-1-2"} {
		if d, err := time.Parse(layout, s); err == nil {
			return d, nil
		}
	}
	if n, err := strconv.ParseFloat(s, 64); err == nil && n > 20000 && n < 80000 {
		d, err := excelize.ExcelDateToTime(n, false)
		if err == nil {
			y, m, dd := d.Date()
			return time.Date(y, m, dd, 0, 0, 0, 0, time.UTC), nil
		}
	}
	return time.Time{}, kijun.Errorf(kijun.EINVALID, "bad date %q", s)
}
