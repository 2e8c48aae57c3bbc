package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"kijun/internal/auth"
	"kijun/internal/kijun"
	"kijun/internal/records"
)

// storedTime formats t for the auth tables: records.FormatTime, or "" for
// the zero time.
func storedTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return records.FormatTime(t)
}

// parseStoredTime reads what storedTime wrote.
func parseStoredTime(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, _ := time.Parse(records.TimeFormat, s)
	return t
}

const accountColumns = `id, COALESCE(staff_no, ''), display_name, admin, status, password_hash, password_changed_at,
	must_change, password_history, signin_state, totp_secret, totp_last_step, COALESCE(oidc_subject, ''), created_at, version`

func scanAccount(sc interface{ Scan(...any) error }) (auth.Account, error) {
	var a auth.Account
	var admin, mustChange int
	var changed, history, state, created string
	err := sc.Scan(&a.ID, &a.StaffNo, &a.DisplayName, &admin, &a.Status, &a.Credential.Hash, &changed,
		&mustChange, &history, &state, &a.TOTPSecret, &a.TOTPLastStep, &a.OIDCSubject, &created, &a.Version)
	if err != nil {
		return a, err
	}
	a.Admin, a.Credential.MustChange = admin != 0, mustChange != 0
	a.Credential.ChangedAt, a.CreatedAt = parseStoredTime(changed), parseStoredTime(created)
	if err := json.Unmarshal([]byte(history), &a.Credential.History); err != nil {
		return a, fmt.Errorf("account %s: password history: %w", a.ID, err)
	}
	if err := json.Unmarshal([]byte(state), &a.SignIn); err != nil {
		return a, fmt.Errorf("account %s: sign-in state: %w", a.ID, err)
	}
	return a, nil
}

// Account returns the account with the user ID, or an ENOTFOUND error.
func (tx *Tx) Account(ctx context.Context, id string) (auth.Account, error) {
	a, err := scanAccount(tx.QueryRowContext(ctx, "SELECT "+accountColumns+" FROM auth_accounts WHERE id = ?", id))
	return a, errNoRows(err, "利用者ID %s はありません", id)
}

// AccountWhere returns the account whose column (staff_no or
// oidc_subject) is value, or an ENOTFOUND error.
func (tx *Tx) AccountWhere(ctx context.Context, column, value string) (auth.Account, error) {
	if column != "staff_no" && column != "oidc_subject" {
		return auth.Account{}, kijun.Errorf(kijun.EINTERNAL, "account lookup by %q", column)
	}
	a, err := scanAccount(tx.QueryRowContext(ctx, "SELECT "+accountColumns+" FROM auth_accounts WHERE "+column+" = ?", value))
	return a, errNoRows(err, "該当する利用者IDはありません")
}

// Account returns the account with the user ID, or an ENOTFOUND error.
func (db *DB) Account(ctx context.Context, id string) (auth.Account, error) {
	var a auth.Account
	err := db.View(ctx, func(tx *Tx) (err error) {
		a, err = tx.Account(ctx, id)
		return err
	})
	return a, err
}

// Accounts lists every account by user ID.
func (db *DB) Accounts(ctx context.Context) ([]auth.Account, error) {
	var out []auth.Account
	err := db.View(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, "SELECT "+accountColumns+" FROM auth_accounts ORDER BY id")
		if err != nil {
			return fmt.Errorf("list accounts: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			a, err := scanAccount(rows)
			if err != nil {
				return fmt.Errorf("list accounts: %w", err)
			}
			out = append(out, a)
		}
		return rows.Err()
	})
	return out, err
}

// CountAccounts returns how many accounts there are.
func (db *DB) CountAccounts(ctx context.Context) (int, error) {
	var n int
	err := db.View(ctx, func(tx *Tx) error {
		return tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM auth_accounts").Scan(&n)
	})
	return n, err
}

// InsertAccount adds a new account. A user ID, person or subject already
// taken is an ECONFLICT error.
func (tx *Tx) InsertAccount(ctx context.Context, a auth.Account) error {
	history, _ := json.Marshal(nonNil(a.Credential.History))
	state, _ := json.Marshal(a.SignIn)
	_, err := tx.ExecContext(ctx, `INSERT INTO auth_accounts (id, staff_no, display_name, admin, status, password_hash,
		password_changed_at, must_change, password_history, signin_state, locked_at, totp_secret, totp_last_step,
		oidc_subject, created_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
		a.ID, nullable(a.StaffNo), a.DisplayName, boolInt(a.Admin), a.Status, a.Credential.Hash,
		storedTime(a.Credential.ChangedAt), boolInt(a.Credential.MustChange), string(history), string(state),
		storedTime(a.SignIn.LockedAt), a.TOTPSecret, a.TOTPLastStep, nullable(a.OIDCSubject), storedTime(a.CreatedAt))
	if isUniqueViolation(err) {
		return kijun.Errorf(kijun.ECONFLICT, "利用者ID %s、またはその職員・外部IDの利用者IDは既にあります", a.ID)
	}
	if err != nil {
		return fmt.Errorf("insert account %s: %w", a.ID, err)
	}
	return nil
}

// SaveAccount writes a changed account. It succeeds only if the stored
// version is still a.Version, the one that was read, and bumps it; a
// concurrent change is an ECONFLICT error rather than lost.
func (tx *Tx) SaveAccount(ctx context.Context, a auth.Account) (auth.Account, error) {
	history, _ := json.Marshal(nonNil(a.Credential.History))
	state, _ := json.Marshal(a.SignIn)
	res, err := tx.ExecContext(ctx, `UPDATE auth_accounts SET staff_no = ?, display_name = ?, admin = ?, status = ?,
		password_hash = ?, password_changed_at = ?, must_change = ?, password_history = ?, signin_state = ?, locked_at = ?,
		totp_secret = ?, totp_last_step = ?, oidc_subject = ?, version = version + 1 WHERE id = ? AND version = ?`,
		nullable(a.StaffNo), a.DisplayName, boolInt(a.Admin), a.Status, a.Credential.Hash,
		storedTime(a.Credential.ChangedAt), boolInt(a.Credential.MustChange), string(history), string(state),
		storedTime(a.SignIn.LockedAt), a.TOTPSecret, a.TOTPLastStep, nullable(a.OIDCSubject), a.ID, a.Version)
	if isUniqueViolation(err) {
		return a, kijun.Errorf(kijun.ECONFLICT, "その職員・外部IDには別の利用者IDがあります")
	}
	if err != nil {
		return a, fmt.Errorf("save account %s: %w", a.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return a, kijun.Errorf(kijun.ECONFLICT, "利用者ID %s は他の操作で変更されました。読み込み直してください", a.ID)
	}
	a.Version++
	return a, nil
}

// DisableAccountsOf disables the accounts of a person and ends their
// sessions (8.2.1イ(2)), returning the user IDs it disabled.
func (tx *Tx) DisableAccountsOf(ctx context.Context, staffNo string) ([]string, error) {
	rows, err := tx.QueryContext(ctx, "SELECT id FROM auth_accounts WHERE staff_no = ? AND status <> ?", staffNo, auth.StatusDisabled)
	if err != nil {
		return nil, fmt.Errorf("accounts of %s: %w", staffNo, err)
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	for _, id := range ids {
		if _, err := tx.ExecContext(ctx, "UPDATE auth_accounts SET status = ?, version = version + 1 WHERE id = ?", auth.StatusDisabled, id); err != nil {
			return nil, fmt.Errorf("disable account %s: %w", id, err)
		}
		if err := tx.DeleteSessionsOf(ctx, id); err != nil {
			return nil, err
		}
	}
	return ids, nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// isUniqueViolation reports whether err is a unique or primary key
// violation on either engine.
func isUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	var coded interface{ SQLState() string }
	if errors.As(err, &coded) {
		return coded.SQLState() == "23505"
	}
	msg := err.Error()
	return strings.Contains(msg, "UNIQUE constraint failed") || strings.Contains(msg, "PRIMARY KEY constraint failed")
}
