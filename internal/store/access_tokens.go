package store

import (
	"context"
	"fmt"
	"time"

	"kijun/internal/kijun"
)

// APIToken is a personal API token. The secret is shown once when made;
// only its hash is kept.
type APIToken struct {
	ID         string `json:"id"`
	AccountID  string `json:"account_id"`
	Name       string `json:"name"`
	SecretHash string `json:"-"`
	Scope      string `json:"scope"`
	// Registers limits the token to these parts of the API, comma
	// separated (devices,assets); "" is every part.
	Registers string `json:"registers,omitempty"`
	// Unit limits the token to this 局 or 課 and the units under it.
	Unit       string    `json:"unit,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
	ExpiresAt  time.Time `json:"expires_at"`
	RevokedAt  time.Time `json:"revoked_at,omitzero"`
	LastUsedAt time.Time `json:"last_used_at,omitzero"`
}

const tokenColumns = "id, account_id, name, secret_hash, scope, created_at, expires_at, revoked_at, last_used_at, registers, unit_code"

func scanToken(sc interface{ Scan(...any) error }) (APIToken, error) {
	var t APIToken
	var created, expires, revoked, used string
	err := sc.Scan(&t.ID, &t.AccountID, &t.Name, &t.SecretHash, &t.Scope, &created, &expires, &revoked, &used, &t.Registers, &t.Unit)
	t.CreatedAt, t.ExpiresAt = parseStoredTime(created), parseStoredTime(expires)
	t.RevokedAt, t.LastUsedAt = parseStoredTime(revoked), parseStoredTime(used)
	return t, err
}

// InsertToken stores a new API token.
func (tx *Tx) InsertToken(ctx context.Context, t APIToken) error {
	_, err := tx.ExecContext(ctx, "INSERT INTO auth_tokens ("+tokenColumns+") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		t.ID, t.AccountID, t.Name, t.SecretHash, t.Scope, storedTime(t.CreatedAt), storedTime(t.ExpiresAt), storedTime(t.RevokedAt), storedTime(t.LastUsedAt),
		t.Registers, t.Unit)
	if err != nil {
		return fmt.Errorf("insert API token: %w", err)
	}
	return nil
}

// Token returns the API token with the ID, or an ENOTFOUND error.
func (tx *Tx) Token(ctx context.Context, id string) (APIToken, error) {
	t, err := scanToken(tx.QueryRowContext(ctx, "SELECT "+tokenColumns+" FROM auth_tokens WHERE id = ?", id))
	return t, errNoRows(err, "APIトークン %s はありません", id)
}

// Token returns the API token with the ID, or an ENOTFOUND error.
func (db *DB) Token(ctx context.Context, id string) (APIToken, error) {
	var t APIToken
	err := db.View(ctx, func(tx *Tx) (err error) {
		t, err = tx.Token(ctx, id)
		return err
	})
	return t, err
}

// Tokens lists an account's API tokens, newest first.
func (db *DB) Tokens(ctx context.Context, accountID string) ([]APIToken, error) {
	var out []APIToken
	err := db.View(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, "SELECT "+tokenColumns+" FROM auth_tokens WHERE account_id = ? ORDER BY created_at DESC, id", accountID)
		if err != nil {
			return fmt.Errorf("list API tokens: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			t, err := scanToken(rows)
			if err != nil {
				return fmt.Errorf("list API tokens: %w", err)
			}
			out = append(out, t)
		}
		return rows.Err()
	})
	return out, err
}

// RevokeToken marks an account's token revoked at t. A token of another
// account, or one already revoked, is ENOTFOUND.
func (tx *Tx) RevokeToken(ctx context.Context, accountID, id string, t time.Time) error {
	res, err := tx.ExecContext(ctx, "UPDATE auth_tokens SET revoked_at = ? WHERE id = ? AND account_id = ? AND revoked_at = ''", storedTime(t), id, accountID)
	if err != nil {
		return fmt.Errorf("revoke API token: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return kijun.Errorf(kijun.ENOTFOUND, "有効なAPIトークン %s はありません", id)
	}
	return nil
}

// TouchToken records that a token was used at t, at most once a minute,
// unless a long change is being saved (see DB.touch).
func (db *DB) TouchToken(ctx context.Context, id string, t time.Time) error {
	return db.touch(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE auth_tokens SET last_used_at = ? WHERE id = ? AND last_used_at < ?",
			storedTime(t), id, storedTime(t.Add(-time.Minute)))
		return err
	})
}

// Passkey is a WebAuthn credential of an account.
type Passkey struct {
	ID         string    `json:"id"`
	AccountID  string    `json:"account_id"`
	Name       string    `json:"name"`
	Credential string    `json:"-"` // the library's credential, as JSON
	CreatedAt  time.Time `json:"created_at"`
	LastUsedAt time.Time `json:"last_used_at,omitzero"`
}

// InsertPasskey stores a new passkey.
func (tx *Tx) InsertPasskey(ctx context.Context, p Passkey) error {
	_, err := tx.ExecContext(ctx, "INSERT INTO auth_passkeys (id, account_id, name, credential, created_at, last_used_at) VALUES (?, ?, ?, ?, ?, ?)",
		p.ID, p.AccountID, p.Name, p.Credential, storedTime(p.CreatedAt), storedTime(p.LastUsedAt))
	if isUniqueViolation(err) {
		return kijun.Errorf(kijun.ECONFLICT, "このパスキーは既に登録されています")
	}
	if err != nil {
		return fmt.Errorf("insert passkey: %w", err)
	}
	return nil
}

// UpdatePasskey stores a passkey's credential (its sign count) after use.
func (tx *Tx) UpdatePasskey(ctx context.Context, p Passkey) error {
	_, err := tx.ExecContext(ctx, "UPDATE auth_passkeys SET credential = ?, last_used_at = ? WHERE id = ?", p.Credential, storedTime(p.LastUsedAt), p.ID)
	if err != nil {
		return fmt.Errorf("update passkey: %w", err)
	}
	return nil
}

// DeletePasskey removes an account's passkey.
func (tx *Tx) DeletePasskey(ctx context.Context, accountID, id string) error {
	res, err := tx.ExecContext(ctx, "DELETE FROM auth_passkeys WHERE id = ? AND account_id = ?", id, accountID)
	if err != nil {
		return fmt.Errorf("delete passkey: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return kijun.Errorf(kijun.ENOTFOUND, "パスキー %s はありません", id)
	}
	return nil
}

// Passkeys lists an account's passkeys, oldest first.
func (tx *Tx) Passkeys(ctx context.Context, accountID string) ([]Passkey, error) {
	rows, err := tx.QueryContext(ctx, "SELECT id, account_id, name, credential, created_at, last_used_at FROM auth_passkeys WHERE account_id = ? ORDER BY created_at, id", accountID)
	if err != nil {
		return nil, fmt.Errorf("list passkeys: %w", err)
	}
	defer rows.Close()
	var out []Passkey
	for rows.Next() {
		var p Passkey
		var created, used string
		if err := rows.Scan(&p.ID, &p.AccountID, &p.Name, &p.Credential, &created, &used); err != nil {
			return nil, fmt.Errorf("list passkeys: %w", err)
		}
		p.CreatedAt, p.LastUsedAt = parseStoredTime(created), parseStoredTime(used)
		out = append(out, p)
	}
	return out, rows.Err()
}

// Passkeys lists an account's passkeys, oldest first.
func (db *DB) Passkeys(ctx context.Context, accountID string) ([]Passkey, error) {
	var out []Passkey
	err := db.View(ctx, func(tx *Tx) (err error) {
		out, err = tx.Passkeys(ctx, accountID)
		return err
	})
	return out, err
}
