package e2e

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/pquerna/otp/totp"

	"kijun/internal/browsertest"
)

// A newcomer starts Kijun on an empty database, signs in as the
// administrator it printed, is made to change the temporary password
// (8.2.6イ) and to enrol an authenticator app (6.4.2ア), sees the last
// sign-in on the next visit (8.2.5), and is locked out after the city's
// configured number of failures (8.2.5), with the same message as any
// other failure.
func TestFirstRunInBrowser(t *testing.T) {
	ctx := browsertest.Browser(t)
	dbPath := filepath.Join(t.TempDir(), "kijun.db")
	kijunCmd(t, "config", "set", "auth.lockout.max_failures", "3", "--db", dbPath)
	srv := browsertest.StartServer(t, dbPath, nil)
	if srv.AdminID == "" || srv.AdminPassword == "" {
		t.Fatal("serve printed no first administrator")
	}

	// Every page asks for sign-in first.
	browsertest.Do(t, ctx,
		chromedp.Navigate(srv.URL+"/org"),
		chromedp.WaitVisible(chromedp.CSS("#password")),
	)
	if h1 := browsertest.Text(t, ctx, "h1"); h1 != "ログイン" {
		t.Errorf("/org signed out shows %q, want the sign-in page", h1)
	}
	browsertest.Screenshot(t, ctx, "signin")
	browsertest.Do(t, ctx,
		chromedp.SendKeys(chromedp.CSS("#id"), srv.AdminID),
		chromedp.SendKeys(chromedp.CSS("#password"), srv.AdminPassword),
		chromedp.Click(chromedp.CSS("#signin")),
		chromedp.WaitVisible(chromedp.CSS("#forced")),
	)
	if h1 := browsertest.Text(t, ctx, "h1"); h1 != "パスワードの変更" {
		t.Errorf("after the temporary password: %q, want the password change", h1)
	}
	// Anything else leads back here until the password is changed.
	browsertest.Do(t, ctx, chromedp.Navigate(srv.URL+"/org"), chromedp.WaitVisible(chromedp.CSS("#forced")))

	// A weak password is refused beside the field, with every rule it breaks.
	browsertest.Do(t, ctx,
		chromedp.SendKeys(chromedp.CSS("#current"), srv.AdminPassword),
		chromedp.SendKeys(chromedp.CSS("#new"), "kobe"),
		chromedp.SendKeys(chromedp.CSS("#confirm"), "kobe"),
		chromedp.Click(chromedp.CSS("#change")),
		chromedp.WaitVisible(chromedp.CSS("#new-error")),
	)
	if got := browsertest.Text(t, ctx, "#new-error"); !strings.Contains(got, "8文字以上") || !strings.Contains(got, "記号") {
		t.Errorf("weak password error = %q", got)
	}
	if inv := browsertest.Get(t, ctx, chromedp.AttributeValue(chromedp.CSS("#new"), "aria-invalid")); inv.Value != "true" {
		t.Errorf("the refused field is not marked aria-invalid")
	}
	browsertest.Screenshot(t, ctx, "password-weak")
	const password = "Minato-Kobe#2026"
	browsertest.Do(t, ctx,
		chromedp.SendKeys(chromedp.CSS("#current"), srv.AdminPassword),
		chromedp.SendKeys(chromedp.CSS("#new"), password),
		chromedp.SendKeys(chromedp.CSS("#confirm"), password),
		chromedp.Click(chromedp.CSS("#change")),
		chromedp.WaitVisible(chromedp.CSS("#qr")),
	)

	// Enrolment: a QR code and the secret as text; the app's code confirms it.
	if w := browsertest.Get(t, ctx, chromedp.Evaluate[int](`(() => { const img = document.querySelector('#qr'); return img.decode().then(() => img.naturalWidth); })()`,
		chromedp.EvalAwaitPromise)); w < 100 {
		t.Errorf("QR code is %d px wide: not drawn", w)
	}
	browsertest.Screenshot(t, ctx, "factor-enrol")
	secret := strings.ReplaceAll(browsertest.Text(t, ctx, "#secret"), " ", "")
	enrolledAt := time.Now()
	code, err := totp.GenerateCode(secret, enrolledAt)
	if err != nil {
		t.Fatalf("secret %q on the page: %v", secret, err)
	}
	browsertest.Do(t, ctx,
		chromedp.SendKeys(chromedp.CSS("#code"), code),
		chromedp.Click(chromedp.CSS("#enrol")),
		chromedp.WaitVisible(chromedp.CSS("#enrolled")),
	)
	if got := browsertest.Text(t, ctx, "#last-signin"); !strings.Contains(got, "初めてのログイン") {
		t.Errorf("first sign-in notice = %q", got)
	}
	browsertest.Screenshot(t, ctx, "account")

	// Sign out, and in again with the password and a fresh code.
	browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS("#signout")), chromedp.WaitVisible(chromedp.CSS("#password")))
	if got := browsertest.Text(t, ctx, ".notice"); got != "ログアウトしました。" {
		t.Errorf("after signing out: %q", got)
	}
	login := &browsertest.Login{ID: srv.AdminID, Password: password, TOTP: secret}
	login.MarkUsed(enrolledAt)
	browsertest.Do(t, ctx,
		chromedp.Navigate(srv.URL+"/signin"),
		chromedp.SendKeys(chromedp.CSS("#id"), login.ID),
		chromedp.SendKeys(chromedp.CSS("#password"), login.Password),
		chromedp.Click(chromedp.CSS("#signin")),
		chromedp.WaitVisible(chromedp.CSS("#code")),
	)
	browsertest.Screenshot(t, ctx, "signin-second")
	// The enrolment's code again is a replay and is refused.
	browsertest.Do(t, ctx,
		chromedp.SendKeys(chromedp.CSS("#code"), code),
		chromedp.Click(chromedp.CSS("#verify")),
		chromedp.WaitVisible(chromedp.CSS("#code-error")),
	)
	browsertest.Do(t, ctx,
		chromedp.SendKeys(chromedp.CSS("#code"), login.Code(t)),
		chromedp.Click(chromedp.CSS("#verify")),
		chromedp.WaitVisible(chromedp.CSS(`header nav a[href="/admin/accounts"]`)),
		chromedp.Navigate(srv.URL+"/account"),
		chromedp.WaitVisible(chromedp.CSS("#last-signin")),
	)
	if got := browsertest.Text(t, ctx, "#last-signin"); !strings.Contains(got, "前回のログイン") || !strings.Contains(got, "ログイン失敗: 1回") {
		t.Errorf("sign-in notice = %q, want the previous sign-in and the one failed code", got)
	}
	browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS("#signout")), chromedp.WaitVisible(chromedp.CSS("#password")))

	// Three wrong passwords lock the account; then even the right one is
	// refused, with the same words as a wrong one.
	var messages []string
	for _, pw := range []string{"wrong-1", "wrong-2", "wrong-3", password} {
		browsertest.Do(t, ctx,
			chromedp.Navigate(srv.URL+"/signin"),
			chromedp.SendKeys(chromedp.CSS("#id"), login.ID),
			chromedp.SendKeys(chromedp.CSS("#password"), pw),
			chromedp.Click(chromedp.CSS("#signin")),
			chromedp.WaitVisible(chromedp.CSS("#signin-error")),
		)
		messages = append(messages, browsertest.Text(t, ctx, "#signin-error"))
	}
	browsertest.Screenshot(t, ctx, "signin-locked")
	for _, m := range messages[1:] {
		if m != messages[0] {
			t.Errorf("failure messages differ: %q and %q", messages[0], m)
		}
	}
	out := kijunCmd(t, "account", "list", "--db", dbPath)
	if !strings.Contains(out, login.ID+"\t初期管理者\tactive,locked") {
		t.Errorf("account list after 3 failures:\n%s", out)
	}
}
