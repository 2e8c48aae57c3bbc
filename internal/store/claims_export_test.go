package store

import (
	"context"

	"kijun/internal/assets"
)

// ClaimOnly takes a staged import of as, each at the version stored now,
// as far as its commit point and stops there, as a process that stops
// before writing its first chunk would: ResumeImport(s) writes the rest.
func (db *DB) ClaimOnly(ctx context.Context, id string, as []assets.Asset) error {
	ctx = WithImportID(ctx, id)
	st := &stagedAssets{versions: map[string]stagedRow{}}
	for i, a := range as {
		old, err := db.Asset(ctx, a.ID)
		existed := err == nil
		if existed {
			a.CreatedAt, a.Version = old.CreatedAt, old.Version+1
			st.versions[a.ID] = stagedRow{version: old.Version, line: i + 2}
		} else {
			a.CreatedAt, a.Version = db.Now(), 1
			st.versions[a.ID] = stagedRow{line: i + 2}
		}
		a.UpdatedAt = db.Now()
		st.writes = append(st.writes, assetWrite{a: a, existed: existed, stageChanged: !existed || old.Stage != a.Stage})
	}
	return db.claimStaged(ctx, id, "test", map[string]string{}, st)
}

// ImportClaims counts the assets claimed by imports.
func (db *DB) ImportClaims(ctx context.Context) (n int) {
	db.View(ctx, func(tx *Tx) error {
		return tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM import_asset_claims").Scan(&n)
	})
	return n
}
