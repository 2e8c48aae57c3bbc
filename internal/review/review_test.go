package review

import "testing"

func TestRepeated(t *testing.T) {
	for _, c := range []struct {
		c    Counts
		want bool
	}{
		{Counts{}, false},
		{Counts{Audit: [2]int{0, 1}}, false},
		{Counts{Audit: [2]int{1, 0}, Check: [2]int{0, 1}}, true},
		{Counts{SelfCheck: [2]int{0, 2}}, true},
	} {
		if got := c.c.Repeated(); got != c.want {
			t.Errorf("%+v.Repeated() = %v, want %v", c.c, got, c.want)
		}
	}
}

func TestCheck(t *testing.T) {
	r := Record{FiscalYear: 2026, Provisions: []Provision{{Provision: "6.4.3", Decision: DecideRevise}, {Provision: "7.1.1"}}, NextCatalog: "kobe"}
	fe := r.Check()
	if len(fe) != 2 || fe[0].Field != FieldDecision("7.1.1") || fe[1].Field != FieldNext {
		t.Errorf("Check() = %+v; want 7.1.1's decision and the next edition", fe)
	}
}
