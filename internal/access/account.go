package access

import (
	"context"
	"strings"

	"kijun/internal/auth"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/store"
)

// ErrCurrentPassword is ChangePassword's error for a wrong current password.
var ErrCurrentPassword = kijun.Errorf(kijun.EINVALID, "現在のパスワードが正しくありません")

// ChangePassword sets a new password for the signed-in person after
// checking the current one. The new one must meet the policy (7.4.3ウ,
// 8.2.6ウ) and not repeat a recent one (8.2.6エ). The person's other
// sessions end, so a password changed because it leaked locks out whoever
// used it.
func (s *Service) ChangePassword(ctx context.Context, cur *Current, current, next string) error {
	if next == "" {
		return kijun.Errorf(kijun.EINVALID, "新しいパスワードを入力してください")
	}
	ok, err := s.verify(ctx, current, cur.Account.Credential.Hash)
	if err != nil {
		return err
	}
	if !ok {
		return ErrCurrentPassword
	}
	now := s.db.Now()
	cred, err := s.policy.Password.Change(cur.Account.Credential, next, s.policy.Params, now, cur.Account.ID, cur.Account.DisplayName)
	if err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *store.Tx) error {
		a, err := tx.Account(ctx, cur.Account.ID)
		if err != nil {
			return err
		}
		if a.Credential.Hash != cur.Account.Credential.Hash {
			return kijun.Errorf(kijun.ECONFLICT, "パスワードは他の操作で変更されました。もう一度ログインしてください")
		}
		a.Credential = cred
		if a, err = tx.SaveAccount(ctx, a); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM auth_sessions WHERE account_id = ? AND token_hash <> ?", a.ID, cur.Session.TokenHash); err != nil {
			return err
		}
		cur.Account = a
		return record(kijun.WithActor(ctx, actorOf(a)), tx, "auth.password.change", a.ID, accountState(a), "8.2.6イ", "8.2.6ウ", "8.2.6エ")
	})
}

// TOTPEnrolment is a TOTP secret offered to the person until they confirm
// it with a code from their app.
type TOTPEnrolment struct {
	Secret string // base32, for typing in by hand
	URL    string // otpauth://, for the QR code
}

const pendingTOTP = "totp:"

// BeginTOTP makes a new TOTP secret for the signed-in person and keeps it,
// sealed, with the session until ConfirmTOTP. A person who already has a
// second factor must have given it in this session.
func (s *Service) BeginTOTP(ctx context.Context, cur *Current) (TOTPEnrolment, error) {
	if cur.Next == StepSecondFactor {
		return TOTPEnrolment{}, kijun.Errorf(kijun.EFORBIDDEN, "先に登録済みの二要素認証を済ませてください")
	}
	secret, url, err := auth.NewTOTPSecret(s.issuer, cur.Account.ID)
	if err != nil {
		return TOTPEnrolment{}, err
	}
	sealed, err := auth.SealSecret(s.sealKey, []byte(secret))
	if err != nil {
		return TOTPEnrolment{}, err
	}
	cur.Session.Data = pendingTOTP + sealed
	err = s.db.Update(ctx, func(tx *store.Tx) error { return tx.UpdateSession(ctx, cur.Session) })
	return TOTPEnrolment{Secret: secret, URL: url}, err
}

// PendingTOTP returns the enrolment BeginTOTP started in this session.
func (s *Service) PendingTOTP(cur *Current) (TOTPEnrolment, error) {
	sealed, ok := strings.CutPrefix(cur.Session.Data, pendingTOTP)
	if !ok {
		return TOTPEnrolment{}, kijun.Errorf(kijun.ENOTFOUND, "登録中の確認コードはありません。最初からやり直してください")
	}
	secret, err := auth.OpenSecret(s.sealKey, sealed)
	if err != nil {
		return TOTPEnrolment{}, err
	}
	url, err := auth.TOTPURL(s.issuer, cur.Account.ID, string(secret))
	return TOTPEnrolment{Secret: string(secret), URL: url}, err
}

// ConfirmTOTP enrols the pending secret once the person types a code it
// makes. The session then counts as having given its second factor.
func (s *Service) ConfirmTOTP(ctx context.Context, cur *Current, code string) error {
	sealed, ok := strings.CutPrefix(cur.Session.Data, pendingTOTP)
	if !ok {
		return kijun.Errorf(kijun.EINVALID, "登録中の確認コードはありません。最初からやり直してください")
	}
	secret, err := auth.OpenSecret(s.sealKey, sealed)
	if err != nil {
		return err
	}
	now := s.db.Now()
	step, good := auth.VerifyTOTP(string(secret), code, now, 0)
	if !good {
		return kijun.Errorf(kijun.EINVALID, "確認コードが正しくありません。アプリに表示されている6桁の数字を入力してください")
	}
	return s.db.Update(ctx, func(tx *store.Tx) error {
		a, err := tx.Account(ctx, cur.Account.ID)
		if err != nil {
			return err
		}
		a.TOTPSecret, a.TOTPLastStep = sealed, step
		if a, err = tx.SaveAccount(ctx, a); err != nil {
			return err
		}
		cur.Account = a
		cur.Session.Data, cur.Session.Factors, cur.Session.LastSeen = "", 2, now
		if err := tx.UpdateSession(ctx, cur.Session); err != nil {
			return err
		}
		return record(kijun.WithActor(ctx, actorOf(a)), tx, "auth.factor.enrol", a.ID, map[string]any{"factor": "totp"}, "6.4.2ア")
	})
}

// CreateAccount makes the account of a person, with their staff number as
// the user ID and a temporary password to hand over, which must be changed
// at first sign-in (8.2.6イ). Only an administrator may (8.2.1イ(2)).
func (s *Service) CreateAccount(ctx context.Context, by *Principal, staffNo string, admin bool) (string, error) {
	if !by.Admin {
		return "", errAdminOnly
	}
	p, err := s.db.Person(ctx, staffNo)
	if err != nil {
		return "", err
	}
	if p.Status == organisation.StatusLeft {
		return "", kijun.Errorf(kijun.EINVALID, "%s（%s）は退職・転出しています", p.Name, p.StaffNo)
	}
	a := auth.Account{ID: p.StaffNo, StaffNo: p.StaffNo, DisplayName: p.Name, Admin: admin, Status: auth.StatusActive, CreatedAt: s.db.Now()}
	password, cred, err := s.policy.Password.IssueTemporary(auth.Credential{}, s.policy.Params, s.db.Now())
	if err != nil {
		return "", err
	}
	a.Credential = cred
	err = s.db.Update(ctx, func(tx *store.Tx) error {
		if err := tx.InsertAccount(ctx, a); err != nil {
			return err
		}
		return record(kijun.WithActor(ctx, by.Actor()), tx, "auth.account.create", a.ID, accountState(a), "8.2.1イ(2)", "8.2.6イ")
	})
	return password, err
}

var errAdminOnly = kijun.Errorf(kijun.EFORBIDDEN, "利用者IDの管理は管理者だけが行えます（8.2.1イ(2)）")

// AccountAction is what an administrator does to an account.
type AccountAction string

// The actions on an account.
const (
	ActionResetPassword AccountAction = "reset_password" // a new temporary password
	ActionUnlock        AccountAction = "unlock"         // 8.2.5
	ActionDisable       AccountAction = "disable"        // 8.2.1イ(2)
	ActionEnable        AccountAction = "enable"
	ActionResetFactors  AccountAction = "reset_factors" // a lost phone or key
)

// Administer applies an administrator's action to account id, if it is
// still at version (a concurrent change is an ECONFLICT error). A password
// reset returns the temporary password. Resetting, disabling and resetting
// factors end the account's sessions.
func (s *Service) Administer(ctx context.Context, by *Principal, id string, version int64, action AccountAction) (string, error) {
	if !by.Admin {
		return "", errAdminOnly
	}
	if id == by.AccountID && (action == ActionDisable || action == ActionResetFactors) {
		return "", kijun.Errorf(kijun.EINVALID, "自分の利用者IDは停止・二要素の初期化ができません")
	}
	var password string
	err := s.db.Update(ctx, func(tx *store.Tx) error {
		a, err := tx.Account(ctx, id)
		if err != nil {
			return err
		}
		if a.Version != version {
			return kijun.Errorf(kijun.ECONFLICT, "利用者ID %s は他の操作で変更されました。読み込み直してください", id)
		}
		endSessions := true
		provisions := []string{"8.2.1イ(2)"}
		switch action {
		case ActionResetPassword:
			if password, a.Credential, err = s.policy.Password.IssueTemporary(a.Credential, s.policy.Params, s.db.Now()); err != nil {
				return err
			}
			provisions = []string{"8.2.6イ", "8.2.6ウ"}
		case ActionUnlock:
			a.SignIn = s.policy.Lockout.Unlock(a.SignIn)
			endSessions, provisions = false, []string{"8.2.5"}
		case ActionDisable:
			a.Status = auth.StatusDisabled
		case ActionEnable:
			a.Status, endSessions = auth.StatusActive, false
		case ActionResetFactors:
			a.TOTPSecret, a.TOTPLastStep = "", 0
			if _, err := tx.ExecContext(ctx, "DELETE FROM auth_passkeys WHERE account_id = ?", id); err != nil {
				return err
			}
			provisions = []string{"6.4.2ア"}
		default:
			return kijun.Errorf(kijun.EINVALID, "操作 %q はありません", action)
		}
		if a, err = tx.SaveAccount(ctx, a); err != nil {
			return err
		}
		if endSessions {
			if err := tx.DeleteSessionsOf(ctx, id); err != nil {
				return err
			}
		}
		return record(kijun.WithActor(ctx, by.Actor()), tx, "auth.account."+string(action), id, accountState(a), provisions...)
	})
	return password, err
}
