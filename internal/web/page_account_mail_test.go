package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kijun/internal/auth"
	"kijun/internal/organisation"
	"kijun/internal/store"
)

// A person sees where their mail goes and chooses each mail or a daily
// digest on their account page; a choice that is neither is refused beside
// the field; an account that is no person's has no mail section.
func TestAccountMailPreference(t *testing.T) {
	ts, db := newTestServer(t)
	ctx := context.Background()
	if err := db.SavePerson(ctx, organisation.Person{StaffNo: "1001", Name: "山田 太郎", Kana: "ヤマダ タロウ", Employment: organisation.EmployRegular}); err != nil {
		t.Fatal(err)
	}
	if err := db.SetPersonMail(ctx, "1001", "yamada@city.example"); err != nil {
		t.Fatal(err)
	}
	me := signedIn(t, db, ts.URL, auth.Account{ID: "1001", StaffNo: "1001", DisplayName: "山田 太郎"})
	code, body := me.get("/account")
	if code != http.StatusOK || !strings.Contains(body, "yamada@city.example") || !strings.Contains(body, `value="each" checked`) {
		t.Fatalf("account page: %d, want the address and each checked:\n%s", code, body)
	}
	code, _ = me.post("/account/mail", url.Values{"mode": {"digest"}})
	if code != http.StatusSeeOther {
		t.Fatalf("save digest: %d", code)
	}
	if r, err := db.Recipient(ctx, "1001"); err != nil || r.Mode != store.MailDigest {
		t.Errorf("after saving: %+v, %v", r, err)
	}
	code, body = me.get("/account?mail=saved")
	if !strings.Contains(body, `value="digest" checked`) || !strings.Contains(body, `id="mail-saved"`) {
		t.Errorf("after saving: %d, want digest checked and the notice", code)
	}
	code, body = me.post("/account/mail", url.Values{"mode": {"weekly"}})
	if code != http.StatusBadRequest || !strings.Contains(body, `id="mail-error"`) || !strings.Contains(body, `aria-describedby="mail-error"`) {
		t.Errorf("bad mode: %d, want 400 with the error tied to the field", code)
	}
	if code, _ := me.post("/account/mail", url.Values{"mode": {"each"}, "csrf": {"-"}}); code == http.StatusSeeOther {
		t.Errorf("a form without its CSRF token was taken")
	}
	admin := signedIn(t, db, ts.URL, auth.Account{ID: "admin-mail", DisplayName: "管理者", Admin: true})
	if _, body := admin.get("/account"); strings.Contains(body, `id="mail"`) {
		t.Errorf("an account of no person shows a mail section")
	}
}
