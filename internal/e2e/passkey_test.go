package e2e

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/webauthn"
	"github.com/chromedp/chromedp"

	"kijun/internal/browsertest"
)

// A person registers a passkey on their account page, with a virtual
// authenticator standing in for the computer's, and next time gives it as
// the second factor instead of a code (6.4.2ア).
func TestPasskeyInBrowser(t *testing.T) {
	ctx := browsertest.Browser(t)
	dbPath := filepath.Join(t.TempDir(), "kijun.db")
	kijunCmd(t, "demo", "--db", dbPath)
	login := seedLogin(t, dbPath, plainStaff(t, dbPath), false)
	// WebAuthn names the site by its host name, so the browser uses localhost.
	addr := browsertest.FreeAddr(t)
	base := "http://localhost" + addr[strings.LastIndex(addr, ":"):]
	browsertest.StartServer(t, dbPath, map[string]string{"KIJUN_ADDR": addr, "KIJUN_PUBLIC_URL": base})
	browsertest.Do(t, ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, webauthn.Enable, webauthn.EnableParams{}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, tg, webauthn.AddVirtualAuthenticator, webauthn.AddVirtualAuthenticatorParams{Options: &webauthn.VirtualAuthenticatorOptions{
			Protocol: webauthn.AuthenticatorProtocolCtap2, Ctap2version: webauthn.Ctap2versionCtap21, Transport: webauthn.AuthenticatorTransportInternal,
			HasResidentKey: true, HasUserVerification: true, IsUserVerified: true, AutomaticPresenceSimulation: true,
		}})
		return err
	}))

	browsertest.SignIn(t, ctx, base, login)
	browsertest.Do(t, ctx,
		chromedp.Navigate(base+"/account"),
		chromedp.WaitVisible(chromedp.CSS("#passkey-register")),
		chromedp.SetValue(chromedp.CSS("#passkey-name"), "試験用の端末"),
		chromedp.Click(chromedp.CSS("#passkey-register")),
		chromedp.WaitVisible(chromedp.CSS("#enrolled")),
	)
	if got := browsertest.Text(t, ctx, "#passkeys + table"); !strings.Contains(got, "試験用の端末") {
		t.Errorf("passkeys listed: %q", got)
	}
	browsertest.Screenshot(t, ctx, "passkey-registered")

	browsertest.Do(t, ctx,
		chromedp.Click(chromedp.CSS("#signout")),
		chromedp.WaitVisible(chromedp.CSS("#password")),
		chromedp.SendKeys(chromedp.CSS("#id"), login.ID),
		chromedp.SendKeys(chromedp.CSS("#password"), login.Password),
		chromedp.Click(chromedp.CSS("#signin")),
		chromedp.WaitVisible(chromedp.CSS("#passkey-login")),
	)
	browsertest.Screenshot(t, ctx, "passkey-second-factor")
	browsertest.Do(t, ctx,
		chromedp.Click(chromedp.CSS("#passkey-login")),
		chromedp.WaitVisible(chromedp.CSS(`header nav a[href="/org"]`)),
	)
	if who := browsertest.Text(t, ctx, "#whoami"); !strings.Contains(who, login.ID) {
		t.Errorf("signed in as %q", who)
	}
}
