// Package oidctest runs a real OpenID Connect provider inside a test, as
// the city's Entra ID or Keycloak would be: discovery, an authorization
// endpoint, a token endpoint with PKCE, and ID tokens signed with RS256.
// A test queues the person who will sign in next, and can make the
// provider sign badly or issue tokens that have already expired.
package oidctest

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/oauth2-proxy/mockoidc"
)

// Provider is a running OpenID Connect provider.
type Provider struct {
	Issuer, ClientID, ClientSecret string

	m      *mockoidc.MockOIDC
	tamper atomic.Bool
}

// Start runs a provider on a free local port until the test ends.
func Start(t testing.TB) *Provider {
	t.Helper()
	m, err := mockoidc.NewServer(nil)
	if err != nil {
		t.Fatal(err)
	}
	p := &Provider{m: m}
	if err := m.AddMiddleware(p.tamperTokens); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Start(ln, nil); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Shutdown() })
	p.Issuer, p.ClientID, p.ClientSecret = m.Issuer(), m.ClientID, m.ClientSecret
	return p
}

// Queue makes the next sign-in at the provider that of subject, with the
// staff number claim (employee_id) and the authentication methods (amr)
// given.
func (p *Provider) Queue(subject, staffNo string, amr ...string) {
	p.m.QueueUser(user{subject: subject, staffNo: staffNo, amr: amr})
}

// BadSignatures makes the provider's ID tokens fail their signature check
// (a byte of the signature changed) until called with false.
func (p *Provider) BadSignatures(on bool) { p.tamper.Store(on) }

// Age moves the provider's clock by d: a negative d issues tokens that
// have already expired.
func (p *Provider) Age(d time.Duration) { p.m.FastForward(d) }

// tamperTokens changes the signature of the ID token the token endpoint
// returns while BadSignatures is on.
func (p *Provider) tamperTokens(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !p.tamper.Load() || r.URL.Path != mockoidc.TokenEndpoint {
			next.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		var body map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err == nil {
			if tok, ok := body["id_token"].(string); ok {
				parts := strings.Split(tok, ".")
				// One bit of the signature itself changes, so the token
				// stays well formed and only its signature is wrong.
				if sig, err := base64.RawURLEncoding.DecodeString(parts[2]); err == nil {
					sig[len(sig)/2] ^= 0x01
					body["id_token"] = parts[0] + "." + parts[1] + "." + base64.RawURLEncoding.EncodeToString(sig)
				}
			}
			b, _ := json.Marshal(body)
			rec.Body = bytes.NewBuffer(b)
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.Header().Del("Content-Length")
		w.WriteHeader(rec.Code)
		w.Write(rec.Body.Bytes())
	})
}

// user is a person at the provider.
type user struct {
	subject, staffNo string
	amr              []string
}

func (u user) ID() string { return u.subject }

func (u user) Userinfo([]string) ([]byte, error) {
	return json.Marshal(map[string]string{"sub": u.subject, "employee_id": u.staffNo})
}

func (u user) Claims(_ []string, base *mockoidc.IDTokenClaims) (jwt.Claims, error) {
	return &claims{IDTokenClaims: base, EmployeeID: u.staffNo, AMR: u.amr}, nil
}

// claims are an ID token's claims: the standard ones, the staff number
// and the authentication methods.
type claims struct {
	*mockoidc.IDTokenClaims
	EmployeeID string   `json:"employee_id,omitempty"`
	AMR        []string `json:"amr,omitempty"`
}
