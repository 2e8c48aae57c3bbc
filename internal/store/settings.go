package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"kijun/internal/kijun"
	"kijun/internal/records"
)

// Setting is one installation setting.
type Setting struct {
	Key     string `json:"key"`
	Value   string `json:"value"`
	Version int    `json:"version"`
}

// SetSetting stores a setting with its ledger record.
func (db *DB) SetSetting(ctx context.Context, key, value string) error {
	if key == "" {
		return kijun.Errorf(kijun.EINVALID, "setting needs a key")
	}
	return db.Update(ctx, func(tx *Tx) error {
		var version int
		err := tx.QueryRowContext(ctx, "SELECT version FROM settings WHERE key = ?", key).Scan(&version)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			version = 1
			_, err = tx.ExecContext(ctx, "INSERT INTO settings (key, value, updated_at, version) VALUES (?, ?, ?, 1)", key, value, records.FormatTime(db.Now()))
		case err == nil:
			version++
			_, err = tx.ExecContext(ctx, "UPDATE settings SET value = ?, updated_at = ?, version = ? WHERE key = ?", value, records.FormatTime(db.Now()), version, key)
		}
		if err != nil {
			return fmt.Errorf("store setting %s: %w", key, err)
		}
		_, err = tx.Record(ctx, Change{Action: "setting.set", Entity: "setting", EntityID: key,
			State: Setting{Key: key, Value: value, Version: version}, Provisions: []string{"4.4"}})
		return err
	})
}

// Setting returns a setting's value, or an ENOTFOUND error.
func (db *DB) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := db.View(ctx, func(tx *Tx) error {
		return tx.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", key).Scan(&v)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return "", kijun.Errorf(kijun.ENOTFOUND, "setting %s is not set", key)
	}
	if err != nil {
		return "", fmt.Errorf("read setting %s: %w", key, err)
	}
	return v, nil
}
