package web

import (
	"io"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"kijun/internal/sheets"
)

// A Shift_JIS download that had to change characters says how many cells
// in the name the browser shows and in a header; one that did not, and
// every other format, keeps its plain name.
func TestDownloadNamesSubstitutions(t *testing.T) {
	cols := []sheets.Column{{Heading: "名称"}}
	write := func(names ...string) func(w io.Writer, format string) error {
		return func(w io.Writer, format string) error {
			return sheets.WriteRegister(w, format, "台帳", cols, func(row func(...any) error) error {
				for _, n := range names {
					if err := row(n); err != nil {
						return err
					}
				}
				return nil
			})
		}
	}
	for _, tc := range []struct {
		name, format string
		write        func(io.Writer, string) error
		count        string
		shown        string
	}{
		{"substituted", sheets.CSVSJIS, write("𠮷田", "住民記録", "😀"), "2", "daicho（Shift_JIS にない文字を〓に置換 2 件）.csv"},
		{"all in Shift_JIS", sheets.CSVSJIS, write("住民記録"), "", ""},
		{"UTF-8", sheets.CSVUTF8, write("𠮷田"), "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			if err := download(rec, "daicho", tc.format, func(w io.Writer) error { return tc.write(w, tc.format) }); err != nil {
				t.Fatal(err)
			}
			if got := rec.Header().Get("X-Kijun-Substituted"); got != tc.count {
				t.Errorf("X-Kijun-Substituted = %q, want %q", got, tc.count)
			}
			cd := rec.Header().Get("Content-Disposition")
			if !strings.Contains(cd, `filename="daicho.csv"`) {
				t.Errorf("Content-Disposition %q lacks the plain name", cd)
			}
			shown := ""
			if _, enc, ok := strings.Cut(cd, "filename*=UTF-8''"); ok {
				shown, _ = url.PathUnescape(enc)
			}
			if shown != tc.shown {
				t.Errorf("name shown %q, want %q", shown, tc.shown)
			}
		})
	}
}
