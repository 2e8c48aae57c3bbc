package access

import (
	"context"
	"time"

	"golang.org/x/time/rate"

	"kijun/internal/auth"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/store"
)

// Step is what a signed-in person must do before anything else.
type Step string

// The steps, in the order they are asked for.
const (
	StepNone Step = ""
	// StepSecondFactor: the account has a second factor and this session
	// has not given it yet (6.4.2ア).
	StepSecondFactor Step = "second_factor"
	// StepChangePassword: the password is temporary or too old (7.4.3キ,
	// 8.2.6イ, エ).
	StepChangePassword Step = "change_password"
	// StepEnrolFactor: a second factor is required and none is enrolled.
	StepEnrolFactor Step = "enrol_factor"
	// StepPledge: a 臨時の任用職員 has not given the pledge in force
	// (7.1.2: 誓約 before their account works).
	StepPledge Step = "pledge"
)

// Current is a signed-in session: whose it is and what they must do next.
type Current struct {
	Token     string // the cookie's value; "" for an API token
	Session   store.Session
	Account   auth.Account
	Principal *Principal
	Next      Step
	// Passkeys is how many passkeys the account has.
	Passkeys int
	// User is who is using a shared account in this session (7.4.2イ);
	// "" for an account of one person.
	User string
	// pledgeDue: the person must give the pledge first (7.1.2).
	pledgeDue bool
}

// SignIn checks a user ID and password (the first factor) and, if they are
// right and the account may sign in, opens a session and returns its token
// for the cookie. Every failure, whatever its cause, is the same
// auth.SignInFailed error; the ledger records the cause, and the account's
// failures count toward its lock (8.2.5).
//
// Before any password is hashed, the source address and then the account
// must have a failure to spend (Throttle): a flood is refused at the cost of
// a map look-up, and does not count toward the account's lock, so it cannot
// lock a person out either.
func (s *Service) SignIn(ctx context.Context, id, password, remote string) (*Current, error) {
	return s.SignInAs(ctx, id, "", password, remote)
}

// SignInAs is SignIn naming user, the staff number of the person using
// the account, which a shared account requires (7.4.2イ); an account of
// one person ignores it.
func (s *Service) SignInAs(ctx context.Context, id, user, password, remote string) (*Current, error) {
	now := s.db.Now()
	byAddr, ok := s.byAddress.take(remote, now)
	if !ok {
		return nil, s.refuse(ctx, "unknown", "throttled_address", remote)
	}
	a, err := s.db.Account(ctx, id)
	if err != nil && kijun.ErrorCode(err) != kijun.ENOTFOUND {
		return nil, err
	}
	var byAcct *rate.Reservation
	if a.ID != "" {
		if byAcct, ok = s.byAccount.take(a.ID, now); !ok {
			return nil, s.refuse(ctx, a.ID, "throttled_account", remote)
		}
	}
	ok, err = s.verifyFrom(ctx, remote, password, a.Credential.Hash)
	if err != nil {
		return nil, err
	}
	if a.ID == "" {
		// No account: nothing to count, but the attempt is recorded.
		return nil, s.refuse(ctx, "unknown", "unknown_id", remote)
	}
	if !ok {
		return nil, s.fail(ctx, id, "wrong_password", remote)
	}
	cur, err := s.openAs(ctx, id, user, "password", 1, remote)
	if err == nil {
		// The right password spends nothing: a person who signs in is
		// never throttled by their own mistypes before it.
		byAddr.CancelAt(now)
		byAcct.CancelAt(now)
	}
	return cur, err
}

// RefuseSignIn records a sign-in refused before it was tried, such as one
// whose ID or password is not valid text, and returns the error every
// failed sign-in returns. An ID that names an account counts a failure
// toward its lock, as a wrong password would: no stored password can
// match it.
func (s *Service) RefuseSignIn(ctx context.Context, id, reason, remote string) error {
	if _, ok := s.byAddress.take(remote, s.db.Now()); !ok {
		return s.refuse(ctx, "unknown", "throttled_address", remote)
	}
	if id != "" {
		a, err := s.db.Account(ctx, id)
		if err == nil {
			return s.fail(ctx, a.ID, reason, remote)
		}
		if kijun.ErrorCode(err) != kijun.ENOTFOUND {
			return err
		}
	}
	return s.refuse(ctx, "unknown", reason, remote)
}

// errSignIn is what every failed sign-in returns (auth.SignInFailed).
var errSignIn = auth.SignInFailed(auth.LangJA)

// refuse records a failed attempt that counts toward no lock: an unknown
// ID, or one refused by the throttle. Records are aggregated per entity
// (failureLog), so a flood adds a record a window, not one per attempt.
func (s *Service) refuse(ctx context.Context, entity, reason, remote string) error {
	write, c := s.failures.admit(entity, reason, s.db.Now())
	if !write {
		return errSignIn
	}
	err := s.db.Update(ctx, func(tx *store.Tx) error {
		return record(ctx, tx, "auth.signin.fail", entity, failureState(reason, remote, c, nil), "8.2.5")
	})
	if err != nil {
		return err
	}
	return errSignIn
}

// fail counts a failed attempt on account id and records it, and records
// the lock if this attempt locked the account (8.2.5). The counters are
// stored at every failure; the ledger record is aggregated (failureLog),
// except that a lock is always recorded.
func (s *Service) fail(ctx context.Context, id, reason, remote string) error {
	err := s.db.Update(ctx, func(tx *store.Tx) error {
		a, err := tx.Account(ctx, id)
		if err != nil {
			return err
		}
		now := s.db.Now()
		wasLocked := s.policy.Lockout.Locked(a.SignIn, now)
		a.SignIn = s.policy.Lockout.AfterFailure(a.SignIn, now)
		if a, err = tx.SaveAccount(ctx, a); err != nil {
			return err
		}
		ctx := kijun.WithActor(ctx, actorOf(a))
		if write, c := s.failures.admit(id, reason, now); write {
			st := failureState(reason, remote, c, map[string]any{"failures": a.SignIn.Failures})
			if err := record(ctx, tx, "auth.signin.fail", id, st, "8.2.5"); err != nil {
				return err
			}
		}
		if !wasLocked && s.policy.Lockout.Locked(a.SignIn, now) {
			return record(ctx, tx, "auth.lock", id, accountState(a), "8.2.5")
		}
		return nil
	})
	if err != nil {
		return err
	}
	return errSignIn
}

// open opens a session for account id after its first factor, unless the
// account may not sign in now: disabled, locked, or its person has left.
// Those count as failures too. With no second factor to give, the sign-in
// is complete and the counters clear.
func (s *Service) open(ctx context.Context, id, method string, factors int, remote string) (*Current, error) {
	return s.openAs(ctx, id, "", method, factors, remote)
}

// openAs is open naming the person using the account: a shared account
// opens only for one of its permitted users (7.4.2イ).
func (s *Service) openAs(ctx context.Context, id, user, method string, factors int, remote string) (*Current, error) {
	token, err := randomToken(32)
	if err != nil {
		return nil, err
	}
	csrf, err := randomToken(24)
	if err != nil {
		return nil, err
	}
	refused := ""
	err = s.db.Update(ctx, func(tx *store.Tx) error {
		a, err := tx.Account(ctx, id)
		if err != nil {
			return err
		}
		now := s.db.Now()
		if refused = s.refusal(ctx, tx, a, now); refused != "" {
			return nil
		}
		if user, refused, err = sharedUser(ctx, tx, a, user); err != nil || refused != "" {
			return err
		}
		sess := store.Session{TokenHash: HashToken(token), AccountID: id, CSRF: csrf, Method: method, Factors: factors,
			CreatedAt: now, LastSeen: now, Remote: remote}
		if err := tx.InsertSession(ctx, sess); err != nil {
			return err
		}
		ctx := kijun.WithActor(ctx, actorOf(a))
		st := map[string]any{"method": method, "factors": factors, "remote": remote}
		if user != "" {
			if err := tx.SetSessionUser(ctx, sess.TokenHash, user); err != nil {
				return err
			}
			st["user"] = user
		}
		if err := record(ctx, tx, "auth.signin", id, st, "8.2.5", "6.4.2ア"); err != nil {
			return err
		}
		has, err := s.hasSecondFactor(ctx, tx, a)
		if err != nil {
			return err
		}
		if factors >= 2 || !has {
			return s.complete(ctx, tx, a, now)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if refused != "" {
		return nil, s.fail(ctx, id, refused, remote)
	}
	return s.Authenticate(ctx, token)
}

// refusal says why account a may not sign in at now, or "".
func (s *Service) refusal(ctx context.Context, tx *store.Tx, a auth.Account, now time.Time) string {
	switch {
	case a.Disabled():
		return "disabled"
	case s.policy.Lockout.Locked(a.SignIn, now):
		return "locked"
	}
	if a.StaffNo != "" {
		var status, leftOn string
		err := tx.QueryRowContext(ctx, "SELECT status, left_on FROM org_people WHERE staff_no = ?", a.StaffNo).Scan(&status, &leftOn)
		if err != nil {
			return "no_person"
		}
		// 8.2.1イ(2): a person who has left signs in no more.
		if status == string(organisation.StatusLeft) && leftOn != "" && organisation.FormatDate(organisation.Day(now)) > leftOn {
			return "left"
		}
	}
	return ""
}

// complete marks a sign-in complete: counters clear and the previous
// sign-in moves to the notice (8.2.5).
func (s *Service) complete(ctx context.Context, tx *store.Tx, a auth.Account, now time.Time) error {
	a.SignIn = s.policy.Lockout.AfterSuccess(a.SignIn, now)
	_, err := tx.SaveAccount(ctx, a)
	return err
}

func (s *Service) hasSecondFactor(ctx context.Context, tx *store.Tx, a auth.Account) (bool, error) {
	if a.TOTPSecret != "" {
		return true, nil
	}
	pks, err := tx.Passkeys(ctx, a.ID)
	return len(pks) > 0, err
}

// Authenticate returns the session a cookie's token names. A session idle
// or open too long ends here (8.2.5: アクセスタイムアウト), with its
// record; so does one whose account can no longer sign in.
func (s *Service) Authenticate(ctx context.Context, token string) (*Current, error) {
	if token == "" {
		return nil, errNotSignedIn
	}
	h := HashToken(token)
	now := s.db.Now()
	cur := &Current{Token: token}
	var ended string
	// One read transaction for everything a request needs to know.
	err := s.db.View(ctx, func(tx *store.Tx) (err error) {
		if cur.Session, err = tx.Session(ctx, h); err != nil {
			return err
		}
		if cur.Account, err = tx.Account(ctx, cur.Session.AccountID); err != nil {
			return err
		}
		if s.policy.Lockout.SessionExpired(cur.Session.LastSeen, cur.Session.CreatedAt, now) {
			ended = "timeout"
			return nil
		}
		// A lock stops new sign-ins; an open session ends by a disable.
		if ended = s.refusal(ctx, tx, cur.Account, now); ended == "locked" {
			ended = ""
		}
		if ended != "" {
			return nil
		}
		if cur.Principal, err = s.principalFor(ctx, tx, cur.Account, now); err != nil {
			return err
		}
		if cur.User, err = tx.SessionUser(ctx, h); err != nil {
			return err
		}
		if cur.pledgeDue, err = pledgeDue(ctx, tx, cur.Account, now); err != nil {
			return err
		}
		pks, err := tx.Passkeys(ctx, cur.Account.ID)
		cur.Passkeys = len(pks)
		return err
	})
	if kijun.ErrorCode(err) == kijun.ENOTFOUND {
		return nil, errNotSignedIn
	}
	if err != nil {
		return nil, err
	}
	if ended != "" {
		a, sess := cur.Account, cur.Session
		err := s.db.Update(ctx, func(tx *store.Tx) error {
			if err := tx.DeleteSession(ctx, h); err != nil {
				return err
			}
			ctx := kijun.WithActor(ctx, actorOf(a))
			return record(ctx, tx, "auth.session.end", a.ID, map[string]any{"reason": ended, "started": sess.CreatedAt}, "8.2.5")
		})
		if err != nil {
			return nil, err
		}
		if ended == "timeout" {
			return nil, errTimedOut
		}
		return nil, errNotSignedIn
	}
	if now.Sub(cur.Session.LastSeen) >= time.Minute {
		if err := s.db.TouchSession(ctx, h, now); err != nil {
			return nil, err
		}
		cur.Session.LastSeen = now
	}
	cur.Next = s.next(cur, now)
	return cur, nil
}

var (
	errNotSignedIn = kijun.Errorf(kijun.EUNAUTHORIZED, "ログインしてください")
	errTimedOut    = kijun.Errorf(kijun.EUNAUTHORIZED, "一定時間操作がなかったため、ログアウトしました。もう一度ログインしてください")
)

// next is what cur must do before anything else.
func (s *Service) next(cur *Current, now time.Time) Step {
	hasFactor := cur.Account.TOTPSecret != "" || cur.Passkeys > 0
	switch {
	case cur.Session.Factors < 2 && hasFactor:
		return StepSecondFactor
	case cur.Account.Credential.Hash != "" && cur.Session.Method == "password" &&
		s.policy.Password.MustChange(cur.Account.Credential, now, cur.Principal.Privileged()):
		return StepChangePassword
	case cur.Session.Factors < 2 && s.factorRequired(cur.Principal):
		return StepEnrolFactor
	case cur.pledgeDue:
		return StepPledge
	}
	return StepNone
}

// factorRequired reports whether p must give a second factor (6.4.2ア).
func (s *Service) factorRequired(p *Principal) bool {
	return s.policy.MFA == MFAAll || p.Privileged()
}

// VerifyTOTP takes the second factor of a session as a TOTP code. A wrong
// or replayed code counts as a failed sign-in (8.2.5).
func (s *Service) VerifyTOTP(ctx context.Context, cur *Current, code, remote string) error {
	if cur.Account.TOTPSecret == "" {
		return kijun.Errorf(kijun.EINVALID, "確認コードは登録されていません")
	}
	secret, err := auth.OpenSecret(s.sealKey, cur.Account.TOTPSecret)
	if err != nil {
		return err
	}
	ok := false
	err = s.db.Update(ctx, func(tx *store.Tx) error {
		a, err := tx.Account(ctx, cur.Account.ID)
		if err != nil {
			return err
		}
		now := s.db.Now()
		if s.policy.Lockout.Locked(a.SignIn, now) || a.Disabled() {
			return nil
		}
		step, good := auth.VerifyTOTP(string(secret), code, now, a.TOTPLastStep)
		if !good {
			return nil
		}
		ok = true
		a.TOTPLastStep = step
		a.SignIn = s.policy.Lockout.AfterSuccess(a.SignIn, now)
		if _, err := tx.SaveAccount(ctx, a); err != nil {
			return err
		}
		cur.Session.Factors, cur.Session.LastSeen = 2, now
		if err := tx.UpdateSession(ctx, cur.Session); err != nil {
			return err
		}
		return record(kijun.WithActor(ctx, actorOf(a)), tx, "auth.second_factor", a.ID, map[string]any{"factor": "totp", "step": step}, "6.4.2ア", "8.2.5")
	})
	if err != nil {
		return err
	}
	if !ok {
		return s.fail(ctx, cur.Account.ID, "wrong_totp", remote)
	}
	return nil
}

// SignOut ends the session and records when (8.2.5: ログアウト時刻).
func (s *Service) SignOut(ctx context.Context, cur *Current) error {
	return s.db.Update(ctx, func(tx *store.Tx) error {
		if err := tx.DeleteSession(ctx, cur.Session.TokenHash); err != nil {
			return err
		}
		a, err := tx.Account(ctx, cur.Account.ID)
		if err != nil {
			return err
		}
		a.SignIn = s.policy.Lockout.AfterSignOut(a.SignIn, s.db.Now())
		if _, err := tx.SaveAccount(ctx, a); err != nil {
			return err
		}
		return record(kijun.WithActor(ctx, actorOf(a)), tx, "auth.signout", a.ID, map[string]any{"started": cur.Session.CreatedAt}, "8.2.5")
	})
}
