package soa

import "strings"

// Kind is the kind of thing that supports a provision.
type Kind string

// The kinds of support, in the order the statement lists them.
const (
	// Rule is a compliance rule that checks the registers (9.2.1).
	Rule Kind = "rule"
	// Permit is a permit type of the permits engine.
	Permit Kind = "permit"
	// Record is a kind of ledger record the code writes.
	Record Kind = "record"
	// Job is a periodic job of the server's queue.
	Job Kind = "job"
	// Page is a page or API route.
	Page Kind = "page"
	// Question is a self-check question (11.2).
	Question Kind = "question"
)

// Kinds lists the kinds of support in order.
func Kinds() []Kind { return []Kind{Rule, Permit, Record, Job, Page, Question} }

// Label is the kind's Japanese name.
func (k Kind) Label() string {
	switch k {
	case Rule:
		return "点検ルール"
	case Permit:
		return "申請・許可"
	case Record:
		return "記録"
	case Job:
		return "定期処理"
	case Page:
		return "画面"
	case Question:
		return "自己点検"
	}
	return string(k)
}

// English is the kind's English name.
func (k Kind) English() string {
	switch k {
	case Rule:
		return "compliance rule"
	case Permit:
		return "permit type"
	case Record:
		return "ledger record"
	case Job:
		return "periodic job"
	case Page:
		return "page"
	case Question:
		return "self-check question"
	}
	return string(k)
}

// Support is one thing in Kijun that supports one provision.
type Support struct {
	// Provision is the provision's ID as the catalog writes it (6.4.3,
	// 5.1.イ.(1)); Compute also reads the loose form 5.1イ(1).
	Provision string
	// Kind is what sort of thing it is.
	Kind Kind
	// Name identifies the thing within its kind: a rule's ID, a permit
	// type's key, a record's action, a job's ID, a route's pattern.
	Name string
	// Title says what it does, in Japanese, when Name alone does not.
	Title string
	// Link is the path of the page that shows it, or "" when it has none.
	Link string
	// Reference is the reference provision the thing cites, when it
	// reaches a city's own provision through the alignment (ComputeThrough).
	Reference string
}

// CanonicalID writes a provision ID as the catalog names provisions: the
// loose form of the code's comments, 5.1ア or 8.2.1イ(1), becomes 5.1.ア
// and 8.2.1.イ.(1); an ID already in the catalog's form is unchanged.
func CanonicalID(id string) string {
	var b strings.Builder
	for i, r := range id {
		if i > 0 && (r > 0x7f || r == '(') && !strings.HasSuffix(id[:i], ".") && !strings.HasSuffix(id[:i], "(") {
			if prev := lastRune(id[:i]); !(prev > 0x7f && r > 0x7f) {
				b.WriteByte('.')
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

func lastRune(s string) rune {
	var last rune
	for _, r := range s {
		last = r
	}
	return last
}
