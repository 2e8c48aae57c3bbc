package store

import (
	"context"
	"fmt"

	"kijun/internal/kijun"
)

// Resealed counts what ResealSecrets changed.
type Resealed struct {
	Factors  int `json:"factors"`  // accounts' TOTP secrets
	Settings int `json:"settings"` // sealed settings, such as smtp.password
}

// ResealSecrets re-seals, in one transaction, every secret the database
// keeps sealed with the installation's secret key: the accounts' TOTP
// secrets, passed to factor, and the settings, each passed to setting,
// which reports whether the value is sealed at all. It sets idSetting to
// newID and records the rotation, so the database never holds secrets
// sealed under two keys (8.2.6ア). A secret that cannot be opened stops the
// whole rotation and nothing changes.
func (db *DB) ResealSecrets(ctx context.Context, idSetting, oldID, newID string,
	factor func(sealed string) (string, error),
	setting func(key, value string) (string, bool, error)) (Resealed, error) {
	var n Resealed
	err := db.Update(ctx, func(tx *Tx) error {
		n = Resealed{}
		type row struct {
			key  string
			from string
		}
		var factors, settings []row
		if err := tx.each(ctx, "SELECT id, totp_secret FROM auth_accounts WHERE totp_secret <> '' ORDER BY id", nil, func(sc scanner) error {
			var r row
			err := sc.Scan(&r.key, &r.from)
			factors = append(factors, r)
			return err
		}); err != nil {
			return err
		}
		if err := tx.each(ctx, "SELECT key, value FROM settings ORDER BY key", nil, func(sc scanner) error {
			var r row
			err := sc.Scan(&r.key, &r.from)
			settings = append(settings, r)
			return err
		}); err != nil {
			return err
		}
		for _, r := range factors {
			v, err := factor(r.from)
			if err != nil {
				return fmt.Errorf("account %s's second factor: %w", r.key, err)
			}
			if _, err := tx.ExecContext(ctx, "UPDATE auth_accounts SET totp_secret = ? WHERE id = ?", v, r.key); err != nil {
				return fmt.Errorf("reseal account %s: %w", r.key, err)
			}
			n.Factors++
		}
		for _, r := range settings {
			if r.key == idSetting {
				continue
			}
			v, sealed, err := setting(r.key, r.from)
			if err != nil {
				return fmt.Errorf("setting %s: %w", r.key, err)
			}
			if !sealed {
				continue
			}
			if _, err := tx.ExecContext(ctx, "UPDATE settings SET value = ?, version = version + 1 WHERE key = ?", v, r.key); err != nil {
				return fmt.Errorf("reseal setting %s: %w", r.key, err)
			}
			n.Settings++
		}
		res, err := tx.ExecContext(ctx, "UPDATE settings SET value = ?, version = version + 1 WHERE key = ? AND value = ?", newID, idSetting, oldID)
		if err != nil {
			return fmt.Errorf("store the new secret key's id: %w", err)
		}
		if k, err := res.RowsAffected(); err != nil || k != 1 {
			return kijun.Errorf(kijun.ECONFLICT, "this database's secret key is no longer %s: another rotation ran", oldID)
		}
		_, err = tx.Record(ctx, Change{Action: "auth.secret_key_rotate", Entity: "setting", EntityID: idSetting,
			State:      map[string]any{"old_key": oldID, "new_key": newID, "factors": n.Factors, "settings": n.Settings},
			Provisions: []string{"8.2.6", "4.4"}})
		return err
	})
	return n, err
}
