package web

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/training"
)

// trainingOperations are the JSON API of 7.2 研修・訓練: the plan and
// courses of a 年度, a 課's completion for its 情報管理者, the city's for
// the 統括責任者's office, and attendance pushed by an e-learning system.
// Attendance goes through the store's ImportAttendance, the service of
// the spreadsheet import, so the API checks each row as the import does
// (unknown staff numbers and courses, duplicates, dates outside the
// course period) and each person's 課 must be one the caller records for
// (7.2.2オ).
func (s *Server) trainingOperations() []operation {
	year := param{Name: "year", In: "query", Type: "integer", Description: "the Gregorian year the 年度 begins (default: this 年度)"}
	return []operation{
		{
			Method: "GET", Path: "/api/v1/training", ID: "getTrainingYear",
			Summary: "The training plan of a 年度 and its courses (7.2.2ア, イ); quiz answers are not shown",
			Params:  []param{year}, Response: "TrainingYear", Handler: s.apiTrainingYear,
		},
		{
			Method: "GET", Path: "/api/v1/training/units/{code}", ID: "getTrainingUnit",
			Summary: "A 課's training in a 年度 (7.2.2オ): who must attend what, who has, who is past due; for its 情報管理者, " +
				"the 情報責任者 above, either's deputy, or the CISO's office",
			Params:   []param{{Name: "code", In: "path", Type: "string", Description: "the 課's code", Required: true}, year},
			Response: "TrainingUnit", Handler: s.apiTrainingUnit, Rule: ruleUnitManager,
		},
		{
			Method: "GET", Path: "/api/v1/training/status", ID: "getTrainingStatus",
			Summary: "The city's training in a 年度 by 局 and 課 (7.2.2カ), for the CISO's office",
			Params:  []param{year}, Response: "TrainingStatus", Handler: s.apiTrainingStatus, Rule: ruleCityOffice,
		},
		{
			Method: "POST", Path: "/api/v1/training/attendance", ID: "recordTrainingAttendance",
			Summary: "Record attendance (7.2.2オ), one or many" + bulkSummary +
				". Each person's 課 must be one the caller records for (its 情報管理者, the 情報責任者 above, or the CISO's office)",
			Params: []param{dryRunParam}, Request: "TrainingAttendanceNew",
			Response: "TrainingAttendanceRecorded", Handler: s.apiTrainingAttendance,
		},
	}
}

// trainingCourseJSON is a course as the API shows it: without its quiz's
// answers, which a person must not read before taking it.
type trainingCourseJSON struct {
	ID         string              `json:"id"`
	Year       int                 `json:"year"`
	Title      string              `json:"title"`
	Mode       training.Mode       `json:"mode"`
	Audience   []training.Audience `json:"audience"`
	From       string              `json:"from"`
	To         string              `json:"to"`
	Provisions []string            `json:"provisions"`
	Questions  int                 `json:"questions"`
	PassMark   int                 `json:"pass_mark"`
}

func toCourseJSON(c training.Course) trainingCourseJSON {
	return trainingCourseJSON{ID: c.ID, Year: c.Year, Title: c.Title, Mode: c.Mode, Audience: nonNil(c.Audience),
		From: organisation.FormatDate(c.From), To: organisation.FormatDate(c.To), Provisions: nonNil(c.Provisions),
		Questions: len(c.Quiz), PassMark: c.PassMark}
}

func (s *Server) apiTrainingYear(w http.ResponseWriter, r *http.Request) error {
	year, _, err := s.apiTrainingYearOf(r)
	if err != nil {
		return err
	}
	out := map[string]any{"year": year, "courses": []trainingCourseJSON{}}
	switch p, err := s.db.TrainingPlan(r.Context(), year); kijun.ErrorCode(err) {
	case "":
		out["plan"] = map[string]any{"state": p.State, "new_hire_days": p.NewHireDays, "drafted_by": p.DraftedBy,
			"reported_by": p.ReportedBy, "note": p.Note, "version": p.Version}
	case kijun.ENOTFOUND:
	default:
		return err
	}
	cs, err := s.db.Courses(r.Context(), year)
	if err != nil {
		return err
	}
	list := make([]trainingCourseJSON, len(cs))
	for i, c := range cs {
		list[i] = toCourseJSON(c)
	}
	out["courses"] = list
	writeJSON(w, http.StatusOK, out)
	return nil
}

// apiTrainingYearOf is trainingYearOf with its refusal naming the year
// parameter.
func (s *Server) apiTrainingYearOf(r *http.Request) (int, time.Time, error) {
	year, day, err := s.trainingYearOf(r)
	if err != nil {
		return 0, day, badField("year", kijun.ErrorMessage(err), "year must be a Gregorian year from 2000 to next year, such as 2026")
	}
	return year, day, nil
}

// trainingOutcomeJSON is one duty of one person, judged on the day.
type trainingOutcomeJSON struct {
	StaffNo  string               `json:"staff_no"`
	Name     string               `json:"name"`
	Unit     string               `json:"unit"`
	Need     training.Audience    `json:"need"`
	Since    string               `json:"since"`
	Due      string               `json:"due"`
	Met      *training.Attendance `json:"met,omitempty"`
	Overdue  bool                 `json:"overdue"`
	DaysLate int                  `json:"days_late"`
}

func (s *Server) apiTrainingUnit(w http.ResponseWriter, r *http.Request) error {
	year, day, err := s.apiTrainingYearOf(r)
	if err != nil {
		return err
	}
	unit := r.PathValue("code")
	// The page's own read: the same people, duties and judgement.
	y, err := s.db.TrainingYear(r.Context(), year, day, unit)
	if err != nil {
		return err
	}
	tally := training.Tally{Unit: unit, Name: y.UnitName(unit)}
	for _, t := range y.ByUnit() {
		if t.Unit == unit {
			tally = t
		}
	}
	rows := make([]trainingOutcomeJSON, 0, len(y.Outcomes))
	for _, o := range y.Outcomes {
		row := trainingOutcomeJSON{StaffNo: o.StaffNo, Need: o.Need, Since: organisation.FormatDate(o.Since), Due: organisation.FormatDate(o.Due),
			Met: o.Met, Overdue: o.Overdue, DaysLate: o.DaysLate}
		if p := y.Person(o.StaffNo); p != nil {
			row.Name, row.Unit = p.Name, p.Unit
		}
		rows = append(rows, row)
	}
	slices.SortStableFunc(rows, func(a, b trainingOutcomeJSON) int { return strings.Compare(a.StaffNo, b.StaffNo) })
	reports, err := s.db.TrainingReports(r.Context(), year, unit)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"year": year, "day": organisation.FormatDate(day), "unit": unit, "name": tally.Name,
		"tally": tally, "outcomes": rows, "reports": nonNil(reports)})
	return nil
}

func (s *Server) apiTrainingStatus(w http.ResponseWriter, r *http.Request) error {
	year, day, err := s.apiTrainingYearOf(r)
	if err != nil {
		return err
	}
	y, err := s.db.TrainingYear(r.Context(), year, day, "")
	if err != nil {
		return err
	}
	units := y.ByUnit()
	reports, err := s.db.TrainingReports(r.Context(), year, "")
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"year": year, "day": organisation.FormatDate(day), "total": training.Total(units),
		"bureaus": nonNil(y.ByBureau()), "units": nonNil(units), "reports": len(reports)})
	return nil
}

// trainingAttendanceJSON is one attendance an e-learning system pushes:
// as one row of the import's file.
type trainingAttendanceJSON struct {
	StaffNo  string `json:"staff_no"`
	CourseID string `json:"course_id"`
	On       string `json:"on"`
	Score    *int   `json:"score,omitempty"`
	// Result is the system's own verdict: pass or fail; none leaves it to
	// the score and the course's pass mark.
	Result string `json:"result,omitempty"`
}

// trainingColumns are the import's columns by the API's field names.
var trainingColumns = map[string]string{training.ColStaff: "staff_no", training.ColCourse: "course_id", training.ColDate: "on",
	training.ColScore: "score", training.ColResult: "result"}

// attendanceRows reads the items as the import's rows, numbered from 1 in
// the order sent; every item wrong is named by row and field.
func attendanceRows(items []trainingAttendanceJSON) ([]training.Row, error) {
	ie := &kijun.ImportError{What: training.What}
	rows := rowsOf(items, func(line int, it trainingAttendanceJSON) training.Row {
		row := training.Row{Line: line, StaffNo: strings.TrimSpace(it.StaffNo), CourseID: strings.TrimSpace(it.CourseID), Result: it.Result}
		if row.StaffNo == "" {
			ie.Add("", line, "staff_no", "職員番号を入力してください")
		}
		if row.CourseID == "" {
			ie.Add("", line, "course_id", "研修コードを入力してください")
		}
		on, err := organisation.ParseDate(strings.TrimSpace(it.On))
		if err != nil {
			ie.Add("", line, "on", "受講日 %q は YYYY-MM-DD の形で入力してください", it.On)
		}
		row.On = on
		if it.Score != nil {
			if *it.Score < 0 || *it.Score > 100 {
				ie.Add("", line, "score", "点数は 0〜100 にしてください（%d）", *it.Score)
			}
			row.Score, row.HasScore = *it.Score, true
		}
		if it.Result != "" && it.Result != "pass" && it.Result != "fail" {
			ie.Add("", line, "result", "合否 %q は pass か fail にしてください", it.Result)
		}
		return row
	})
	return rows, ie.AsError()
}

func (s *Server) apiTrainingAttendance(w http.ResponseWriter, r *http.Request) error {
	var body struct {
		Items []trainingAttendanceJSON `json:"items"`
	}
	if err := decodeJSON(r, &body, maxBulkBody); err != nil {
		return err
	}
	if len(body.Items) == 0 {
		return badField("items", "items に 1 件以上を入れてください", "put at least one item in items")
	}
	rows, err := attendanceRows(body.Items)
	if err != nil {
		return err
	}
	by, err := s.trainer(r)
	if err != nil {
		return err
	}
	dry := r.URL.Query().Get("dry_run") == "1"
	got, err := s.db.ImportAttendance(r.Context(), by, rows, dry)
	if ie := (*kijun.ImportError)(nil); errors.As(err, &ie) {
		// The import names its columns; the API its fields.
		for i, e := range ie.Errors {
			if f, ok := trainingColumns[e.Column]; ok {
				ie.Errors[i].Column = f
			}
		}
	}
	if err != nil {
		return err
	}
	if !dry {
		for _, a := range got {
			s.recheck(r, trainingSubjects(a.StaffNo)...)
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"recorded": nonNil(got), "dry_run": dry})
	return nil
}
