package catalog

import (
	"errors"
	"strings"
	"testing"
)

const validYAML = `key: t
title: テスト
edition: "1.0"
provisions:
  - id: "1"
    kind: chapter
    title: 目的
  - id: "1.1"
    kind: section
    parent: "1"
    title: 節
    text: 本文。
  - id: "1.1.ア"
    kind: item
    parent: "1.1"
    text: 職員等は、守らなければならない。
    obliges: [staff]
    force: obligation
    operations: [{kind: selfcheck}]
    refs: ["1"]
`

func TestParseValid(t *testing.T) {
	c, err := Parse("t.yaml", []byte(validYAML))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if got, want := len(c.Provisions), 3; got != want {
		t.Fatalf("provisions: got %d, want %d", got, want)
	}
	if got, want := c.Provisions[2].Obliges[0].Label(), "職員等"; got != want {
		t.Errorf("role label: got %q, want %q", got, want)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		edit func(string) string
		line int
		want string
	}{
		{"syntax", func(s string) string { return strings.Replace(s, "title: 節", "title: [節", 1) }, 0, "yaml syntax error"},
		{"duplicate id", func(s string) string { return strings.Replace(s, `id: "1.1.ア"`, `id: "1.1"`, 1) }, 13, "duplicate id"},
		{"missing parent", func(s string) string { return strings.Replace(s, `parent: "1.1"`, `parent: "1.2"`, 1) }, 13, "parent does not exist"},
		{"id does not match parent", func(s string) string { return strings.Replace(s, `id: "1.1.ア"`, `id: "1.2.ア"`, 1) }, 13, "does not extend its parent"},
		{"item outside a heading", func(s string) string {
			return strings.Replace(s, "  - id: \"1\"\n    kind: chapter", "  - id: \"1\"\n    kind: item", 1)
		}, 5, "parent does not exist"},
		{"unknown reference", func(s string) string { return strings.Replace(s, `refs: ["1"]`, `refs: ["9.9"]`, 1) }, 13, "reference to a missing provision"},
		{"unknown role", func(s string) string { return strings.Replace(s, "[staff]", "[mayor]", 1) }, 13, "unknown role"},
		{"unknown force", func(s string) string { return strings.Replace(s, "force: obligation", "force: maybe", 1) }, 13, "unknown force"},
		{"unknown operation", func(s string) string { return strings.Replace(s, "kind: selfcheck", "kind: pray", 1) }, 13, "unknown operation kind"},
		{"missing edition", func(s string) string { return strings.Replace(s, "edition: \"1.0\"\n", "", 1) }, 1, "missing edition"},
		{"unknown key", func(s string) string { return strings.Replace(s, "    title: 節", "    titel: 節", 1) }, 11, "unknown key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse("t.yaml", []byte(tt.edit(validYAML)))
			if c != nil {
				t.Errorf("Parse returned a catalog with an error")
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("got error %v, want *ParseError", err)
			}
			found := false
			for _, p := range pe.Problems {
				if strings.Contains(p.Reason, tt.want) && (p.Line == tt.line || tt.line == 0 && p.Line > 0) && p.File == "t.yaml" {
					found = true
				}
			}
			if !found {
				t.Errorf("got problems\n%v\nwant one at line %d with %q", err, tt.line, tt.want)
			}
		})
	}
}

func TestParseReportsAllProblems(t *testing.T) {
	s := strings.Replace(validYAML, "[staff]", "[mayor]", 1)
	s = strings.Replace(s, `refs: ["1"]`, `refs: ["7"]`, 1)
	_, err := Parse("t.yaml", []byte(s))
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("got %v, want *ParseError", err)
	}
	if got, want := len(pe.Problems), 2; got != want {
		t.Errorf("problems: got %d, want %d:\n%v", got, want, err)
	}
	if got, want := strings.Count(err.Error(), "\n")+1, 2; got != want {
		t.Errorf("lines in Error(): got %d, want %d", got, want)
	}
}

func TestDefault(t *testing.T) {
	a, err := Default()
	if err != nil {
		t.Fatalf("Default: %v", err)
	}
	b, _ := Default()
	a.Provisions[0].Title = "changed"
	if b.Provisions[0].Title == "changed" {
		t.Errorf("Default returned shared state")
	}
	if a.Key != "kobe-kijun" || a.Edition != "5.5" || a.Enacted != "2003-01-27" || a.Amended != "2022-03-28" || a.Effective != "2022-04-01" {
		t.Errorf("identity: got %s %s %s %s %s", a.Key, a.Edition, a.Enacted, a.Amended, a.Effective)
	}
	if got, want := len(a.Revisions), 18; got != want {
		t.Errorf("revisions: got %d, want %d", got, want)
	}
	tests := []struct {
		id   string
		want func(p *Provision) bool
	}{
		{"4.2.キ.(2)", func(p *Provision) bool { return hasOp(p, OpPermit, RoleInfoManager) }},
		{"4.2.ケ.(2)", func(p *Provision) bool {
			return hasOp(p, OpRecord, "") && strings.Join(p.Operations[0].Fields, "・") == "日時・担当者・処理内容"
		}},
		{"7.2.2.イ", func(p *Provision) bool {
			return hasOp(p, OpPeriodic, "") && p.Operations[0].Frequency == "毎年度最低1回"
		}},
		{"8.2.6.エ", func(p *Provision) bool { return p.Operations[0].Frequency == "概ね6か月以内" }},
		{"6.1.2", func(p *Provision) bool { return hasOp(p, OpCheck, "") && len(p.Obliges) == 2 }},
		{"7.1.2", func(p *Provision) bool { return strings.Join(p.Refs, ",") == "7.1.1" }},
		{"10.1.4", func(p *Provision) bool { return strings.Join(p.Refs, ",") == "10.1.2,10.1.3" }},
		{"9.5.2", func(p *Provision) bool { return strings.Join(p.Refs, ",") == "9.5.1" }},
		{"4.4", func(p *Provision) bool { return strings.Join(p.ImplementedBy, ",") == "ledger" }},
		{"8.1.5.イ", func(p *Provision) bool { return strings.Join(p.ImplementedBy, ",") == "ledger" }},
		{"4.2.ア", func(p *Provision) bool { return p.Kind == KindItem && p.Title == "管理責任" }},
		{"8.1.2.(1)", func(p *Provision) bool { return p.Parent == "8.1.2" && p.Kind == KindSubitem }},
		{"4.1.1", func(p *Provision) bool {
			return p.Table != nil && len(p.Table.Rows) == 3 && len(p.Table.Rows[0].Cells[1].List) == 6
		}},
	}
	for _, tt := range tests {
		p := a.Find(tt.id)
		if p == nil || !tt.want(p) {
			t.Errorf("%s: annotation not as expected: %+v", tt.id, p)
		}
	}
	var ledger []string
	for _, p := range a.Provisions {
		if p.Force == "" || len(p.Operations) == 0 {
			t.Errorf("%s: missing force or operations", p.ID)
		}
		if len(p.ImplementedBy) > 0 {
			ledger = append(ledger, p.ID)
		}
	}
	if got, want := strings.Join(ledger, " "), "4.4 8.1.5.イ 8.3.4.イ"; got != want {
		t.Errorf("implemented provisions: got %s, want %s", got, want)
	}
}

func hasOp(p *Provision, k OpKind, approver Role) bool {
	for _, op := range p.Operations {
		if op.Kind == k && (approver == "" || op.Approver == approver) {
			return true
		}
	}
	return false
}

func BenchmarkDefault(b *testing.B) {
	for b.Loop() {
		if _, err := Default(); err != nil {
			b.Fatal(err)
		}
	}
}
