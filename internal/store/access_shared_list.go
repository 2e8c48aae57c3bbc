package store

import (
	"context"
	"fmt"
)

// SharedAccounts returns every shared account (共用 ID, 7.4.2イ) with the
// people permitted to use it, by staff number, for the administrators'
// page.
func (db *DB) SharedAccounts(ctx context.Context) (map[string][]string, error) {
	out := map[string][]string{}
	err := db.View(ctx, func(tx *Tx) error {
		return tx.each(ctx, "SELECT account_id, staff_no FROM auth_shared_users ORDER BY account_id, staff_no", nil, func(sc scanner) error {
			var id, s string
			err := sc.Scan(&id, &s)
			out[id] = append(out[id], s)
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("read shared accounts: %w", err)
	}
	return out, nil
}
