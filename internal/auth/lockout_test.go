package auth

import (
	"testing"
	"time"
)

var t0 = time.Date(2025, 4, 1, 9, 0, 0, 0, time.UTC)

func fail(p LockoutPolicy, s SignInState, n int, at time.Time) SignInState {
	for range n {
		s = p.AfterFailure(s, at)
	}
	return s
}

func TestLockout(t *testing.T) {
	def := DefaultLockout()
	admin := def
	admin.LockFor = 0
	tests := []struct {
		name     string
		p        LockoutPolicy
		failures int
		at       time.Duration // after the last failure
		want     bool
	}{
		{"4 failures do not lock", def, 4, 0, false},
		{"the 5th failure locks", def, 5, 0, true},
		{"locked a second before the lock runs out", def, 5, 30*time.Minute - time.Second, true},
		{"the lock runs out at 30 minutes", def, 5, 30 * time.Minute, false},
		{"an admin lock does not run out", admin, 5, 365 * 24 * time.Hour, true},
		{"MaxFailures 0 never locks", LockoutPolicy{}, 1000, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := fail(tt.p, SignInState{}, tt.failures, t0)
			if got := tt.p.Locked(s, t0.Add(tt.at)); got != tt.want {
				t.Errorf("Locked after %d failures and %v = %v, want %v (state %+v)", tt.failures, tt.at, got, tt.want, s)
			}
		})
	}
}

func TestLockoutCounting(t *testing.T) {
	p := DefaultLockout()
	s := fail(p, SignInState{}, 5, t0)
	// Attempts while locked count for the notice but do not extend the lock.
	s = fail(p, s, 3, t0.Add(10*time.Minute))
	if got, want := s.LockedAt, t0; !got.Equal(want) {
		t.Errorf("LockedAt = %v, want %v: an attempt while locked moved the lock", got, want)
	}
	if got, want := s.FailuresSinceSignIn, 8; got != want {
		t.Errorf("FailuresSinceSignIn = %d, want %d", got, want)
	}
	// After the lock runs out the count starts again: 4 more do not lock,
	// the 5th does.
	later := t0.Add(time.Hour)
	s = fail(p, s, 4, later)
	if p.Locked(s, later) {
		t.Errorf("locked after 4 failures following an expired lock: %+v", s)
	}
	s = fail(p, s, 1, later)
	if !p.Locked(s, later) {
		t.Errorf("not locked after 5 failures following an expired lock: %+v", s)
	}
	// A success clears the count toward the lock.
	s = p.AfterSuccess(SignInState{Failures: 4}, t0)
	s = p.AfterFailure(s, t0)
	if p.Locked(s, t0) || s.Failures != 1 {
		t.Errorf("after a success one failure gave %+v, want 1 failure and no lock", s)
	}
}

func TestUnlockByAdministrator(t *testing.T) {
	p := DefaultLockout()
	p.LockFor = 0
	s := fail(p, SignInState{}, 5, t0)
	if !p.Locked(s, t0.AddDate(1, 0, 0)) {
		t.Fatalf("an admin lock is not locked a year later")
	}
	s = p.Unlock(s)
	if p.Locked(s, t0) {
		t.Errorf("still locked after Unlock: %+v", s)
	}
	if got, want := s.FailuresSinceSignIn, 5; got != want {
		t.Errorf("Unlock forgot the failures for the notice: got %d, want %d", got, want)
	}
	// The person has MaxFailures fresh attempts again.
	if s = fail(p, s, 4, t0); p.Locked(s, t0) {
		t.Errorf("locked after 4 failures following an unlock")
	}
}

func TestSessionExpired(t *testing.T) {
	p := DefaultLockout()
	tests := []struct {
		name     string
		p        LockoutPolicy
		lastSeen time.Duration // after start
		now      time.Duration // after start
		want     bool
	}{
		{"fresh", p, 0, time.Minute, false},
		{"idle a second short of 30 minutes", p, time.Hour, time.Hour + 30*time.Minute - time.Second, false},
		{"idle exactly 30 minutes", p, time.Hour, time.Hour + 30*time.Minute, true},
		{"busy, a second short of 12 hours", p, 12*time.Hour - 2*time.Second, 12*time.Hour - time.Second, false},
		{"busy, 12 hours", p, 12*time.Hour - time.Second, 12 * time.Hour, true},
		{"no timeouts", LockoutPolicy{}, 0, 1000 * time.Hour, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.p.SessionExpired(t0.Add(tt.lastSeen), t0, t0.Add(tt.now)); got != tt.want {
				t.Errorf("SessionExpired(lastSeen +%v, now +%v) = %v, want %v", tt.lastSeen, tt.now, got, tt.want)
			}
		})
	}
}
