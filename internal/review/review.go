// Package review is the yearly review of the standard (11.1.8, 11.3): the
// provisions whose findings came back, from the audits (11.1), the
// self-checks (11.2) and the continuous checks (9.2.1) of this 年度 and
// the last, and what the CISO's office decided for each (revise the
// provision, keep it, add a rule to check it), linked to the catalog
// edition that follows. It has neither SQL nor HTTP.
package review

import (
	"slices"
	"time"

	"kijun/internal/kijun"
)

// Decision is what the review decided for a provision.
type Decision string

// The decisions of 11.3.
const (
	DecideRevise  Decision = "revise"   // 見直す: the provision is changed in the next edition
	DecideKeep    Decision = "keep"     // 維持: the provision stands; the findings are for the 課 to correct
	DecideAddRule Decision = "add_rule" // 点検ルールを追加: a continuous check is added (9.2.1)
)

// Decisions lists the decisions in the order of the form.
func Decisions() []Decision { return []Decision{DecideRevise, DecideKeep, DecideAddRule} }

// Label returns the Japanese name of the decision.
func (d Decision) Label() string {
	switch d {
	case DecideRevise:
		return "見直す"
	case DecideKeep:
		return "維持する"
	case DecideAddRule:
		return "点検ルールを追加する"
	}
	return string(d)
}

// Counts are a provision's findings by source, for the last 年度 [0] and
// this one [1].
type Counts struct {
	Audit     [2]int `json:"audit"`
	SelfCheck [2]int `json:"selfcheck"`
	Check     [2]int `json:"check"`
}

// Total is every finding counted.
func (c Counts) Total() int {
	return c.Audit[0] + c.Audit[1] + c.SelfCheck[0] + c.SelfCheck[1] + c.Check[0] + c.Check[1]
}

// Year is the findings of one 年度: 0 the last, 1 this one.
func (c Counts) Year(i int) int { return c.Audit[i] + c.SelfCheck[i] + c.Check[i] }

// Repeated reports whether the provision's findings came back: found in
// both 年度, or by two or more findings in one (11.3: 繰り返し指摘される).
func (c Counts) Repeated() bool {
	return (c.Year(0) > 0 && c.Year(1) > 0) || c.Total() >= 2
}

// Provision is one provision in the review: its findings and, once
// decided, the decision.
type Provision struct {
	Provision string   `json:"provision"`
	Counts    Counts   `json:"counts"`
	Decision  Decision `json:"decision,omitempty"`
	Note      string   `json:"note,omitempty"`
}

// Record is the review of one 年度 as decided (11.3).
type Record struct {
	FiscalYear int         `json:"fiscal_year"`
	Provisions []Provision `json:"provisions"`
	// NextCatalog and NextEdition name the catalog edition that follows
	// the review, once it is loaded.
	NextCatalog string    `json:"next_catalog,omitempty"`
	NextEdition string    `json:"next_edition,omitempty"`
	Note        string    `json:"note,omitempty"`
	DecidedBy   string    `json:"decided_by,omitempty"`
	DecidedAt   time.Time `json:"decided_at,omitzero"`
}

// Field names, as forms name them.
const (
	FieldNext = "next"
	FieldNote = "note"
)

// FieldDecision is the form field of a provision's decision.
func FieldDecision(provision string) string { return "decision-" + provision }

// Check returns what is wrong with a decided review: every provision
// listed needs a decision, and the texts their bounds.
func (r Record) Check() []kijun.FieldError {
	var fe kijun.FieldErrors
	for _, p := range r.Provisions {
		if !slices.Contains(Decisions(), p.Decision) {
			fe.Add(FieldDecision(p.Provision), "%s の判断（見直す、維持する、点検ルールを追加する）を選んでください", p.Provision)
		}
		fe.Text(FieldDecision(p.Provision), p.Provision+" の理由", p.Note, 2000, true)
	}
	fe.Text(FieldNote, "所見", r.Note, 4000, true)
	if (r.NextCatalog == "") != (r.NextEdition == "") {
		fe.Add(FieldNext, "次の版は、対策基準と版の両方を選んでください")
	}
	return fe.Fields
}
