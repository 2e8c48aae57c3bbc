package operations

import (
	"testing"

	"kijun/internal/catalog"
)

func TestChecklistsComeFromTheCatalog(t *testing.T) {
	cat, err := catalog.Default()
	if err != nil {
		t.Fatal(err)
	}
	specs, err := Checklists(cat)
	if err != nil {
		t.Fatal(err)
	}
	want := map[ChecklistKind]int{ListProcurement: 3, ListDevelopment: 14, ListDocuments: 4, ListIO: 3, ListIntroduction: 10}
	for _, s := range specs {
		if got := len(s.Items); got != want[s.Kind] {
			t.Errorf("%s: got %d items, want %d", s.Kind, got, want[s.Kind])
		}
	}
	dev, _ := FindChecklist(specs, ListDevelopment)
	// 8.3.2ア: the twelve matters, each its own item.
	for _, p := range []string{"8.3.2.ア.(1)", "8.3.2.ア.(12)", "8.3.2.イ", "8.3.2.ウ"} {
		if _, ok := dev.Item(p); !ok {
			t.Errorf("development checklist lacks %s", p)
		}
	}
	if _, ok := dev.Item("8.3.2.ア"); ok {
		t.Error("8.3.2.ア has sub-items and is not itself an item")
	}
	docs, _ := FindChecklist(specs, ListDocuments)
	if it, ok := docs.Item("8.1.6"); !ok || !it.Obligatory {
		t.Errorf("documents checklist: got 8.1.6 %v obligatory %v, want an obligatory item", ok, it.Obligatory)
	}
}

func TestAnswerCheck(t *testing.T) {
	must := ChecklistItem{Provision: "8.3.5.ア", Obligatory: true}
	may := ChecklistItem{Provision: "8.3.3.イ.(3)"}
	tests := []struct {
		name     string
		a        Answer
		item     ChecklistItem
		evidence int
		field    string
	}{
		{"met with evidence", Answer{Verdict: VerdictMet}, must, 1, ""},
		{"met without evidence", Answer{Verdict: VerdictMet}, must, 0, FieldEvidence},
		{"obligatory not applicable", Answer{Verdict: VerdictNA, Note: "なし"}, must, 0, FieldVerdict},
		{"not applicable with reason", Answer{Verdict: VerdictNA, Note: "試験データに個人情報を使わない"}, may, 0, ""},
		{"not applicable without reason", Answer{Verdict: VerdictNA}, may, 0, FieldNote},
		{"no verdict", Answer{}, may, 0, FieldVerdict},
	}
	for _, tt := range tests {
		fe := tt.a.Check(tt.item, tt.evidence)
		got := ""
		if len(fe) > 0 {
			got = fe[0].Field
		}
		if got != tt.field {
			t.Errorf("%s: got error on %q, want %q (%v)", tt.name, got, tt.field, fe)
		}
	}
}

func TestOpenObligatory(t *testing.T) {
	s := ChecklistSpec{Items: []ChecklistItem{{Provision: "a", Obligatory: true}, {Provision: "b"}, {Provision: "c", Obligatory: true}}}
	got := s.OpenObligatory(map[string]Verdict{"a": VerdictMet, "b": VerdictNA})
	if len(got) != 1 || got[0] != "c" {
		t.Errorf("got %v, want [c]", got)
	}
}
