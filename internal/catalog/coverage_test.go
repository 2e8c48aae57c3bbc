package catalog

import (
	"slices"
	"testing"
)

func TestCoverage(t *testing.T) {
	c, err := Default()
	if err != nil {
		t.Fatalf("Default: %v", err)
	}
	r := Coverage(c)
	if got, want := len(r.Chapters), 11; got != want {
		t.Fatalf("chapters: got %d, want %d", got, want)
	}
	sum := 0
	for _, ch := range r.Chapters {
		sum += ch.Provisions
	}
	if sum != len(c.Provisions) || r.Total.Provisions != sum {
		t.Errorf("provisions: chapters sum to %d, total %d, catalog %d", sum, r.Total.Provisions, len(c.Provisions))
	}
	if got, want := r.Total.ByImplementation["ledger"], 3; got != want {
		t.Errorf("implemented by ledger: got %d, want %d", got, want)
	}
	if got, want := len(r.TextOnly), len(c.Provisions)-3; got != want {
		t.Errorf("text only: got %d, want %d", got, want)
	}
	if slices.Contains(r.TextOnly, "4.4") {
		t.Errorf("4.4 is implemented by the ledger but listed as text only")
	}
	small := &Catalog{Provisions: []Provision{
		{ID: "1", Kind: KindChapter, Operations: []Operation{{Kind: OpInfo}}},
		{ID: "1.ア", Kind: KindItem, Parent: "1", Operations: []Operation{{Kind: OpRecord}, {Kind: OpRecord}, {Kind: OpPermit}}, ImplementedBy: []string{"ledger"}},
		{ID: "2", Kind: KindChapter, Operations: []Operation{{Kind: OpCheck}}},
	}}
	r = Coverage(small)
	ch := r.Chapters[0]
	if ch.Provisions != 2 || ch.ByOperation[OpRecord] != 1 || ch.ByOperation[OpPermit] != 1 || ch.ByImplementation["ledger"] != 1 || ch.ByImplementation[""] != 1 {
		t.Errorf("chapter 1: got %+v", ch)
	}
	if got, want := r.TextOnly, []string{"1", "2"}; !slices.Equal(got, want) {
		t.Errorf("text only: got %v, want %v", got, want)
	}
}
