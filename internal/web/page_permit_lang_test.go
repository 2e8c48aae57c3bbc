package web

import (
	"net/http"
	"net/url"
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
		{"en", []string{`<label for="f_destination">Destination`, "Where it is being taken.", "information manager&#39;s (情報管理者) permission", `<label for="valid_from">Start date`, " (required)", "Choose one", " (basis: 4.2.キ.(2))",
			`<option value="鍵付きケース">Locked case</option>`, `<option value="鍵付きケースと暗号化">Locked case and encryption</option>`},
			[]string{`<label for="f_destination">運搬先`, "どこへ運ぶか。", "（必須）", "選んでください", "根拠", ">鍵付きケース<", ">暗号化<"}},
		{"ja", []string{`<label for="f_destination">運搬先`, "どこへ運ぶか。", `<label for="valid_from">開始日`, "（必須）", "（根拠: 4.2.キ.(2)）",
			`<option value="鍵付きケース">鍵付きケース</option>`},
			[]string{`<label for="f_destination">Destination`, "Locked case"}},
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

// TestPermitRefusalInEnglish: a carry form sent wrong is refused, in
// English, with the field's English label and the choices in English;
// in Japanese as the service words it.
func TestPermitRefusalInEnglish(t *testing.T) {
	ts, db := newTestServer(t)
	accessOrg(t, db)
	s := signedIn(t, db, ts.URL, auth.Account{ID: "en-refused", StaffNo: "1002", DisplayName: "佐藤 花子"})
	form := url.Values{"type": {"carry"}, "f_destination": {""}, "f_protection": {"赤い箱"}}
	for lang, want := range map[string][]string{
		"en": {"enter Destination (4.2.キ.(2))", "choose Protection against misuse from Locked case, Encryption, Locked case and encryption, Other"},
		"ja": {"運搬先を入力してください（4.2.キ.(2)）", "不正利用防止の措置は 鍵付きケース・暗号化・鍵付きケースと暗号化・その他 から選んでください"},
	} {
		status, body := s.post("/permits?lang="+lang, form)
		if status != http.StatusBadRequest {
			t.Fatalf("%s: status %d, want 400", lang, status)
		}
		for _, w := range want {
			if !strings.Contains(body, w) {
				t.Errorf("%s: the refusal lacks %q", lang, w)
			}
		}
		for _, ja := range []string{"を入力してください", "から選んでください"} {
			if i := strings.Index(body, ja); lang == "en" && i >= 0 {
				t.Errorf("en: a refusal is still in Japanese: %q", body[max(0, i-80):i+len(ja)])
			}
		}
	}
}

// TestPermitAttachmentRefusalInEnglish: an empty file sent with a request
// is refused beside its input, in English with the attachment's English
// label; in Japanese as the service words it.
func TestPermitAttachmentRefusalInEnglish(t *testing.T) {
	ts, db := newTestServer(t)
	accessOrg(t, db)
	s := signedIn(t, db, ts.URL, auth.Account{ID: "en-attach", StaffNo: "1002", DisplayName: "佐藤 花子"})
	for lang, want := range map[string]string{
		"en": "the file of Copy of the non-disclosure agreement is empty",
		"ja": "守秘義務契約書の写しのファイルが空です",
	} {
		status, body := s.upload("/permits?lang="+lang, "a_nda_copy", "empty.pdf", nil, map[string]string{"type": "repair"})
		if status != http.StatusBadRequest {
			t.Fatalf("%s: status %d, want 400", lang, status)
		}
		if !strings.Contains(body, want) {
			t.Errorf("%s: the refusal lacks %q", lang, want)
		}
		if lang == "en" && strings.Contains(body, "ファイルが空です") {
			t.Error("en: the attachment's refusal is still in Japanese")
		}
	}
}
