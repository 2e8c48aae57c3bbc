package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/records"
	"kijun/internal/training"
)

// unitsOfStaff returns the 課 of each person's primary assignment on day,
// or of their latest one before it (people who have left).
func (tx *Tx) unitsOfStaff(ctx context.Context, tree *unitTree, day time.Time) (map[string]string, error) {
	out := map[string]string{}
	on := map[string]bool{}
	d := dateArg(day)
	err := tx.each(ctx, "SELECT staff_no, unit_code, valid_to FROM org_assignments WHERE is_primary = 1 AND valid_from <= ? ORDER BY valid_from", []any{d}, func(sc scanner) error {
		var s, u, to string
		if err := sc.Scan(&s, &u, &to); err != nil {
			return err
		}
		if on[s] {
			return nil
		}
		out[s], on[s] = u, to >= d
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read the units of staff: %w", err)
	}
	for s, u := range out {
		out[s] = tree.up(u, false)
	}
	return out, nil
}

// unitOfStaff returns the 課 of one person on day, or "".
func (tx *Tx) unitOfStaff(ctx context.Context, tree *unitTree, staffNo string, day time.Time) (string, error) {
	var u string
	err := tx.each(ctx, "SELECT unit_code FROM org_assignments WHERE staff_no = ? AND is_primary = 1 AND valid_from <= ? ORDER BY valid_to DESC, valid_from DESC", []any{staffNo, dateArg(day)}, func(sc scanner) error {
		if u != "" {
			return nil
		}
		return sc.Scan(&u)
	})
	if err != nil || u == "" {
		return "", err
	}
	return tree.up(u, false), nil
}

func (tx *Tx) insertAttendance(ctx context.Context, as []training.Attendance) error {
	const cols = 9
	now := records.FormatTime(tx.db.Now())
	for chunk := range slices.Chunk(as, 400) {
		args := make([]any, 0, cols*len(chunk))
		for _, a := range chunk {
			args = append(args, a.CourseID, a.StaffNo, dateArg(a.On), string(a.Source), a.Score, boolInt(a.HasScore), boolInt(a.Passed), a.By, now)
		}
		row := "(" + strings.TrimSuffix(strings.Repeat("?, ", cols), ", ") + ")"
		q := "INSERT INTO training_attendance (course_id, staff_no, attended_on, source, score, has_score, passed, recorded_by, recorded_at) VALUES " +
			strings.TrimSuffix(strings.Repeat(row+", ", len(chunk)), ", ")
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("insert attendance: %w", err)
		}
	}
	return nil
}

func attendanceChange(action string, a training.Attendance) Change {
	return Change{Action: action, Entity: "training_attendance", EntityID: training.Key(a.CourseID, a.StaffNo), State: a,
		Provisions: []string{"7.2.2.オ", "7.2.4"}}
}

func (tx *Tx) recorded(ctx context.Context, courseID, staffNo string) (bool, error) {
	var n int
	err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM training_attendance WHERE course_id = ? AND staff_no = ?", courseID, staffNo).Scan(&n)
	return n > 0, err
}

// AnswerQuiz grades the acting person's answers to a course's quiz on day
// and records their attendance. A quiz is answered once: a second answer
// is refused, passed or not.
func (db *DB) AnswerQuiz(ctx context.Context, g TrainingGate, courseID string, answers []int, day time.Time) (training.Attendance, error) {
	var a training.Attendance
	staff := g.Person()
	if staff == "" {
		return a, kijun.Errorf(kijun.EFORBIDDEN, "確認テストには本人が回答します")
	}
	err := db.Update(ctx, func(tx *Tx) error {
		c, err := tx.course(ctx, courseID)
		if err != nil {
			return err
		}
		if !c.Covers(day) {
			return kijun.Errorf(kijun.EINVALID, "研修 %s の実施期間（%s〜%s）の外です", c.ID, organisation.FormatDate(c.From), organisation.FormatDate(c.To))
		}
		if done, err := tx.recorded(ctx, c.ID, staff); err != nil {
			return err
		} else if done {
			return kijun.Errorf(kijun.ECONFLICT, "研修 %s の確認テストには既に回答しています（回答は 1 回です）", c.ID)
		}
		score, passed, err := c.Grade(answers)
		if err != nil {
			return err
		}
		a = training.Attendance{CourseID: c.ID, StaffNo: staff, On: day, Source: training.SourceQuiz, Score: score, HasScore: true, Passed: passed, By: staff}
		if err := tx.insertAttendance(ctx, []training.Attendance{a}); err != nil {
			return err
		}
		_, err = tx.Record(ctx, attendanceChange("training.quiz.answer", a))
		return err
	})
	return a, err
}

// RecordAttendance records that a person attended a course (7.2.2オ: the
// 情報管理者 records their 課's training), when the acting person records
// for the person's 課 on the day attended.
func (db *DB) RecordAttendance(ctx context.Context, g TrainingGate, a training.Attendance) (training.Attendance, error) {
	a.Source, a.By, a.HasScore, a.Passed = training.SourceManager, g.Person(), false, true
	err := db.Update(ctx, func(tx *Tx) error {
		c, err := tx.course(ctx, a.CourseID)
		if err != nil {
			return err
		}
		if _, err := scanPerson(tx.QueryRowContext(ctx, "SELECT "+personColumns+" FROM org_people WHERE staff_no = ?", a.StaffNo)); err != nil {
			return errNoRows(err, "職員番号 %s の職員等はいません", a.StaffNo)
		}
		tree, err := tx.unitTree(ctx, a.On)
		if err != nil {
			return err
		}
		unit, err := tx.unitOfStaff(ctx, tree, a.StaffNo, a.On)
		if err != nil {
			return err
		}
		if !g.Records(unit) {
			return kijun.Errorf(kijun.EFORBIDDEN, "職員番号 %s の受講は、所属の課（%s）の情報管理者が記録します（7.2.2オ）", a.StaffNo, unit)
		}
		if !c.Covers(a.On) {
			return kijun.Errorf(kijun.EINVALID, "受講日 %s は研修 %s の実施期間（%s〜%s）の外です", organisation.FormatDate(a.On), c.ID,
				organisation.FormatDate(c.From), organisation.FormatDate(c.To))
		}
		if done, err := tx.recorded(ctx, c.ID, a.StaffNo); err != nil {
			return err
		} else if done {
			return kijun.Errorf(kijun.ECONFLICT, "職員番号 %s の研修 %s の受講は既に記録されています", a.StaffNo, c.ID)
		}
		if err := tx.insertAttendance(ctx, []training.Attendance{a}); err != nil {
			return err
		}
		_, err = tx.Record(ctx, attendanceChange("training.attendance.record", a))
		return err
	})
	return a, err
}

// ImportAttendance records the attendance of an e-learning system's file,
// all or none: every row is checked (training.Check) and every person's 課
// must be one the importer records for. With dryRun nothing is written.
// It returns the attendances recorded (or that would be).
func (db *DB) ImportAttendance(ctx context.Context, g TrainingGate, rows []training.Row, dryRun bool) ([]training.Attendance, error) {
	var out []training.Attendance
	write := db.Update
	if dryRun {
		write = db.View
	}
	err := write(ctx, func(tx *Tx) error {
		k := training.Known{People: map[string]bool{}, Courses: map[string]training.Course{}, Recorded: map[string]bool{}}
		if err := tx.each(ctx, "SELECT staff_no FROM org_people", nil, func(sc scanner) error {
			var s string
			err := sc.Scan(&s)
			k.People[s] = true
			return err
		}); err != nil {
			return fmt.Errorf("read people: %w", err)
		}
		cs, err := tx.courses(ctx, 0)
		if err != nil {
			return err
		}
		var named []string
		for _, c := range cs {
			k.Courses[c.ID] = c
		}
		inFile := map[string]bool{}
		for _, r := range rows {
			if _, ok := k.Courses[r.CourseID]; ok && !inFile[r.CourseID] {
				inFile[r.CourseID] = true
				named = append(named, r.CourseID)
			}
		}
		if err := tx.eachIn(ctx, "SELECT course_id, staff_no FROM training_attendance WHERE course_id IN ", anys(named), func(sc scanner) error {
			var c, s string
			err := sc.Scan(&c, &s)
			k.Recorded[training.Key(c, s)] = true
			return err
		}); err != nil {
			return fmt.Errorf("read recorded attendance: %w", err)
		}
		as, err := training.Check(rows, k)
		if err != nil {
			return err
		}
		tree, err := tx.unitTree(ctx, organisation.Day(db.Now()))
		if err != nil {
			return err
		}
		units, err := tx.unitsOfStaff(ctx, tree, organisation.Day(db.Now()))
		if err != nil {
			return err
		}
		ie := &kijun.ImportError{What: training.What}
		for i, a := range as {
			if !g.Records(units[a.StaffNo]) {
				ie.Add(rows[i].Sheet, rows[i].Line, training.ColStaff, "職員番号 %s は %s の職員です。受講は所属の課の情報管理者が記録します（7.2.2オ）", a.StaffNo, units[a.StaffNo])
			}
			as[i].By = g.Person()
		}
		if err := ie.AsError(); err != nil {
			return err
		}
		out = as
		if dryRun {
			return nil
		}
		if err := tx.insertAttendance(ctx, as); err != nil {
			return err
		}
		changes := make([]Change, len(as))
		for i, a := range as {
			changes[i] = attendanceChange("training.attendance.import", a)
		}
		return tx.RecordMany(ctx, changes)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// TrainingReport is a 情報管理者's report of their 課's training to the
// 統括責任者 and the 情報責任者 (7.2.2オ), with the figures as reported.
type TrainingReport struct {
	ID          int64          `json:"id"`
	Year        int            `json:"year"`
	Unit        string         `json:"unit"`
	SubmittedBy string         `json:"submitted_by"`
	SubmittedAt time.Time      `json:"submitted_at"`
	Figures     training.Tally `json:"figures"`
	Note        string         `json:"note,omitempty"`
}

// SubmitTrainingReport records the report of 課 unit's training in year as
// it stands today, by its 情報管理者.
func (db *DB) SubmitTrainingReport(ctx context.Context, g TrainingGate, year int, unit, note string) (TrainingReport, error) {
	r := TrainingReport{Year: year, Unit: unit, SubmittedBy: g.Person(), SubmittedAt: db.Now(), Note: strings.TrimSpace(note)}
	if !g.Records(unit) {
		return r, kijun.Errorf(kijun.EFORBIDDEN, "%s の研修の実施状況は、その課の情報管理者が報告します（7.2.2オ）", unit)
	}
	err := db.Update(ctx, func(tx *Tx) error {
		y, err := tx.trainingYear(ctx, year, organisation.Day(r.SubmittedAt), unit, nil)
		if err != nil {
			return err
		}
		r.Figures = training.Tally{Unit: unit, Name: y.UnitName(unit)}
		for _, t := range y.ByUnit() {
			if t.Unit == unit {
				r.Figures = t
			}
		}
		b, err := json.Marshal(r.Figures)
		if err != nil {
			return err
		}
		if r.ID, err = tx.insertReturningID(ctx, "INSERT INTO training_reports (year, unit_code, submitted_by, submitted_at, figures, note) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
			year, unit, r.SubmittedBy, records.FormatTime(r.SubmittedAt), string(b), r.Note); err != nil {
			return err
		}
		_, err = tx.Record(ctx, Change{Action: "training.report.submit", Entity: "training_report", EntityID: fmt.Sprint(r.ID), State: r, Provisions: []string{"7.2.2.オ"}})
		return err
	})
	return r, err
}

// TrainingReports returns the reports of year, newest first; unit limits
// them to one 課.
func (db *DB) TrainingReports(ctx context.Context, year int, unit string) ([]TrainingReport, error) {
	q, args := "SELECT id, year, unit_code, submitted_by, submitted_at, figures, note FROM training_reports WHERE year = ?", []any{year}
	if unit != "" {
		q, args = q+" AND unit_code = ?", append(args, unit)
	}
	var out []TrainingReport
	err := db.View(ctx, func(tx *Tx) error {
		return tx.each(ctx, q+" ORDER BY id DESC", args, func(sc scanner) error {
			var r TrainingReport
			var at, figs string
			if err := sc.Scan(&r.ID, &r.Year, &r.Unit, &r.SubmittedBy, &at, &figs, &r.Note); err != nil {
				return err
			}
			r.SubmittedAt = parseStoredTime(at)
			err := json.Unmarshal([]byte(figs), &r.Figures)
			out = append(out, r)
			return err
		})
	})
	return out, err
}
