package access

import (
	"context"
	"crypto/subtle"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/store"
)

// tokenPrefix starts every API token, so a leaked one is easy to spot in a
// repository or a log.
const tokenPrefix = "kjn_"

// MaxTokenDays is the longest an API token may live.
const MaxTokenDays = 366

// CreateToken makes a personal API token for the signed-in person and
// returns it; it is shown once and only its hash is kept. Its scope is
// ScopeRead or ScopeWrite, and it expires after days (1 to MaxTokenDays).
func (s *Service) CreateToken(ctx context.Context, cur *Current, name, scope string, days int) (string, store.APIToken, error) {
	return s.CreateLimitedToken(ctx, cur, name, scope, days, TokenLimits{})
}

// TokenLimits narrow what a token may reach beyond its read or write scope.
type TokenLimits struct {
	// Registers are parts of the API (devices, assets, permits...); none is all.
	Registers []string
	// Unit is a 局 or 課: the token sees and changes only what lies in it
	// and under it, and no more than the person could.
	Unit string
}

// CreateLimitedToken is CreateToken with limits: some registers, one 局 or 課.
func (s *Service) CreateLimitedToken(ctx context.Context, cur *Current, name, scope string, days int, lim TokenLimits) (string, store.APIToken, error) {
	name = strings.TrimSpace(name)
	var problems []string
	if name == "" || utf8.RuneCountInString(name) > 100 {
		problems = append(problems, "名前は1〜100文字で入力してください")
	}
	if scope != ScopeRead && scope != ScopeWrite {
		problems = append(problems, "権限は read か write を選んでください")
	}
	if days < 1 || days > MaxTokenDays {
		problems = append(problems, "有効日数は1〜366日で入力してください")
	}
	for _, r := range lim.Registers {
		if !validRegister(r) {
			problems = append(problems, fmt.Sprintf("登録簿 %q は英小文字とハイフンの名前にしてください（devices、assets など）", r))
		}
	}
	lim.Unit = strings.TrimSpace(lim.Unit)
	if lim.Unit != "" {
		if _, err := s.db.Unit(ctx, lim.Unit, organisation.Day(s.db.Now())); err != nil {
			problems = append(problems, fmt.Sprintf("局・課 %q は今日の組織にありません", lim.Unit))
		}
	}
	if len(problems) > 0 {
		return "", store.APIToken{}, kijun.Errorf(kijun.EINVALID, "%s", strings.Join(problems, "。"))
	}
	if cur.Principal.Scope != "" {
		return "", store.APIToken{}, kijun.Errorf(kijun.EFORBIDDEN, "APIトークンでAPIトークンは作れません")
	}
	id, err := randomToken(9)
	if err != nil {
		return "", store.APIToken{}, err
	}
	secret, err := randomToken(32)
	if err != nil {
		return "", store.APIToken{}, err
	}
	now := s.db.Now()
	t := store.APIToken{ID: id, AccountID: cur.Account.ID, Name: name, SecretHash: HashToken(secret), Scope: scope,
		CreatedAt: now, ExpiresAt: now.AddDate(0, 0, days), Registers: strings.Join(lim.Registers, ","), Unit: lim.Unit}
	err = s.db.Update(ctx, func(tx *store.Tx) error {
		if err := tx.InsertToken(ctx, t); err != nil {
			return err
		}
		_, err := tx.Record(kijun.WithActor(ctx, cur.Principal.Actor()), store.Change{Action: "auth.token.create", Entity: "api_token", EntityID: id,
			State: map[string]any{"account": t.AccountID, "name": name, "scope": scope, "expires_at": t.ExpiresAt,
				"registers": t.Registers, "unit": t.Unit}, Provisions: []string{"8.2.1イ(1)"}})
		return err
	})
	return tokenPrefix + id + "." + secret, t, err
}

// RevokeToken revokes one of the signed-in person's API tokens.
func (s *Service) RevokeToken(ctx context.Context, cur *Current, id string) error {
	return s.db.Update(ctx, func(tx *store.Tx) error {
		if err := tx.RevokeToken(ctx, cur.Account.ID, id, s.db.Now()); err != nil {
			return err
		}
		_, err := tx.Record(kijun.WithActor(ctx, cur.Principal.Actor()), store.Change{Action: "auth.token.revoke", Entity: "api_token", EntityID: id,
			State: map[string]any{"account": cur.Account.ID}, Provisions: []string{"8.2.1イ(1)"}})
		return err
	})
}

var errBadToken = kijun.Errorf(kijun.EUNAUTHORIZED, "APIトークンが無効です（誤り・期限切れ・失効のいずれか）")

// AuthenticateToken returns who an API token speaks for. A malformed,
// unknown, expired or revoked token, or one whose account can no longer
// sign in, is the same EUNAUTHORIZED error.
func (s *Service) AuthenticateToken(ctx context.Context, token string) (*Current, error) {
	rest, ok := strings.CutPrefix(token, tokenPrefix)
	id, secret, ok2 := strings.Cut(rest, ".")
	if !ok || !ok2 || id == "" || secret == "" {
		return nil, errBadToken
	}
	t, err := s.db.Token(ctx, id)
	if kijun.ErrorCode(err) == kijun.ENOTFOUND {
		return nil, errBadToken
	}
	if err != nil {
		return nil, err
	}
	now := s.db.Now()
	if subtle.ConstantTimeCompare([]byte(HashToken(secret)), []byte(t.SecretHash)) != 1 ||
		!t.RevokedAt.IsZero() || !now.Before(t.ExpiresAt) {
		return nil, errBadToken
	}
	cur := &Current{Session: store.Session{AccountID: t.AccountID, Method: "token", Factors: 2}}
	var refused string
	err = s.db.View(ctx, func(tx *store.Tx) (err error) {
		if cur.Account, err = tx.Account(ctx, t.AccountID); err != nil {
			return err
		}
		// A token is a credential of its own: a password lock, which
		// anyone who knows the user ID can cause, does not switch off the
		// person's integrations. A disabled account or a leaver's does.
		if refused = s.refusal(ctx, tx, cur.Account, now); refused == "locked" {
			refused = ""
		}
		if refused != "" {
			return nil
		}
		if cur.Principal, err = s.principalFor(ctx, tx, cur.Account, now); err != nil {
			return err
		}
		cur.pledgeDue, err = pledgeDue(ctx, tx, cur.Account, now)
		return err
	})
	if err != nil {
		return nil, err
	}
	if refused != "" {
		return nil, errBadToken
	}
	if cur.pledgeDue {
		// 7.1.2: no token works for a person who has not pledged.
		cur.Next = StepPledge
	}
	if now.Sub(t.LastUsedAt) >= time.Minute {
		if err := s.db.TouchToken(ctx, id, now); err != nil {
			return nil, err
		}
	}
	cur.Principal.Scope = t.Scope
	if t.Registers != "" {
		cur.Principal.Registers = strings.Split(t.Registers, ",")
	}
	if t.Unit != "" {
		if err := s.narrowTo(ctx, cur.Principal, t.Unit, now); err != nil {
			return nil, err
		}
	}
	return cur, nil
}

// validRegister reports whether r can name a part of the API.
func validRegister(r string) bool {
	if r == "" || len(r) > 40 {
		return false
	}
	for _, c := range r {
		if (c < 'a' || c > 'z') && c != '-' {
			return false
		}
	}
	return true
}

// narrowTo limits a token's principal to a 局 or 課 and the units under
// it (8.2.1ア): it keeps the roles held for those units and the
// assignments to them, and drops the rest, the city's roles and the
// administrator's privilege with them. Every check that reads the
// principal then sees only that part of the city.
func (s *Service) narrowTo(ctx context.Context, p *Principal, unit string, now time.Time) error {
	day := organisation.Day(now)
	within := func(code string) (bool, error) {
		path, err := s.db.UnitPath(ctx, code, day)
		if kijun.ErrorCode(err) == kijun.ENOTFOUND {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		for _, u := range path {
			if u.Code == unit {
				return true, nil
			}
		}
		return false, nil
	}
	p.LimitUnit, p.SeesAllOfLimit = unit, p.CityOffice() || p.Auditor() || p.Admin
	p.Admin = false
	var roles []organisation.Acting
	for _, a := range p.Roles {
		if a.Holder.Scope.Kind != organisation.ScopeUnit {
			continue
		}
		ok, err := within(a.Holder.Scope.ID)
		if err != nil {
			return err
		}
		if ok {
			roles = append(roles, a)
		}
	}
	var units []string
	for _, u := range p.Units {
		ok, err := within(u)
		if err != nil {
			return err
		}
		if ok {
			units = append(units, u)
		}
	}
	p.Roles, p.Units = roles, units
	return nil
}
