package web

import (
	"net/http"
	"strconv"
	"time"

	"kijun/internal/attendance"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/training"
)

// trainingYearOf reads the 年度 a request asks for (?year=), this one by
// default, and the day to judge it on: today, or the day after a past
// year closed.
func (s *Server) trainingYearOf(r *http.Request) (int, time.Time, error) {
	today := organisation.Day(s.db.Now())
	year := training.FiscalYear(today)
	if v := r.URL.Query().Get("year"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil || y < 2000 || y > year+1 {
			return 0, today, kijun.Errorf(kijun.EINVALID, "年度 %q は選べません（西暦 4 桁、来年度まで）", v)
		}
		year = y
	}
	if end := training.YearEnd(year); today.After(end) {
		return year, end.AddDate(0, 0, 1), nil
	}
	return year, today, nil
}

// trainer is the signed-in person as the training service's gate.
func (s *Server) trainer(r *http.Request) (*attendance.Trainer, error) {
	return attendance.TrainerOf(r.Context(), s.db, currentOf(r).Principal)
}

type trainingData struct {
	Year    int
	Day     time.Time
	Plan    training.Plan
	Courses []training.Course
	Mine    []training.Outcome
	Done    []training.Attendance
	// Units are the 課 whose page the person may open (7.2.2オ).
	Units      []string
	CityOffice bool
	// Editions are those in force the person has not acknowledged yet
	// (7.1.1ア, 7.1.3).
	Editions []training.Edition
}

// handleTraining shows a person what they must attend this 年度 and what
// they have, the year's courses, and the pages of their office.
func (s *Server) handleTraining(w http.ResponseWriter, r *http.Request) error {
	year, day, err := s.trainingYearOf(r)
	if err != nil {
		return err
	}
	p := currentOf(r).Principal
	d := trainingData{Year: year, Day: day, CityOffice: p.CityOffice() || p.Admin}
	y, err := s.db.TrainingYearOf(r.Context(), year, day, []string{p.StaffNo})
	if err != nil {
		return err
	}
	d.Plan, d.Courses, d.Mine, d.Done = y.Plan, y.Courses, y.Outcomes, y.Attendance
	if y.Plan.Year == 0 {
		if d.Courses, err = s.db.Courses(r.Context(), year); err != nil {
			return err
		}
	}
	eds, err := s.db.Editions(r.Context())
	if err != nil {
		return err
	}
	acked, err := s.db.Acknowledged(r.Context(), p.StaffNo)
	if err != nil {
		return err
	}
	for _, e := range eds {
		if !acked[e.ID] && !e.InForce.After(organisation.Day(s.db.Now())) {
			d.Editions = append(d.Editions, e)
		}
	}
	for _, a := range p.Roles {
		if a.Holder.Scope.Kind == organisation.ScopeUnit && (a.Holder.Role == organisation.RoleInfoManager || a.Holder.Role == organisation.RoleInfoOfficer) {
			d.Units = append(d.Units, a.Holder.Scope.ID)
		}
	}
	return s.render(w, r, http.StatusOK, "training", s.newPage(w, r, "training.title", d))
}

type courseData struct {
	Course   training.Course
	Mine     *training.Attendance
	Open     bool // within the course period today
	Error    string
	Answered *training.Attendance
}

// handleCourse shows a course: its material and its quiz (7.2.2エ).
func (s *Server) handleCourse(w http.ResponseWriter, r *http.Request) error {
	d, err := s.courseData(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "training_course", s.newPage(w, r, "training.course.title", d))
}

func (s *Server) courseData(r *http.Request) (*courseData, error) {
	c, err := s.db.Course(r.Context(), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	d := &courseData{Course: c, Open: c.Covers(organisation.Day(s.db.Now()))}
	as, err := s.db.PersonTraining(r.Context(), currentOf(r).Principal.StaffNo)
	if err != nil {
		return nil, err
	}
	for i := range as {
		if as[i].CourseID == c.ID {
			d.Mine = &as[i]
		}
	}
	return d, nil
}

// handleQuiz grades the person's answers and records their attendance; a
// quiz is answered once.
func (s *Server) handleQuiz(w http.ResponseWriter, r *http.Request) error {
	d, err := s.courseData(r)
	if err != nil {
		return err
	}
	by, err := s.trainer(r)
	if err != nil {
		return err
	}
	answers := make([]int, len(d.Course.Quiz))
	for i := range answers {
		v := r.FormValue("q" + strconv.Itoa(i))
		if answers[i], err = strconv.Atoi(v); err != nil {
			answers[i] = -1
		}
	}
	a, err := s.db.AnswerQuiz(r.Context(), by, d.Course.ID, answers, organisation.Day(s.db.Now()))
	switch kijun.ErrorCode(err) {
	case "":
		d.Answered, d.Mine = &a, &a
		s.recheck(r, trainingSubjects(a.StaffNo)...)
		return s.render(w, r, http.StatusOK, "training_course", s.newPage(w, r, "training.course.title", d))
	case kijun.EINVALID, kijun.ECONFLICT:
		d.Error = kijun.ErrorMessage(err)
		return s.render(w, r, statusOf(err), "training_course", s.newPage(w, r, "training.course.title", d))
	}
	return err
}

// trainingSubjects names every training duty a person may have, for the
// re-check after their attendance is recorded (9.2.1).
func trainingSubjects(staffNo string) []string {
	var out []string
	for _, a := range training.Audiences() {
		out = append(out, "training:"+staffNo+"|"+string(a))
	}
	return out
}

// handleAcknowledge records that the person has read the edition in force
// and will keep it (7.1.1ア, 7.1.3).
func (s *Server) handleAcknowledge(w http.ResponseWriter, r *http.Request) error {
	by, err := s.trainer(r)
	if err != nil {
		return err
	}
	if err := s.db.Acknowledge(r.Context(), by, r.PathValue("id")); err != nil {
		return err
	}
	http.Redirect(w, r, "/training#editions", http.StatusSeeOther)
	return nil
}
