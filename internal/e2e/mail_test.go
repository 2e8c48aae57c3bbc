package e2e

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"kijun/internal/browsertest"
)

// A member of staff sees on their account page where Kijun's mail goes and
// switches to a daily digest with the keyboard alone; the page passes
// axe's WCAG 2.1 AA checks before and after.
func TestMailPreferenceWithKeyboard(t *testing.T) {
	axe := axeSource(t)
	ctx := browsertest.Browser(t)
	db := filepath.Join(t.TempDir(), "kijun.db")
	kijunCmd(t, "demo", "--db", db)
	staff := plainStaff(t, db)
	login := seedLogin(t, db, staff, false)
	srv := browsertest.StartServer(t, db, nil)
	browsertest.SignIn(t, ctx, srv.URL, login)
	browsertest.Do(t, ctx, chromedp.Navigate(srv.URL+"/account"), chromedp.WaitVisible(chromedp.CSS("#mail-address")))
	if got, want := browsertest.Text(t, ctx, "#mail-address"), "s"+staff+"@minato.example"; !strings.Contains(got, want) {
		t.Errorf("address shown %q, want %s", got, want)
	}
	checkAxe(t, ctx, axe, "/account")
	browsertest.Do(t, ctx,
		chromedp.Focus(chromedp.CSS("#mail-each")),
		chromedp.KeyEvent(kb.ArrowDown), // the next choice of the group
		chromedp.Focus(chromedp.CSS("#mail-save")),
		chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(chromedp.CSS("#mail-saved")),
	)
	if !browsertest.Get(t, ctx, chromedp.Evaluate[bool](`document.querySelector('#mail-digest').checked`)) {
		t.Error("digest is not checked after saving")
	}
	checkAxe(t, ctx, axe, "/account, saved")
	browsertest.Screenshot(t, ctx, "account-mail")
}
