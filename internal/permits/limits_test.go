package permits

import (
	"strings"
	"testing"
)

// TestCheckNotes checks the free text an action on a request carries: the
// reason, the closing reason and the note each have a limit and refuse
// control characters, naming the field.
func TestCheckNotes(t *testing.T) {
	for _, tt := range []struct {
		field, value, saying string
	}{
		{"reason", strings.Repeat("あ", MaxReason+1), "理由は 2000 文字以内"},
		{"close_reason", strings.Repeat("あ", MaxNote+1), "終了の理由は 2000 文字以内"},
		{"note", "a\x00", "備考に制御文字"},
	} {
		fe := CheckNotes(func(k string) string {
			if k == tt.field {
				return tt.value
			}
			return ""
		})
		if len(fe.Fields) != 1 || fe.Fields[0].Field != tt.field || !strings.Contains(fe.Fields[0].Message, tt.saying) {
			t.Errorf("%s: %v, want it saying %q", tt.field, fe.Fields, tt.saying)
		}
	}
	if fe := CheckNotes(func(string) string { return "一行目\r\n二行目" }); len(fe.Fields) != 0 {
		t.Errorf("notes of two lines: %v", fe.Fields)
	}
}

// TestFieldTextLimits checks a request's own fields: a text field on one
// line, a textarea up to its limit, neither with control characters.
func TestFieldTextLimits(t *testing.T) {
	fs := []Field{{Key: "purpose", Label: "目的", Type: FieldText}, {Key: "detail", Label: "内容", Type: FieldTextarea}}
	for _, tt := range []struct {
		v      map[string]string
		field  string
		saying string
	}{
		{map[string]string{"purpose": strings.Repeat("あ", MaxText+1)}, "purpose", "目的は 200 文字以内"},
		{map[string]string{"purpose": "持出し\u202e"}, "purpose", "文字の向き"},
		{map[string]string{"detail": strings.Repeat("あ", MaxTextarea+1)}, "detail", "内容は 4000 文字以内"},
		{map[string]string{"detail": "a\x7fb"}, "detail", "制御文字"},
	} {
		fe := checkFields(fs, tt.v)
		if len(fe.Fields) != 1 || fe.Fields[0].Field != tt.field || !strings.Contains(fe.Fields[0].Message, tt.saying) {
			t.Errorf("%v: %v, want %s saying %q", tt.v, fe.Fields, tt.field, tt.saying)
		}
	}
}
