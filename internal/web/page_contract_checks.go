package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"kijun/internal/contractors"
	"kijun/internal/organisation"
)

// 10.1.3: the contract's page shows how often the contractor's security
// is checked, when the next check falls due, and every check with its
// result; its 課 sets the interval and records a check there, and a
// result calling for correction links to the corrective action it opened.

// contractChecks is the periodic-check section of a contract's page.
type contractChecks struct {
	Months   int
	Next     time.Time
	Overdue  bool
	Rows     []contractors.SecurityCheck
	Kinds    []contractors.CheckKind
	Results  []contractors.CheckResult
	Form     contractors.SecurityCheck
	On       string
	MonthsIn string
	Errs     map[string]string
}

func (s *Server) contractChecks(ctx context.Context, c contractors.Contract) (*contractChecks, error) {
	months, err := s.db.ContractCheckPlan(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.ContractChecks(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	v := &contractChecks{Months: months, Rows: rows, Kinds: contractors.CheckKinds(), Results: contractors.CheckResults(), Errs: map[string]string{},
		Form: contractors.SecurityCheck{Kind: contractors.CheckReport, Result: contractors.ResultConforming}}
	if months > 0 {
		v.MonthsIn = strconv.Itoa(months)
		var last time.Time
		if len(rows) > 0 {
			last = rows[0].On
		}
		v.Next = contractors.NextCheck(c.From, months, last)
		v.Overdue = c.InForce(organisation.Day(s.db.Now())) && v.Next.Before(organisation.Day(s.db.Now()))
	}
	return v, nil
}

// handleCheckPlanSave sets the contract's interval of checks
// (POST /contracts/{id}/checkplan).
func (s *Server) handleCheckPlanSave(w http.ResponseWriter, r *http.Request) error {
	id, in := r.PathValue("id"), strings.TrimSpace(r.FormValue(contractors.FieldCheckMonths))
	errs := map[string]string{}
	months, err := strconv.Atoi(in)
	if err != nil {
		errs[contractors.FieldCheckMonths] = "確認の間隔は月数（1から36）で入力してください"
	} else {
		ed, err := s.editor(r)
		if err != nil {
			return err
		}
		if err := checkFormErr(s.registers.Contractors.SetCheckPlan(r.Context(), ed, id, months), errs); err != nil {
			return err
		}
	}
	if len(errs) == 0 {
		s.recheck(r, "contract:"+id) // 10.1.3: the due day moves with the interval
		http.Redirect(w, r, "/contracts/"+url.PathEscape(id)+"?saved=1#checks-h", http.StatusSeeOther)
		return nil
	}
	v, err := s.contractView(r)
	if err != nil {
		return err
	}
	v.Checks.MonthsIn, v.Checks.Errs = in, errs
	return s.renderContract(w, r, http.StatusBadRequest, v)
}

// handleCheckSave records one check of the contractor's security
// (POST /contracts/{id}/checks).
func (s *Server) handleCheckSave(w http.ResponseWriter, r *http.Request) error {
	val := func(k string) string { return strings.TrimSpace(r.FormValue(k)) }
	errs := map[string]string{}
	c := contractors.SecurityCheck{Contract: r.PathValue("id"), On: formDay(r, contractors.FieldCheckOn, errs),
		Kind: contractors.CheckKind(val(contractors.FieldCheckKind)), Checker: val(contractors.FieldCheckChecker),
		Result: contractors.CheckResult(val(contractors.FieldCheckResult)), Note: val(contractors.FieldCheckNote), Evidence: val(contractors.FieldCheckEvidence)}
	if len(errs) == 0 {
		ed, err := s.editor(r)
		if err != nil {
			return err
		}
		_, err = s.registers.Contractors.RecordCheck(r.Context(), ed, c)
		if err := checkFormErr(err, errs); err != nil {
			return err
		}
	}
	if len(errs) == 0 {
		s.recheck(r, "contract:"+c.Contract) // 10.1.3: a check closes the overdue finding
		http.Redirect(w, r, "/contracts/"+url.PathEscape(c.Contract)+"?saved=1#checks-h", http.StatusSeeOther)
		return nil
	}
	v, err := s.contractView(r)
	if err != nil {
		return err
	}
	v.Checks.Form, v.Checks.On, v.Checks.Errs = c, val(contractors.FieldCheckOn), errs
	return s.renderContract(w, r, http.StatusBadRequest, v)
}

// checkFormErr sorts a save's error as formResult does; a conflict is
// shown above the form.
func checkFormErr(err error, errs map[string]string) error {
	var conflict string
	if _, err := formResult(err, errs, &conflict); err != nil {
		return err
	}
	if conflict != "" {
		errs["form"] = conflict
	}
	return nil
}
