package auth

import (
	"slices"
	"strings"
	"testing"
	"time"

	"kijun/internal/kijun"
)

func TestChange(t *testing.T) {
	p := DefaultPolicy()
	p.History = 2
	now := time.Date(2025, 4, 1, 9, 0, 0, 0, time.UTC)
	pw, c, err := p.IssueTemporary(Credential{}, cheap(), now)
	if err != nil {
		t.Fatal(err)
	}
	if !c.MustChange || !p.MustChange(c, now, false) {
		t.Fatalf("a temporary password does not have to be changed: %+v", c)
	}
	if ok, _ := VerifyPassword(pw, c.Hash); !ok {
		t.Fatalf("the temporary password does not verify against its hash")
	}
	// The person changes it three times; each change pushes the old hash.
	for i, next := range []string{"First1!pw", "Second2!pw", "Third3!pw"} {
		c, err = p.Change(c, next, cheap(), now.AddDate(0, 0, i+1), "u1234")
		if err != nil {
			t.Fatalf("change to %q: %v", next, err)
		}
	}
	if c.MustChange || p.MustChange(c, now, false) {
		t.Errorf("after a change the person still must change: %+v", c)
	}
	if got, want := len(c.History), 2; got != want {
		t.Errorf("history holds %d hashes, want %d", got, want)
	}
	tests := []struct {
		name     string
		password string
		want     []string // rules broken, nil for accepted
	}{
		{"current", "Third3!pw", []string{"history"}},
		{"last before", "Second2!pw", []string{"history"}},
		{"two before", "First1!pw", []string{"history"}},
		{"the temporary one, out of a history of 2", pw, nil},
		{"new", "Fourth4!pw", nil},
		{"every rule broken is listed", "abc", []string{"length", "upper", "digit", "symbol"}},
		{"user ID", "u1234!Abcd", []string{"personal"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := p.Change(c, tt.password, cheap(), now, "u1234")
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Change(%q) = %v, want accepted", tt.password, err)
				}
				if got.History[0] != c.Hash {
					t.Errorf("history[0] = %q, want the replaced hash %q", got.History[0], c.Hash)
				}
				return
			}
			if kijun.ErrorCode(err) != kijun.EINVALID {
				t.Fatalf("Change(%q) = %v, want EINVALID", tt.password, err)
			}
			if got.Hash != c.Hash {
				t.Errorf("a refused change altered the credential")
			}
			msg := kijun.ErrorMessage(err)
			for _, v := range p.Violations(tt.password, "u1234") {
				if !strings.Contains(msg, v.Text) {
					t.Errorf("message %q does not list %q", msg, v.Text)
				}
			}
			if slices.Contains(tt.want, "history") && !strings.Contains(msg, "直近2回") {
				t.Errorf("message %q does not say the history rule", msg)
			}
		})
	}
	// A temporary password issued over this credential keeps the old one in
	// the history.
	_, reset, err := p.IssueTemporary(c, cheap(), now)
	if err != nil {
		t.Fatal(err)
	}
	if !reset.MustChange || reset.History[0] != c.Hash {
		t.Errorf("IssueTemporary over a credential = %+v, want MustChange and the old hash first in history", reset)
	}
}

func TestMustChangeWhenExpired(t *testing.T) {
	p := DefaultPolicy()
	changed := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	c := Credential{Hash: "x", ChangedAt: changed}
	tests := []struct {
		now        time.Time
		privileged bool
		want       bool
	}{
		{changed.AddDate(0, 6, 0).Add(-time.Second), true, false},
		{changed.AddDate(0, 6, 0), true, true},
		{changed.AddDate(0, 6, 0), false, false},
	}
	for _, tt := range tests {
		if got := p.MustChange(c, tt.now, tt.privileged); got != tt.want {
			t.Errorf("MustChange(at %v, privileged %v) = %v, want %v", tt.now, tt.privileged, got, tt.want)
		}
	}
}
