package store

import (
	"context"
	"fmt"

	"kijun/internal/catalog"
)

// carriedByAlignment returns, when cat is a city's own standard, whether
// its confirmed alignment carries a provision of the reference Kijun ships
// (what questions and permit types cite); nil when cat is the reference
// or has no confirmed alignment.
func (db *DB) carriedByAlignment(ctx context.Context, cat *catalog.Catalog) (func(string) bool, error) {
	var n int
	if err := db.View(ctx, func(tx *Tx) error {
		return tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM catalog_mapping_confirmations WHERE from_key = ?`, cat.Key).Scan(&n)
	}); err != nil {
		return nil, fmt.Errorf("count confirmed alignments of %s: %w", cat.Key, err)
	}
	if n == 0 {
		return nil, nil // no alignment confirmed: nothing of the reference is carried
	}
	ref, err := catalog.Default()
	if err != nil {
		return nil, err
	}
	if cat.Key == ref.Key {
		return nil, nil
	}
	cw, err := db.Crosswalk(ctx, cat, ref)
	if err != nil {
		return nil, err
	}
	return cw.Applies, nil
}
