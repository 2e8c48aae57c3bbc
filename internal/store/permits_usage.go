package store

import (
	"context"
	"fmt"
	"time"
)

// TypeUse is how often each request type has been filed: by one person
// ever, and by the whole city since a day. The form of new requests
// offers the most used first.
type TypeUse struct {
	Mine, City map[string]int
}

// PermitTypeUse counts the requests of each type that staffNo has made,
// and that anyone has made since since.
func (p *Permits) PermitTypeUse(ctx context.Context, staffNo string, since time.Time) (TypeUse, error) {
	u := TypeUse{Mine: map[string]int{}, City: map[string]int{}}
	err := p.db.View(ctx, func(tx *Tx) error {
		count := func(into map[string]int, query string, args ...any) error {
			rows, err := tx.QueryContext(ctx, query, args...)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var t string
				var n int
				if err := rows.Scan(&t, &n); err != nil {
					return err
				}
				into[t] = n
			}
			return rows.Err()
		}
		if staffNo != "" {
			if err := count(u.Mine, "SELECT type, COUNT(*) FROM permit_requests WHERE requester = ? GROUP BY type", staffNo); err != nil {
				return fmt.Errorf("count %s's requests by type: %w", staffNo, err)
			}
		}
		if err := count(u.City, "SELECT type, COUNT(*) FROM permit_requests WHERE created_at >= ? GROUP BY type", storedTime(since)); err != nil {
			return fmt.Errorf("count requests by type: %w", err)
		}
		return nil
	})
	return u, err
}
