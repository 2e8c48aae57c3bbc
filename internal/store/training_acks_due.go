package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"kijun/internal/organisation"
	"kijun/internal/training"
)

// AckOwed is the edition in force on a day and the people serving that
// day who have not acknowledged it (7.1.1ア, 7.1.3), with their 課.
type AckOwed struct {
	Edition training.Edition
	People  []training.Person
}

// AcksOwed returns who owes the acknowledgement of the newest edition in
// force on day, computed from the organisation of the day as the progress
// per 課 is; ok is false when no edition is in force.
func (db *DB) AcksOwed(ctx context.Context, day time.Time) (owed AckOwed, ok bool, err error) {
	err = db.View(ctx, func(tx *Tx) error {
		var d string
		err := tx.QueryRowContext(ctx, "SELECT id, title, in_force FROM training_editions WHERE in_force <= ? ORDER BY in_force DESC, id LIMIT 1", dateArg(day)).
			Scan(&owed.Edition.ID, &owed.Edition.Title, &d)
		if err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return nil // no edition in force
			}
			return fmt.Errorf("read the edition in force: %w", err)
		}
		ok, owed.Edition.InForce = true, organisation.StoredDate(d)
		tree, err := tx.unitTree(ctx, day)
		if err != nil {
			return err
		}
		people, err := tx.trainingPeople(ctx, tree, training.FiscalYear(day), day, nil)
		if err != nil {
			return err
		}
		done, err := tx.ackedBy(ctx, owed.Edition.ID)
		if err != nil {
			return err
		}
		owed.People = training.Owing(people, done, day)
		return nil
	})
	return owed, ok, err
}
