package sheets_test

import (
	"bytes"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/japanese"

	"kijun/internal/kijun"
	"kijun/internal/sheets"
)

// fuzzLimits keep each input cheap.
var fuzzLimits = sheets.Limits{Size: 4 << 20, Unzipped: 64 << 20, Rows: 2000, Columns: 64, Strings: 10_000}

// readChecked reads every row of a file and checks what any file must
// give: an EINVALID error or rows within the limits, text that is UTF-8,
// and no temporary file left in tmp.
func readChecked(t *testing.T, tmp, name string, data []byte) {
	tb, err := sheets.Open(name, data, "台帳", fuzzLimits)
	if err == nil {
		for {
			var row []string
			row, err = tb.Next()
			if err == io.EOF {
				err = nil
				break
			}
			var bad *sheets.BadTextError
			if errors.As(err, &bad) {
				if bad.Line != tb.Line || len(bad.Columns) == 0 {
					t.Fatalf("broken text reported at row %d columns %v, read row %d", bad.Line, bad.Columns, tb.Line)
				}
				continue
			}
			if err != nil {
				break
			}
			if len(row) > fuzzLimits.Columns || tb.Line > fuzzLimits.Rows {
				t.Fatalf("row %d of %d cells passed the limits", tb.Line, len(row))
			}
			for _, v := range row {
				if !utf8.ValidString(v) {
					t.Fatalf("row %d: cell %q is not UTF-8", tb.Line, v)
				}
			}
		}
		if cerr := tb.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}
	if err != nil && kijun.ErrorCode(err) != kijun.EINVALID {
		t.Fatalf("error of kind %q: %v", kijun.ErrorCode(err), err)
	}
	if left, _ := os.ReadDir(tmp); len(left) > 0 {
		t.Fatalf("temporary files left: %v", left)
	}
}

// FuzzOpenXLSX reads workbooks, well formed and not.
func FuzzOpenXLSX(f *testing.F) {
	tmp := f.TempDir()
	f.Setenv("TMPDIR", tmp)
	f.Add(workbookOf(f))
	f.Add(writeCells(f, sheets.XLSX, formulaLike))
	f.Add(workbookOf(f, part{name: "xl/worksheets/sheet1.xml", text: sheetHead + `<row r="3"><c r="C3" t="s"><v>0</v></c><c r="B3"><v>1</v></c></row>` + sheetTail},
		part{name: "xl/sharedStrings.xml", text: `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><r><t>住民</t></r><r><t>記録</t></r></si></sst>`}))
	f.Fuzz(func(t *testing.T, data []byte) {
		readChecked(t, tmp, "台帳.xlsx", data)
	})
}

// FuzzOpenCSV reads CSV in UTF-8 and Shift_JIS: broken characters are
// reported by row and column, never read as U+FFFD.
func FuzzOpenCSV(f *testing.F) {
	tmp := f.TempDir()
	f.Setenv("TMPDIR", tmp)
	sjis, _ := japanese.ShiftJIS.NewEncoder().String("管理番号,名称\nA-1,\"住民,記録\"\nA-2,'=1+1\n")
	f.Add([]byte(sjis))
	f.Add([]byte("\xef\xbb\xbf管理番号,名称\nA-1,住民記録\n"))
	f.Add([]byte("a,b\n\"x\"\"y\",\x81\x20\n"))
	f.Add(writeCells(f, sheets.CSVUTF8, formulaLike))
	f.Fuzz(func(t *testing.T, data []byte) {
		readChecked(t, tmp, "台帳.csv", data)
	})
}

// FuzzCSVRoundTrip writes two texts to every CSV format and reads them
// back unchanged: the quote put before a formula comes off again, and
// only the characters Shift_JIS lacks change there.
func FuzzCSVRoundTrip(f *testing.F) {
	for _, s := range formulaLike {
		f.Add(s, "普通")
	}
	f.Add("'", "''+")
	f.Fuzz(func(t *testing.T, a, b string) {
		if !utf8.ValidString(a) || !utf8.ValidString(b) || strings.ContainsAny(a+b, "\r\x00") {
			t.Skip() // CSV reads \r\n as \n; a NUL ends no text Kijun stores
		}
		for _, format := range []string{sheets.CSVUTF8, sheets.CSVSJIS} {
			var out bytes.Buffer
			c := &sheets.Counted{W: &out}
			err := sheets.WriteRegister(c, format, "台帳", []sheets.Column{{Heading: "一"}, {Heading: "二"}}, func(row func(...any) error) error {
				return row(a, b)
			})
			if err != nil {
				t.Fatalf("%s: %v", format, err)
			}
			tb, err := sheets.Open("台帳.csv", out.Bytes(), "", fuzzLimits)
			if err != nil {
				t.Fatalf("%s: %v", format, err)
			}
			tb.Next()
			row, err := tb.Next()
			tb.Close()
			if err == io.EOF && strings.TrimSpace(a+b) == "" {
				continue // a blank row is no row
			}
			if err != nil {
				t.Fatalf("%s: %v", format, err)
			}
			row = append(row, "", "")
			if c.Substituted == 0 && (row[0] != a || row[1] != b) {
				t.Errorf("%s: wrote %q %q, read %q %q", format, a, b, row[0], row[1])
			}
		}
	})
}
