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
	"fmt"
	"io"
	"path/filepath"
	"strings"
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

	next  func() ([]string, error)
	close func() error
}

// Next returns the next row's cells, or io.EOF after the last row.
func (t *Table) Next() ([]string, error) {
	row, err := t.next()
	if err == nil {
		t.Line++
	}
	return row, err
}

// Close releases the workbook.
func (t *Table) Close() error {
	if t.close == nil {
		return nil
	}
	return t.close()
}

// Open reads a file by its name's extension: .xlsx, or .csv (.txt) in UTF-8,
// with or without a byte order mark, or Shift_JIS. In a workbook it reads
// the sheet named prefer when there is one, else the first.
func Open(name string, data []byte, prefer string) (*Table, error) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".xlsx":
		return openXLSX(data, prefer)
	case ".csv", ".txt":
		return openCSV(strings.TrimSuffix(filepath.Base(name), filepath.Ext(name)), data), nil
	}
	return nil, kijun.Errorf(kijun.EINVALID, "ファイル %q は .xlsx 又は .csv にしてください", filepath.Base(name))
}

func openXLSX(data []byte, prefer string) (*Table, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, kijun.Wrap(kijun.EINVALID, err, "Excel ファイル（.xlsx）として読めません")
	}
	sheet := f.GetSheetName(0)
	for _, s := range f.GetSheetList() {
		if s == prefer {
			sheet = s
		}
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		f.Close()
		return nil, kijun.Wrap(kijun.EINVALID, err, "シート「%s」を読めません", sheet)
	}
	t := &Table{Sheet: sheet, close: func() error { rows.Close(); return f.Close() }}
	t.next = func() ([]string, error) {
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

func openCSV(sheet string, data []byte) *Table {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	var r io.Reader = bytes.NewReader(data)
	if !utf8.Valid(data) {
		r = transform.NewReader(r, japanese.ShiftJIS.NewDecoder())
	}
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	t := &Table{Sheet: sheet}
	t.next = func() ([]string, error) {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil, io.EOF
		}
		if err != nil {
			return nil, kijun.Wrap(kijun.EINVALID, err, "CSV として読めません（%d 行目付近）", t.Line+1)
		}
		return rec, nil
	}
	return t
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
// or CSV. The first row written is the heading.
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
		return &csvWriter{cw: csv.NewWriter(tw), closer: tw}, nil
	}
	return nil, kijun.Errorf(kijun.EINVALID, "形式 %q は xlsx・csv・csv-sjis のいずれかにしてください", format)
}

type xlsxWriter struct {
	f   *excelize.File
	sw  *excelize.StreamWriter
	w   io.Writer
	row int
}

func (x *xlsxWriter) Row(cells ...any) error {
	x.row++
	cell, _ := excelize.CoordinatesToCellName(1, x.row)
	return x.sw.SetRow(cell, cells)
}

func (x *xlsxWriter) Close() error {
	if err := x.sw.Flush(); err != nil {
		return err
	}
	if _, err := x.f.WriteTo(x.w); err != nil {
		return err
	}
	return x.f.Close()
}

type csvWriter struct {
	cw     *csv.Writer
	closer io.Closer
}

func (c *csvWriter) Row(cells ...any) error {
	rec := make([]string, len(cells))
	for i, v := range cells {
		if v != nil {
			rec[i] = fmt.Sprint(v)
		}
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
