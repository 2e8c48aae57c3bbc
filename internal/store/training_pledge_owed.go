package store

import (
	"context"
	"fmt"
	"slices"
	"time"

	"kijun/internal/organisation"
	"kijun/internal/training"
)

// PledgeOwed is one 臨時の任用職員 of a 課 who has not given the pledge
// (7.1.2), and since when they owe it: the day the first pledge came in
// force, or their first day if they came later.
type PledgeOwed struct {
	StaffNo string
	Name    string
	Since   time.Time
}

// PledgesOwed returns the 臨時の任用職員 of 課 unit serving on day who have
// not given a pledge, by staff number, for the 課's 情報管理者 and the
// 統括責任者's office to follow up: the people counted as not yet in
// PledgeProgress's row of the 課. None are owed before a pledge is in
// force.
func (db *DB) PledgesOwed(ctx context.Context, unit string, day time.Time) ([]PledgeOwed, error) {
	var out []PledgeOwed
	err := db.View(ctx, func(tx *Tx) error {
		var first string
		if err := tx.each(ctx, `SELECT MIN(e.in_force) FROM training_pledges p JOIN training_editions e ON e.id = p.edition_id WHERE e.in_force <= ?`,
			[]any{dateArg(day)}, func(sc scanner) error {
				var s *string
				if err := sc.Scan(&s); err != nil {
					return err
				}
				if s != nil {
					first = *s
				}
				return nil
			}); err != nil {
			return fmt.Errorf("read the first pledge in force: %w", err)
		}
		if first == "" {
			return nil
		}
		from := organisation.StoredDate(first)
		tree, err := tx.unitTree(ctx, day)
		if err != nil {
			return err
		}
		people, err := tx.trainingPeople(ctx, tree, training.FiscalYear(day), day, nil)
		if err != nil {
			return err
		}
		people = slices.DeleteFunc(people, func(p training.Person) bool {
			return p.Employment != organisation.EmployTemporary || p.Unit != unit
		})
		done := map[string]bool{}
		if err := tx.each(ctx, "SELECT a.staff_no FROM training_acks a JOIN training_pledges p ON p.edition_id = a.edition_id", nil, func(sc scanner) error {
			var s string
			err := sc.Scan(&s)
			done[s] = true
			return err
		}); err != nil {
			return fmt.Errorf("read who pledged: %w", err)
		}
		for _, p := range training.Owing(people, done, day) {
			since := from
			if p.Joined.After(since) {
				since = p.Joined
			}
			out = append(out, PledgeOwed{StaffNo: p.StaffNo, Name: p.Name, Since: since})
		}
		return nil
	})
	return out, err
}

// AcksOwedIn returns the newest edition of the teaching material in force
// on day (a pledge is not one) and the people of 課 unit serving that day
// who have not acknowledged it (7.1.1ア, 7.1.3), by staff number, each
// owing it since the edition came in force or their first day if later;
// ok is false when no edition is in force.
func (db *DB) AcksOwedIn(ctx context.Context, unit string, day time.Time) (ed training.Edition, owing []PledgeOwed, ok bool, err error) {
	err = db.View(ctx, func(tx *Tx) error {
		found := false
		var d string
		if err := tx.each(ctx, `SELECT id, title, in_force FROM training_editions WHERE in_force <= ?
			AND id NOT IN (SELECT edition_id FROM training_pledges) ORDER BY in_force DESC, id LIMIT 1`, []any{dateArg(day)}, func(sc scanner) error {
			found = true
			return sc.Scan(&ed.ID, &ed.Title, &d)
		}); err != nil {
			return fmt.Errorf("read the edition in force: %w", err)
		}
		if !found {
			return nil
		}
		ok, ed.InForce = true, organisation.StoredDate(d)
		tree, err := tx.unitTree(ctx, day)
		if err != nil {
			return err
		}
		people, err := tx.trainingPeople(ctx, tree, training.FiscalYear(day), day, nil)
		if err != nil {
			return err
		}
		people = slices.DeleteFunc(people, func(p training.Person) bool { return p.Unit != unit })
		done, err := tx.ackedBy(ctx, ed.ID)
		if err != nil {
			return err
		}
		for _, p := range training.Owing(people, done, day) {
			since := ed.InForce
			if p.Joined.After(since) {
				since = p.Joined
			}
			owing = append(owing, PledgeOwed{StaffNo: p.StaffNo, Name: p.Name, Since: since})
		}
		return nil
	})
	return ed, owing, ok, err
}
