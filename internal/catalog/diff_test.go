package catalog

import (
	"slices"
	"strings"
	"testing"
)

func TestDiff(t *testing.T) {
	a, err := Default()
	if err != nil {
		t.Fatalf("Default: %v", err)
	}
	b, _ := Default()
	if got := Diff(a, b); len(got) != 0 {
		t.Fatalf("Diff of equal catalogs: got %d changes", len(got))
	}
	b.Find("8.2.6.ウ").Text = strings.Replace(b.Find("8.2.6.ウ").Text, "8文字", "12文字", 1)
	b.Find("3.1").Title = "体制（改）"
	b.Find("6.1.2").Force = Effort
	b.Find("4.1.1").Table.Rows[1].Cells[1].Text = "変更"
	i := slices.IndexFunc(b.Provisions, func(p Provision) bool { return p.ID == "7.4.3.ケ" })
	b.Provisions = slices.Delete(b.Provisions, i, i+1)
	j := slices.IndexFunc(b.Provisions, func(p Provision) bool { return p.ID == "8.2.6.オ" })
	b.Provisions = slices.Insert(b.Provisions, j+1, Provision{ID: "8.2.6.カ", Kind: KindItem, Parent: "8.2.6", Text: "新しい項目。"})

	got := Diff(a, b)
	want := []struct {
		id     string
		kind   ChangeKind
		fields string
	}{
		{"3.1", Changed, "title"},
		{"4.1.1", Changed, "table"},
		{"6.1.2", Changed, "annotations"},
		{"7.4.3.ケ", Removed, ""},
		{"8.2.6.ウ", Changed, "text"},
		{"8.2.6.カ", Added, ""},
	}
	if len(got) != len(want) {
		t.Fatalf("changes: got %d %+v, want %d", len(got), got, len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.ID != w.id || g.Kind != w.kind || strings.Join(g.Fields, ",") != w.fields {
			t.Errorf("change %d: got %s %s %v, want %s %s %s", i, g.ID, g.Kind, g.Fields, w.id, w.kind, w.fields)
		}
	}
}
