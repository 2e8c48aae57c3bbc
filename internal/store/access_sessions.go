package store

import (
	"context"
	"fmt"
	"time"
)

// Session is a signed-in browser, as the auth_sessions table keeps it.
type Session struct {
	// TokenHash is the SHA-256 of the cookie's token, hex; the token itself
	// is never stored.
	TokenHash string
	AccountID string
	// CSRF is the token every state-changing form of the session carries.
	CSRF string
	// Method is how the first factor was given: "password" or "oidc".
	Method string
	// Factors is 2 once a second factor has been given (6.4.2ア).
	Factors   int
	CreatedAt time.Time
	LastSeen  time.Time
	Remote    string
	// Data holds a WebAuthn ceremony in progress.
	Data string
}

// InsertSession stores a new session.
func (tx *Tx) InsertSession(ctx context.Context, s Session) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO auth_sessions (token_hash, account_id, csrf, method, factors, created_at, last_seen, remote, data)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, s.TokenHash, s.AccountID, s.CSRF, s.Method, s.Factors,
		storedTime(s.CreatedAt), storedTime(s.LastSeen), s.Remote, s.Data)
	if err != nil {
		return fmt.Errorf("insert session: %w", err)
	}
	return nil
}

// Session returns the session whose token hashes to tokenHash, or an
// ENOTFOUND error.
func (tx *Tx) Session(ctx context.Context, tokenHash string) (Session, error) {
	var s Session
	var created, seen string
	err := tx.QueryRowContext(ctx, `SELECT token_hash, account_id, csrf, method, factors, created_at, last_seen, remote, data
		FROM auth_sessions WHERE token_hash = ?`, tokenHash).Scan(&s.TokenHash, &s.AccountID, &s.CSRF, &s.Method, &s.Factors, &created, &seen, &s.Remote, &s.Data)
	s.CreatedAt, s.LastSeen = parseStoredTime(created), parseStoredTime(seen)
	return s, errNoRows(err, "セッションがありません")
}

// Session returns the session whose token hashes to tokenHash, or an
// ENOTFOUND error.
func (db *DB) Session(ctx context.Context, tokenHash string) (Session, error) {
	var s Session
	err := db.View(ctx, func(tx *Tx) (err error) {
		s, err = tx.Session(ctx, tokenHash)
		return err
	})
	return s, err
}

// UpdateSession stores a session's factors, last use and ceremony data.
func (tx *Tx) UpdateSession(ctx context.Context, s Session) error {
	_, err := tx.ExecContext(ctx, "UPDATE auth_sessions SET factors = ?, last_seen = ?, data = ? WHERE token_hash = ?",
		s.Factors, storedTime(s.LastSeen), s.Data, s.TokenHash)
	if err != nil {
		return fmt.Errorf("update session: %w", err)
	}
	return nil
}

// TouchSession records that a session was used at t. It is not a ledger
// event, so it runs in its own small transaction, skipped while a long
// change is being saved (see DB.touch).
func (db *DB) TouchSession(ctx context.Context, tokenHash string, t time.Time) error {
	return db.touch(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE auth_sessions SET last_seen = ? WHERE token_hash = ?", storedTime(t), tokenHash)
		return err
	})
}

// DeleteSession ends one session.
func (tx *Tx) DeleteSession(ctx context.Context, tokenHash string) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM auth_sessions WHERE token_hash = ?", tokenHash); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// DeleteSessionsOf ends every session of an account.
func (tx *Tx) DeleteSessionsOf(ctx context.Context, accountID string) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM auth_sessions WHERE account_id = ?", accountID); err != nil {
		return fmt.Errorf("delete sessions of %s: %w", accountID, err)
	}
	return nil
}

// CountSessions returns how many sessions an account has open.
func (db *DB) CountSessions(ctx context.Context, accountID string) (int, error) {
	var n int
	err := db.View(ctx, func(tx *Tx) error {
		return tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM auth_sessions WHERE account_id = ?", accountID).Scan(&n)
	})
	return n, err
}

// DeleteSessionsIdleSince removes sessions last used before t, and flows
// started before it, and returns how many sessions went.
func (db *DB) DeleteSessionsIdleSince(ctx context.Context, t time.Time) (int64, error) {
	var n int64
	err := db.Update(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM auth_sessions WHERE last_seen < ?", storedTime(t))
		if err != nil {
			return fmt.Errorf("delete idle sessions: %w", err)
		}
		n, _ = res.RowsAffected()
		_, err = tx.ExecContext(ctx, "DELETE FROM auth_flows WHERE created_at < ?", storedTime(t))
		return err
	})
	return n, err
}

// InsertFlow stores a sign-in flow (OpenID Connect state) under the hash of
// its cookie.
func (tx *Tx) InsertFlow(ctx context.Context, idHash, kind, data string, at time.Time) error {
	_, err := tx.ExecContext(ctx, "INSERT INTO auth_flows (id_hash, kind, data, created_at) VALUES (?, ?, ?, ?)", idHash, kind, data, storedTime(at))
	if err != nil {
		return fmt.Errorf("insert flow: %w", err)
	}
	return nil
}

// TakeFlow returns a flow's data and when it began, and deletes it: each
// flow is used once. A flow of another kind or none is ENOTFOUND.
func (tx *Tx) TakeFlow(ctx context.Context, idHash, kind string) (string, time.Time, error) {
	var data, at string
	err := tx.QueryRowContext(ctx, "SELECT data, created_at FROM auth_flows WHERE id_hash = ? AND kind = ?", idHash, kind).Scan(&data, &at)
	if err = errNoRows(err, "サインインの手続きが見つかりません。最初からやり直してください"); err != nil {
		return "", time.Time{}, err
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM auth_flows WHERE id_hash = ?", idHash); err != nil {
		return "", time.Time{}, fmt.Errorf("delete flow: %w", err)
	}
	return data, parseStoredTime(at), nil
}
