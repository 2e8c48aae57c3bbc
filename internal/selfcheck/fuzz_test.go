package selfcheck

import (
	"strings"
	"testing"

	"kijun/internal/kijun"
)

// FuzzAnswer feeds the answer form's fields (value, note, explanation,
// evidence) to Check and Judge: any input is accepted or refused with an
// EINVALID error naming a field, never a panic, and only an answer that
// claims all is done can be contradicted.
func FuzzAnswer(f *testing.F) {
	f.Add("yes", "", "", "")
	f.Add("no", "未実施", "", "")
	f.Add("na", strings.Repeat("あ", MaxNote+1), "説明", "文書")
	f.Add("partly", "\xff", "", "")
	f.Fuzz(func(t *testing.T, value, note, explanation, evidence string) {
		a := Answer{Question: "q", Value: Value(value), Note: note, Explanation: explanation, Evidence: evidence}
		if err := a.Check(); err != nil {
			if kijun.ErrorCode(err) != kijun.EINVALID {
				t.Fatalf("Check(%q): %v, want EINVALID", value, err)
			}
			return
		}
		v := Judge(Question{Key: "q", Rules: []string{"r"}}, a, []Finding{{Rule: "r", Subject: "medium:1"}})
		if len(v.Contradicted) > 0 && !a.Value.Claims() {
			t.Fatalf("answer %q was contradicted", value)
		}
	})
}

// FuzzQuestion feeds the question form's fields to Check: accepted, or
// refused with EINVALID, never a panic.
func FuzzQuestion(f *testing.F) {
	f.Add("6.4.3.media", "6.4.3", "unit", "暗号化していますか", "medium.encryption")
	f.Add("", "", "", "", "")
	f.Add("a b", "99.9", "ward", strings.Repeat("x", 1001), "nope")
	f.Fuzz(func(t *testing.T, key, provision, audience, text, rules string) {
		q := Question{Key: key, Provision: provision, Audience: Audience(audience), Text: text, Rules: strings.Fields(rules)}
		err := q.Check(func(id string) bool { return id == "6.4.3" }, func(id string) bool { return id == "medium.encryption" })
		if err != nil && kijun.ErrorCode(err) != kijun.EINVALID {
			t.Fatalf("Check: %v, want EINVALID", err)
		}
	})
}
