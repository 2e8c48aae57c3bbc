package web

import (
	"net/http"
	"strings"
	"testing"

	"kijun/internal/kijun"
)

// The JSON bodies of the write API are outside input: whatever a body
// holds, decoding it into the organisation master's rows and into an
// appointment gives rows, an appointment or an EINVALID error, and never a
// panic; a row it gives has a code, a name and a first day.
func FuzzAPIBodies(f *testing.F) {
	f.Add(`{"rows":[{"code":"110","name":"情報政策課","kind":"ka","parent":"100","from":"2026-04-01"}]}`)
	f.Add(`{"rows":[{"code":"120","name":"市民課","from":"2024-04-01","to":"2026-03-31","successor":"110"}]}`)
	f.Add(`{"role":"system_owner","target":"juki","staff_no":"1001","from":"2026-04-01","unavoidable":"二人の課"}`)
	f.Add(`{"role":"ciso","staff_no":"1003","from":"2026/13/01","extra":1}`)
	f.Add(`{"rows":[{"code":"x"}]`)
	f.Fuzz(func(t *testing.T, body string) {
		r, _ := http.NewRequest("POST", "/", strings.NewReader(body))
		var rows struct {
			Rows []unitRowJSON `json:"rows"`
		}
		if err := decodeBody(r, &rows); err == nil {
			for i, j := range rows.Rows {
				row, err := j.row(i + 1)
				if err != nil {
					if kijun.ErrorCode(err) != kijun.EINVALID {
						t.Fatalf("row %d: %v, want EINVALID", i+1, err)
					}
					continue
				}
				if row.Code == "" || row.Name == "" || row.From.IsZero() {
					t.Fatalf("row %d accepted without a code, name or first day: %+v", i+1, row)
				}
			}
		} else if kijun.ErrorCode(err) != kijun.EINVALID {
			t.Fatalf("decode: %v, want EINVALID", err)
		}
		r, _ = http.NewRequest("POST", "/", strings.NewReader(body))
		var j appointJSON
		if err := decodeBody(r, &j); err != nil {
			return
		}
		ap, err := appointForm{Role: j.Role, Target: j.Target, StaffNo: j.StaffNo, From: j.From, To: j.To, Unavoidable: j.Unavoidable}.appointment()
		if err != nil {
			if kijun.ErrorCode(err) != kijun.EINVALID {
				t.Fatalf("appointment: %v, want EINVALID", err)
			}
			return
		}
		if _, err := ap.Role.Spec(); err != nil || ap.From.IsZero() {
			t.Fatalf("an appointment accepted with role %q from %v", ap.Role, ap.From)
		}
	})
}
