package access

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"time"

	"kijun/internal/auth"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/store"
)

// sharedUser checks who is using account a at sign-in: for a shared
// account (7.4.2イ) user must be one of its permitted users, and the
// refusal says why not; an account of one person ignores user.
func sharedUser(ctx context.Context, tx *store.Tx, a auth.Account, user string) (string, string, error) {
	users, err := tx.SharedUsers(ctx, a.ID)
	if err != nil || len(users) == 0 {
		return "", "", err
	}
	switch {
	case user == "":
		return "", "shared_no_user", nil
	case !slices.Contains(users, user):
		return "", "shared_not_permitted", nil
	}
	return user, "", nil
}

// pledgeDue reports whether the person of account a must give the pledge
// before it works (7.1.2).
func pledgeDue(ctx context.Context, tx *store.Tx, a auth.Account, now time.Time) (bool, error) {
	if a.StaffNo == "" {
		return false, nil
	}
	return tx.PledgeDue(ctx, a.StaffNo, organisation.Day(now))
}

// sharedID is what the user ID of a shared account may be: it names no
// person, so it is not a staff number's digits alone.
var sharedID = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9._-]{2,39}$`)

// CreateSharedAccount makes a shared account (共用 ID, 7.4.2イ) that the
// people of users, by staff number, may use and nobody else: each sign-in
// names the one using it. It belongs to no person, so it acts in no role.
// It returns the temporary password, to be changed at first sign-in
// (8.2.6イ). Only an administrator may (8.2.1イ(2)).
func (s *Service) CreateSharedAccount(ctx context.Context, by *Principal, id, name string, users []string) (string, error) {
	if !by.Admin {
		return "", errAdminOnly
	}
	// Each refusal names its field, for the form to show beside it.
	var fe kijun.FieldErrors
	if !sharedID.MatchString(id) {
		fe.Add("id", "共用IDは英字で始まる英数字・ピリオド・ハイフン・下線 3〜40 文字にしてください（%q）", id)
	}
	if strings.TrimSpace(name) == "" {
		fe.Add("name", "共用IDの名称を入力してください")
	}
	if err := s.checkSharedUsers(ctx, users, &fe); err != nil {
		return "", err
	}
	if err := fe.AsError(); err != nil {
		return "", err
	}
	now := s.db.Now()
	a := auth.Account{ID: id, DisplayName: strings.TrimSpace(name), Status: auth.StatusActive, CreatedAt: now}
	password, cred, err := s.policy.Password.IssueTemporary(auth.Credential{}, s.policy.Params, now)
	if err != nil {
		return "", err
	}
	a.Credential = cred
	err = s.db.Update(ctx, func(tx *store.Tx) error {
		if _, err := tx.Account(ctx, id); err == nil {
			return kijun.Errorf(kijun.ECONFLICT, "利用者ID %s は既にあります", id)
		} else if kijun.ErrorCode(err) != kijun.ENOTFOUND {
			return err
		}
		if err := tx.InsertAccount(ctx, a); err != nil {
			return err
		}
		if err := tx.SetSharedUsers(ctx, id, users); err != nil {
			return err
		}
		st := accountState(a)
		st["users"] = users
		return record(kijun.WithActor(ctx, by.Actor()), tx, "auth.shared.create", a.ID, st, "7.4.2イ", "8.2.1イ(2)", "8.2.6イ")
	})
	return password, err
}
