package permits

import "kijun/internal/kijun"

// The most characters a request's fields may hold: a text field (and a
// reference to an asset, device, system or area) on one line, a textarea
// on several, and the reason a decider gives for an unavoidable case
// (3.2.10ア). Each field's error names it (kijun.FieldErrors.Text).
const (
	MaxText     = 200
	MaxTextarea = 4000
	MaxReason   = 2000
)

// MaxNote is the most characters of a decider's note, and of the reason
// a request is withdrawn or closed.
const MaxNote = 2000

// CheckNotes checks the free text an action on a request may carry: the
// decision's reason and note, the reason of a withdrawal or a closing.
// get reads a field of the posted form.
func CheckNotes(get func(string) string) *kijun.FieldErrors {
	fe := &kijun.FieldErrors{}
	fe.Text("reason", "理由", get("reason"), MaxReason, true)
	fe.Text("close_reason", "終了の理由", get("close_reason"), MaxNote, true)
	fe.Text("note", "備考", get("note"), MaxNote, true)
	return fe
}
