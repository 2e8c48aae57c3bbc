package hrimport_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/japanese"

	"kijun/internal/hrimport"
	"kijun/internal/organisation"
	"kijun/internal/sheets/sheetstest"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

func load(t *testing.T, db *store.DB) {
	t.Helper()
	from, _ := organisation.ParseDate("2024-04-01")
	p := organisation.Period{From: from}
	err := db.LoadOrganisation(context.Background(), store.OrganisationData{
		Units: []organisation.Unit{
			{Code: "100", Kind: organisation.KindBureau, Name: "総務局", Kana: "ソウムキョク", Period: p},
			{Code: "1011", Kind: organisation.KindSection, Name: "総務課", Kana: "ソウムカ", Parent: "100", Period: p},
			{Code: "1012", Kind: organisation.KindSection, Name: "人事課", Kana: "ジンジカ", Parent: "100", Period: p},
		},
		People: []organisation.Person{{StaffNo: "034567", Name: "鈴木 一郎", Kana: "スズキ イチロウ", Employment: organisation.EmployRegular},
			{StaffNo: "023456", Name: "佐藤 花子", Kana: "サトウ ハナコ", Employment: organisation.EmployFiscalYear}},
		Assignments: []organisation.Assignment{{StaffNo: "034567", Unit: "1012", Post: organisation.PostSectionChief, Primary: true, Period: p},
			{StaffNo: "023456", Unit: "1012", Post: organisation.PostStaff, Primary: true, Period: p}},
	})
	if err != nil {
		t.Fatal(err)
	}
}

const goodCSV = `職員番号,氏名,氏名カナ,雇用区分,所属コード,職名,兼務,発令日,区分
012345,山田 太郎,ヤマダ タロウ,職員,1011,課長,,2026-04-01,採用
012345,山田 太郎,ヤマダ タロウ,職員,1012,担当,兼務,2026-04-01,採用
023456,佐藤 花子,サトウ ハナコ,会計年度任用職員,1011,担当,,2026-04-01,異動
034567,鈴木 一郎,スズキ イチロウ,職員,,,,2026-03-31,退職
`

// badCSV has a wrong row in the middle: an unknown 所属コード on row 3.
var badCSV = strings.Replace(goodCSV, "1012,担当,兼務", "9999,担当,兼務", 1)

func sjis(t *testing.T, s string) []byte {
	b, err := japanese.ShiftJIS.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func xlsx(t *testing.T, csvText string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", hrimport.TemplateSheet)
	for i, line := range strings.Split(strings.TrimSpace(csvText), "\n") {
		cells := strings.Split(line, ",")
		row := make([]any, len(cells))
		for j, c := range cells {
			row[j] = c
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(hrimport.TemplateSheet, cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestImportFiles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		load(t, db)
		files := []struct {
			name string
			data []byte
		}{
			{"idou.csv", []byte(goodCSV)},
			{"idou-bom.csv", append([]byte("\xef\xbb\xbf"), goodCSV...)},
			{"idou-sjis.csv", sjis(t, goodCSV)},
			{"idou.xlsx", xlsx(t, goodCSV)},
		}
		for _, f := range files {
			plan, err := hrimport.Import(ctx, db, f.name, f.data, true)
			if err != nil {
				t.Fatalf("%s: %v", f.name, err)
			}
			if plan.Counts[organisation.HRAdded] != 1 || plan.Counts[organisation.HRChanged] != 1 || plan.Counts[organisation.HRLeaving] != 1 {
				t.Errorf("%s: dry run counts %v, want 1 added, 1 changed, 1 leaving", f.name, plan.Counts)
			}
		}
		plan, err := hrimport.Import(ctx, db, "idou.xlsx", xlsx(t, goodCSV), false)
		if err != nil {
			t.Fatal(err)
		}
		if got := plan.Leaving(); len(got) != 1 || got[0] != "034567" {
			t.Errorf("leaving = %v, want 034567", got)
		}
		plan, err = hrimport.Import(ctx, db, "idou-sjis.csv", sjis(t, goodCSV), false)
		if err != nil || plan.Counts[organisation.HRUnchanged] != 3 {
			t.Errorf("re-import: %v (%v), want 3 unchanged", plan.Counts, err)
		}
	})
}

func TestBadRowRefusesTheFile(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		load(t, db)
		seq0, _, _ := db.Head(ctx)
		for name, data := range map[string][]byte{"bad.csv": []byte(badCSV), "bad.xlsx": xlsx(t, badCSV)} {
			_, err := hrimport.Import(ctx, db, name, data, false)
			var ie *organisation.ImportError
			if !errors.As(err, &ie) || len(ie.Errors) != 1 {
				t.Fatalf("%s: %v, want one row error", name, err)
			}
			e := ie.Errors[0]
			if e.Row != 3 || e.Column != "所属コード" || !strings.Contains(e.Reason, "9999") {
				t.Errorf("%s: error %+v, want row 3, 所属コード, naming 9999", name, e)
			}
			if !strings.Contains(err.Error(), "3 行目") {
				t.Errorf("%s: message %q does not name the row in Japanese", name, err)
			}
		}
		if seq, _, _ := db.Head(ctx); seq != seq0 {
			t.Errorf("refused files wrote %d records", seq-seq0)
		}
		if _, err := db.Person(ctx, "012345"); err == nil {
			t.Errorf("the good rows of a refused file were imported")
		}
	})
}

func TestCellErrors(t *testing.T) {
	tests := []struct {
		name, csv, column string
		row               int
	}{
		{"missing heading", "職員番号,氏名\n1,a\n", "氏名カナ", 1},
		{"hiragana kana", strings.Replace(goodCSV, "ヤマダ タロウ,職員,1011", "やまだ たろう,職員,1011", 1), "氏名カナ", 2},
		{"bad date", strings.Replace(goodCSV, "2026-03-31", "令和8年3月", 1), "発令日", 5},
		{"bad action", strings.Replace(goodCSV, "異動", "転勤", 1), "区分", 4},
		{"bad type", strings.Replace(goodCSV, "会計年度任用職員", "バイト", 1), "雇用区分", 4},
		{"bad post", strings.Replace(goodCSV, "課長", "社長", 1), "職名", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := hrimport.Read("x.csv", []byte(tt.csv))
			var ie *organisation.ImportError
			if !errors.As(err, &ie) || ie.Errors[0].Column != tt.column || ie.Errors[0].Row != tt.row {
				t.Errorf("got %v, want an error at row %d column %s", err, tt.row, tt.column)
			}
		})
	}
}

func TestTemplateReadsBack(t *testing.T) {
	var b bytes.Buffer
	if err := hrimport.WriteTemplate(&b); err != nil {
		t.Fatal(err)
	}
	rows, err := hrimport.Read("template.xlsx", b.Bytes())
	if err != nil || len(rows) != 4 || rows[0].StaffNo != "012345" || rows[1].Primary {
		t.Errorf("template rows = %+v (%v), want the 4 examples", rows, err)
	}
}

// A CSV saved as .xlsx by LibreOffice, as a city's staff would, reads the
// same. Skipped without LibreOffice unless CI is set.
func TestLibreOfficeWorkbook(t *testing.T) {
	// Every column as text: keep the staff numbers' zeros.
	data := sheetstest.LibreOffice(t)("idou", goodCSV, 1, 2, 3, 4, 5, 6, 7, 8, 9)
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		load(t, db)
		plan, err := hrimport.Import(context.Background(), db, "idou.xlsx", data, false)
		if err != nil {
			t.Fatal(err)
		}
		if plan.Counts[organisation.HRAdded] != 1 || plan.Counts[organisation.HRLeaving] != 1 {
			t.Errorf("counts = %v", plan.Counts)
		}
		if _, err := db.Person(context.Background(), "012345"); err != nil {
			t.Errorf("staff number with its leading zero: %v", err)
		}
	})
}
