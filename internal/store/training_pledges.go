package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/training"
)

// Pledge is the 誓約 a 臨時の任用職員 gives before their account works
// (7.1.2): an edition whose acknowledgement is the pledge, and its text.
type Pledge struct {
	Edition training.Edition
	Body    string
}

// SavePledge registers the text of a pledge as an edition, by the
// 統括責任者's office (the gate's Plans), so that giving it is the
// edition's acknowledgement (Acknowledge): dated, once per person, and
// recorded.
func (db *DB) SavePledge(ctx context.Context, g TrainingGate, p Pledge) error {
	if !g.Plans() {
		return kijun.Errorf(kijun.EFORBIDDEN, "誓約書は情報セキュリティ統括責任者（又は CISO 事務局）が登録します")
	}
	var fe kijun.FieldErrors
	if ce := (*kijun.FieldErrors)(nil); errors.As(p.Edition.Check(), &ce) {
		fe.Fields = append(fe.Fields, ce.Fields...)
	}
	if strings.TrimSpace(p.Body) == "" {
		fe.Add("body", "誓約の本文を入力してください")
	}
	if err := fe.AsError(); err != nil {
		return err
	}
	return db.Update(ctx, func(tx *Tx) error {
		if err := tx.insertEdition(ctx, p.Edition); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO training_pledges (edition_id, body) VALUES (?, ?)", p.Edition.ID, p.Body); err != nil {
			return fmt.Errorf("insert pledge %s: %w", p.Edition.ID, err)
		}
		_, err := tx.Record(ctx, Change{Action: "training.pledge.save", Entity: "training_edition", EntityID: p.Edition.ID, State: p, Provisions: []string{"7.1.2"}})
		return err
	})
}

// PledgeInForce returns the newest pledge in force on day, or an
// ENOTFOUND error when none is.
func (db *DB) PledgeInForce(ctx context.Context, day time.Time) (Pledge, error) {
	var p Pledge
	err := db.View(ctx, func(tx *Tx) error {
		var d string
		err := tx.QueryRowContext(ctx, `SELECT e.id, e.title, e.in_force, p.body FROM training_pledges p
			JOIN training_editions e ON e.id = p.edition_id WHERE e.in_force <= ? ORDER BY e.in_force DESC, e.id DESC LIMIT 1`,
			dateArg(day)).Scan(&p.Edition.ID, &p.Edition.Title, &d, &p.Body)
		p.Edition.InForce = organisation.StoredDate(d)
		return errNoRows(err, "誓約書が登録されていません")
	})
	return p, err
}

// PledgeDue reports whether person staffNo must give the pledge before
// their account works (7.1.2): they are a 臨時の任用職員, a pledge is in
// force on day, and they have given none. With no pledge in force there is
// nothing to give, and nobody is held.
func (tx *Tx) PledgeDue(ctx context.Context, staffNo string, day time.Time) (bool, error) {
	n, err := tx.count(ctx, `SELECT COUNT(*) FROM org_people o WHERE o.staff_no = ? AND o.employment = ?
		AND EXISTS (SELECT 1 FROM training_pledges p JOIN training_editions e ON e.id = p.edition_id WHERE e.in_force <= ?)
		AND NOT EXISTS (SELECT 1 FROM training_acks a JOIN training_pledges p ON p.edition_id = a.edition_id WHERE a.staff_no = o.staff_no)`,
		staffNo, string(organisation.EmployTemporary), dateArg(day))
	if err != nil {
		return false, fmt.Errorf("read pledge of %s: %w", staffNo, err)
	}
	return n > 0, nil
}
