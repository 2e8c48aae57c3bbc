package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/training"
)

type trainingUnitData struct {
	Year    int
	Unit    string
	Name    string
	Tally   training.Tally
	Rows    []trainingRow
	Courses []training.Course
	Reports []store.TrainingReport
	Error   string
	Done    string
}

// trainingRow is one duty of one person of the 課.
type trainingRow struct {
	Person  *training.Person
	Outcome training.Outcome
	Score   string
}

// handleTrainingUnit shows a 課's training this 年度 (7.2.2オ): who must
// attend what, who has, who is past due, and the reports made.
func (s *Server) handleTrainingUnit(w http.ResponseWriter, r *http.Request) error {
	year, _, err := s.trainingYearOf(r)
	if err != nil {
		return err
	}
	d := &trainingUnitData{Year: year, Unit: r.PathValue("code")}
	return s.renderTrainingUnit(w, r, http.StatusOK, d)
}

func (s *Server) renderTrainingUnit(w http.ResponseWriter, r *http.Request, status int, d *trainingUnitData) error {
	_, day, err := s.trainingYearOf(r)
	if err != nil {
		return err
	}
	y, err := s.db.TrainingYear(r.Context(), d.Year, day, d.Unit)
	if err != nil {
		return err
	}
	d.Name, d.Courses = y.UnitName(d.Unit), y.Courses
	d.Tally = training.Tally{Unit: d.Unit, Name: d.Name}
	for _, t := range y.ByUnit() {
		if t.Unit == d.Unit {
			d.Tally = t
		}
	}
	for _, o := range y.Outcomes {
		row := trainingRow{Person: y.Person(o.StaffNo), Outcome: o}
		if o.Met != nil && o.Met.HasScore {
			row.Score = strconv.Itoa(o.Met.Score)
		}
		d.Rows = append(d.Rows, row)
	}
	// Past due first, then not yet due, then met; by staff number.
	rank := func(o training.Outcome) int {
		switch {
		case o.Overdue:
			return 0
		case o.Met == nil:
			return 1
		}
		return 2
	}
	slices.SortStableFunc(d.Rows, func(a, b trainingRow) int {
		if ra, rb := rank(a.Outcome), rank(b.Outcome); ra != rb {
			return ra - rb
		}
		return strings.Compare(a.Outcome.StaffNo, b.Outcome.StaffNo)
	})
	if d.Reports, err = s.db.TrainingReports(r.Context(), d.Year, d.Unit); err != nil {
		return err
	}
	return s.render(w, r, status, "training_unit", s.newPage(w, r, "training.unit.title", d))
}

// handleTrainingRecord records that a person of the 課 attended a course
// (7.2.2オ).
func (s *Server) handleTrainingRecord(w http.ResponseWriter, r *http.Request) error {
	year, _, err := s.trainingYearOf(r)
	if err != nil {
		return err
	}
	d := &trainingUnitData{Year: year, Unit: r.PathValue("code")}
	a := training.Attendance{CourseID: r.FormValue("course"), StaffNo: strings.TrimSpace(r.FormValue("staff_no"))}
	on, err := organisation.ParseDate(strings.TrimSpace(r.FormValue("on")))
	if err != nil {
		d.Error = "受講日は YYYY-MM-DD の形で入力してください"
		return s.renderTrainingUnit(w, r, http.StatusBadRequest, d)
	}
	a.On = on
	by, err := s.trainer(r)
	if err != nil {
		return err
	}
	if _, err := s.db.RecordAttendance(r.Context(), by, a); err != nil {
		switch kijun.ErrorCode(err) {
		case kijun.EINVALID, kijun.ECONFLICT, kijun.ENOTFOUND, kijun.EFORBIDDEN:
			d.Error = kijun.ErrorMessage(err)
			return s.renderTrainingUnit(w, r, statusOf(err), d)
		}
		return err
	}
	s.recheck(r, trainingSubjects(a.StaffNo)...)
	http.Redirect(w, r, "/training/units/"+d.Unit+"?year="+strconv.Itoa(year), http.StatusSeeOther)
	return nil
}

// handleTrainingUnitReport records the 情報管理者's report of the 課's
// training to the 統括責任者 and the 情報責任者 (7.2.2オ).
func (s *Server) handleTrainingUnitReport(w http.ResponseWriter, r *http.Request) error {
	year, _, err := s.trainingYearOf(r)
	if err != nil {
		return err
	}
	unit := r.PathValue("code")
	by, err := s.trainer(r)
	if err != nil {
		return err
	}
	if _, err := s.db.SubmitTrainingReport(r.Context(), by, year, unit, r.FormValue("note")); err != nil {
		if kijun.ErrorCode(err) == kijun.EFORBIDDEN {
			d := &trainingUnitData{Year: year, Unit: unit, Error: kijun.ErrorMessage(err)}
			return s.renderTrainingUnit(w, r, http.StatusForbidden, d)
		}
		return err
	}
	http.Redirect(w, r, "/training/units/"+unit+"?year="+strconv.Itoa(year)+"#reports", http.StatusSeeOther)
	return nil
}
