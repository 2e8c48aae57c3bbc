package auth

import "time"

// LockoutPolicy is how a city limits sign-in attempts and sessions (8.2.5:
// ログイン試行回数の制限、アクセスタイムアウトの設定).
type LockoutPolicy struct {
	// MaxFailures is how many failed attempts in a row lock the account;
	// zero never locks.
	MaxFailures int
	// LockFor is how long a lock lasts; zero keeps it until an administrator
	// unlocks the account (Unlock).
	LockFor time.Duration
	// IdleTimeout ends a session nobody has used for this long; zero never.
	IdleTimeout time.Duration
	// AbsoluteTimeout ends a session this long after sign-in, however busy;
	// zero never.
	AbsoluteTimeout time.Duration
}

// DefaultLockout returns 5 failures, a 30-minute lock, a 30-minute idle
// timeout and a 12-hour session. The standard names no numbers; these let a
// person who mistypes try again after a coffee and end a forgotten session
// before the next working day.
func DefaultLockout() LockoutPolicy {
	return LockoutPolicy{
		MaxFailures:     5,
		LockFor:         30 * time.Minute,
		IdleTimeout:     30 * time.Minute,
		AbsoluteTimeout: 12 * time.Hour,
	}
}

// SignInState is an account's sign-in counters as storage keeps them. The
// functions of LockoutPolicy take one and return the next; none changes its
// argument.
type SignInState struct {
	// Failures counts the failed attempts in a row toward the lock.
	Failures int
	// LockedAt is when the account was locked; zero when it is not.
	LockedAt time.Time
	// LastFailureAt is the latest failed attempt.
	LastFailureAt time.Time
	// FailuresSinceSignIn counts every failed attempt since the latest
	// successful sign-in, including those made while locked.
	FailuresSinceSignIn int
	// SignedInAt and SignedOutAt are the latest successful sign-in and
	// sign-out.
	SignedInAt  time.Time
	SignedOutAt time.Time
	// PreviousSignInAt, PreviousSignOutAt and PreviousFailures are what the
	// page after sign-in shows (8.2.5: ログイン・ログアウト時刻の表示): the
	// sign-in and sign-out before the current one, and the failed attempts
	// between, so a person sees at once if someone else has been trying.
	// PreviousSignOutAt is zero when that session ended without a sign-out.
	PreviousSignInAt  time.Time
	PreviousSignOutAt time.Time
	PreviousFailures  int
}

// AfterFailure returns s after a failed attempt at now. It locks the account
// when the failures in a row reach MaxFailures (8.2.5). Attempts while locked
// are counted for the notice but do not extend the lock; the first attempt
// after a timed lock has run out starts a fresh count.
func (p LockoutPolicy) AfterFailure(s SignInState, now time.Time) SignInState {
	s.FailuresSinceSignIn++
	s.LastFailureAt = now
	if p.Locked(s, now) {
		return s
	}
	if !s.LockedAt.IsZero() {
		s.LockedAt, s.Failures = time.Time{}, 0
	}
	s.Failures++
	if p.MaxFailures > 0 && s.Failures >= p.MaxFailures {
		s.LockedAt = now
	}
	return s
}

// AfterSuccess returns s after a successful sign-in at now: the counters
// clear and the previous sign-in, sign-out and failures move to the
// Previous fields for LastSignInNotice. Check Locked first; a locked account
// does not sign in even with the right password.
func (p LockoutPolicy) AfterSuccess(s SignInState, now time.Time) SignInState {
	s.PreviousSignInAt = s.SignedInAt
	s.PreviousSignOutAt = s.SignedOutAt
	if s.SignedOutAt.Before(s.SignedInAt) {
		s.PreviousSignOutAt = time.Time{} // that session timed out instead
	}
	s.PreviousFailures = s.FailuresSinceSignIn
	s.SignedInAt = now
	s.Failures, s.FailuresSinceSignIn, s.LockedAt = 0, 0, time.Time{}
	return s
}

// AfterSignOut returns s after the person signs out at now.
func (p LockoutPolicy) AfterSignOut(s SignInState, now time.Time) SignInState {
	s.SignedOutAt = now
	return s
}

// Unlock returns s unlocked by an administrator: the lock and the count
// toward it clear, but the failures stay counted for the person's next
// notice.
func (p LockoutPolicy) Unlock(s SignInState) SignInState {
	s.LockedAt, s.Failures = time.Time{}, 0
	return s
}

// Locked reports whether the account is locked at now: locked and either
// kept until an administrator unlocks it (LockFor zero) or still within
// LockFor.
func (p LockoutPolicy) Locked(s SignInState, now time.Time) bool {
	if s.LockedAt.IsZero() {
		return false
	}
	return p.LockFor == 0 || now.Before(s.LockedAt.Add(p.LockFor))
}

// SessionExpired reports whether a session started at started and last used
// at lastSeen has ended by now (8.2.5: アクセスタイムアウトの設定): idle for
// IdleTimeout or older than AbsoluteTimeout.
func (p LockoutPolicy) SessionExpired(lastSeen, started, now time.Time) bool {
	if p.IdleTimeout > 0 && now.Sub(lastSeen) >= p.IdleTimeout {
		return true
	}
	return p.AbsoluteTimeout > 0 && now.Sub(started) >= p.AbsoluteTimeout
}
