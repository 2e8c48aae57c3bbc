package store

import (
	"context"
	"fmt"
	"strings"
)

// PeopleNames returns the names of the people whose staff numbers are
// given, by number, for pages that show who did something rather than a
// raw number; a number not in the register is left out.
func (db *DB) PeopleNames(ctx context.Context, staffNos []string) (map[string]string, error) {
	out := make(map[string]string, len(staffNos))
	if len(staffNos) == 0 {
		return out, nil
	}
	args := make([]any, len(staffNos))
	for i, no := range staffNos {
		args[i] = no
	}
	err := db.View(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, "SELECT staff_no, name FROM org_people WHERE staff_no IN ("+strings.TrimSuffix(strings.Repeat("?, ", len(args)), ", ")+")", args...)
		if err != nil {
			return fmt.Errorf("read people's names: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var no, name string
			if err := rows.Scan(&no, &name); err != nil {
				return err
			}
			out[no] = name
		}
		return rows.Err()
	})
	return out, err
}
