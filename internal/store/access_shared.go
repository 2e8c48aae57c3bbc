package store

import (
	"context"
	"fmt"
	"slices"
)

// SharedUsers returns the people permitted to use account id, a shared
// account (共用 ID, 7.4.2イ), by staff number; none for an account of
// one person.
func (tx *Tx) SharedUsers(ctx context.Context, id string) ([]string, error) {
	var out []string
	err := tx.each(ctx, "SELECT staff_no FROM auth_shared_users WHERE account_id = ? ORDER BY staff_no", []any{id}, func(sc scanner) error {
		var s string
		err := sc.Scan(&s)
		out = append(out, s)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read users of shared account %s: %w", id, err)
	}
	return out, nil
}

// SetSharedUsers replaces the people permitted to use account id. The
// caller checks who may, and records it with the change.
func (tx *Tx) SetSharedUsers(ctx context.Context, id string, staffNos []string) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM auth_shared_users WHERE account_id = ?", id); err != nil {
		return fmt.Errorf("clear users of shared account %s: %w", id, err)
	}
	for _, s := range slices.Compact(slices.Sorted(slices.Values(staffNos))) {
		if _, err := tx.ExecContext(ctx, "INSERT INTO auth_shared_users (account_id, staff_no) VALUES (?, ?)", id, s); err != nil {
			return fmt.Errorf("permit %s to use shared account %s: %w", s, id, err)
		}
	}
	return nil
}

// SetSessionUser records who is using a shared account in session
// tokenHash.
func (tx *Tx) SetSessionUser(ctx context.Context, tokenHash, staffNo string) error {
	if _, err := tx.ExecContext(ctx, "INSERT INTO auth_session_users (token_hash, staff_no) VALUES (?, ?)", tokenHash, staffNo); err != nil {
		return fmt.Errorf("record the user of a shared session: %w", err)
	}
	return nil
}

// SessionUser returns who is using a shared account in session
// tokenHash, or "" for a session of an account of one person.
func (tx *Tx) SessionUser(ctx context.Context, tokenHash string) (string, error) {
	var s string
	err := tx.each(ctx, "SELECT staff_no FROM auth_session_users WHERE token_hash = ?", []any{tokenHash}, func(sc scanner) error {
		return sc.Scan(&s)
	})
	if err != nil {
		return "", fmt.Errorf("read the user of a session: %w", err)
	}
	return s, nil
}
