package access

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"kijun/internal/auth"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/store"
)

// OIDCConfig connects Kijun to the city's identity provider (Entra ID,
// Keycloak or any OpenID Connect provider).
type OIDCConfig struct {
	Issuer       string
	ClientID     string
	ClientSecret string
	// RedirectURL is Kijun's callback, https://HOST/auth/oidc/callback.
	RedirectURL string
	// StaffClaim is the ID token claim that holds the person's staff
	// number, used to link a first sign-in to the person; "employee_id"
	// when empty.
	StaffClaim string
}

// oidcClient is the relying party. It reaches the provider on first use,
// so Kijun starts even while the provider is down.
type oidcClient struct {
	cfg      OIDCConfig
	mu       sync.Mutex
	verifier *oidc.IDTokenVerifier
	oauth    *oauth2.Config
}

func newOIDCClient(_ context.Context, cfg OIDCConfig) (*oidcClient, error) {
	if cfg.Issuer == "" || cfg.ClientID == "" || cfg.RedirectURL == "" {
		return nil, kijun.Errorf(kijun.EINVALID, "OpenID Connect needs an issuer, a client ID and a redirect URL")
	}
	if cfg.StaffClaim == "" {
		cfg.StaffClaim = "employee_id"
	}
	return &oidcClient{cfg: cfg}, nil
}

// ready fetches the provider's discovery document once.
func (c *oidcClient) ready(ctx context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.verifier != nil {
		return nil
	}
	p, err := oidc.NewProvider(ctx, c.cfg.Issuer)
	if err != nil {
		return kijun.Wrap(kijun.EUNAVAILABLE, err, "市の認証基盤（%s）に接続できません。しばらくしてからやり直してください", c.cfg.Issuer)
	}
	c.verifier = p.Verifier(&oidc.Config{ClientID: c.cfg.ClientID})
	c.oauth = &oauth2.Config{ClientID: c.cfg.ClientID, ClientSecret: c.cfg.ClientSecret, Endpoint: p.Endpoint(),
		RedirectURL: c.cfg.RedirectURL, Scopes: []string{oidc.ScopeOpenID, "profile"}}
	return nil
}

// oidcFlow is what Kijun keeps between sending the person to the provider
// and their return.
type oidcFlow struct {
	State    string `json:"state"`
	Nonce    string `json:"nonce"`
	Verifier string `json:"verifier"`
}

// flowTTL is how long a person has at the provider.
const flowTTL = 10 * time.Minute

// BeginOIDC starts a sign-in at the city's identity provider. It returns
// the value of the short-lived cookie that binds the flow to this browser,
// and the provider's URL to send the browser to.
func (s *Service) BeginOIDC(ctx context.Context) (cookie, url string, err error) {
	if s.oidc == nil {
		return "", "", kijun.Errorf(kijun.ENOTFOUND, "市の認証基盤によるログインは設定されていません")
	}
	if err := s.oidc.ready(ctx); err != nil {
		return "", "", err
	}
	var f oidcFlow
	for _, p := range []*string{&cookie, &f.State, &f.Nonce} {
		if *p, err = randomToken(24); err != nil {
			return "", "", err
		}
	}
	f.Verifier = oauth2.GenerateVerifier()
	data, _ := json.Marshal(f)
	if err := s.db.Update(ctx, func(tx *store.Tx) error {
		return tx.InsertFlow(ctx, HashToken(cookie), "oidc", string(data), s.db.Now())
	}); err != nil {
		return "", "", err
	}
	return cookie, s.oidc.oauth.AuthCodeURL(f.State, oidc.Nonce(f.Nonce), oauth2.S256ChallengeOption(f.Verifier)), nil
}

// errOIDC is what a failed provider sign-in shows: the cause goes to the
// ledger, not to the page.
var errOIDC = kijun.Errorf(kijun.EUNAUTHORIZED, "市の認証基盤でのログインを確認できませんでした。もう一度ログインしてください")

// FinishOIDC completes a provider sign-in: the state must match the flow
// of this browser's cookie, the code is exchanged, and the ID token's
// signature, issuer, audience, expiry and nonce are checked. The subject
// then names an account, or, on a first sign-in, the staff number claim
// names an active person whose account is linked or made. A token whose
// authentication methods (amr) include a second factor counts as two.
func (s *Service) FinishOIDC(ctx context.Context, cookie, state, code, remote string) (*Current, error) {
	if s.oidc == nil {
		return nil, kijun.Errorf(kijun.ENOTFOUND, "市の認証基盤によるログインは設定されていません")
	}
	if err := s.oidc.ready(ctx); err != nil {
		return nil, err
	}
	var raw string
	var began time.Time
	err := s.db.Update(ctx, func(tx *store.Tx) (err error) {
		raw, began, err = tx.TakeFlow(ctx, HashToken(cookie), "oidc")
		return err
	})
	if err != nil {
		return nil, s.oidcFailed(ctx, "no_flow", remote, err)
	}
	var f oidcFlow
	if err := json.Unmarshal([]byte(raw), &f); err != nil {
		return nil, err
	}
	if state == "" || state != f.State || s.db.Now().Sub(began) > flowTTL {
		return nil, s.oidcFailed(ctx, "state", remote, nil)
	}
	tok, err := s.oidc.oauth.Exchange(ctx, code, oauth2.VerifierOption(f.Verifier))
	if err != nil {
		return nil, s.oidcFailed(ctx, "exchange", remote, err)
	}
	rawID, _ := tok.Extra("id_token").(string)
	idt, err := s.oidc.verifier.Verify(ctx, rawID)
	if err != nil {
		return nil, s.oidcFailed(ctx, "id_token", remote, err)
	}
	if idt.Nonce != f.Nonce {
		return nil, s.oidcFailed(ctx, "nonce", remote, nil)
	}
	var claims map[string]any
	if err := idt.Claims(&claims); err != nil {
		return nil, s.oidcFailed(ctx, "claims", remote, err)
	}
	staffNo, _ := claims[s.oidc.cfg.StaffClaim].(string)
	id, err := s.linkSubject(ctx, idt.Issuer+"|"+idt.Subject, staffNo)
	if err != nil {
		return nil, s.oidcFailed(ctx, "no_account", remote, err)
	}
	factors := 1
	if amr, ok := claims["amr"].([]any); ok && (slices.Contains(amr, any("mfa")) || len(amr) >= 2) {
		factors = 2
	}
	return s.open(ctx, id, "oidc", factors, remote)
}

// oidcFailed records a failed provider sign-in and returns errOIDC.
func (s *Service) oidcFailed(ctx context.Context, reason, remote string, cause error) error {
	detail := ""
	if cause != nil {
		detail = cause.Error()
	}
	// Aggregated as the other failures are (failureLog).
	if write, c := s.failures.admit("oidc", reason, s.db.Now()); write {
		err := s.db.Update(ctx, func(tx *store.Tx) error {
			return record(ctx, tx, "auth.signin.fail", "oidc", failureState(reason, remote, c, map[string]any{"detail": detail}), "8.2.5")
		})
		if err != nil {
			return err
		}
	}
	// The page shows only errOIDC's message; the cause is for the log.
	if cause == nil {
		cause = errors.New(reason)
	} else {
		cause = fmt.Errorf("%s: %w", reason, cause)
	}
	return &kijun.Error{Code: errOIDC.Code, Message: errOIDC.Message, Err: cause}
}

// linkSubject returns the account of a provider subject, linking it on a
// first sign-in to the account of the person with staffNo, or making one
// (with no password: this person signs in only through the provider).
func (s *Service) linkSubject(ctx context.Context, subject, staffNo string) (string, error) {
	var id string
	err := s.db.Update(ctx, func(tx *store.Tx) error {
		a, err := tx.AccountWhere(ctx, "oidc_subject", subject)
		if err == nil {
			id = a.ID
			return nil
		}
		if kijun.ErrorCode(err) != kijun.ENOTFOUND {
			return err
		}
		if staffNo == "" {
			return kijun.Errorf(kijun.ENOTFOUND, "ID token has no staff number claim")
		}
		a, err = tx.AccountWhere(ctx, "staff_no", staffNo)
		switch {
		case err == nil:
			if a.OIDCSubject != "" {
				return kijun.Errorf(kijun.ECONFLICT, "account %s is linked to another subject", a.ID)
			}
			a.OIDCSubject = subject
			if a, err = tx.SaveAccount(ctx, a); err != nil {
				return err
			}
			id = a.ID
			return record(kijun.WithActor(ctx, actorOf(a)), tx, "auth.account.link", a.ID, accountState(a), "8.2.1イ(1)")
		case kijun.ErrorCode(err) != kijun.ENOTFOUND:
			return err
		}
		var name, status string
		if err := tx.QueryRowContext(ctx, "SELECT name, status FROM org_people WHERE staff_no = ?", staffNo).Scan(&name, &status); err != nil {
			return kijun.Errorf(kijun.ENOTFOUND, "no person with staff number %s", staffNo)
		}
		if status != string(organisation.StatusActive) {
			return kijun.Errorf(kijun.EFORBIDDEN, "person %s has left", staffNo)
		}
		a = auth.Account{ID: staffNo, StaffNo: staffNo, DisplayName: name, Status: auth.StatusActive, OIDCSubject: subject, CreatedAt: s.db.Now()}
		if err := tx.InsertAccount(ctx, a); err != nil {
			return err
		}
		id = a.ID
		return record(kijun.WithActor(ctx, actorOf(a)), tx, "auth.account.create", a.ID, accountState(a), "8.2.1イ(1)", "8.2.1イ(2)")
	})
	return id, err
}
