package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"kijun/internal/access"
	"kijun/internal/audits"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/wareki"
)

// auditActorOf is the audits' gate for the signed-in person.
func auditActorOf(p *access.Principal) audits.Actor {
	return audits.Actor{StaffNo: p.StaffNo, Director: p.Auditor() && p.MayWrite(), CISO: p.Acts(organisation.RoleCISO, organisation.City()) && p.MayWrite(),
		City: p.CityOffice()}
}

// auditsData is what the plan page shows.
type auditsData struct {
	Actor audits.Actor
	Year  int
	Plan  *audits.Plan
	Plans []audits.Plan
	Mine  []audits.Audit
	Risk  []store.UnitRisk
	// SystemRisk is the same per information system (11.1.3).
	SystemRisk []store.SystemRisk
	Disposal   []audits.Evidence // evidence past its retention (11.1.6)
	Disposed   []audits.Disposal // the records kept of disposed evidence (11.1.6)
	Form       audits.Audit
	FormText   map[string]string
	Errors     map[string]string
	Conflict   string
}

// YearName is the 年度 of the page, in the era calendar.
func (d auditsData) YearName() string {
	start, _ := wareki.FiscalYearRange(d.Year)
	return wareki.FiscalYearName(start)
}

// handleAudits shows the yearly audit plan (11.1.3) with the risk of each
// 課 for the planner; an auditor who is not the director sees the audits
// they are named on.
func (s *Server) handleAudits(w http.ResponseWriter, r *http.Request) error {
	return s.renderAudits(w, r, http.StatusOK, &auditsData{Errors: map[string]string{}, FormText: map[string]string{}})
}

func (s *Server) renderAudits(w http.ResponseWriter, r *http.Request, status int, d *auditsData) error {
	p := currentOf(r).Principal
	d.Actor = auditActorOf(p)
	if d.Year == 0 {
		d.Year = wareki.FiscalYear(s.db.Now())
		if y, err := strconv.Atoi(r.URL.Query().Get("year")); err == nil && y > 1900 && y < 3000 {
			d.Year = y
		}
	}
	ctx := r.Context()
	var err error
	if d.Actor.Reads() {
		if d.Plans, err = s.db.Plans(ctx); err != nil {
			return err
		}
		for i := range d.Plans {
			if d.Plans[i].Year == d.Year {
				d.Plan = &d.Plans[i]
			}
		}
		if d.Risk, err = s.db.AuditRisk(ctx); err != nil {
			return err
		}
		if d.SystemRisk, err = s.db.AuditSystemRisk(ctx); err != nil {
			return err
		}
		if d.Disposal, err = s.db.EvidenceForDisposal(ctx, organisation.Day(s.db.Now())); err != nil {
			return err
		}
		if d.Disposed, err = s.db.DisposedEvidence(ctx); err != nil {
			return err
		}
	}
	if d.Mine, err = s.db.AuditsOf(ctx, audits.Actor{StaffNo: p.StaffNo}); err != nil {
		return err
	}
	if d.Form.PeriodFrom.IsZero() {
		start, end := wareki.FiscalYearRange(d.Year)
		d.FormText["period_from"] = organisation.FormatDate(organisation.Day(start).AddDate(-1, 0, 0))
		d.FormText["period_to"] = organisation.FormatDate(organisation.Day(start).AddDate(0, 0, -1))
		d.FormText["starts"] = organisation.FormatDate(organisation.Day(start))
		d.FormText["ends"] = organisation.FormatDate(organisation.Day(end).AddDate(0, 0, -1))
	}
	return s.render(w, r, status, "audits", s.newPage(w, r, "audits.title", d))
}

// handlePlanCreate drafts the year's plan, by the audit director.
func (s *Server) handlePlanCreate(w http.ResponseWriter, r *http.Request) error {
	d := &auditsData{Errors: map[string]string{}, FormText: map[string]string{}}
	year, err := strconv.Atoi(strings.TrimSpace(r.FormValue("year")))
	if err != nil {
		d.Errors["year"] = "年度を西暦の 4 桁（例: 2026）で入力してください"
		return s.renderAudits(w, r, http.StatusBadRequest, d)
	}
	d.Year = year
	_, err = s.db.CreatePlan(r.Context(), auditActorOf(currentOf(r).Principal), year, r.FormValue("note"))
	done, err := formResult(err, d.Errors, &d.Conflict)
	if err != nil {
		return err
	}
	if done {
		http.Redirect(w, r, "/audits?year="+strconv.Itoa(year), http.StatusSeeOther)
		return nil
	}
	return s.renderAudits(w, r, statusOfForm(d.Conflict), d)
}

// planID reads the plan in the path.
func planID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return 0, kijun.Errorf(kijun.ENOTFOUND, "監査計画 %s はありません", r.PathValue("id"))
	}
	return id, nil
}

// auditFromForm reads the audit form; wrong dates go beside their field.
func auditFromForm(r *http.Request, errs, text map[string]string) audits.Audit {
	a := audits.Audit{Title: r.FormValue("title"), Units: []string{r.FormValue("units")}, Systems: []string{r.FormValue("systems")},
		Contractor: r.FormValue("contractor"), Provisions: []string{r.FormValue("provisions")}, ExternalAllowed: r.FormValue("external_allowed") == "1"}
	for _, no := range audits.SplitList(r.FormValue("auditors")) {
		a.Auditors = append(a.Auditors, audits.Auditor{StaffNo: no})
	}
	if name := strings.TrimSpace(r.FormValue("external_name")); name != "" || strings.TrimSpace(r.FormValue("external_org")) != "" {
		a.Auditors = append(a.Auditors, audits.Auditor{Name: name, Organisation: strings.TrimSpace(r.FormValue("external_org")), External: true})
	}
	for _, f := range []struct {
		name, field string
		to          *time.Time
	}{
		{"period_from", audits.FieldPeriod, &a.PeriodFrom}, {"period_to", audits.FieldPeriod, &a.PeriodTo},
		{"starts", audits.FieldDates, &a.Starts}, {"ends", audits.FieldDates, &a.Ends},
	} {
		v := strings.TrimSpace(r.FormValue(f.name))
		text[f.name] = v
		if v == "" {
			continue
		}
		t, err := organisation.ParseDate(v)
		if err != nil {
			errs[f.field] = "日付を 2026-06-01 のように入力してください"
			continue
		}
		*f.to = t
	}
	text["auditors"], text["external_name"], text["external_org"] = r.FormValue("auditors"), r.FormValue("external_name"), r.FormValue("external_org")
	return a
}

// handleAuditAdd adds an audit to a draft plan; an auditor who is not
// independent is refused with the conflict named (11.1.2).
func (s *Server) handleAuditAdd(w http.ResponseWriter, r *http.Request) error {
	id, err := planID(r)
	if err != nil {
		return err
	}
	d := &auditsData{Errors: map[string]string{}, FormText: map[string]string{}}
	a := auditFromForm(r, d.Errors, d.FormText)
	d.Form = a
	if y, err := strconv.Atoi(r.FormValue("year")); err == nil {
		d.Year = y
	}
	if len(d.Errors) == 0 {
		_, err = s.db.AddAudit(r.Context(), auditActorOf(currentOf(r).Principal), id, a)
		done, err := formResult(err, d.Errors, &d.Conflict)
		if err != nil {
			return err
		}
		if done {
			http.Redirect(w, r, "/audits?year="+strconv.Itoa(d.Year)+"#plan", http.StatusSeeOther)
			return nil
		}
	}
	return s.renderAudits(w, r, statusOfForm(d.Conflict), d)
}

// handlePlanApprove approves a draft plan, by the CISO (11.1.3).
func (s *Server) handlePlanApprove(w http.ResponseWriter, r *http.Request) error {
	id, err := planID(r)
	if err != nil {
		return err
	}
	version, _ := strconv.ParseInt(r.FormValue("version"), 10, 64)
	p, err := s.db.ApprovePlan(r.Context(), auditActorOf(currentOf(r).Principal), id, version)
	if err != nil {
		if code := kijun.ErrorCode(err); code == kijun.ECONFLICT || code == kijun.EINVALID {
			d := &auditsData{Errors: map[string]string{}, FormText: map[string]string{}, Conflict: kijun.ErrorMessage(err)}
			return s.renderAudits(w, r, http.StatusConflict, d)
		}
		return err
	}
	http.Redirect(w, r, "/audits?year="+strconv.Itoa(p.Year), http.StatusSeeOther)
	return nil
}
