package contractors

import (
	"strings"
	"testing"
	"time"
)

func TestCorporateNo(t *testing.T) {
	tests := []struct {
		no   string
		want string // part of the message, "" for valid
	}{
		{"7000012050002", ""}, // 国税庁
		{"8000012050002", "検査用数字"},
		{"700001205000", "13 桁"},
		{"70000120500０2", "13 桁"},
		{"700001205000A", "半角数字"},
	}
	for _, tt := range tests {
		got := CheckCorporateNo(tt.no)
		if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
			t.Errorf("CheckCorporateNo(%q) = %q, want %q", tt.no, got, tt.want)
		}
	}
}

func TestChainRefusesLoops(t *testing.T) {
	links := []Link{{ID: "1", From: "A", To: "B", State: LinkActive}, {ID: "2", From: "B", To: "C", State: LinkRequested}}
	c := NewChain("A", links)
	tests := []struct {
		l    Link
		want string
	}{
		{Link{ID: "3", From: "C", To: "D"}, ""},
		{Link{ID: "3", From: "C", To: "A"}, "一周"},
		{Link{ID: "3", From: "C", To: "B"}, "一周"},
		{Link{ID: "3", From: "X", To: "D"}, "連鎖にいません"},
		{Link{ID: "3", From: "A", To: "C"}, "既に再委託 2"},
		{Link{ID: "2", From: "A", To: "C"}, ""}, // 2 moves up a level
	}
	for _, tt := range tests {
		fe := c.Check(tt.l)
		got := ""
		if len(fe) > 0 {
			got = fe[0].Message
		}
		if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
			t.Errorf("Check(%s→%s) = %q, want %q", tt.l.From, tt.l.To, got, tt.want)
		}
	}
	if p, ok := c.Path("C"); !ok || strings.Join(p, ">") != "A>B>C" {
		t.Errorf("Path(C) = %v, %v", p, ok)
	}
	if d := c.Depth(links[1]); d != 2 {
		t.Errorf("depth of B→C = %d, want 2", d)
	}
	self := Link{ID: "9", Contract: "K", From: "A", To: "A", Part: "x", State: LinkRequested}
	if fe := self.Check(); len(fe) != 1 || !strings.Contains(fe[0].Message, "自らに") {
		t.Errorf("a link to itself: %+v", fe)
	}
}

func TestContractActivation(t *testing.T) {
	d := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	c := Contract{ID: "K-1", Name: "保守", Unit: "111", Contractor: "A", From: d, To: d.AddDate(0, 0, -1), State: StateActive, Articles: map[string]string{}}
	fe := c.Check()
	if len(fe) != 1 || fe[0].Field != FieldTo {
		t.Fatalf("a period ending before it starts: %+v", fe)
	}
	if fe := c.CheckActivation(false); len(fe) != 13 {
		t.Fatalf("an active contract stating nothing: %d errors, want 13", len(fe))
	}
	if fe := c.CheckActivation(true); len(fe) != 0 {
		t.Fatalf("an active contract under an exception: %+v", fe)
	}
	for _, cl := range Clauses() {
		if cl.Obligatory && cl.Key != "a2" {
			c.Articles[cl.Key] = "第1条"
		}
	}
	if got := strings.Join(c.MissingNumbers(), ","); got != "ア(2)" {
		t.Fatalf("missing %q, want ア(2)", got)
	}
}

func TestChainSVGNamesEveryLink(t *testing.T) {
	c := NewChain("A", []Link{{ID: "1", From: "A", To: "B", State: LinkActive}, {ID: "2", From: "B", To: "C<x>", State: LinkFound}})
	svg := string(ChainSVG(c, map[string]string{"A": "エー", "B": "ビー"}, func(l Link) LinkMark {
		return LinkMark{Label: l.State.Label(), Bad: l.State == LinkFound}
	}))
	for _, want := range []string{"<svg", "エー", "ビー", "C&lt;x&gt;", "無承認（発覚）", `class="edge bad"`, "</svg>"} {
		if !strings.Contains(svg, want) {
			t.Errorf("the picture lacks %q", want)
		}
	}
}
