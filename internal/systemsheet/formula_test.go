package systemsheet_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"kijun/internal/registers"
	"kijun/internal/sheets"
	"kijun/internal/sheets/sheetstest"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
	"kijun/internal/systemsheet"
)

// Systems and segments whose texts begin like formulas export in every
// format so that no spreadsheet program runs them, and import back
// unchanged.
func TestExportFormulas(t *testing.T) {
	quoted := `"` + strings.ReplaceAll(sheetstest.Formula, `"`, `""`) + `"`
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		load(t, db)
		systems := strings.Replace(csv, "住民記録システム,,", "住民記録システム,"+quoted+",", 1)
		if _, err := systemsheet.Import(ctx, db, registers.Console(), "systems.csv", []byte(systems), false); err != nil {
			t.Fatal(err)
		}
		segments := strings.Replace(segCSV, "マイナンバー系基幹", "@基幹", 1)
		segments = strings.Replace(segments, "10.10.0.0/16,なし,", "10.10.0.0/16,なし,-本庁舎", 1)
		if _, err := systemsheet.ImportNetwork(ctx, db, "s.csv", []byte(segments), false, false); err != nil {
			t.Fatal(err)
		}
		for _, format := range []string{sheets.XLSX, sheets.CSVUTF8, sheets.CSVSJIS} {
			var sys, seg bytes.Buffer
			if err := systemsheet.Export(ctx, db, store.SystemFilter{}, format, &sys); err != nil {
				t.Fatal(err)
			}
			if err := systemsheet.ExportNetwork(ctx, db, false, format, &seg); err != nil {
				t.Fatal(err)
			}
			name := "x.csv"
			if format == sheets.XLSX {
				name = "x.xlsx"
				sheetstest.NoFormulas(t, sys.Bytes(), sheetstest.Formula)
				sheetstest.NoFormulas(t, seg.Bytes(), "@基幹", "-本庁舎")
			} else {
				sheetstest.NoFormulasCSV(t, sys.Bytes(), sheetstest.Formula)
				sheetstest.NoFormulasCSV(t, seg.Bytes(), "@基幹", "-本庁舎")
			}
			if plan, err := systemsheet.Import(ctx, db, registers.Console(), name, sys.Bytes(), true); err != nil || plan.Unchanged != 3 {
				t.Errorf("%s systems back: %+v, %v", format, plan, err)
			}
			if plan, err := systemsheet.ImportNetwork(ctx, db, name, seg.Bytes(), false, true); err != nil || plan.Unchanged != 3 {
				t.Errorf("%s segments back: %+v, %v", format, plan, err)
			}
		}
	})
}
