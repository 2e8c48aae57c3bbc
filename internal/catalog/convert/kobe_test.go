package convert

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"kijun/internal/catalog"
	"kijun/internal/sharedtest"
)

func readKobe(t testing.TB) []byte {
	t.Helper()
	path := sharedtest.File(t, "KIJUN_STANDARD_TEXT", filepath.Join("standard", "kobe-joho-security-taisaku-kijun-v5.5.txt"))
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read standard: %v", err)
	}
	return data
}

func kobeRepairs(t testing.TB) []Repair {
	t.Helper()
	notes, err := os.ReadFile("../data/NOTES.md")
	if err != nil {
		t.Fatalf("read NOTES.md: %v", err)
	}
	return ReadRepairs(notes)
}

// Converting Kobe's own text with the repairs of data/NOTES.md gives the
// catalog Kijun ships: the same 562 provisions in the same order, with the
// same kind, parent, title, text and tables. (The annotations of the
// shipped file were reviewed by hand; the converter only proposes them.)
func TestConvertKobeGivesShippedCatalog(t *testing.T) {
	got, rep, err := Convert(readKobe(t), Options{Key: "kobe-kijun", Repairs: kobeRepairs(t)})
	if err != nil {
		t.Fatalf("Convert: %v", err)
	}
	want, err := catalog.Default()
	if err != nil {
		t.Fatal(err)
	}
	if rep.Shape != "numbered" {
		t.Errorf("shape: got %q, want numbered", rep.Shape)
	}
	if len(want.Provisions) != 562 {
		t.Fatalf("shipped catalog has %d provisions, want 562", len(want.Provisions))
	}
	if g, w := len(got.Provisions), len(want.Provisions); g != w {
		t.Errorf("provisions: got %d, want %d", g, w)
	}
	for i := range min(len(got.Provisions), len(want.Provisions)) {
		g, w := got.Provisions[i], want.Provisions[i]
		if g.ID != w.ID || g.Kind != w.Kind || g.Parent != w.Parent || g.Title != w.Title {
			t.Errorf("provision %d: got %s %s (parent %s) %q, want %s %s (parent %s) %q", i, g.ID, g.Kind, g.Parent, g.Title, w.ID, w.Kind, w.Parent, w.Title)
			continue
		}
		if g.Text != w.Text {
			t.Errorf("%s text\n got: %q\nwant: %q", w.ID, g.Text, w.Text)
		}
		if !reflect.DeepEqual(g.Table, w.Table) {
			t.Errorf("%s table\n got: %+v\nwant: %+v", w.ID, g.Table, w.Table)
		}
	}
	for _, f := range []struct{ name, got, want string }{
		{"key", got.Key, want.Key}, {"issuer", got.Issuer, want.Issuer}, {"title", got.Title, want.Title},
		{"edition", got.Edition, want.Edition}, {"enacted", got.Enacted, want.Enacted},
		{"amended", got.Amended, want.Amended}, {"effective", got.Effective, want.Effective},
	} {
		if f.got != f.want {
			t.Errorf("%s: got %q, want %q", f.name, f.got, f.want)
		}
	}
	if !reflect.DeepEqual(got.Revisions, want.Revisions) {
		t.Errorf("revisions differ:\n got %+v\nwant %+v", got.Revisions, want.Revisions)
	}
	if d := rep.Doubtful(); len(d) > 0 {
		t.Errorf("Kobe's text left %d lines unplaced, first %+v", len(d), d[0])
	}
	if g := rep.Count(UseRepair); g != 9 {
		t.Errorf("repairs applied: got %d, want the 9 of NOTES.md", g)
	}
}
