package soa

import (
	"testing"

	"kijun/internal/catalog"
)

func tiny() *catalog.Catalog {
	return &catalog.Catalog{Key: "t", Title: "T", Edition: "1", Provisions: []catalog.Provision{
		{ID: "1", Kind: catalog.KindChapter, Title: "一"},
		{ID: "1.1", Kind: catalog.KindSection, Parent: "1", Title: "節"},
		{ID: "1.1.ア", Kind: catalog.KindItem, Parent: "1.1", Text: "項目ア。続き"},
		{ID: "1.1.ア.(1)", Kind: catalog.KindSubitem, Parent: "1.1.ア", Text: "細目"},
		{ID: "2", Kind: catalog.KindChapter, Title: "二"},
	}}
}

func TestCanonicalID(t *testing.T) {
	tests := []struct{ in, want string }{
		{"5.1ア", "5.1.ア"}, {"8.2.1イ(1)", "8.2.1.イ.(1)"}, {"8.2.1.イ.(1)", "8.2.1.イ.(1)"},
		{"4.2.オ.(3)", "4.2.オ.(3)"}, {"6.4.3", "6.4.3"}, {"3.2.5イ", "3.2.5.イ"},
	}
	for _, tt := range tests {
		if got := CanonicalID(tt.in); got != tt.want {
			t.Errorf("CanonicalID(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// Compute counts a provision once however many things support it, under
// every kind that does; the loose form of an ID finds its provision; a
// support of an unknown provision counts for nothing and is listed.
func TestCompute(t *testing.T) {
	st := Compute(tiny(), []Support{
		{Provision: "1.1ア", Kind: Rule, Name: "r1"},
		{Provision: "1.1.ア", Kind: Rule, Name: "r1"}, // the same, in the catalog's form
		{Provision: "1.1.ア", Kind: Page, Name: "GET /x", Link: "/x"},
		{Provision: "1.1ア(1)", Kind: Record, Name: "x.save"},
		{Provision: "9.9", Kind: Permit, Name: "nope"},
	})
	if got, want := st.Total.Provisions, 5; got != want {
		t.Errorf("provisions: got %d, want %d", got, want)
	}
	if got, want := st.Total.Supported, 2; got != want {
		t.Errorf("supported: got %d, want %d", got, want)
	}
	if got, want := st.Total.ByKind[Rule], 1; got != want {
		t.Errorf("by rule: got %d, want %d", got, want)
	}
	if got, want := st.Chapters[0].Supported, 2; got != want {
		t.Errorf("chapter 1 supported: got %d, want %d", got, want)
	}
	if got, want := st.Chapters[1].TextOnly(), 1; got != want {
		t.Errorf("chapter 2 text only: got %d, want %d", got, want)
	}
	row := st.Row("1.1.ア")
	if row == nil || len(row.Supports) != 2 || row.Supports[0].Kind != Rule || row.Supports[1].Kind != Page {
		t.Errorf("row 1.1.ア: got %+v, want the rule then the page", row)
	}
	if row.Headline() != "項目ア。" {
		t.Errorf("headline: got %q", row.Headline())
	}
	if len(st.Unknown) != 1 || st.Unknown[0].Name != "nope" {
		t.Errorf("unknown: got %+v, want the permit of 9.9", st.Unknown)
	}
	if st.Row("1").Supported() {
		t.Error("a chapter counts as supported because an item under it is")
	}
}
