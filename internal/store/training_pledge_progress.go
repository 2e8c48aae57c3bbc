package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"kijun/internal/organisation"
	"kijun/internal/training"
)

// PledgeProgress returns, by 課, the 臨時の任用職員 serving on day and how
// many of them have given a pledge (7.1.2), for the 統括責任者's office
// that registers it. Any pledge given counts, as PledgeDue holds.
func (db *DB) PledgeProgress(ctx context.Context, day time.Time) ([]training.AckTally, error) {
	var out []training.AckTally
	err := db.View(ctx, func(tx *Tx) error {
		tree, err := tx.unitTree(ctx, day)
		if err != nil {
			return err
		}
		people, err := tx.trainingPeople(ctx, tree, training.FiscalYear(day), day, nil)
		if err != nil {
			return err
		}
		temporary := slices.DeleteFunc(people, func(p training.Person) bool { return p.Employment != organisation.EmployTemporary })
		done := map[string]bool{}
		err = tx.each(ctx, "SELECT a.staff_no FROM training_acks a JOIN training_pledges p ON p.edition_id = a.edition_id", nil, func(sc scanner) error {
			var s string
			err := sc.Scan(&s)
			done[s] = true
			return err
		})
		if err != nil {
			return fmt.Errorf("read who pledged: %w", err)
		}
		out = training.TallyAcks(temporary, done, day)
		slices.SortFunc(out, func(a, b training.AckTally) int { return cmp.Compare(a.Unit, b.Unit) })
		return nil
	})
	return out, err
}
