package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"kijun/internal/kijun"
)

// IdemAnswer is the first answer to a POST sent with an Idempotency-Key,
// kept so a retry gets it again instead of doing the work twice.
type IdemAnswer struct {
	AccountID, Key, Method, Path string
	BodyHash                     string // hex SHA-256 of the request body
	Status                       int
	Response                     []byte
	CreatedAt, ExpiresAt         time.Time
}

// IdemAnswer returns the unexpired answer kept for an account's key, or an
// ENOTFOUND error.
func (db *DB) IdemAnswer(ctx context.Context, accountID, key string) (IdemAnswer, error) {
	a := IdemAnswer{AccountID: accountID, Key: key}
	var created, expires, resp string
	err := db.View(ctx, func(tx *Tx) error {
		return tx.QueryRowContext(ctx, "SELECT method, path, body_hash, status, response, created_at, expires_at FROM api_idempotency WHERE account_id = ? AND idem_key = ? AND expires_at > ?",
			accountID, key, storedTime(db.Now())).Scan(&a.Method, &a.Path, &a.BodyHash, &a.Status, &resp, &created, &expires)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return a, kijun.Errorf(kijun.ENOTFOUND, "Idempotency-Key %q の記録はありません", key)
	}
	if err != nil {
		return a, fmt.Errorf("read idempotency key: %w", err)
	}
	a.Response, a.CreatedAt, a.ExpiresAt = []byte(resp), parseStoredTime(created), parseStoredTime(expires)
	return a, nil
}

// KeepIdemAnswer stores an answer and removes expired ones. A key kept
// already (two retries racing) keeps its first answer.
func (db *DB) KeepIdemAnswer(ctx context.Context, a IdemAnswer) error {
	return db.Update(ctx, func(tx *Tx) error {
		now := storedTime(db.Now())
		if _, err := tx.ExecContext(ctx, "DELETE FROM api_idempotency WHERE expires_at <= ?", now); err != nil {
			return fmt.Errorf("expire idempotency keys: %w", err)
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM api_idempotency WHERE account_id = ? AND idem_key = ?", a.AccountID, a.Key); err != nil {
			return fmt.Errorf("replace expired idempotency key: %w", err)
		}
		_, err := tx.ExecContext(ctx, "INSERT INTO api_idempotency (account_id, idem_key, method, path, body_hash, status, response, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
			a.AccountID, a.Key, a.Method, a.Path, a.BodyHash, a.Status, string(a.Response), storedTime(a.CreatedAt), storedTime(a.ExpiresAt))
		if err != nil {
			return fmt.Errorf("keep idempotency key: %w", err)
		}
		return nil
	})
}

// ClaimIdemKey marks an account's key as taken by a request in progress
// (status 0), so a retry sent while the first is still running is refused
// rather than run twice. It reports false when the key is taken already.
func (db *DB) ClaimIdemKey(ctx context.Context, a IdemAnswer) (bool, error) {
	claimed := true
	err := db.Update(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM api_idempotency WHERE expires_at <= ?", storedTime(db.Now())); err != nil {
			return fmt.Errorf("expire idempotency keys: %w", err)
		}
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM api_idempotency WHERE account_id = ? AND idem_key = ?", a.AccountID, a.Key).Scan(&n); err != nil {
			return fmt.Errorf("claim idempotency key: %w", err)
		}
		if n > 0 {
			claimed = false
			return nil
		}
		_, err := tx.ExecContext(ctx, "INSERT INTO api_idempotency (account_id, idem_key, method, path, body_hash, status, response, created_at, expires_at) VALUES (?, ?, ?, ?, ?, 0, '', ?, ?)",
			a.AccountID, a.Key, a.Method, a.Path, a.BodyHash, storedTime(a.CreatedAt), storedTime(a.ExpiresAt))
		if isUniqueViolation(err) {
			claimed = false
			return nil
		}
		if err != nil {
			return fmt.Errorf("claim idempotency key: %w", err)
		}
		return nil
	})
	return claimed && err == nil, err
}

// ReleaseIdemKey frees a key claimed by a request that failed: nothing was
// written, so a retry is judged afresh.
func (db *DB) ReleaseIdemKey(ctx context.Context, accountID, key string) error {
	return db.Update(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, "DELETE FROM api_idempotency WHERE account_id = ? AND idem_key = ? AND status = 0", accountID, key)
		if err != nil {
			return fmt.Errorf("release idempotency key: %w", err)
		}
		return nil
	})
}
