package access

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"

	"kijun/internal/auth"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/store"
)

// Service signs people in and out and keeps their accounts.
type Service struct {
	db      *store.DB
	policy  Policy
	sealKey []byte
	issuer  string
	// hashing limits how many argon2id hashes run at once: each takes
	// Params.Memory, and a flood of sign-ins must not exhaust memory.
	hashing chan struct{}
	// dummy is a hash checked against for an unknown user ID, so that a
	// wrong ID takes as long as a wrong password.
	dummy string
	oidc  *oidcClient
	pk    *passkeys
	roles roleCache
	// byAddress and byAccount limit failed sign-ins before any hash;
	// failures aggregates their ledger records (8.2.5).
	byAddress, byAccount *limiters
	failures             *failureLog
	inflight             addressSlots
}

// Config is what a Service needs.
type Config struct {
	DB     *store.DB
	Policy Policy
	// SealKey encrypts TOTP secrets at rest (auth.KeySize bytes). It comes
	// from a file beside the ledger key, never from the database.
	SealKey []byte
	// Issuer names Kijun in authenticator apps; the city's name is best.
	Issuer string
	// OIDC, when set, lets people sign in with the city's identity provider.
	OIDC *OIDCConfig
	// Passkeys, when set, lets people use WebAuthn passkeys as a second
	// factor: the server's origin, such as https://kijun.city.example.
	PasskeyOrigin string
	// Throttle limits failed sign-ins per address and per account;
	// DefaultThrottle when zero.
	Throttle Throttle
}

// New returns a Service. It fails on a seal key of the wrong size.
func New(ctx context.Context, cfg Config) (*Service, error) {
	if len(cfg.SealKey) != auth.KeySize {
		return nil, kijun.Errorf(kijun.EINVALID, "secret key must be %d bytes, not %d", auth.KeySize, len(cfg.SealKey))
	}
	if cfg.Issuer == "" {
		cfg.Issuer = "Kijun"
	}
	s := &Service{db: cfg.DB, policy: cfg.Policy, sealKey: cfg.SealKey, issuer: cfg.Issuer, hashing: make(chan struct{}, 4)}
	if s.policy.Params == (auth.Params{}) {
		s.policy = DefaultPolicy()
	}
	th := cfg.Throttle
	if th == (Throttle{}) {
		th = DefaultThrottle()
	}
	s.byAddress = newLimiters(th.AddressBurst, th.AddressEvery)
	s.byAccount = newLimiters(th.AccountBurst, th.AccountEvery)
	s.failures = &failureLog{window: th.RecordEvery, m: map[string]*failureWindow{}}
	pw, err := auth.NewTemporaryPassword()
	if err != nil {
		return nil, err
	}
	if s.dummy, err = auth.HashPassword(pw, s.policy.Params); err != nil {
		return nil, err
	}
	if cfg.OIDC != nil {
		if s.oidc, err = newOIDCClient(ctx, *cfg.OIDC); err != nil {
			return nil, err
		}
	}
	if cfg.PasskeyOrigin != "" {
		if s.pk, err = newPasskeys(cfg.PasskeyOrigin, cfg.Issuer); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// Policy returns the sign-in policy in force.
func (s *Service) Policy() Policy { return s.policy }

// OIDCEnabled reports whether the city's identity provider is configured.
func (s *Service) OIDCEnabled() bool { return s.oidc != nil }

// PasskeysEnabled reports whether passkeys can be used.
func (s *Service) PasskeysEnabled() bool { return s.pk != nil }

// verify checks password against hash, at most len(s.hashing) at a time.
// An empty hash (an account without a password) checks against the dummy
// and fails.
func (s *Service) verify(ctx context.Context, password, hash string) (bool, error) {
	return s.verifyFrom(ctx, "", password, hash)
}

// verifyFrom is verify for a sign-in from the address remote: at most
// perAddress hashes of one address run at once, the rest wait their turn
// outside the shared slots, so a flood from one address cannot keep a
// person at another waiting behind its hashes.
func (s *Service) verifyFrom(ctx context.Context, remote, password, hash string) (bool, error) {
	if remote != "" {
		release, err := s.inflight.acquire(ctx, remote)
		if err != nil {
			return false, err
		}
		defer release()
	}
	select {
	case s.hashing <- struct{}{}:
	case <-ctx.Done():
		return false, ctx.Err()
	}
	defer func() { <-s.hashing }()
	if hash == "" {
		_, _ = auth.VerifyPassword(password, s.dummy)
		return false, nil
	}
	return auth.VerifyPassword(password, hash)
}

// Bootstrap makes the first administrator when there is no account at all,
// and returns its user ID and one-time temporary password, to be printed
// once and changed at the first sign-in (7.4.3キ, 8.2.6イ). The ID is
// generated, not a default such as "admin" (8.2.1ウ(5)). With accounts
// already present it returns "", "", nil.
func (s *Service) Bootstrap(ctx context.Context) (id, password string, err error) {
	n, err := s.db.CountAccounts(ctx)
	if err != nil || n > 0 {
		return "", "", err
	}
	suffix, err := randomToken(4)
	if err != nil {
		return "", "", err
	}
	id = "admin-" + strings.ToLower(strings.NewReplacer("-", "x", "_", "y").Replace(suffix))
	a := auth.Account{ID: id, DisplayName: "初期管理者", Admin: true, Status: auth.StatusActive, CreatedAt: s.db.Now()}
	password, a.Credential, err = s.policy.Password.IssueTemporary(auth.Credential{}, s.policy.Params, s.db.Now())
	if err != nil {
		return "", "", err
	}
	made := false
	err = s.db.Update(ctx, func(tx *store.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM auth_accounts").Scan(&n); err != nil || n > 0 {
			return err // another process made the first administrator first
		}
		if err := tx.InsertAccount(ctx, a); err != nil {
			return err
		}
		made = true
		return record(ctx, tx, "auth.account.create", a.ID, accountState(a), "8.2.1イ(2)", "8.2.1ウ", "8.2.6イ")
	})
	if err != nil || !made {
		return "", "", err
	}
	return id, password, nil
}

// record appends the ledger record of an auth event in tx.
func record(ctx context.Context, tx *store.Tx, action, accountID string, state any, provisions ...string) error {
	_, err := tx.Record(ctx, store.Change{Action: action, Entity: "account", EntityID: accountID, State: state, Provisions: provisions})
	return err
}

// accountState is what a record's digest covers of an account: never the
// password hash or the TOTP secret, only what changed and how.
func accountState(a auth.Account) map[string]any {
	return map[string]any{
		"id": a.ID, "staff_no": a.StaffNo, "admin": a.Admin, "status": a.Status,
		"must_change": a.Credential.MustChange, "password_changed_at": a.Credential.ChangedAt,
		"failures": a.SignIn.Failures, "locked_at": a.SignIn.LockedAt, "totp": a.TOTPSecret != "",
		"oidc": a.OIDCSubject != "", "version": a.Version,
	}
}

// actorOf is the ledger actor for an account.
func actorOf(a auth.Account) kijun.Actor {
	if a.StaffNo != "" {
		return kijun.Actor{ID: organisation.ActorID(a.StaffNo)}
	}
	return kijun.Actor{ID: "account:" + a.ID}
}

// randomToken returns n random bytes, base64url.
func randomToken(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", kijun.Wrap(kijun.EINTERNAL, err, "read random")
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// HashToken returns the stored form of a session, flow or API token: its
// SHA-256, hex. The tokens carry 256 random bits, so a fast hash is enough.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
