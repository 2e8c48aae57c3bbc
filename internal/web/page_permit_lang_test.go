package web

import (
	"net/http"
	"strings"
	"testing"

	"kijun/internal/auth"
)

// TestPermitFormInEnglish: in English the carry form labels, explains and
// introduces its fields in English (issue 23), and in Japanese as before.
func TestPermitFormInEnglish(t *testing.T) {
	ts, db := newTestServer(t)
	accessOrg(t, db)
	s := signedIn(t, db, ts.URL, auth.Account{ID: "en-user", StaffNo: "1002", DisplayName: "佐藤 花子"})
	tests := []struct {
		lang      string
		want, not []string
	}{
		{"en", []string{`<label for="f_destination">Destination`, "Where it is being taken.", "information manager&#39;s (情報管理者) permission", `<label for="valid_from">Start date`, " (required)", "Choose one", " (basis: 4.2.キ.(2))"},
			[]string{`<label for="f_destination">運搬先`, "どこへ運ぶか。", "（必須）", "選んでください", "根拠"}},
		{"ja", []string{`<label for="f_destination">運搬先`, "どこへ運ぶか。", `<label for="valid_from">開始日`, "（必須）", "（根拠: 4.2.キ.(2)）"},
			[]string{`<label for="f_destination">Destination`}},
	}
	for _, tt := range tests {
		status, body := s.get("/permits/form?type=carry&lang=" + tt.lang)
		if status != http.StatusOK {
			t.Fatalf("%s: status %d, want 200", tt.lang, status)
		}
		for _, w := range tt.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s: the carry form lacks %q", tt.lang, w)
			}
		}
		for _, n := range tt.not {
			if strings.Contains(body, n) {
				t.Errorf("%s: the carry form shows %q", tt.lang, n)
			}
		}
	}
}
