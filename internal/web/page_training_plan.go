package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/training"
)

type trainingPlanData struct {
	Year      int
	Plan      training.Plan
	Courses   []training.Course
	MayPlan   bool
	Modes     []training.Mode
	Audiences []training.Audience
	Course    courseForm
	Errors    map[string]string
	Error     string
}

// courseForm is the course form as typed, to show again with its errors.
type courseForm struct {
	ID, Title, Mode, From, To, Provisions, Material, Quiz, PassMark string
	Audience                                                        map[string]bool
}

// handleTrainingPlan shows the year's plan and its courses (7.2.2ア), and
// to the 統括責任者's office the forms that write them.
func (s *Server) handleTrainingPlan(w http.ResponseWriter, r *http.Request) error {
	year, _, err := s.trainingYearOf(r)
	if err != nil {
		return err
	}
	d := &trainingPlanData{Year: year, Errors: map[string]string{}}
	return s.renderTrainingPlan(w, r, http.StatusOK, d)
}

func (s *Server) renderTrainingPlan(w http.ResponseWriter, r *http.Request, status int, d *trainingPlanData) error {
	var err error
	if d.Plan, err = s.db.TrainingPlan(r.Context(), d.Year); err != nil && kijun.ErrorCode(err) != kijun.ENOTFOUND {
		return err
	}
	if d.Courses, err = s.db.Courses(r.Context(), d.Year); err != nil {
		return err
	}
	by, err := s.trainer(r)
	if err != nil {
		return err
	}
	d.MayPlan, d.Modes, d.Audiences = by.Plans(), training.Modes(), training.Audiences()
	if d.Course.Audience == nil {
		d.Course.Audience = map[string]bool{}
	}
	return s.render(w, r, status, "training_plan", s.newPage(w, r, "training.plan.title", d))
}

func planYear(r *http.Request, v string) (int, error) {
	y, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		return 0, kijun.Errorf(kijun.EINVALID, "年度 %q は西暦の 4 桁で入力してください", v)
	}
	return y, nil
}

// handleTrainingPlanSave drafts the plan of a year, or changes its
// settings; the service's gate decides who may.
func (s *Server) handleTrainingPlanSave(w http.ResponseWriter, r *http.Request) error {
	year, err := planYear(r, r.FormValue("year"))
	if err != nil {
		return err
	}
	days, err := strconv.Atoi(strings.TrimSpace(r.FormValue("new_hire_days")))
	if err != nil {
		days = 0 // Check says what is wrong
	}
	version, _ := strconv.ParseInt(r.FormValue("version"), 10, 64)
	by, err := s.trainer(r)
	if err != nil {
		return err
	}
	_, err = s.db.SaveTrainingPlan(r.Context(), by, training.Plan{Year: year, NewHireDays: days, Note: strings.TrimSpace(r.FormValue("note")), Version: version})
	if c := kijun.ErrorCode(err); c == kijun.EINVALID || c == kijun.ECONFLICT {
		return s.renderTrainingPlan(w, r, statusOf(err), &trainingPlanData{Year: year, Errors: map[string]string{}, Error: kijun.ErrorMessage(err)})
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/training/plan?year="+strconv.Itoa(year), http.StatusSeeOther)
	return nil
}

// handleTrainingPlanReport records the plan's report to the CISO.
func (s *Server) handleTrainingPlanReport(w http.ResponseWriter, r *http.Request) error {
	year, err := planYear(r, r.PathValue("year"))
	if err != nil {
		return err
	}
	by, err := s.trainer(r)
	if err != nil {
		return err
	}
	_, err = s.db.ReportTrainingPlan(r.Context(), by, year)
	if c := kijun.ErrorCode(err); c == kijun.EINVALID || c == kijun.ECONFLICT {
		return s.renderTrainingPlan(w, r, statusOf(err), &trainingPlanData{Year: year, Errors: map[string]string{}, Error: kijun.ErrorMessage(err)})
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/training/plan?year="+strconv.Itoa(year)+"#plan", http.StatusSeeOther)
	return nil
}

// parseQuiz reads the quiz as typed: one question a line, the question
// and its choices split by |, the right choice marked with a leading *.
func parseQuiz(text string) ([]training.Question, string) {
	var out []training.Question
	for n, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		parts := strings.Split(line, "|")
		q := training.Question{Text: strings.TrimSpace(parts[0]), Answer: -1}
		for _, c := range parts[1:] {
			c = strings.TrimSpace(c)
			if strings.HasPrefix(c, "*") {
				if q.Answer >= 0 {
					return nil, "確認テストの " + strconv.Itoa(n+1) + " 行目に正解（*）が 2 つあります"
				}
				q.Answer, c = len(q.Choices), strings.TrimSpace(c[1:])
			}
			q.Choices = append(q.Choices, c)
		}
		out = append(out, q)
	}
	return out, ""
}

// handleCourseSave adds a course to a year's plan.
func (s *Server) handleCourseSave(w http.ResponseWriter, r *http.Request) error {
	f := courseForm{ID: strings.TrimSpace(r.FormValue("id")), Title: strings.TrimSpace(r.FormValue("title")), Mode: r.FormValue("mode"),
		From: strings.TrimSpace(r.FormValue("from")), To: strings.TrimSpace(r.FormValue("to")), Provisions: r.FormValue("provisions"),
		Material: r.FormValue("material"), Quiz: r.FormValue("quiz"), PassMark: strings.TrimSpace(r.FormValue("pass_mark")), Audience: map[string]bool{}}
	year, err := planYear(r, r.FormValue("year"))
	if err != nil {
		return err
	}
	d := &trainingPlanData{Year: year, Errors: map[string]string{}, Course: f}
	c := training.Course{ID: f.ID, Year: year, Title: f.Title, Mode: training.Mode(f.Mode), Material: strings.TrimSpace(f.Material)}
	if err := r.ParseForm(); err != nil {
		return kijun.Wrap(kijun.EINVALID, err, "フォームを読めません")
	}
	for _, a := range r.PostForm["audience"] {
		c.Audience = append(c.Audience, training.Audience(a))
		f.Audience[a] = true
	}
	for _, p := range strings.FieldsFunc(f.Provisions, func(r rune) bool { return r == ',' || r == '、' || r == ' ' }) {
		c.Provisions = append(c.Provisions, p)
	}
	if c.From, err = organisation.ParseDate(f.From); err != nil {
		d.Errors["period"] = "実施期間の開始日は YYYY-MM-DD の形で入力してください"
	}
	if c.To, err = organisation.ParseDate(f.To); err != nil {
		d.Errors["period"] = "実施期間の終了日は YYYY-MM-DD の形で入力してください"
	}
	var msg string
	if c.Quiz, msg = parseQuiz(f.Quiz); msg != "" {
		d.Errors["quiz"] = msg
	}
	if f.PassMark != "" {
		if c.PassMark, err = strconv.Atoi(f.PassMark); err != nil {
			d.Errors["pass_mark"] = "合格点は 1〜100 の整数で入力してください"
		}
	}
	if len(d.Errors) == 0 {
		by, err := s.trainer(r)
		if err != nil {
			return err
		}
		_, err = s.db.SaveCourse(r.Context(), by, c, store.Create)
		var fe *kijun.FieldErrors
		switch {
		case err == nil:
			http.Redirect(w, r, "/training/plan?year="+strconv.Itoa(year)+"#courses", http.StatusSeeOther)
			return nil
		case errors.As(err, &fe):
			for _, e := range fe.Fields {
				d.Errors[e.Field] = e.Message
			}
		case kijun.ErrorCode(err) == kijun.EINVALID || kijun.ErrorCode(err) == kijun.ENOTFOUND:
			d.Error = kijun.ErrorMessage(err)
		default:
			return err
		}
	}
	return s.renderTrainingPlan(w, r, http.StatusBadRequest, d)
}
