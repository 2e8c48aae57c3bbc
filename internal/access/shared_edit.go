package access

import (
	"context"
	"slices"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/store"
)

// checkSharedUsers adds to fe why users cannot be the permitted users of
// a shared account (7.4.2イ): none named, an unknown staff number, a
// person who has left.
func (s *Service) checkSharedUsers(ctx context.Context, users []string, fe *kijun.FieldErrors) error {
	if len(users) == 0 {
		fe.Add("users", "共用IDを使用できる職員等を 1 人以上指定してください（7.4.2イ）")
	}
	for _, u := range users {
		p, err := s.db.Person(ctx, u)
		switch {
		case kijun.ErrorCode(err) == kijun.ENOTFOUND:
			fe.Add("users", "職員番号 %s の職員等はいません", u)
		case err != nil:
			return err
		case p.Status == organisation.StatusLeft:
			fe.Add("users", "%s（%s）は退職・転出しています", p.Name, p.StaffNo)
		}
	}
	return nil
}

// SetSharedUsers replaces the people permitted to use shared account id
// (共用 ID, 7.4.2イ), if it is still at version (a concurrent change is an
// ECONFLICT error). A person no longer permitted cannot sign in with it
// from then on, and the account's sessions end when anyone is removed, so
// nobody keeps using it on a permission taken back. Only an administrator
// may (8.2.1イ(2)); the change and the users before and after are
// recorded in the ledger in the same transaction.
func (s *Service) SetSharedUsers(ctx context.Context, by *Principal, id string, version int64, users []string) error {
	if !by.Admin {
		return errAdminOnly
	}
	users = slices.Compact(slices.Sorted(slices.Values(users)))
	var fe kijun.FieldErrors
	if err := s.checkSharedUsers(ctx, users, &fe); err != nil {
		return err
	}
	if err := fe.AsError(); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *store.Tx) error {
		a, err := tx.Account(ctx, id)
		if err != nil {
			return err
		}
		before, err := tx.SharedUsers(ctx, id)
		if err != nil {
			return err
		}
		if len(before) == 0 {
			return kijun.Errorf(kijun.EINVALID, "利用者ID %s は共用IDではありません", id)
		}
		if a.Version != version {
			return kijun.Errorf(kijun.ECONFLICT, "共用ID %s は他の操作で変更されました。読み込み直してください", id)
		}
		if slices.Equal(before, users) {
			return nil
		}
		if err := tx.SetSharedUsers(ctx, id, users); err != nil {
			return err
		}
		// The account's version moves, so that a form read before this
		// change cannot overwrite it.
		if a, err = tx.SaveAccount(ctx, a); err != nil {
			return err
		}
		for _, u := range before {
			if !slices.Contains(users, u) {
				if err := tx.DeleteSessionsOf(ctx, id); err != nil {
					return err
				}
				break
			}
		}
		st := accountState(a)
		st["users_before"], st["users"] = before, users
		return record(kijun.WithActor(ctx, by.Actor()), tx, "auth.shared.users", id, st, "7.4.2イ", "8.2.1イ(2)")
	})
}

// IsShared reports whether account id is a shared account.
func (s *Service) IsShared(ctx context.Context, id string) (bool, error) {
	var users []string
	err := s.db.View(ctx, func(tx *store.Tx) error {
		var err error
		users, err = tx.SharedUsers(ctx, id)
		return err
	})
	return len(users) > 0, err
}
