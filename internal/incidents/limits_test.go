package incidents

import (
	"strings"
	"testing"
	"time"

	"kijun/internal/kijun"
)

// TestTextLimits checks that the texts that had no limit now have one,
// and that no text field keeps control or direction characters.
func TestTextLimits(t *testing.T) {
	long := strings.Repeat("あ", maxText+1)
	day := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		name   string
		errs   []kijun.FieldError
		field  string
		saying string
	}{
		{"procedure title", Procedure{Title: strings.Repeat("あ", maxTitle+1), Owner: "1003", ReviewedOn: day, NextReview: day.AddDate(1, 0, 0)}.Check(), FieldTitle, "題名は 200 文字以内"},
		{"procedure body", Procedure{Title: "手順", Body: long, Owner: "1003", ReviewedOn: day, NextReview: day.AddDate(1, 0, 0)}.Check(), "body", "本文は 20000 文字以内"},
		{"failure handling", Failure{System: "s", Unit: "111", OccurredAt: day, Description: "停止", Handling: long}.Check(day), "handling", "処理結果は 20000 文字以内"},
		{"failure problems", Failure{System: "s", Unit: "111", OccurredAt: day, Description: "停止", Problems: long}.Check(day), "problems", "問題等は 20000 文字以内"},
		{"direction control in a title", Incident{Title: "紛失\u202e"}.Check(day), FieldTitle, "文字の向き"},
		{"NUL in a triage note", Triage{Note: "a\x00"}.Check(), FieldText, "制御文字"},
		{"contact note", Contact{Order: 1, Name: "a", Unit: "b", Phone: "078", Note: "x\x1b"}.Check(), "note", "制御文字"},
		{"leaked assets", Incident{Leak: Leak{AssetIDs: make([]string, MaxLeakAssets+1)}}.Check(day), FieldLeak, "1000 件まで"},
	} {
		found := false
		for _, f := range tt.errs {
			found = found || f.Field == tt.field && strings.Contains(f.Message, tt.saying)
		}
		if !found {
			t.Errorf("%s: errors %v, want %s saying %q", tt.name, tt.errs, tt.field, tt.saying)
		}
	}
	a := Action{Kind: ActionMeasure, Text: "再発防止", State: StateDone}
	if _, err := a.Advance(StateChecked, day, true, strings.Repeat("あ", maxText+1)); kijun.ErrorCode(err) != kijun.EINVALID || !strings.Contains(kijun.ErrorMessage(err), "効果の確認結果は") {
		t.Errorf("a check's result past the limit: %v", err)
	}
}
