package auth

import (
	"net/url"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
)

func codeAt(t *testing.T, secret string, step int64) string {
	t.Helper()
	c, err := totp.GenerateCode(secret, time.Unix(step*totpPeriod, 0))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestNewTOTPSecret(t *testing.T) {
	secret, raw, err := NewTOTPSecret("Kijun 神戸市", "u1234")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(secret), 32; got != want { // 20 bytes in base32
		t.Errorf("len(secret) = %d, want %d", got, want)
	}
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	if u.Scheme != "otpauth" || u.Host != "totp" || u.Query().Get("secret") != secret || u.Query().Get("issuer") != "Kijun 神戸市" {
		t.Errorf("URL = %q, want otpauth://totp with the secret and issuer", raw)
	}
	if other, _, _ := NewTOTPSecret("Kijun", "u1234"); other == secret {
		t.Errorf("two secrets are equal")
	}
	if _, _, err := NewTOTPSecret("", "u1234"); err == nil {
		t.Errorf("NewTOTPSecret without an issuer succeeded")
	}
}

func TestVerifyTOTP(t *testing.T) {
	secret, _, err := NewTOTPSecret("Kijun", "u1234")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2025, 4, 1, 9, 0, 10, 0, time.UTC)
	step := TOTPStep(now)
	tests := []struct {
		name     string
		code     string
		lastUsed int64
		wantStep int64
		wantOK   bool
	}{
		{"current step", codeAt(t, secret, step), 0, step, true},
		{"the step before", codeAt(t, secret, step-1), 0, step - 1, true},
		{"the step after", codeAt(t, secret, step+1), 0, step + 1, true},
		{"two steps before", codeAt(t, secret, step-2), 0, 0, false},
		{"two steps after", codeAt(t, secret, step+2), 0, 0, false},
		{"replayed: the current step already used", codeAt(t, secret, step), step, 0, false},
		{"replayed: an earlier step after a later one", codeAt(t, secret, step-1), step, 0, false},
		{"the step after the last used", codeAt(t, secret, step+1), step, step + 1, true},
		{"current after the step before was used", codeAt(t, secret, step), step - 1, step, true},
		{"spaces ignored", codeAt(t, secret, step)[:3] + " " + codeAt(t, secret, step)[3:], 0, step, true},
		{"wrong code", "000000", 0, 0, false},
		{"too short", codeAt(t, secret, step)[:5], 0, 0, false},
		{"empty", "", 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.name == "wrong code" && tt.code == codeAt(t, secret, step) {
				t.Skip("000000 happens to be the code")
			}
			gotStep, gotOK := VerifyTOTP(secret, tt.code, now, tt.lastUsed)
			if gotStep != tt.wantStep || gotOK != tt.wantOK {
				t.Errorf("VerifyTOTP(%q, last used %d) = %d, %v; want %d, %v", tt.code, tt.lastUsed, gotStep, gotOK, tt.wantStep, tt.wantOK)
			}
		})
	}
	// The sign-in stores the step; the same code a second later is a replay.
	used, ok := VerifyTOTP(secret, codeAt(t, secret, step), now, 0)
	if !ok {
		t.Fatal("first use refused")
	}
	if _, ok := VerifyTOTP(secret, codeAt(t, secret, step), now.Add(time.Second), used); ok {
		t.Errorf("the same code was accepted twice")
	}
	if _, ok := VerifyTOTP("not base32!", "123456", now, 0); ok {
		t.Errorf("a malformed secret verified a code")
	}
}

func TestTOTPURLKeepsSecret(t *testing.T) {
	secret, url, err := NewTOTPSecret("神戸市 Kijun", "1002")
	if err != nil {
		t.Fatal(err)
	}
	again, err := TOTPURL("神戸市 Kijun", "1002", secret)
	if err != nil {
		t.Fatal(err)
	}
	if again != url {
		t.Errorf("TOTPURL = %q, want the enrolment's %q", again, url)
	}
	if _, err := TOTPURL("Kijun", "1002", "not base32!"); err == nil {
		t.Error("TOTPURL of a bad secret: no error")
	}
}
