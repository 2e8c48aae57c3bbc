package store

import (
	"context"
	"fmt"
	"time"

	"kijun/internal/permits"
)

// ExceptionsInForce returns every exception in force on day, approved 例外措置
// (9.5.1) not yet ended and reported emergency exceptions (9.5.2), the
// soonest to end first (those with no end last).
func (p *Permits) ExceptionsInForce(ctx context.Context, day time.Time) ([]permits.Request, error) {
	var out []permits.Request
	err := p.db.View(ctx, func(tx *Tx) error {
		return tx.each(ctx, "SELECT "+requestColumns+" FROM "+requestFrom+` WHERE r.exception = 1 AND r.state = 'closed' AND (r.valid_to = '' OR r.valid_to >= ?)
			ORDER BY CASE WHEN r.valid_to = '' THEN 1 ELSE 0 END, r.valid_to, r.id`,
			[]any{dateArg(day)}, func(sc scanner) error {
				r, err := scanRequest(sc)
				out = append(out, r)
				return err
			})
	})
	if err != nil {
		return nil, fmt.Errorf("read the exceptions in force: %w", err)
	}
	return out, nil
}
