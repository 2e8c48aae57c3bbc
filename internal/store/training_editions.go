package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/records"
	"kijun/internal/training"
)

// SaveEdition registers an edition to be acknowledged, by the 統括責任者's
// office (the gate's Plans).
func (db *DB) SaveEdition(ctx context.Context, g TrainingGate, e training.Edition) error {
	if !g.Plans() {
		return kijun.Errorf(kijun.EFORBIDDEN, "確認を求める版は情報セキュリティ統括責任者（又は CISO 事務局）が登録します")
	}
	if err := e.Check(); err != nil {
		return err
	}
	return db.Update(ctx, func(tx *Tx) error {
		if err := tx.insertEdition(ctx, e); err != nil {
			return err
		}
		_, err := tx.Record(ctx, Change{Action: "training.edition.save", Entity: "training_edition", EntityID: e.ID, State: e, Provisions: []string{"7.1.3"}})
		return err
	})
}

// insertEdition adds edition e, refusing an ID already used.
func (tx *Tx) insertEdition(ctx context.Context, e training.Edition) error {
	if n, err := tx.count(ctx, "SELECT COUNT(*) FROM training_editions WHERE id = ?", e.ID); err != nil {
		return err
	} else if n > 0 {
		return kijun.Errorf(kijun.ECONFLICT, "版 %s は既に登録されています", e.ID)
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO training_editions (id, title, in_force) VALUES (?, ?, ?)", e.ID, e.Title, dateArg(e.InForce)); err != nil {
		return fmt.Errorf("insert edition %s: %w", e.ID, err)
	}
	return nil
}

func (tx *Tx) count(ctx context.Context, q string, args ...any) (int, error) {
	var n int
	err := tx.QueryRowContext(ctx, q, args...).Scan(&n)
	return n, err
}

// Editions returns the editions registered, newest in force first.
func (db *DB) Editions(ctx context.Context) ([]training.Edition, error) {
	var out []training.Edition
	err := db.View(ctx, func(tx *Tx) error {
		return tx.each(ctx, "SELECT id, title, in_force FROM training_editions ORDER BY in_force DESC, id", nil, func(sc scanner) error {
			var e training.Edition
			var d string
			err := sc.Scan(&e.ID, &e.Title, &d)
			e.InForce = organisation.StoredDate(d)
			out = append(out, e)
			return err
		})
	})
	return out, err
}

// Acknowledge records that the acting person has read and will keep an
// edition in force (7.1.1ア); once per person and edition.
func (db *DB) Acknowledge(ctx context.Context, g TrainingGate, editionID string) error {
	staff := g.Person()
	return db.Update(ctx, func(tx *Tx) error {
		var inForce string
		if err := tx.QueryRowContext(ctx, "SELECT in_force FROM training_editions WHERE id = ?", editionID).Scan(&inForce); err != nil {
			return errNoRows(err, "版 %s はありません", editionID)
		}
		if staff == "" {
			return kijun.Errorf(kijun.EFORBIDDEN, "確認は職員等本人が行います（管理者のアカウントでは確認できません）")
		}
		if inForce > dateArg(organisation.Day(db.Now())) {
			return kijun.Errorf(kijun.EINVALID, "版 %s はまだ施行されていません（%s 施行）", editionID, inForce)
		}
		if n, err := tx.count(ctx, "SELECT COUNT(*) FROM training_acks WHERE edition_id = ? AND staff_no = ?", editionID, staff); err != nil {
			return err
		} else if n > 0 {
			return kijun.Errorf(kijun.ECONFLICT, "版 %s は既に確認済みです", editionID)
		}
		at := db.Now()
		if _, err := tx.ExecContext(ctx, "INSERT INTO training_acks (edition_id, staff_no, acked_at) VALUES (?, ?, ?)", editionID, staff, records.FormatTime(at)); err != nil {
			return fmt.Errorf("acknowledge %s: %w", editionID, err)
		}
		st := map[string]string{"edition": editionID, "staff_no": staff, "at": records.FormatTime(at)}
		if pledge, err := tx.count(ctx, "SELECT COUNT(*) FROM training_pledges WHERE edition_id = ?", editionID); err != nil {
			return err
		} else if pledge > 0 {
			// 7.1.2: acknowledging a pledge edition is the person's 誓約.
			_, err := tx.Record(ctx, Change{Action: "training.pledge.give", Entity: "training_ack", EntityID: training.Key(editionID, staff), State: st, Provisions: []string{"7.1.2"}})
			return err
		}
		_, err := tx.Record(ctx, Change{Action: "training.edition.ack", Entity: "training_ack", EntityID: training.Key(editionID, staff),
			State: st, Provisions: []string{"7.1.1.ア", "7.1.3"}})
		return err
	})
}

// Acknowledged returns the editions a person has acknowledged.
func (db *DB) Acknowledged(ctx context.Context, staffNo string) (map[string]bool, error) {
	out := map[string]bool{}
	err := db.View(ctx, func(tx *Tx) error {
		return tx.each(ctx, "SELECT edition_id FROM training_acks WHERE staff_no = ?", []any{staffNo}, func(sc scanner) error {
			var id string
			err := sc.Scan(&id)
			out[id] = true
			return err
		})
	})
	return out, err
}

// AckProgress returns an edition's acknowledgement by 課 on day: of the
// people serving, computed from the organisation as the training duties
// are.
func (db *DB) AckProgress(ctx context.Context, editionID string, day time.Time) ([]training.AckTally, error) {
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
		done, err := tx.ackedBy(ctx, editionID)
		if err != nil {
			return err
		}
		out = training.TallyAcks(people, done, day)
		slices.SortFunc(out, func(a, b training.AckTally) int { return cmp.Compare(a.Unit, b.Unit) })
		return nil
	})
	return out, err
}

// ackedBy returns who has acknowledged an edition, by staff number.
func (tx *Tx) ackedBy(ctx context.Context, editionID string) (map[string]bool, error) {
	done := map[string]bool{}
	err := tx.each(ctx, "SELECT staff_no FROM training_acks WHERE edition_id = ?", []any{editionID}, func(sc scanner) error {
		var s string
		err := sc.Scan(&s)
		done[s] = true
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read who acknowledged %s: %w", editionID, err)
	}
	return done, nil
}
