package assetsheet_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"kijun/internal/assetsheet"
	"kijun/internal/registers"
	"kijun/internal/sheets"
	"kijun/internal/sheets/sheetstest"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// An asset whose name and reason begin like formulas is exported in every
// format so that no spreadsheet program runs them, and each export
// imports back with the asset unchanged.
func TestExportFormulas(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadUnits(t, db)
		quoted := `"` + strings.ReplaceAll(sheetstest.Formula, `"`, `""`) + `"`
		file := head + "A-0001," + quoted + ",@SUM(1),10101,データベース,-,3,+個人情報,1,,1,,利用,,,\n"
		if plan, err := assetsheet.Import(ctx, db, registers.Console(), "daicho.csv", []byte(file), false); err != nil || len(plan.Added) != 1 {
			t.Fatalf("import: %+v, %v", plan, err)
		}
		a, err := db.Asset(ctx, "A-0001")
		if err != nil || a.Name != sheetstest.Formula || a.Description != "@SUM(1)" || a.ConfidentialityReason != "+個人情報" {
			t.Fatalf("stored %+v, %v; want the texts as written", a, err)
		}
		for _, format := range []string{sheets.XLSX, sheets.CSVUTF8, sheets.CSVSJIS} {
			var b bytes.Buffer
			if err := assetsheet.Export(ctx, db, store.AssetFilter{}, format, &b); err != nil {
				t.Fatal(err)
			}
			name := "export.csv"
			if format == sheets.XLSX {
				name = "export.xlsx"
				sheetstest.NoFormulas(t, b.Bytes(), sheetstest.Formula, "@SUM(1)", "+個人情報", "-")
			} else {
				sheetstest.NoFormulasCSV(t, b.Bytes(), sheetstest.Formula, "@SUM(1)", "+個人情報", "-")
			}
			if plan, err := assetsheet.Import(ctx, db, registers.Console(), name, b.Bytes(), true); err != nil || plan.Unchanged != 1 {
				t.Errorf("%s export imported back: %+v, %v; want it unchanged", format, plan, err)
			}
		}
	})
}
