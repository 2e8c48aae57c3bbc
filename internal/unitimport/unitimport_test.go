package unitimport

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"golang.org/x/text/encoding/japanese"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
)

// kinds are the kinds every city has, as the database holds them.
var kinds = map[organisation.UnitKind]organisation.UnitKindInfo{
	organisation.KindBureau:     {Code: organisation.KindBureau, Name: "局", Level: 1},
	organisation.KindDepartment: {Code: organisation.KindDepartment, Name: "部", Level: 2},
	organisation.KindSection:    {Code: organisation.KindSection, Name: "課", Level: 3},
	organisation.KindSubsection: {Code: organisation.KindSubsection, Name: "係", Level: 4},
}

const csvCity = "組織コード,名称,カナ,上位組織コード,種類,適用開始日,適用終了日,承継先組織コード\n" +
	"1000,企画調整局,キカクチョウセイキョク,,局,2026-04-01,,\n" +
	"1110,情報政策課,ジョウホウセイサクカ,1000,課,2026/4/1,2027-03-31,1120\n" +
	",,,,,,,\n" +
	"1120,情報企画課,,1000,ka,2027-04-01,9999-12-31,\n"

func TestReadFormats(t *testing.T) {
	sjis, err := japanese.ShiftJIS.NewEncoder().Bytes([]byte(csvCity))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		data []byte
	}{{"soshiki.csv", []byte(csvCity)}, {"soshiki-sjis.csv", sjis}, {"bom.csv", append([]byte("\ufeff"), csvCity...)}} {
		t.Run(c.name, func(t *testing.T) {
			rows, err := Read(c.name, c.data, kinds)
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != 3 {
				t.Fatalf("got %d rows, want 3", len(rows))
			}
			r := rows[1]
			if r.Line != 3 || r.Kind != organisation.KindSection || organisation.FormatDate(r.From) != "2026-04-01" ||
				organisation.FormatDate(r.To) != "2027-03-31" || r.Successor != "1120" || r.Parent != "1000" {
				t.Fatalf("row 3: got %+v", r)
			}
			if last := rows[2]; last.Line != 5 || !last.To.IsZero() || last.Kind != organisation.KindSection {
				t.Fatalf("row 5: got %+v", last)
			}
		})
	}
}

func TestTemplateReadsBack(t *testing.T) {
	var b bytes.Buffer
	if err := WriteTemplate(&b, kinds); err != nil {
		t.Fatal(err)
	}
	rows, err := Read("template.xlsx", b.Bytes(), kinds)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 5 || rows[2].Successor != "1120" || rows[4].Kind != organisation.KindSubsection {
		t.Fatalf("template rows: %+v", rows)
	}
}

func TestCellErrors(t *testing.T) {
	data := "組織コード,名称,カナ,上位組織コード,種類,適用開始日,適用終了日,承継先組織コード\n" +
		"1000,企画調整局,きかく,,局,2026-04-01,,\n" +
		"1100,,,1000,班,2026-04-01,,\n" +
		"1200,総務課,,1000,課,2026-04-01,2026-03-01,\n" +
		"1300,広報課,,1000,課,2026-04-01,,1000\n"
	_, err := Read("x.csv", []byte(data), kinds)
	var ie *kijun.ImportError
	if !errors.As(err, &ie) {
		t.Fatalf("got %v, want cell errors", err)
	}
	want := []struct {
		row      int
		col, say string
	}{
		{2, ColKana, "カタカナ"}, {3, ColName, "名称がありません"}, {3, ColKind, "種類 \"班\" はありません"},
		{4, ColTo, "より前"}, {5, ColSuccessor, "適用終了日"},
	}
	for _, w := range want {
		found := false
		for _, e := range ie.Errors {
			if e.Row == w.row && e.Column == w.col && strings.Contains(e.Reason, w.say) {
				found = true
			}
		}
		if !found {
			t.Errorf("no error at row %d %s saying %q in %+v", w.row, w.col, w.say, ie.Errors)
		}
	}
	if _, err := Read("x.csv", []byte("組織コード,名称\n1,a\n"), kinds); !strings.Contains(kijun.ErrorMessage(err), "上位組織コード") {
		t.Errorf("missing headings: got %v", err)
	}
}

// FuzzRead: no file makes the reader panic, and every row it returns has
// what the plan needs.
func FuzzRead(f *testing.F) {
	f.Add([]byte(csvCity))
	f.Add([]byte("組織コード,名称,カナ,上位組織コード,種類,適用開始日\n1,a,,,局,45383\n"))
	f.Add([]byte("\xef\xbb\xbf組織コード\n\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := Read("f.csv", data, kinds)
		if err != nil {
			return
		}
		for _, r := range rows {
			if r.Code == "" || r.Name == "" || r.From.IsZero() || (!r.To.IsZero() && r.To.Before(r.From)) {
				t.Fatalf("row without what the plan needs: %+v", r)
			}
		}
	})
}
