package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"kijun/internal/incidents"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/wareki"
)

// drillsData is what the page of a 年度's 緊急時対応訓練 shows (7.2.3): the
// plan, its drills with their results and improvements, and the forms.
type drillsData struct {
	Year       int
	Plan       incidents.DrillPlan
	HasPlan    bool
	MayPlan    bool
	Procedures []incidents.Procedure
	Roles      []organisation.Role
	// Form names the form that was refused ("plan", "entry",
	// "result-ID", "improve-ID"), shown with its errors.
	Form     string
	Errors   map[string]string
	Conflict string
	Entry    incidents.DrillEntry
}

// FormIs reports whether the refused form is name+id.
func (d *drillsData) FormIs(name string, id int64) bool {
	return d.Form == name+"-"+strconv.FormatInt(id, 10)
}

// handleDrills shows the 年度's drill plan (?year=, this 年度 by default).
func (s *Server) handleDrills(w http.ResponseWriter, r *http.Request) error {
	year := wareki.FiscalYear(s.db.Now())
	if v := r.URL.Query().Get("year"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil {
			return kijun.Errorf(kijun.EINVALID, "年度 %q は 2026 のように指定してください", v)
		}
		year = y
	}
	return s.renderDrills(w, r, http.StatusOK, &drillsData{Year: year, Errors: map[string]string{}})
}

func (s *Server) renderDrills(w http.ResponseWriter, r *http.Request, status int, d *drillsData) error {
	plan, err := s.db.DrillPlan(r.Context(), d.Year)
	switch {
	case err == nil:
		d.HasPlan = true
		if d.Form != "plan" {
			d.Plan = plan
		} else {
			d.Plan.Entries, d.Plan.Version = plan.Entries, plan.Version
		}
	case kijun.ErrorCode(err) != kijun.ENOTFOUND:
		return err
	}
	if d.Procedures, err = s.db.Procedures(r.Context()); err != nil {
		return err
	}
	d.Roles, d.MayPlan = incidents.DrillOwnerRoles(), currentOf(r).Principal.CityOffice()
	return s.render(w, r, status, "incident_drills", s.newPage(w, r, "drills.title", d))
}

// drillFormDone redirects to the 年度's page after a write, or shows the
// page again with the form's errors; a refusal by office is an error page.
func (s *Server) drillFormDone(w http.ResponseWriter, r *http.Request, d *drillsData, err error) error {
	if len(d.Errors) == 0 {
		done, ferr := formResult(err, d.Errors, &d.Conflict)
		if ferr != nil {
			return ferr
		}
		if done {
			http.Redirect(w, r, fmt.Sprintf("/incidents/drills?year=%d", d.Year), http.StatusSeeOther)
			return nil
		}
	}
	return s.renderDrills(w, r, statusOfForm(d.Conflict), d)
}

// drillDate reads a date field into t, noting a bad one in errs.
func drillDate(r *http.Request, name string, errs map[string]string) time.Time {
	v := strings.TrimSpace(r.FormValue(name))
	if v == "" {
		return time.Time{}
	}
	t, err := organisation.ParseDate(v)
	if err != nil {
		errs[name] = kijun.ErrorMessage(err)
	}
	return t
}

// handleDrillPlanSave drafts or changes the 年度's plan.
func (s *Server) handleDrillPlanSave(w http.ResponseWriter, r *http.Request) error {
	year, _ := strconv.Atoi(r.FormValue("year"))
	version, _ := strconv.ParseInt(r.FormValue("version"), 10, 64)
	d := &drillsData{Year: year, Form: "plan", Errors: map[string]string{}, Plan: incidents.DrillPlan{Year: year, Scope: r.FormValue("scope"),
		Systems: r.FormValue("systems"), Participants: r.FormValue("participants"), Version: version}}
	_, err := s.db.SaveDrillPlan(r.Context(), officerOf(currentOf(r).Principal), d.Plan)
	return s.drillFormDone(w, r, d, err)
}

// handleDrillEntryAdd adds a drill to the plan.
func (s *Server) handleDrillEntryAdd(w http.ResponseWriter, r *http.Request) error {
	year, _ := strconv.Atoi(r.FormValue("year"))
	d := &drillsData{Year: year, Form: "entry", Errors: map[string]string{}}
	d.Entry = incidents.DrillEntry{Year: year, Title: r.FormValue("title"), Participants: r.FormValue("participants"), PlannedOn: drillDate(r, "planned_on", d.Errors)}
	_, err := s.db.AddDrillEntry(r.Context(), officerOf(currentOf(r).Principal), d.Entry)
	return s.drillFormDone(w, r, d, err)
}

// handleDrillResult records a drill's result against the plan.
func (s *Server) handleDrillResult(w http.ResponseWriter, r *http.Request) error {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	year, _ := strconv.Atoi(r.FormValue("year"))
	d := &drillsData{Year: year, Form: "result-" + strconv.FormatInt(id, 10), Errors: map[string]string{}}
	res := incidents.DrillResult{EntryID: id, Held: r.FormValue("held") == "1", Lessons: r.FormValue("lessons")}
	if v := strings.TrimSpace(r.FormValue("incident_id")); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			d.Errors["incident_id"] = "インシデントの番号は数字で入力してください"
		}
		res.IncidentID = n
	}
	_, err := s.db.RecordDrillResult(r.Context(), officerOf(currentOf(r).Principal), res)
	return s.drillFormDone(w, r, d, err)
}

// handleDrillImprove records an improvement the CISO orders after a drill
// and opens its corrective action.
func (s *Server) handleDrillImprove(w http.ResponseWriter, r *http.Request) error {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	year, _ := strconv.Atoi(r.FormValue("year"))
	d := &drillsData{Year: year, Form: "improve-" + strconv.FormatInt(id, 10), Errors: map[string]string{}}
	m := incidents.DrillImprovement{EntryID: id, What: r.FormValue("what"), Unit: r.FormValue("unit"), OwnerRole: organisation.Role(r.FormValue("owner_role")),
		Due: drillDate(r, "due", d.Errors), ReviewBy: drillDate(r, "review_by", d.Errors)}
	m.ProcedureID, _ = strconv.ParseInt(r.FormValue("procedure_id"), 10, 64)
	_, err := s.db.OrderDrillImprovement(r.Context(), officerOf(currentOf(r).Principal), m)
	return s.drillFormDone(w, r, d, err)
}
