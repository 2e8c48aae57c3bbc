package store

import (
	"context"
	"fmt"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/training"
)

// DrillImport is what a drill's results brought: the results, and who was
// assigned the follow-up course.
type DrillImport struct {
	Results  []training.DrillResult
	Assigned []string
}

// ImportDrill records the results of a 標的型攻撃メール訓練 (a course of mode
// phishing), all or none: each person sent the mail took part (their
// attendance of the drill, 7.2.4), and each who clicked is assigned
// followUp (when given) by its period's end. Every person's 課 must be one
// the importer records for (7.2.2オ).
func (db *DB) ImportDrill(ctx context.Context, g TrainingGate, courseID, followUp string, rs []training.DrillResult, dryRun bool) (DrillImport, error) {
	var out DrillImport
	write := db.Update
	if dryRun {
		write = db.View
	}
	err := write(ctx, func(tx *Tx) error {
		c, err := tx.course(ctx, courseID)
		if err != nil {
			return err
		}
		if c.Mode != training.ModePhishing {
			return kijun.Errorf(kijun.EINVALID, "研修 %s は標的型攻撃メール訓練ではありません（実施方法: %s）", c.ID, c.Mode.Label())
		}
		var fu training.Course
		if followUp != "" {
			if fu, err = tx.course(ctx, followUp); err != nil {
				return err
			}
		}
		people, recorded := map[string]bool{}, map[string]bool{}
		if err := tx.each(ctx, "SELECT staff_no FROM org_people", nil, func(sc scanner) error {
			var s string
			err := sc.Scan(&s)
			people[s] = true
			return err
		}); err != nil {
			return err
		}
		if err := tx.each(ctx, "SELECT staff_no FROM training_drill_results WHERE course_id = ?", []any{c.ID}, func(sc scanner) error {
			var s string
			err := sc.Scan(&s)
			recorded[s] = true
			return err
		}); err != nil {
			return err
		}
		if err := training.CheckDrill(rs, people, recorded); err != nil {
			return err
		}
		today := organisation.Day(db.Now())
		tree, err := tx.unitTree(ctx, today)
		if err != nil {
			return err
		}
		units, err := tx.unitsOfStaff(ctx, tree, today)
		if err != nil {
			return err
		}
		ie := &kijun.ImportError{What: training.DrillWhat}
		for _, r := range rs {
			if !g.Records(units[r.StaffNo]) {
				ie.Add(r.Sheet, r.Line, training.ColStaff, "職員番号 %s は %s の職員です。結果は所属の課の情報管理者が記録します（7.2.2オ）", r.StaffNo, units[r.StaffNo])
			}
		}
		if err := ie.AsError(); err != nil {
			return err
		}
		out.Results = rs
		for _, r := range rs {
			if r.Clicked && followUp != "" {
				out.Assigned = append(out.Assigned, r.StaffNo)
			}
		}
		if dryRun {
			return nil
		}
		var took []training.Attendance
		changes := make([]Change, 0, 2*len(rs))
		for _, r := range rs {
			if _, err := tx.ExecContext(ctx, "INSERT INTO training_drill_results (course_id, staff_no, opened, clicked, reported) VALUES (?, ?, ?, ?, ?)",
				c.ID, r.StaffNo, boolInt(r.Opened), boolInt(r.Clicked), boolInt(r.Reported)); err != nil {
				return fmt.Errorf("insert drill result: %w", err)
			}
			changes = append(changes, Change{Action: "training.drill.result", Entity: "training_drill", EntityID: training.Key(c.ID, r.StaffNo), State: r, Provisions: []string{"7.2.4"}})
			if done, err := tx.recorded(ctx, c.ID, r.StaffNo); err != nil {
				return err
			} else if !done {
				took = append(took, training.Attendance{CourseID: c.ID, StaffNo: r.StaffNo, On: c.From, Source: training.SourceImport, Passed: true, By: g.Person()})
			}
			if r.Clicked && followUp != "" {
				due := fu.To
				if _, err := tx.ExecContext(ctx, "INSERT INTO training_assigned (course_id, staff_no, since, due, reason) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
					fu.ID, r.StaffNo, dateArg(today), dateArg(due), "drill:"+c.ID); err != nil {
					return fmt.Errorf("assign follow-up: %w", err)
				}
				changes = append(changes, Change{Action: "training.assign", Entity: "training_assigned", EntityID: training.Key(fu.ID, r.StaffNo),
					State: map[string]string{"course": fu.ID, "staff_no": r.StaffNo, "due": dateArg(due), "reason": "drill:" + c.ID}, Provisions: []string{"7.2.4"}})
			}
		}
		if err := tx.insertAttendance(ctx, took); err != nil {
			return err
		}
		for _, a := range took {
			changes = append(changes, attendanceChange("training.drill.took", a))
		}
		return tx.RecordMany(ctx, changes)
	})
	return out, err
}

// DrillTallies returns a drill's results by 課 (rates of opening,
// clicking and reporting).
func (db *DB) DrillTallies(ctx context.Context, courseID string) ([]training.DrillTally, error) {
	var out []training.DrillTally
	err := db.View(ctx, func(tx *Tx) error {
		var rs []training.DrillResult
		if err := tx.each(ctx, "SELECT staff_no, opened, clicked, reported FROM training_drill_results WHERE course_id = ?", []any{courseID}, func(sc scanner) error {
			var r training.DrillResult
			var o, c, p int
			err := sc.Scan(&r.StaffNo, &o, &c, &p)
			r.Opened, r.Clicked, r.Reported = o == 1, c == 1, p == 1
			rs = append(rs, r)
			return err
		}); err != nil {
			return err
		}
		today := organisation.Day(db.Now())
		tree, err := tx.unitTree(ctx, today)
		if err != nil {
			return err
		}
		units, err := tx.unitsOfStaff(ctx, tree, today)
		if err != nil {
			return err
		}
		out = training.TallyDrill(rs, func(s string) string { return units[s] })
		return nil
	})
	return out, err
}

// assignedDuties reads the courses assigned by name in year to the people
// read (7.2.4: follow-up training after a drill).
func (tx *Tx) assignedDuties(ctx context.Context, year int, keep map[string]*training.Person) ([]training.Duty, error) {
	var out []training.Duty
	err := tx.each(ctx, `SELECT s.course_id, s.staff_no, s.since, s.due FROM training_assigned s JOIN training_courses c ON c.id = s.course_id WHERE c.year = ?`,
		[]any{year}, func(sc scanner) error {
			var id, staff, since, due string
			if err := sc.Scan(&id, &staff, &since, &due); err != nil {
				return err
			}
			if keep[staff] != nil {
				out = append(out, training.Duty{StaffNo: staff, Need: training.CourseAudience(id), Since: organisation.StoredDate(since), Due: organisation.StoredDate(due)})
			}
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("read assigned courses: %w", err)
	}
	return out, nil
}
