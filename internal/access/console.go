package access

import (
	"context"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/store"
)

// PersonAt builds the principal of a member of staff on day d from the
// organisation alone, for a console command run with --as STAFF_NO: the
// command then does what that person may do, as the pages would let them,
// and the ledger names them. One who is not in the register, or has left
// by d, is refused.
func PersonAt(ctx context.Context, db *store.DB, staffNo string, d time.Time) (*Principal, error) {
	p, err := db.Person(ctx, staffNo)
	if err != nil {
		return nil, kijun.Wrap(kijun.EINVALID, err, "--as %s: 職員番号 %s の職員等はいません", staffNo, staffNo)
	}
	if p.Status != organisation.StatusActive && !p.LeftOn.IsZero() && p.LeftOn.Before(organisation.Day(d)) {
		return nil, kijun.Errorf(kijun.EINVALID, "--as %s: %s は %s に退職しています", staffNo, p.Name, organisation.FormatDate(p.LeftOn))
	}
	pr := &Principal{StaffNo: staffNo, Name: p.Name}
	err = db.View(ctx, func(tx *store.Tx) error {
		pr.Roles, pr.Units, err = tx.RolesOf(ctx, staffNo, organisation.Day(d))
		return err
	})
	return pr, err
}
