package web

import (
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/operations"
	"kijun/internal/store"
	"kijun/internal/systems"
)

// opsView is what the system page shows of a system's operations: its
// work records (8.1.5ア), change history (8.3.6), log policy and reviews
// (8.1.7, 9.1) and the security holes affecting it (8.6.1), with the
// forms of whoever keeps them.
type opsView struct {
	System     string
	Work       []operations.WorkRecord
	Changes    []operations.Change
	Policy     *operations.LogPolicy
	ReviewDue  time.Time
	ReviewLate bool
	Reviews    []operations.LogReview
	Vulns      []operations.VulnFinding
	CanOperate bool
	Now        time.Time
	Outcomes   []struct {
		Outcome        operations.Outcome
		Label, LabelEN string
	}
	// Form names the form Errors belong to: work, policy or review; Input
	// holds what was typed into it.
	Form   string
	Errors map[string]string
	Input  map[string]string
}

// opsOf reads the operations records of sys for the system page.
func (s *Server) opsOf(r *http.Request, sys systems.System) (*opsView, error) {
	ctx := r.Context()
	v := &opsView{System: sys.ID, Now: s.db.Now(), Outcomes: operations.OutcomeSpecs(), Errors: map[string]string{}, Input: map[string]string{}}
	var err error
	if v.Work, err = s.db.WorkRecords(ctx, sys.ID, 20); err != nil {
		return nil, err
	}
	if v.Changes, err = s.db.SystemChanges(ctx, sys.ID, 20); err != nil {
		return nil, err
	}
	if p, err := s.db.LogPolicy(ctx, sys.ID); err == nil {
		v.Policy = &p
	} else if kijun.ErrorCode(err) != kijun.ENOTFOUND {
		return nil, err
	}
	if v.Reviews, err = s.db.LogReviews(ctx, sys.ID, 12); err != nil {
		return nil, err
	}
	if v.Policy != nil {
		var last time.Time
		if len(v.Reviews) > 0 {
			last = v.Reviews[0].At
		}
		v.ReviewDue = v.Policy.ReviewDue(last)
		_, v.ReviewLate = v.Policy.ReviewLate(last, v.Now)
	}
	if v.Vulns, err = s.db.VulnFindings(ctx, store.VulnFilter{System: sys.ID, Open: true}); err != nil {
		return nil, err
	}
	ed, err := s.editor(r)
	if err != nil {
		return nil, err
	}
	v.CanOperate = ed.Keeps(sys.Unit) || ed.Operates(sys.ID)
	return v, nil
}

// renderSystemOps shows the system page again with a form's errors.
func (s *Server) renderSystemOps(w http.ResponseWriter, r *http.Request, status int, form string, fe map[string]string, input map[string]string) error {
	v, err := s.systemView(r)
	if err != nil {
		return err
	}
	v.Ops.Form, v.Ops.Errors, v.Ops.Input = form, fe, input
	p := s.newPage(w, r, "systems.title", v)
	p.Title = v.System.Name
	return s.render(w, r, status, "system", p)
}

// fieldErrors turns a write's refusal into errors beside fields, or
// returns the error when it is not about fields.
func fieldErrors(err error, into map[string]string, fallback string) error {
	var fe *kijun.FieldErrors
	switch {
	case errors.As(err, &fe):
		for _, f := range fe.Fields {
			into[f.Field] = f.Message
		}
		return nil
	case kijun.ErrorCode(err) == kijun.EINVALID || kijun.ErrorCode(err) == kijun.ECONFLICT:
		into[fallback] = kijun.ErrorMessage(err)
		return nil
	}
	return err
}

func formInput(r *http.Request, names ...string) map[string]string {
	out := map[string]string{}
	for _, n := range names {
		out[n] = r.FormValue(n)
	}
	return out
}

// handleWorkAdd records an operation on a system from the system page
// (8.1.5ア), through the operations service, which decides who may.
func (s *Server) handleWorkAdd(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	input := formInput(r, "at", "workers", "summary", "components", "outcome")
	fe := map[string]string{}
	at, ok := operations.ParseTime(input["at"])
	if !ok {
		fe[operations.FieldAt] = "作業日時を「2026-04-01 09:30」の形で入力してください"
	}
	outcome, _ := operations.ParseOutcome(input["outcome"])
	if len(fe) == 0 {
		ed, err := s.editor(r)
		if err != nil {
			return err
		}
		_, err = s.registers.Operations.AddWork(r.Context(), ed, operations.WorkRecord{System: id, At: at, Workers: operations.ParseWorkers(input["workers"]),
			Summary: strings.TrimSpace(input["summary"]), Components: strings.TrimSpace(input["components"]), Outcome: outcome})
		if err == nil {
			http.Redirect(w, r, "/systems/"+url.PathEscape(id)+"?work=1#work-h", http.StatusSeeOther)
			return nil
		}
		if err := fieldErrors(err, fe, operations.FieldSummary); err != nil {
			return err
		}
	}
	return s.renderSystemOps(w, r, http.StatusBadRequest, "work", fe, input)
}

// handleLogPolicy sets how a system's logs are kept and reviewed (8.1.7,
// 9.1).
func (s *Server) handleLogPolicy(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	input := formInput(r, "reviewer", "every_days", "on_failure", "backup", "monitoring", "time_sync", "version")
	fe := map[string]string{}
	every, err := strconv.Atoi(strings.TrimSpace(input["every_days"]))
	if err != nil {
		fe[operations.FieldEveryDays] = "点検の間隔は日数（数字）で入力してください"
	}
	version, _ := strconv.Atoi(input["version"])
	if len(fe) == 0 {
		ed, err := s.editor(r)
		if err != nil {
			return err
		}
		_, err = s.registers.Operations.SetLogPolicy(r.Context(), ed, operations.LogPolicy{System: id, Reviewer: strings.TrimSpace(input["reviewer"]),
			EveryDays: every, OnFailure: strings.TrimSpace(input["on_failure"]), Backup: strings.TrimSpace(input["backup"]),
			Monitoring: strings.TrimSpace(input["monitoring"]), TimeSync: input["time_sync"] == "1", Version: version})
		if err == nil {
			http.Redirect(w, r, "/systems/"+url.PathEscape(id)+"?logs=1#logs-h", http.StatusSeeOther)
			return nil
		}
		if err := fieldErrors(err, fe, operations.FieldOnFailure); err != nil {
			return err
		}
	}
	return s.renderSystemOps(w, r, http.StatusBadRequest, "policy", fe, input)
}

// handleLogReview records a review of a system's logs by the signed-in
// person (8.1.7ウ).
func (s *Server) handleLogReview(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	input := formInput(r, "reviewed_at", "findings")
	fe := map[string]string{}
	at, ok := operations.ParseTime(input["reviewed_at"])
	if !ok {
		fe[operations.FieldAt] = "点検日時を「2026-04-01 09:30」の形で入力してください"
	}
	who := currentOf(r).Principal.StaffNo
	if len(fe) == 0 {
		ed, err := s.editor(r)
		if err != nil {
			return err
		}
		_, err = s.registers.Operations.RecordLogReview(r.Context(), ed, operations.LogReview{System: id, At: at, Reviewer: who, Findings: strings.TrimSpace(input["findings"])})
		if err == nil {
			http.Redirect(w, r, "/systems/"+url.PathEscape(id)+"?reviewed=1#reviews-h", http.StatusSeeOther)
			return nil
		}
		if err := fieldErrors(err, fe, operations.FieldFindings); err != nil {
			return err
		}
	}
	return s.renderSystemOps(w, r, http.StatusBadRequest, "review", fe, input)
}

// operationsFuncs are the template functions of the operations pages.
func operationsFuncs() template.FuncMap {
	return template.FuncMap{
		"opsField":     newOpsField,
		"policyValue":  policyValue,
		"urgencyLabel": operations.UrgencyLabel,
		"closeReason":  operations.CloseReasonLabel,
	}
}

// opsFieldArgs is what the "opsfield" template needs.
type opsFieldArgs struct {
	Page                            *page
	Name, Label, Value, Error, Kind string
}

// newOpsField makes a field's arguments; err is its error, or anything
// else (false, when the form shown is another) for none.
func newOpsField(p *page, name, label, value string, err any, kind string) opsFieldArgs {
	e, _ := err.(string)
	return opsFieldArgs{Page: p, Name: name, Label: label, Value: value, Error: e, Kind: kind}
}

// policyValue is what a field of the log policy form shows: what was
// typed when the form comes back with errors, else the policy in force.
func policyValue(submitted bool, input map[string]string, name string, p *operations.LogPolicy) string {
	if submitted {
		return input[name]
	}
	if p == nil {
		if name == "every_days" {
			return "30"
		}
		return ""
	}
	switch name {
	case "reviewer":
		return p.Reviewer
	case "every_days":
		return strconv.Itoa(p.EveryDays)
	case "on_failure":
		return p.OnFailure
	case "backup":
		return p.Backup
	case "monitoring":
		return p.Monitoring
	case "time_sync":
		if p.TimeSync {
			return "1"
		}
	}
	return ""
}

// handleVulnException closes a system's security hole under an exception
// (9.5) in force that covers 8.6.1, its reason beside the field if not.
func (s *Server) handleVulnException(w http.ResponseWriter, r *http.Request) error {
	id, vuln := r.PathValue("id"), r.PathValue("vuln")
	input := formInput(r, "request")
	fe := map[string]string{}
	request, err := strconv.ParseInt(strings.TrimSpace(input["request"]), 10, 64)
	if err != nil {
		fe["request"] = "例外措置の申請番号を数字で入力してください（9.5.1）"
	}
	if len(fe) == 0 {
		ed, err := s.editor(r)
		if err != nil {
			return err
		}
		err = s.registers.Operations.CloseByException(r.Context(), ed, id, vuln, request)
		if err == nil {
			http.Redirect(w, r, "/systems/"+url.PathEscape(id)+"#vulns-h", http.StatusSeeOther)
			return nil
		}
		if err := fieldErrors(err, fe, "request"); err != nil {
			return err
		}
	}
	input["vuln"] = vuln
	return s.renderSystemOps(w, r, http.StatusBadRequest, "exception", fe, input)
}
