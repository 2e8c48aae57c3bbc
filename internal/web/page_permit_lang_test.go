package web

import (
	"net/http"
	"strconv"
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

// TestPermitPageInEnglish: a take-out awaiting its return shows, in
// English, its type, its fields, the return record's heading and fields,
// and its print page the same field labels.
func TestPermitPageInEnglish(t *testing.T) {
	ts, db, r := demoLateReturn(t)
	s := signedIn(t, db, ts.URL, auth.Account{ID: "en-" + r.Requester, StaffNo: r.Requester, DisplayName: r.Requester})
	id := strconv.FormatInt(r.ID, 10)
	for path, want := range map[string][]string{
		"/permits/" + id + "?lang=en": {"<dd>Taking an asset or device out</dd>", "<dt>Destination</dt>", `id="record-h">Record of return`,
			`<label for="f_returned_on">Date returned`, "Information assets and devices may be taken out"},
		"/permits/" + id + "/print?lang=en": {"<caption>Taking an asset or device out", `<th scope="row">Destination</th>`},
	} {
		status, body := s.get(path)
		if status != http.StatusOK {
			t.Fatalf("%s: status %d, want 200", path, status)
		}
		for _, w := range want {
			if !strings.Contains(body, w) {
				t.Errorf("%s lacks %q", path, w)
			}
		}
		if strings.Contains(body, "持ち出し先") {
			t.Errorf("%s shows the Japanese label 持ち出し先", path)
		}
	}
}
