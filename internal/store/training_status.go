package store

import (
	"context"
	"fmt"
	"slices"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/training"
)

// TrainingYear is a 年度's training as it stands on a day: the plan and
// courses, who must attend what, and who has (7.2.2オ, カ).
type TrainingYear struct {
	Year    int
	Day     time.Time
	Plan    training.Plan // zero Year when there is no plan yet
	Courses []training.Course
	People  []training.Person
	// Outcomes are the duties of the people, judged on Day.
	Outcomes []training.Outcome
	// Attendance is the people's attendance of the year's courses. A
	// city's read shares it, and the attendance each Outcome.Met points
	// to, with the other reads at the same ledger head (attendanceCache):
	// read it, never change it.
	Attendance []training.Attendance
	unitNames  map[string]string
	person     map[string]*training.Person
}

// Person returns a person read with the year, or nil.
func (y *TrainingYear) Person(staffNo string) *training.Person { return y.person[staffNo] }

// UnitName returns the name of a 課 or 局 on the day.
func (y *TrainingYear) UnitName(code string) string {
	if n, ok := y.unitNames[code]; ok {
		return n
	}
	return code
}

// ByUnit tallies the year by 課 (7.2.2オ).
func (y *TrainingYear) ByUnit() []training.Tally {
	return y.tally(func(s string) string {
		if p := y.person[s]; p != nil {
			return p.Unit
		}
		return ""
	})
}

// ByBureau tallies the year by 局室区 (7.2.2カ).
func (y *TrainingYear) ByBureau() []training.Tally {
	return y.tally(func(s string) string {
		if p := y.person[s]; p != nil {
			return p.Bureau
		}
		return ""
	})
}

func (y *TrainingYear) tally(key func(string) string) []training.Tally {
	ts := training.Summarise(y.Outcomes, y.Attendance, key)
	for i := range ts {
		ts[i].Name = y.UnitName(ts[i].Unit)
	}
	return ts
}

// Overdue returns the outcomes past due and not met, most late first.
func (y *TrainingYear) Overdue() []training.Outcome {
	var out []training.Outcome
	for _, o := range y.Outcomes {
		if o.Overdue {
			out = append(out, o)
		}
	}
	slices.SortStableFunc(out, func(a, b training.Outcome) int { return b.DaysLate - a.DaysLate })
	return out
}

// TrainingYear reads 年度 year as it stands on day: for the whole city, or
// with unit set for the people of that 課 only (its page reads no more
// than it shows).
func (db *DB) TrainingYear(ctx context.Context, year int, day time.Time, unit string) (*TrainingYear, error) {
	var y *TrainingYear
	err := db.View(ctx, func(tx *Tx) (err error) {
		y, err = tx.trainingYear(ctx, year, day, unit, nil)
		return err
	})
	return y, err
}

// TrainingYearOf reads 年度 year as it stands on day for the people
// named only: a person's own page.
func (db *DB) TrainingYearOf(ctx context.Context, year int, day time.Time, staffNos []string) (*TrainingYear, error) {
	var y *TrainingYear
	if staffNos == nil {
		staffNos = []string{}
	}
	err := db.View(ctx, func(tx *Tx) (err error) {
		y, err = tx.trainingYear(ctx, year, day, "", staffNos)
		return err
	})
	return y, err
}

func (tx *Tx) trainingYear(ctx context.Context, year int, day time.Time, unit string, staffNos []string) (*TrainingYear, error) {
	y := &TrainingYear{Year: year, Day: day, unitNames: map[string]string{}, person: map[string]*training.Person{}}
	var err error
	if y.Plan, err = tx.trainingPlan(ctx, year); err != nil && kijun.ErrorCode(err) != kijun.ENOTFOUND {
		return nil, err
	}
	if y.Courses, err = tx.courses(ctx, year); err != nil {
		return nil, err
	}
	if len(y.Courses) == 0 {
		return y, nil // nobody must attend what was not planned
	}
	ref := day
	if end := training.YearEnd(year); ref.After(end) {
		ref = end
	}
	tree, err := tx.unitTree(ctx, ref)
	if err != nil {
		return nil, err
	}
	if unit != "" && staffNos == nil {
		if staffNos, err = tx.staffOfUnits(ctx, tree.below(unit), year, ref); err != nil {
			return nil, err
		}
		if len(staffNos) == 0 {
			staffNos = []string{}
		}
	}
	if staffNos != nil && len(staffNos) == 0 {
		return y, nil
	}
	people, err := tx.trainingPeople(ctx, tree, year, ref, staffNos)
	if err != nil {
		return nil, err
	}
	for _, p := range people {
		if unit == "" || p.Unit == unit {
			y.People = append(y.People, p)
		}
	}
	for i := range y.People {
		p := &y.People[i]
		y.person[p.StaffNo] = p
		for _, u := range []string{p.Unit, p.Bureau} {
			if _, ok := y.unitNames[u]; !ok {
				y.unitNames[u] = tree.name(u)
			}
		}
	}
	newHire := training.DefaultNewHireDays
	if y.Plan.Year != 0 {
		newHire = y.Plan.NewHireDays
	}
	duties := training.Duties(year, y.Courses, y.People, newHire, ref)
	assigned, err := tx.assignedDuties(ctx, year, y.person)
	if err != nil {
		return nil, err
	}
	duties = append(duties, assigned...)
	byPerson, flat, err := tx.yearAttendance(ctx, y.Courses, staffNos, y.person)
	if err != nil {
		return nil, err
	}
	y.Attendance = flat
	y.Outcomes = training.Judge(duties, y.Courses, byPerson, day)
	return y, nil
}

// staffOfUnits returns who had a primary assignment in one of units at
// some time of the year up to day.
func (tx *Tx) staffOfUnits(ctx context.Context, units []string, year int, day time.Time) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	q := "SELECT staff_no FROM org_assignments WHERE is_primary = 1 AND valid_from <= ? AND valid_to >= ? AND unit_code IN "
	for chunk := range slices.Chunk(units, 500) {
		args := append([]any{dateArg(day), dateArg(training.YearStart(year))}, anys(chunk)...)
		err := tx.each(ctx, q+inList(len(chunk)), args, func(sc scanner) error {
			var s string
			if err := sc.Scan(&s); err != nil {
				return err
			}
			if !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("read the staff of %s: %w", units[0], err)
		}
	}
	return out, nil
}

const attendanceColumns = "a.course_id, a.staff_no, a.attended_on, a.source, a.score, a.has_score, a.passed, a.recorded_by"

func scanAttendance(sc scanner) (training.Attendance, error) {
	var a training.Attendance
	var on, source string
	var has, passed int
	err := sc.Scan(&a.CourseID, &a.StaffNo, &on, &source, &a.Score, &has, &passed, &a.By)
	a.On, a.Source, a.HasScore, a.Passed = organisation.StoredDate(on), training.Source(source), has == 1, passed == 1
	return a, err
}

// yearAttendance reads the attendance of courses, of the people named
// (everyone when staffNos is nil, through the cache: see attendanceCache),
// by person; only people in keep are kept.
func (tx *Tx) yearAttendance(ctx context.Context, courses []training.Course, staffNos []string, keep map[string]*training.Person) (map[string][]training.Attendance, []training.Attendance, error) {
	ids := make([]any, len(courses))
	for i, c := range courses {
		ids[i] = c.ID
	}
	if staffNos == nil {
		s, err := tx.cityAttendance(ctx, ids)
		if err != nil {
			return nil, nil, err
		}
		byPerson, flat := s.kept(keep)
		return byPerson, flat, nil
	}
	var rows []training.Attendance
	from := "FROM training_attendance a WHERE a.course_id IN " + inList(len(ids)) + " AND a.staff_no IN "
	for chunk := range slices.Chunk(staffNos, 500) {
		err := tx.readAttendanceRows(ctx, from+inList(len(chunk)), append(slices.Clone(ids), anys(chunk)...), func(a training.Attendance) {
			if keep[a.StaffNo] != nil {
				rows = append(rows, a)
			}
		})
		if err != nil {
			return nil, nil, err
		}
	}
	s := newAttendanceSnapshot(0, rows)
	return s.byPerson, s.flat, nil
}

// PersonTraining returns a person's attendance of every course, newest
// course first.
func (db *DB) PersonTraining(ctx context.Context, staffNo string) ([]training.Attendance, error) {
	var out []training.Attendance
	err := db.View(ctx, func(tx *Tx) error {
		return tx.each(ctx, "SELECT "+attendanceColumns+" FROM training_attendance a WHERE a.staff_no = ? ORDER BY a.attended_on DESC", []any{staffNo}, func(sc scanner) error {
			a, err := scanAttendance(sc)
			out = append(out, a)
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("read the training of %s: %w", staffNo, err)
	}
	return out, nil
}
