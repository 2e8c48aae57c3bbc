package selfcheck

import (
	"strings"
	"unicode/utf8"

	"kijun/internal/kijun"
)

// Value is an answer to a question.
type Value string

// The answers of a self-check.
const (
	Yes           Value = "yes"
	Partly        Value = "partly"
	No            Value = "no"
	NotApplicable Value = "na"
)

// Values lists the answers in the order a form offers them.
func Values() []Value { return []Value{Yes, Partly, No, NotApplicable} }

// Valid reports whether v is a known answer.
func (v Value) Valid() bool { return v == Yes || v == Partly || v == No || v == NotApplicable }

// Label is the answer's Japanese name.
func (v Value) Label() string {
	switch v {
	case Yes:
		return "はい"
	case Partly:
		return "一部"
	case No:
		return "いいえ"
	case NotApplicable:
		return "該当なし"
	}
	return string(v)
}

// Claims reports whether the answer says the registers should show no
// shortfall: yes (all is done) and not applicable (nothing to do). Partly
// and no admit one already, so no finding contradicts them.
func (v Value) Claims() bool { return v == Yes || v == NotApplicable }

// MaxNote is the longest note or explanation, in characters.
const MaxNote = 2000

// Answer is one respondent's answer to one question.
type Answer struct {
	Question string `json:"question"`
	Value    Value  `json:"value"`
	// Note is what the respondent adds: how it is done, what is missing.
	Note string `json:"note,omitempty"`
	// Explanation answers a contradiction: why the answer stands though
	// the registers say otherwise (a record not yet corrected, say).
	Explanation string `json:"explanation,omitempty"`
	// Evidence names a file or document kept as evidence.
	Evidence string `json:"evidence,omitempty"`
}

// Check validates an answer to q. A problem is an EINVALID error naming
// the field.
func (a Answer) Check() error {
	fe := &kijun.FieldErrors{}
	if !a.Value.Valid() {
		fe.Add("value", "回答は「はい」「一部」「いいえ」「該当なし」から選んでください（answer yes, partly, no or not applicable）")
	}
	for _, f := range []struct{ field, label, v string }{{"note", "補足", a.Note}, {"explanation", "説明", a.Explanation}, {"evidence", "証跡", a.Evidence}} {
		if !utf8.ValidString(f.v) {
			fe.Add(f.field, "%sに不正な文字コードが含まれています（invalid UTF-8）", f.label)
		} else if n := utf8.RuneCountInString(f.v); n > MaxNote {
			fe.Add(f.field, "%sは %d 字以内にしてください（%d 字あります）", f.label, MaxNote, n)
		}
	}
	if (a.Value == Partly || a.Value == No) && strings.TrimSpace(a.Note) == "" {
		fe.Add("note", "「一部」「いいえ」には、何が足りないかを補足に書いてください（say what is missing）")
	}
	return fe.AsError()
}

// Finding is a record the registers hold against an answer: an open
// finding of one of the question's rules in the respondent's 課 or system.
type Finding struct {
	Rule        string `json:"rule"`
	Subject     string `json:"subject"`
	SubjectName string `json:"subject_name"`
	Message     string `json:"message,omitempty"`
}

// Verdict is an answer judged against the registers.
type Verdict struct {
	// Contradicted lists the records that contradict the answer; none
	// means the answer stands.
	Contradicted []Finding `json:"contradicted,omitempty"`
}

// Judge judges an answer to q against the open findings of the
// respondent (those of q's rules): an answer that claims all is done is
// contradicted by every one of them.
func Judge(q Question, a Answer, open []Finding) Verdict {
	if !a.Value.Claims() || len(q.Rules) == 0 {
		return Verdict{}
	}
	var v Verdict
	for _, f := range open {
		for _, r := range q.Rules {
			if f.Rule == r {
				v.Contradicted = append(v.Contradicted, f)
				break
			}
		}
	}
	return v
}

// Unexplained reports whether the answer is contradicted and says nothing
// about why: such an answer stops its report from being submitted.
func Unexplained(a Answer, v Verdict) bool {
	return len(v.Contradicted) > 0 && strings.TrimSpace(a.Explanation) == ""
}

// MaxEvidenceBytes is the largest file kept as evidence of an answer.
const MaxEvidenceBytes = 10 << 20

// EvidenceFile is a file kept as evidence of an answer, with the SHA-256
// of its bytes taken when it was uploaded.
type EvidenceFile struct {
	kijun.File
	Report   int64  `json:"report"`
	Question string `json:"question"`
}
