package devicesheet_test

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"kijun/internal/devicesheet"
	"kijun/internal/registers"
	"kijun/internal/sheets"
	"kijun/internal/sheets/sheetstest"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// The registers of chapter 6, with names that begin like formulas,
// export in every format so that no spreadsheet program runs them, and
// import back unchanged.
func TestExportFormulas(t *testing.T) {
	quoted := `"` + strings.ReplaceAll(sheetstest.Formula, `"`, `""`) + `"`
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadOrg(t, db)
		type register interface {
			Import(context.Context, *store.DB, store.Gate, string, []byte, bool) (*store.ImportPlan, error)
			Export(context.Context, *store.DB, store.RegisterFilter, string, io.Writer) error
		}
		for _, tt := range []struct {
			name     string
			reg      register
			csv      string
			n        int
			was, now string
		}{
			{"areas", devicesheet.Areas, areasCSV, 2, "情報システム室", sheetstest.Formula},
			{"devices", devicesheet.Devices, devicesCSV, 4, "住記サーバ", "+住記サーバ"},
			{"media", devicesheet.Media, mediaCSV, 2, "バックアップテープ", "@テープ"},
		} {
			file := strings.Replace(tt.csv, tt.was, tt.now, 1)
			if tt.now == sheetstest.Formula {
				file = strings.Replace(tt.csv, tt.was, quoted, 1)
			}
			if _, err := tt.reg.Import(ctx, db, registers.Console(), "r.csv", []byte(file), false); err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			for _, format := range []string{sheets.XLSX, sheets.CSVUTF8, sheets.CSVSJIS} {
				var b bytes.Buffer
				if err := tt.reg.Export(ctx, db, store.RegisterFilter{}, format, &b); err != nil {
					t.Fatal(err)
				}
				name := "export.csv"
				if format == sheets.XLSX {
					name = "export.xlsx"
					sheetstest.NoFormulas(t, b.Bytes(), tt.now)
				} else {
					sheetstest.NoFormulasCSV(t, b.Bytes(), tt.now)
				}
				if plan, err := tt.reg.Import(ctx, db, registers.Console(), name, b.Bytes(), true); err != nil || plan.Unchanged != tt.n {
					t.Errorf("%s: %s export imported back: %+v, %v; want %d unchanged", tt.name, format, plan, err, tt.n)
				}
			}
		}
	})
}
