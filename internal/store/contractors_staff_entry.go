package store

import (
	"context"

	"kijun/internal/contractors"
)

// StaffEntry returns one staff member of a contract with their identity
// checks (8.3.9), or ENOTFOUND.
func (db *DB) StaffEntry(ctx context.Context, id string) (contractors.Staff, error) {
	var s contractors.Staff
	err := db.View(ctx, func(tx *Tx) (err error) {
		s, err = tx.staff(ctx, id)
		return err
	})
	return s, err
}
