package store

import (
	"context"
	"fmt"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/records"
)

// ImportHR checks the rows of an HR file (人事異動) against the database and
// applies them all in one transaction, or none: any row in error refuses
// the whole file with an EINVALID error wrapping an
// *organisation.ImportError that names every bad row. With dryRun nothing
// is written and the plan says what would change. Importing the same rows
// again changes nothing. People who leave get an ID review entry
// (8.2.1イ(3)) for the sign-in work to act on. Each person changed gets
// one ledger record.
func (db *DB) ImportHR(ctx context.Context, rows []organisation.HRRow, dryRun bool) (*organisation.HRPlan, error) {
	if len(rows) == 0 {
		return nil, (&organisation.ImportError{What: "人事異動ファイル", Errors: []organisation.RowError{{Reason: "取り込む行がありません"}}}).AsError()
	}
	var plan *organisation.HRPlan
	run := db.Update
	if dryRun {
		run = db.View
	}
	err := run(ctx, func(tx *Tx) error {
		st, err := tx.hrState(ctx, rows)
		if err != nil {
			return err
		}
		if plan, err = organisation.PlanHR(rows, st); err != nil {
			return err
		}
		if dryRun {
			return nil
		}
		for _, c := range plan.Changes {
			if c.Kind == organisation.HRUnchanged {
				continue
			}
			if err := tx.applyHRChange(ctx, c); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return plan, nil
}

// hrState loads what PlanHR compares the rows with.
func (tx *Tx) hrState(ctx context.Context, rows []organisation.HRRow) (organisation.HRState, error) {
	st := organisation.HRState{
		People:      map[string]organisation.Person{},
		Assignments: map[string][]organisation.Assignment{},
		UnitPeriods: map[string][]organisation.Period{},
		UnitNames:   map[string]string{},
	}
	earliest := rows[0].Effective
	for _, r := range rows {
		if r.Effective.Before(earliest) {
			earliest = r.Effective
		}
	}
	prs, err := tx.QueryContext(ctx, "SELECT "+personColumns+" FROM org_people")
	if err != nil {
		return st, fmt.Errorf("load people: %w", err)
	}
	for prs.Next() {
		p, err := scanPerson(prs)
		if err != nil {
			prs.Close()
			return st, fmt.Errorf("load people: %w", err)
		}
		st.People[p.StaffNo] = p
	}
	prs.Close()
	if err := prs.Err(); err != nil {
		return st, fmt.Errorf("load people: %w", err)
	}
	ars, err := tx.QueryContext(ctx, "SELECT "+assignmentColumns+" FROM org_assignments a WHERE a.valid_to >= ? ORDER BY a.id", dateArg(organisation.DayBefore(earliest)))
	if err != nil {
		return st, fmt.Errorf("load assignments: %w", err)
	}
	for ars.Next() {
		a, err := scanAssignment(ars)
		if err != nil {
			ars.Close()
			return st, fmt.Errorf("load assignments: %w", err)
		}
		st.Assignments[a.StaffNo] = append(st.Assignments[a.StaffNo], a)
	}
	ars.Close()
	if err := ars.Err(); err != nil {
		return st, fmt.Errorf("load assignments: %w", err)
	}
	urs, err := tx.QueryContext(ctx, "SELECT "+unitColumns+" FROM org_unit_versions ORDER BY unit_code, valid_from")
	if err != nil {
		return st, fmt.Errorf("load units: %w", err)
	}
	units, err := scanUnits(urs)
	if err != nil {
		return st, err
	}
	for _, u := range units {
		st.UnitPeriods[u.Code] = append(st.UnitPeriods[u.Code], u.Period)
		st.UnitNames[u.Code] = u.Name // the newest version's name
	}
	return st, nil
}

func (tx *Tx) applyHRChange(ctx context.Context, c organisation.HRChange) error {
	no := c.Person.StaffNo
	if c.PersonChanged {
		if err := checkPerson(c.Person); err != nil {
			return err
		}
		if err := tx.savePerson(ctx, c.Person); err != nil {
			return err
		}
	}
	for _, a := range c.Remove {
		if _, err := tx.ExecContext(ctx, "DELETE FROM org_assignments WHERE id = ?", a.ID); err != nil {
			return fmt.Errorf("withdraw assignment %d of %s: %w", a.ID, no, err)
		}
	}
	for _, a := range c.End {
		if _, err := tx.ExecContext(ctx, "UPDATE org_assignments SET valid_to = ? WHERE id = ?", dateArg(a.To), a.ID); err != nil {
			return fmt.Errorf("end assignment %d of %s: %w", a.ID, no, err)
		}
	}
	for _, a := range c.Start {
		if _, err := tx.ExecContext(ctx, `INSERT INTO org_assignments (staff_no, unit_code, post, is_primary, valid_from, valid_to)
			VALUES (?, ?, ?, ?, ?, ?)`, no, a.Unit, a.Post, boolInt(a.Primary), dateArg(a.From), dateArg(a.To)); err != nil {
			return fmt.Errorf("assign %s to %s: %w", no, a.Unit, err)
		}
	}
	provisions := []string{"3.2.5イ"}
	action := "org.person.transfer"
	switch {
	case c.Kind == organisation.HRLeaving:
		// 8.2.1イ(3): the IDs of people who left must not be left unused.
		if _, err := tx.ExecContext(ctx, `INSERT INTO org_id_reviews (staff_no, left_on, reason, status, created_at)
			VALUES (?, ?, ?, 'open', ?) ON CONFLICT (staff_no, left_on) DO NOTHING`,
			no, dateArg(c.Effective), "退職（人事異動の取込み）", records.FormatTime(tx.db.Now())); err != nil {
			return fmt.Errorf("list %s for ID review: %w", no, err)
		}
		action, provisions = "org.person.leave", []string{"3.2.5イ", "8.2.1イ(3)"}
		// 8.2.1イ(2): once the leave has taken effect the person signs in no
		// more. A leave dated ahead is refused at sign-in from that day.
		if !c.Person.LeftOn.IsZero() && organisation.Day(tx.db.Now()).After(c.Person.LeftOn) {
			ids, err := tx.DisableAccountsOf(ctx, no)
			if err != nil {
				return err
			}
			for _, id := range ids {
				if _, err := tx.Record(ctx, Change{Action: "auth.account.disable", Entity: "account", EntityID: id,
					State: map[string]any{"id": id, "staff_no": no, "reason": "left"}, Provisions: []string{"8.2.1イ(2)"}}); err != nil {
					return err
				}
			}
		}
	case c.Kind == organisation.HRAdded:
		action = "org.person.hire"
	}
	_, err := tx.Record(ctx, Change{Action: action, Entity: "person", EntityID: no, State: c, Provisions: provisions})
	return err
}

// IDReview is a person who left and whose IDs must be reviewed (8.2.1イ(3)).
type IDReview struct {
	ID      int64     `json:"id"`
	StaffNo string    `json:"staff_no"`
	Name    string    `json:"name"`
	LeftOn  time.Time `json:"left_on"`
	Reason  string    `json:"reason"`
	Status  string    `json:"status"` // open, or done once the accounts are disabled
}

// IDReviews lists the open ID reviews, oldest first.
func (db *DB) IDReviews(ctx context.Context) ([]IDReview, error) {
	var out []IDReview
	err := db.View(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT r.id, r.staff_no, p.name, r.left_on, r.reason, r.status
			FROM org_id_reviews r JOIN org_people p ON p.staff_no = r.staff_no WHERE r.status = 'open' ORDER BY r.id`)
		if err != nil {
			return fmt.Errorf("list ID reviews: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var r IDReview
			var left string
			if err := rows.Scan(&r.ID, &r.StaffNo, &r.Name, &left, &r.Reason, &r.Status); err != nil {
				return fmt.Errorf("list ID reviews: %w", err)
			}
			r.LeftOn = organisation.StoredDate(left)
			out = append(out, r)
		}
		return rows.Err()
	})
	return out, err
}

// CloseIDReview marks an ID review done, for the sign-in work once it has
// disabled the person's accounts.
func (db *DB) CloseIDReview(ctx context.Context, id int64) error {
	return db.Update(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE org_id_reviews SET status = 'done' WHERE id = ? AND status = 'open'", id)
		if err != nil {
			return fmt.Errorf("close ID review %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return kijun.Errorf(kijun.ENOTFOUND, "未処理の ID 点検 %d はありません", id)
		}
		_, err = tx.Record(ctx, Change{Action: "org.id_review.close", Entity: "id_review", EntityID: fmt.Sprint(id), State: id, Provisions: []string{"8.2.1イ(3)"}})
		return err
	})
}
