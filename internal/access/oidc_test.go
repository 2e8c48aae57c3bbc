package access_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"kijun/internal/access"
	"kijun/internal/auth"
	"kijun/internal/kijun"
	"kijun/internal/oidctest"
)

// providerSignIn goes through a sign-in at the provider as a browser
// would, and returns what Kijun's callback would be given.
func providerSignIn(t *testing.T, svc *access.Service) (cookie, state, code string) {
	t.Helper()
	cookie, target, err := svc.BeginOIDC(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(target)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	back, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || back.Query().Get("code") == "" {
		t.Fatalf("provider answered %d, Location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	return cookie, back.Query().Get("state"), back.Query().Get("code")
}

// TestOIDC signs in through a real OpenID Connect provider: a first
// sign-in links the subject to the person by staff number and makes their
// account, the next finds it by subject; a bad signature, an expired token,
// a wrong state, a stolen flow and an unknown person are all refused with
// one message, and recorded.
func TestOIDC(t *testing.T) {
	each(t, func(t *testing.T, e env) {
		ctx := context.Background()
		idp := oidctest.Start(t)
		p := cheapPolicy()
		p.MFA = access.MFAPrivileged
		svc, err := access.New(ctx, access.Config{DB: e.db, Policy: p, SealKey: make([]byte, auth.KeySize),
			OIDC: &access.OIDCConfig{Issuer: idp.Issuer, ClientID: idp.ClientID, ClientSecret: idp.ClientSecret, RedirectURL: "http://kijun.test/auth/oidc/callback"}})
		if err != nil {
			t.Fatal(err)
		}
		// The provider's clock is real time; so must Kijun's be here.
		e.clock.Add(time.Since(e.clock.Now()))

		idp.Queue("entra-sub-1002", "1002")
		cookie, state, code := providerSignIn(t, svc)
		cur, err := svc.FinishOIDC(ctx, cookie, state, code, "192.0.2.1")
		if err != nil {
			t.Fatalf("first sign-in: %v", err)
		}
		if cur.Account.StaffNo != "1002" || cur.Session.Method != "oidc" || cur.Next != access.StepNone {
			t.Errorf("signed in as %+v, next %q; want 1002 by oidc with nothing pending", cur.Account, cur.Next)
		}
		if cur.Account.Credential.Hash != "" {
			t.Error("an account made through the provider has a password")
		}
		// The same subject again finds the same account, even with another staff claim.
		idp.Queue("entra-sub-1002", "")
		cookie, state, code = providerSignIn(t, svc)
		if cur, err = svc.FinishOIDC(ctx, cookie, state, code, ""); err != nil || cur.Account.ID != "1002" {
			t.Fatalf("second sign-in: %+v, %v", cur, err)
		}
		// A flow is used once: the same callback again is refused.
		if _, err := svc.FinishOIDC(ctx, cookie, state, code, ""); kijun.ErrorCode(err) != kijun.EUNAUTHORIZED {
			t.Errorf("replayed callback: %v", err)
		}

		refused := func(name, cause string, prepare func() (string, string, string)) {
			t.Helper()
			cookie, state, code := prepare()
			_, err := svc.FinishOIDC(ctx, cookie, state, code, "")
			if kijun.ErrorCode(err) != kijun.EUNAUTHORIZED || !strings.Contains(kijun.ErrorMessage(err), "確認できませんでした") {
				t.Errorf("%s: %v, want the one refusal", name, err)
			}
			if !strings.Contains(err.Error(), cause) {
				t.Errorf("%s refused for %q, want a cause naming %q", name, err, cause)
			}
		}
		refused("bad signature", "signature", func() (string, string, string) {
			idp.BadSignatures(true)
			idp.Queue("entra-sub-1002", "1002")
			return providerSignIn(t, svc)
		})
		idp.BadSignatures(false)
		refused("expired token", "expired", func() (string, string, string) {
			idp.Age(-2 * time.Hour)
			idp.Queue("entra-sub-1002", "1002")
			return providerSignIn(t, svc)
		})
		idp.Age(2 * time.Hour)
		refused("wrong state", "state", func() (string, string, string) {
			idp.Queue("entra-sub-1002", "1002")
			c, _, code := providerSignIn(t, svc)
			return c, "forged", code
		})
		refused("another browser's flow", "no_flow", func() (string, string, string) {
			idp.Queue("entra-sub-1002", "1002")
			_, s, code := providerSignIn(t, svc)
			return "not-this-browser", s, code
		})
		refused("unknown person", "9999", func() (string, string, string) {
			idp.Queue("entra-sub-9999", "9999")
			return providerSignIn(t, svc)
		})
		if _, err := e.db.Account(ctx, "9999"); kijun.ErrorCode(err) != kijun.ENOTFOUND {
			t.Errorf("an account was made for an unknown person: %v", err)
		}
		// A sign-in whose methods include a second factor counts as two (6.4.2ア).
		idp.Queue("entra-sub-1001", "1001", "pwd", "mfa")
		cookie, state, code = providerSignIn(t, svc)
		if cur, err = svc.FinishOIDC(ctx, cookie, state, code, ""); err != nil || cur.Session.Factors != 2 {
			t.Errorf("sign-in with amr mfa: factors %d, %v; want 2", cur.Session.Factors, err)
		}
		// Five refusals and the replayed callback, of four kinds: within
		// a window the ledger records each kind once (no_flow twice and
		// id_token twice are counted, not recorded again).
		if got := actions(t, e.db, "oidc"); len(got) != 4 {
			t.Errorf("ledger has %d refused provider sign-ins, want 4: %v", len(got), got)
		}
	})
}
