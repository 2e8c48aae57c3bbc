package work

import (
	"errors"
	"testing"

	"kijun/internal/kijun"
)

// FuzzChangeCheck feeds the finding form's fields as a browser or an API
// client may send them: Check never panics, and what it refuses it
// refuses beside a field of the form.
func FuzzChangeCheck(f *testing.F) {
	f.Add("closed", "", "", "open", false)
	f.Add("accepted", "100016", "確認済み", "in_progress", true)
	f.Add("x", "\x00", "\u202e", "", false)
	f.Fuzz(func(t *testing.T, state, owner, comment, from string, accepted bool) {
		err := Change{State: State(state), Owner: owner, Comment: comment}.Check(State(from), accepted)
		if err == nil {
			return
		}
		var fe *kijun.FieldErrors
		if !errors.As(err, &fe) || len(fe.Fields) == 0 {
			t.Fatalf("Check(%q, %q, %q) = %v, want field errors", state, owner, comment, err)
		}
		for _, e := range fe.Fields {
			if e.Field != "state" && e.Field != "owner" && e.Field != "comment" {
				t.Fatalf("error on unknown field %q", e.Field)
			}
		}
	})
}
