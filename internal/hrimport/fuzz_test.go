package hrimport_test

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/japanese"

	"kijun/internal/hrimport"
	"kijun/internal/kijun"
)

// FuzzRead reads HR files (人事異動), workbooks and CSV in UTF-8 or
// Shift_JIS: any file gives rows that name a person and a row, or an
// EINVALID error naming each wrong cell; none leaves a temporary file.
func FuzzRead(f *testing.F) {
	tmp := f.TempDir()
	f.Setenv("TMPDIR", tmp)
	var tmpl bytes.Buffer
	if err := hrimport.WriteTemplate(&tmpl); err != nil {
		f.Fatal(err)
	}
	f.Add(true, tmpl.Bytes())
	f.Add(false, []byte(goodCSV))
	s, _ := japanese.ShiftJIS.NewEncoder().String(goodCSV)
	f.Add(false, []byte(s))
	f.Add(false, append([]byte(s[:len(s)-20]), 0x81, 0x7f, '\n'))
	f.Fuzz(func(t *testing.T, workbook bool, data []byte) {
		name := "idou.csv"
		if workbook {
			name = "idou.xlsx"
		}
		rows, err := hrimport.Read(name, data)
		if left, _ := os.ReadDir(tmp); len(left) > 0 {
			t.Fatalf("temporary files left: %v", left)
		}
		if err != nil {
			if kijun.ErrorCode(err) != kijun.EINVALID {
				t.Fatalf("error of kind %q: %v", kijun.ErrorCode(err), err)
			}
			var ie *kijun.ImportError
			if errors.As(err, &ie) {
				for _, e := range ie.Errors {
					if e.Row < 1 || e.Reason == "" {
						t.Fatalf("error without a row or a reason: %+v", e)
					}
				}
			}
			return
		}
		for _, r := range rows {
			if r.StaffNo == "" || r.Line < 2 || !utf8.ValidString(r.Name) || strings.ContainsRune(r.Name+r.Kana+r.StaffNo+r.Unit, utf8.RuneError) {
				t.Fatalf("row read: %+v", r)
			}
		}
	})
}
