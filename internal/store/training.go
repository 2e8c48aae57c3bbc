package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/training"
)

// TrainingGate says what the acting person may write of the training
// records. Every write of a plan, a course or an attendance asks it inside
// the transaction that writes, so the page, the import and the console
// pass the same gate. Package attendance builds it.
type TrainingGate interface {
	// Plans reports whether they draft the year's plan and its courses
	// and report it to the CISO (7.2.2ア: the 統括責任者 and the office).
	Plans() bool
	// Records reports whether they record the attendance of the people
	// of 課 unit (7.2.2オ: its 情報管理者, or the CISO's office).
	Records(unit string) bool
	// Person is the staff number of the acting person, who answers
	// their own quiz; "" at the console.
	Person() string
}

func errNoPlanning() error {
	return kijun.Errorf(kijun.EFORBIDDEN, "研修計画は情報セキュリティ統括責任者（又は CISO 事務局）が策定します（7.2.2ア）")
}

// SaveTrainingPlan creates the plan of a year, or updates its settings at
// the version the writer read.
func (db *DB) SaveTrainingPlan(ctx context.Context, g TrainingGate, p training.Plan) (training.Plan, error) {
	if !g.Plans() {
		return p, errNoPlanning()
	}
	if err := p.Check(); err != nil {
		return p, err
	}
	err := db.Update(ctx, func(tx *Tx) error {
		old, err := tx.trainingPlan(ctx, p.Year)
		switch {
		case kijun.ErrorCode(err) == kijun.ENOTFOUND:
			p.State, p.Version, p.DraftedBy = training.PlanDraft, 1, g.Person()
			if _, err := tx.ExecContext(ctx, `INSERT INTO training_plans (year, state, new_hire_days, drafted_by, note, version) VALUES (?, ?, ?, ?, ?, 1)`,
				p.Year, string(p.State), p.NewHireDays, p.DraftedBy, p.Note); err != nil {
				return fmt.Errorf("insert training plan %d: %w", p.Year, err)
			}
		case err != nil:
			return err
		default:
			if p.Version != old.Version {
				return kijun.Errorf(kijun.ECONFLICT, "%d 年度の研修計画は他の人が変更しました。読み直してください", p.Year)
			}
			old.NewHireDays, old.Note, old.Version = p.NewHireDays, p.Note, old.Version+1
			p = old
			if _, err := tx.ExecContext(ctx, `UPDATE training_plans SET new_hire_days = ?, note = ?, version = ? WHERE year = ?`,
				p.NewHireDays, p.Note, p.Version, p.Year); err != nil {
				return fmt.Errorf("update training plan %d: %w", p.Year, err)
			}
		}
		_, err = tx.Record(ctx, Change{Action: "training.plan.save", Entity: "training_plan", EntityID: fmt.Sprint(p.Year), State: p, Provisions: []string{"7.2.2.ア"}})
		return err
	})
	return p, err
}

// ReportTrainingPlan records the plan's report to the CISO (7.2.2ア), by
// the acting person, on day.
func (db *DB) ReportTrainingPlan(ctx context.Context, g TrainingGate, year int) (training.Plan, error) {
	if !g.Plans() {
		return training.Plan{}, errNoPlanning()
	}
	var p training.Plan
	err := db.Update(ctx, func(tx *Tx) error {
		old, err := tx.trainingPlan(ctx, year)
		if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM training_courses WHERE year = ?", year).Scan(&n); err != nil {
			return fmt.Errorf("count courses of %d: %w", year, err)
		}
		if p, err = old.Report(g.Person(), organisation.Day(db.Now()), n); err != nil {
			return err
		}
		p.Version++
		if _, err := tx.ExecContext(ctx, `UPDATE training_plans SET state = ?, reported_by = ?, reported_on = ?, version = ? WHERE year = ?`,
			string(p.State), p.ReportedBy, dateArg(p.ReportedOn), p.Version, year); err != nil {
			return fmt.Errorf("report training plan %d: %w", year, err)
		}
		_, err = tx.Record(ctx, Change{Action: "training.plan.report", Entity: "training_plan", EntityID: fmt.Sprint(year), State: p, Provisions: []string{"7.2.2.ア"}})
		return err
	})
	return p, err
}

// TrainingPlan returns the plan of year, or an ENOTFOUND error.
func (db *DB) TrainingPlan(ctx context.Context, year int) (training.Plan, error) {
	var p training.Plan
	err := db.View(ctx, func(tx *Tx) (err error) {
		p, err = tx.trainingPlan(ctx, year)
		return err
	})
	return p, err
}

func (tx *Tx) trainingPlan(ctx context.Context, year int) (training.Plan, error) {
	var p training.Plan
	var state, reported string
	err := tx.QueryRowContext(ctx, `SELECT year, state, new_hire_days, drafted_by, reported_by, reported_on, note, version FROM training_plans WHERE year = ?`, year).
		Scan(&p.Year, &state, &p.NewHireDays, &p.DraftedBy, &p.ReportedBy, &reported, &p.Note, &p.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return p, kijun.Errorf(kijun.ENOTFOUND, "%d 年度の研修計画はまだありません（7.2.2ア）", year)
	}
	if err != nil {
		return p, fmt.Errorf("read training plan %d: %w", year, err)
	}
	p.State, p.ReportedOn = training.PlanState(state), organisation.StoredDate(reported)
	return p, nil
}

const courseColumns = "id, year, title, mode, audience, period_from, period_to, provisions, material, quiz, pass_mark, version"

func scanCourse(sc scanner) (training.Course, error) {
	var c training.Course
	var mode, aud, from, to, provs, quiz string
	if err := sc.Scan(&c.ID, &c.Year, &c.Title, &mode, &aud, &from, &to, &provs, &c.Material, &quiz, &c.PassMark, &c.Version); err != nil {
		return c, err
	}
	c.Mode, c.From, c.To = training.Mode(mode), organisation.StoredDate(from), organisation.StoredDate(to)
	for _, a := range strings.Split(aud, ",") {
		if a != "" {
			c.Audience = append(c.Audience, training.Audience(a))
		}
	}
	if provs != "" {
		c.Provisions = strings.Split(provs, ",")
	}
	if quiz != "" {
		if err := json.Unmarshal([]byte(quiz), &c.Quiz); err != nil {
			return c, fmt.Errorf("read the quiz of course %s: %w", c.ID, err)
		}
	}
	return c, nil
}

// SaveCourse creates (mode Create) or updates (Update, at the version the
// writer read) a course of a year's plan, which must exist.
func (db *DB) SaveCourse(ctx context.Context, g TrainingGate, c training.Course, mode Mode) (training.Course, error) {
	if !g.Plans() {
		return c, errNoPlanning()
	}
	if fe := c.Check(); len(fe) > 0 {
		return c, (&kijun.FieldErrors{Fields: fe}).AsError()
	}
	err := db.Update(ctx, func(tx *Tx) error {
		if _, err := tx.trainingPlan(ctx, c.Year); err != nil {
			return err
		}
		old, err := tx.course(ctx, c.ID)
		exists := err == nil
		if err != nil && kijun.ErrorCode(err) != kijun.ENOTFOUND {
			return err
		}
		switch {
		case mode == Create && exists:
			return (&kijun.FieldErrors{Fields: []kijun.FieldError{{Field: "id", Message: inUse("研修コード", c.ID)}}}).AsError()
		case mode == Update && !exists:
			return err
		case mode == Update && old.Version != c.Version:
			return kijun.Errorf(kijun.ECONFLICT, "研修 %s は他の人が変更しました。読み直してください", c.ID)
		}
		quiz := ""
		if len(c.Quiz) > 0 {
			b, err := json.Marshal(c.Quiz)
			if err != nil {
				return err
			}
			quiz = string(b)
		}
		aud := make([]string, len(c.Audience))
		for i, a := range c.Audience {
			aud[i] = string(a)
		}
		args := []any{c.Year, c.Title, string(c.Mode), strings.Join(aud, ","), dateArg(c.From), dateArg(c.To), strings.Join(c.Provisions, ","), c.Material, quiz, c.PassMark}
		if exists {
			c.Version = old.Version + 1
			_, err = tx.ExecContext(ctx, `UPDATE training_courses SET year = ?, title = ?, mode = ?, audience = ?, period_from = ?, period_to = ?,
				provisions = ?, material = ?, quiz = ?, pass_mark = ?, version = ? WHERE id = ?`, append(args, c.Version, c.ID)...)
		} else {
			c.Version = 1
			_, err = tx.ExecContext(ctx, "INSERT INTO training_courses ("+courseColumns+") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)", append([]any{c.ID}, args...)...)
		}
		if err != nil {
			return fmt.Errorf("save course %s: %w", c.ID, err)
		}
		_, err = tx.Record(ctx, Change{Action: "training.course.save", Entity: "training_course", EntityID: c.ID, State: c, Provisions: []string{"7.2.2.ア", "7.2.2.エ"}})
		return err
	})
	return c, err
}

// Course returns a course, or an ENOTFOUND error.
func (db *DB) Course(ctx context.Context, id string) (training.Course, error) {
	var c training.Course
	err := db.View(ctx, func(tx *Tx) (err error) {
		c, err = tx.course(ctx, id)
		return err
	})
	return c, err
}

func (tx *Tx) course(ctx context.Context, id string) (training.Course, error) {
	c, err := scanCourse(tx.QueryRowContext(ctx, "SELECT "+courseColumns+" FROM training_courses WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, kijun.Errorf(kijun.ENOTFOUND, "研修 %s はありません", id)
	}
	return c, err
}

// Courses returns the courses of year (every year when year is 0), by
// period and code.
func (db *DB) Courses(ctx context.Context, year int) ([]training.Course, error) {
	var out []training.Course
	err := db.View(ctx, func(tx *Tx) (err error) {
		out, err = tx.courses(ctx, year)
		return err
	})
	return out, err
}

func (tx *Tx) courses(ctx context.Context, year int) ([]training.Course, error) {
	q, args := "SELECT "+courseColumns+" FROM training_courses", []any{}
	if year != 0 {
		q, args = q+" WHERE year = ?", append(args, year)
	}
	var out []training.Course
	err := tx.each(ctx, q+" ORDER BY period_from, id", args, func(sc scanner) error {
		c, err := scanCourse(sc)
		out = append(out, c)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read courses: %w", err)
	}
	return out, nil
}
