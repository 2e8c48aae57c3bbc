package store

import (
	"context"
	"fmt"

	"kijun/internal/records"
)

// RecordsAfter lists ledger records with a sequence number above after,
// oldest first, at most limit (1 to 1000) of them: the event feed's page.
func (db *DB) RecordsAfter(ctx context.Context, after int64, limit int) ([]*records.Record, error) {
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	var out []*records.Record
	err := db.View(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, "SELECT seq, hash, body FROM ledger_records WHERE seq > ? ORDER BY seq LIMIT ?", after, limit)
		if err != nil {
			return fmt.Errorf("list ledger records after %d: %w", after, err)
		}
		defer rows.Close()
		for rows.Next() {
			r, err := scanRecord(rows)
			if err != nil {
				return err
			}
			out = append(out, r)
		}
		return rows.Err()
	})
	return out, err
}
