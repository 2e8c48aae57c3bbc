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

// SetSetting stores a setting with its ledger record. It is one atomic
// upsert, so processes setting the same key at once do not collide.
func (db *DB) SetSetting(ctx context.Context, key, value string) error {
	_, err := db.setSetting(ctx, key, value, false)
	return err
}

// SetSettingIfUnset stores a setting only when it has no value yet, and
// reports whether it did.
func (db *DB) SetSettingIfUnset(ctx context.Context, key, value string) (bool, error) {
	return db.setSetting(ctx, key, value, true)
}

func (db *DB) setSetting(ctx context.Context, key, value string, onlyIfUnset bool) (bool, error) {
	if key == "" {
		return false, kijun.Errorf(kijun.EINVALID, "setting needs a key")
	}
	conflict := "DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, version = settings.version + 1"
	if onlyIfUnset {
		conflict = "DO NOTHING"
	}
	written := false
	err := db.Update(ctx, func(tx *Tx) error {
		var version int
		err := tx.QueryRowContext(ctx, `INSERT INTO settings (key, value, updated_at, version) VALUES (?, ?, ?, 1)
			ON CONFLICT (key) `+conflict+` RETURNING version`, key, value, records.FormatTime(db.Now())).Scan(&version)
		if errors.Is(err, sql.ErrNoRows) {
			return nil // already set, and only if unset was asked
		}
		if err != nil {
			return fmt.Errorf("store setting %s: %w", key, err)
		}
		written = true
		_, err = tx.Record(ctx, Change{Action: "setting.set", Entity: "setting", EntityID: key,
			State: Setting{Key: key, Value: value, Version: version}, Provisions: []string{"4.4"}})
		return err
	})
	return written, err
}

// Setting returns a setting's value, or an ENOTFOUND error.
func (db *DB) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := db.View(ctx, func(tx *Tx) (err error) {
		v, err = tx.Setting(ctx, key)
		return err
	})
	return v, err
}

// Setting is DB.Setting inside tx, for a change that depends on a setting.
func (tx *Tx) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := tx.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", kijun.Errorf(kijun.ENOTFOUND, "setting %s is not set", key)
	}
	if err != nil {
		return "", fmt.Errorf("read setting %s: %w", key, err)
	}
	return v, nil
}

// Settings returns the settings of the keys given that are set, read
// together in one transaction.
func (db *DB) Settings(ctx context.Context, keys ...string) (map[string]string, error) {
	out := map[string]string{}
	if len(keys) == 0 {
		return out, nil
	}
	err := db.View(ctx, func(tx *Tx) error {
		return tx.each(ctx, "SELECT key, value FROM settings WHERE key IN "+inList(len(keys)), anys(keys), func(sc scanner) error {
			var k, v string
			err := sc.Scan(&k, &v)
			out[k] = v
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("read settings: %w", err)
	}
	return out, nil
}
