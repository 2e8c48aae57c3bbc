package permits

import (
	"bytes"
	"testing"
	"time"

	"kijun/internal/sheets/sheetstest"
)

// A request whose fields begin like formulas is written to the register
// as text cells, never as formulas.
func TestWriteRegisterFormulas(t *testing.T) {
	at := time.Date(2026, 6, 1, 1, 0, 0, 0, time.UTC)
	rows := []RegisterRow{{
		Request: Request{ID: 7, Type: "exception", State: StateSubmitted, Requester: "1003", RequesterName: "-鈴木",
			Fields: map[string]string{"provision": "8.2.6.ウ", "measure": sheetstest.Formula, "reason": "@理由"}, SubmittedAt: at},
		Timeline: []Entry{{Action: ActionSubmit, At: at, ActorName: "-鈴木"}},
	}}
	var b bytes.Buffer
	if err := WriteRegister(&b, registry(t), rows); err != nil {
		t.Fatal(err)
	}
	sheetstest.NoFormulas(t, b.Bytes(), sheetstest.Formula, "@理由", "-鈴木")
}
