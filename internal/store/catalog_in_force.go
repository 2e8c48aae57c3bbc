package store

import (
	"context"
	"database/sql"
	"errors"

	"kijun/internal/kijun"
	"kijun/internal/records"
)

// CatalogInForce is the edition of the standard in force, as the setting
// holds it, with the setting's version.
type CatalogInForce struct {
	Key     string `json:"key"`
	Edition string `json:"edition"`
	Version int64  `json:"version"`
}

// catalogInForceProvisions: the 対策基準 as reviewed (11.3); the change is
// a record kept (4.4).
var catalogInForceProvisions = []string{"11.3", "4.4"}

// InForce returns the edition in force and its version.
func (db *DB) InForce(ctx context.Context) (CatalogInForce, error) {
	var out CatalogInForce
	err := db.View(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.inForce(ctx)
		return err
	})
	return out, err
}

func (tx *Tx) inForce(ctx context.Context) (CatalogInForce, error) {
	var ref string
	var out CatalogInForce
	err := tx.QueryRowContext(ctx, "SELECT value, version FROM settings WHERE key = ?", DefaultCatalogSetting).Scan(&ref, &out.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return out, kijun.Errorf(kijun.ENOTFOUND, "施行中の基準は定められていません")
	}
	if err != nil {
		return out, err
	}
	out.Key, out.Edition, err = ParseCatalogRef(ref)
	return out, err
}

// SetInForce makes a loaded edition the standard in force, by the CISO's
// office (1.2), at the version of the setting the caller read (0 when none
// is set): the setting and its ledger record commit together.
func (db *DB) SetInForce(ctx context.Context, g CityWide, key, edition string, version int64) (CatalogInForce, error) {
	if g == nil || !g.City() {
		return CatalogInForce{}, kijun.Errorf(kijun.EFORBIDDEN, "施行中の基準を定めるのは CISO 室です（1.2）")
	}
	out := CatalogInForce{Key: key, Edition: edition}
	err := db.Update(ctx, func(tx *Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM catalogs WHERE key = ? AND edition = ?", key, edition).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			var fe kijun.FieldErrors
			fe.Add("edition", "基準 %s@%s は読み込まれていません。先に版を読み込んでください", key, edition)
			return fe.AsError()
		}
		now, err := tx.inForce(ctx)
		if err != nil && kijun.ErrorCode(err) != kijun.ENOTFOUND {
			return err
		}
		if now.Version != version {
			return kijun.Errorf(kijun.ECONFLICT, "施行中の基準は読んだ後に変更されています（版 %d）", now.Version)
		}
		if now.Key == key && now.Edition == edition {
			out = now
			return nil // already in force: nothing to record
		}
		out.Version = now.Version + 1
		ref := key + "@" + edition
		if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value, updated_at, version) VALUES (?, ?, ?, 1)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, version = settings.version + 1`,
			DefaultCatalogSetting, ref, records.FormatTime(db.Now())); err != nil {
			return err
		}
		_, err = tx.Record(ctx, Change{Action: "catalog.in_force", Entity: "catalog", EntityID: ref, State: out,
			Provisions: catalogInForceProvisions})
		return err
	})
	return out, err
}
