package e2e

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"kijun/internal/browsertest"
	"kijun/internal/oidctest"
)

// A member of staff signs in with the city's identity provider (a real
// OpenID Connect provider run by the test): their first sign-in makes
// their account from the staff number claim. A token with a bad signature
// is refused on the sign-in page.
func TestOIDCSignInBrowser(t *testing.T) {
	ctx := browsertest.Browser(t)
	idp := oidctest.Start(t)
	dbPath := filepath.Join(t.TempDir(), "kijun.db")
	// The demo's own accounts and the request it files for its 課長
	// are left out: this test makes the people it needs.
	kijunCmd(t, "demo", "--no-accounts", "--db", dbPath)
	kijunCmd(t, "config", "set", "auth.mfa", "privileged", "--db", dbPath)
	// A member of staff with no role: the city asks only privileged IDs
	// for a second factor, so the provider's sign-in is enough.
	staff := plainStaff(t, dbPath)
	addr := browsertest.FreeAddr(t)
	srv := browsertest.StartServer(t, dbPath, map[string]string{
		"KIJUN_ADDR": addr, "KIJUN_PUBLIC_URL": "http://" + addr,
		"KIJUN_OIDC_ISSUER": idp.Issuer, "KIJUN_OIDC_CLIENT_ID": idp.ClientID, "KIJUN_OIDC_CLIENT_SECRET": idp.ClientSecret,
	})

	idp.Queue("entra-0f3c", staff)
	browsertest.Do(t, ctx,
		chromedp.Navigate(srv.URL+"/signin"),
		chromedp.Click(chromedp.CSS("#oidc")),
		chromedp.WaitVisible(chromedp.CSS(`header nav a[href="/org"]`)),
	)
	if who := browsertest.Text(t, ctx, "#whoami"); !strings.Contains(who, staff) {
		t.Errorf("signed in as %q, want staff %s", who, staff)
	}
	browsertest.Do(t, ctx, chromedp.Navigate(srv.URL+"/account"), chromedp.WaitVisible(chromedp.CSS("#last-signin")))
	if got := browsertest.Text(t, ctx, "dl.facts"); !strings.Contains(got, "市の認証基盤") {
		t.Errorf("account page does not say the sign-in was through the provider: %q", got)
	}
	browsertest.Screenshot(t, ctx, "oidc-account")
	browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS("#signout")), chromedp.WaitVisible(chromedp.CSS("#password")))

	idp.BadSignatures(true)
	idp.Queue("entra-0f3c", staff)
	browsertest.Do(t, ctx,
		chromedp.Click(chromedp.CSS("#oidc")),
		chromedp.WaitVisible(chromedp.CSS("#signin-error")),
	)
	if got := browsertest.Text(t, ctx, "#signin-error"); !strings.Contains(got, "確認できませんでした") {
		t.Errorf("bad signature shows %q", got)
	}
	browsertest.Screenshot(t, ctx, "oidc-bad-signature")
}
