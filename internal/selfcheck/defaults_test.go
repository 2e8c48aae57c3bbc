package selfcheck

import (
	"testing"

	"kijun/internal/catalog"
	"kijun/internal/compliance"
)

// The proposed questions cite provisions of the shipped catalog and rules
// of the shipped rule file, and every audience gets some.
func TestDefaults(t *testing.T) {
	cat, err := catalog.Default()
	if err != nil {
		t.Fatal(err)
	}
	rs, err := compliance.Default()
	if err != nil {
		t.Fatal(err)
	}
	qs := Defaults(cat)
	keys := map[string]bool{}
	per := map[Audience]int{}
	for _, q := range qs {
		if keys[q.Key] {
			t.Errorf("question %s twice", q.Key)
		}
		keys[q.Key] = true
		per[q.Audience]++
		err := q.Check(func(id string) bool { return cat.Find(id) != nil }, func(id string) bool { return rs.Rule(id) != nil })
		if err != nil {
			t.Errorf("question %s: %v", q.Key, err)
		}
	}
	for _, a := range Audiences() {
		if per[a] == 0 {
			t.Errorf("no question for %s", a)
		}
	}
	if !keys["6.4.3.media"] {
		t.Error("the media encryption question is missing")
	}
}

func TestJudge(t *testing.T) {
	q := Question{Key: "k", Rules: []string{"medium.encryption"}}
	open := []Finding{{Rule: "medium.encryption", Subject: "medium:M1"}, {Rule: "medium.unlocked", Subject: "medium:M2"}}
	tests := []struct {
		v    Value
		want int
	}{{Yes, 1}, {NotApplicable, 1}, {Partly, 0}, {No, 0}}
	for _, tt := range tests {
		got := Judge(q, Answer{Value: tt.v}, open)
		if len(got.Contradicted) != tt.want {
			t.Errorf("%s: got %d contradictions, want %d", tt.v, len(got.Contradicted), tt.want)
		}
	}
	v := Judge(q, Answer{Value: Yes}, open)
	if !Unexplained(Answer{Value: Yes}, v) || Unexplained(Answer{Value: Yes, Explanation: "台帳の修正待ち"}, v) {
		t.Error("an explanation does not clear an unexplained contradiction")
	}
	if got := Judge(Question{Key: "x"}, Answer{Value: Yes}, open); len(got.Contradicted) != 0 {
		t.Error("a question without rules was contradicted")
	}
}

func TestAnswerCheck(t *testing.T) {
	tests := []struct {
		a  Answer
		ok bool
	}{
		{Answer{Value: Yes}, true},
		{Answer{Value: "maybe"}, false},
		{Answer{Value: No}, false},
		{Answer{Value: No, Note: "未実施"}, true},
		{Answer{Value: Yes, Note: string([]byte{0xff})}, false},
	}
	for _, tt := range tests {
		if err := tt.a.Check(); (err == nil) != tt.ok {
			t.Errorf("%+v: got %v, want ok %v", tt.a, err, tt.ok)
		}
	}
}
