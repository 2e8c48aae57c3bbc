package soa

import (
	"bytes"
	"strings"
	"testing"

	"kijun/internal/catalog"
)

// fakeAlignment carries reference provision 1.1.ア to the city's 第2条.
type fakeAlignment struct{ ref *catalog.Catalog }

func (f fakeAlignment) CityOf(id string) []string {
	if strings.HasPrefix(id, "1.1.ア") {
		return []string{"第2条"}
	}
	return nil
}
func (f fakeAlignment) Gaps() []string              { return []string{"2"} }
func (f fakeAlignment) Own() []string               { return []string{"第1条"} }
func (f fakeAlignment) Reference() *catalog.Catalog { return f.ref }

func city() *catalog.Catalog {
	return &catalog.Catalog{Key: "c", Title: "市の基準", Edition: "1", Provisions: []catalog.Provision{
		{ID: "第1章", Kind: catalog.KindChapter, Title: "総則"},
		{ID: "第1条", Kind: catalog.KindSubsection, Parent: "第1章", Title: "目的", Text: "目的。"},
		{ID: "第2条", Kind: catalog.KindSubsection, Parent: "第1章", Title: "暗号化", Text: "暗号化しなければならない。"},
	}}
}

// Supports citing the reference reach the city's provision that carries
// theirs, keeping the reference they cite; one under a gap counts for
// nothing and is listed; a question on the city's own provision stays on
// it; the gaps and the city's own provisions are listed with the table.
func TestComputeThrough(t *testing.T) {
	st := ComputeThrough(city(), fakeAlignment{tiny()}, []Support{
		{Provision: "1.1ア(1)", Kind: Rule, Name: "r1"},
		{Provision: "1.1.ア", Kind: Permit, Name: "p1"},
		{Provision: "2", Kind: Page, Name: "GET /two"},
		{Provision: "第1条", Kind: Question, Name: "q1"},
		{Provision: "9.9", Kind: Record, Name: "x.save"},
	})
	r := st.Row("第2条")
	if r == nil || len(r.Supports) != 2 {
		t.Fatalf("第2条: got %+v, want the rule and the permit type", r)
	}
	if got, want := r.Supports[0].Reference, "1.1.ア.(1)"; got != want {
		t.Errorf("the rule's reference = %q, want %q", got, want)
	}
	if r := st.Row("第1条"); r == nil || len(r.Supports) != 1 || r.Supports[0].Name != "q1" {
		t.Errorf("第1条: got %+v, want the city's own question", r)
	}
	th := st.Through
	if th == nil || len(th.Uncarried) != 1 || th.Uncarried[0].Name != "GET /two" {
		t.Fatalf("uncarried: got %+v, want the page under the gap", th)
	}
	if len(st.Unknown) != 1 || st.Unknown[0].Name != "x.save" {
		t.Errorf("unknown: got %+v, want the record citing nothing", st.Unknown)
	}
	if len(th.Gaps) != 1 || th.Gaps[0].ID != "2" || len(th.Own) != 1 || th.Own[0].ID != "第1条" {
		t.Errorf("gaps %+v, own %+v; want 2 and 第1条", th.Gaps, th.Own)
	}
	if st.Total.Supported != 2 {
		t.Errorf("supported: got %d, want 2", st.Total.Supported)
	}
	var buf bytes.Buffer
	if err := WriteText(&buf, st, ""); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"\tgap\t2\t二", "\town\t第1条\t目的", "点検ルール r1［1.1.ア.(1)］", "gaps: 1 ", "own: 1 "} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("text lacks %q:\n%s", want, buf.String())
		}
	}
}
