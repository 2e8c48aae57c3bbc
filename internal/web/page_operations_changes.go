package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"kijun/internal/kijun"
	"kijun/internal/operations"
	"kijun/internal/registers"
	"kijun/internal/store"
	"kijun/internal/systems"
)

// changeData is the page of one change: its plan and each step, with the
// form of the step it waits for; or, with New, the form of a plan.
type changeData struct {
	System     systems.System
	Change     operations.Change
	New        bool
	CanOperate bool
	Me         string
	Alone      bool
	Outcomes   []struct {
		Outcome        operations.Outcome
		Label, LabelEN string
	}
	Errors       map[string]string
	VersionsText string
	Input        map[string]string
}

// changeSystem reads the system of a change page and whether the
// signed-in person keeps its operations records; one they may not see is
// refused as the system page refuses it.
func (s *Server) changeSystem(r *http.Request) (systems.System, bool, error) {
	sys, err := s.db.System(r.Context(), r.PathValue("id"))
	if err != nil {
		return sys, false, err
	}
	scope, err := s.unitScope(r)
	if err != nil {
		return sys, false, err
	}
	ed, err := s.editor(r)
	if err != nil {
		return sys, false, err
	}
	operates := ed.Keeps(sys.Unit) || ed.Operates(sys.ID)
	if scope != nil && !operates && !containsString(scope, sys.Unit) {
		return sys, false, kijun.Errorf(kijun.EFORBIDDEN, "この情報システム（所管 %s）を見る権限がありません（8.2.1ア）", sys.UnitName)
	}
	return sys, operates, nil
}

func containsString(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func (s *Server) renderChange(w http.ResponseWriter, r *http.Request, status int, d *changeData) error {
	d.Me, d.Outcomes = currentOf(r).Principal.StaffNo, operations.OutcomeSpecs()
	d.Alone = d.Change.Alone(s.db.Now())
	if d.Errors == nil {
		d.Errors = map[string]string{}
	}
	if d.Input == nil {
		d.Input = map[string]string{}
	}
	p := s.newPage(w, r, "ops.change.title", d)
	if !d.New {
		p.Title = d.Change.Title
	}
	return s.render(w, r, status, "system_change", p)
}

// handleChangeNew shows the form of a planned change (8.1.5イ).
func (s *Server) handleChangeNew(w http.ResponseWriter, r *http.Request) error {
	sys, operates, err := s.changeSystem(r)
	if err != nil {
		return err
	}
	if !operates {
		return kijun.Errorf(kijun.EFORBIDDEN, "情報システム %s の変更を計画する権限がありません（8.1.5）", sys.ID)
	}
	return s.renderChange(w, r, http.StatusOK, &changeData{System: sys, New: true, CanOperate: true, Change: operations.Change{System: sys.ID}})
}

// handleChangePlan records a planned change through the operations
// service, which decides who may.
func (s *Server) handleChangePlan(w http.ResponseWriter, r *http.Request) error {
	sys, operates, err := s.changeSystem(r)
	if err != nil {
		return err
	}
	d := &changeData{System: sys, New: true, CanOperate: operates, Errors: map[string]string{}, VersionsText: r.FormValue("versions")}
	d.Change = operations.Change{System: sys.ID, Title: strings.TrimSpace(r.FormValue("title")), Reason: strings.TrimSpace(r.FormValue("reason")),
		Risk: strings.TrimSpace(r.FormValue("risk")), Rollback: strings.TrimSpace(r.FormValue("rollback")),
		Components: strings.TrimSpace(r.FormValue("components")), Documents: strings.TrimSpace(r.FormValue("documents"))}
	vs, err := operations.ParseVersions(d.VersionsText)
	if err != nil {
		d.Errors[operations.FieldVersions] = kijun.ErrorMessage(err)
	}
	d.Change.Versions = vs
	if len(d.Errors) == 0 {
		ed, err := s.editor(r)
		if err != nil {
			return err
		}
		c, err := s.registers.Operations.Plan(r.Context(), ed, currentOf(r).Principal.StaffNo, d.Change)
		if err == nil {
			http.Redirect(w, r, "/systems/"+url.PathEscape(sys.ID)+"/changes/"+strconv.FormatInt(c.ID, 10)+"?saved=1", http.StatusSeeOther)
			return nil
		}
		if err := fieldErrors(err, d.Errors, operations.FieldTitle); err != nil {
			return err
		}
	}
	return s.renderChange(w, r, http.StatusBadRequest, d)
}

// loadChange reads the change of the path, which must be of the path's
// system.
func (s *Server) loadChange(r *http.Request, sys systems.System) (operations.Change, error) {
	id, err := strconv.ParseInt(r.PathValue("cid"), 10, 64)
	if err != nil {
		return operations.Change{}, kijun.Errorf(kijun.ENOTFOUND, "変更 %q はありません", r.PathValue("cid"))
	}
	c, err := s.db.SystemChange(r.Context(), id)
	if err != nil {
		return c, err
	}
	if c.System != sys.ID {
		return c, kijun.Errorf(kijun.ENOTFOUND, "変更 %d は情報システム %s のものではありません", id, sys.ID)
	}
	return c, nil
}

// handleChange shows one change and the form of the step it waits for.
func (s *Server) handleChange(w http.ResponseWriter, r *http.Request) error {
	sys, operates, err := s.changeSystem(r)
	if err != nil {
		return err
	}
	c, err := s.loadChange(r, sys)
	if err != nil {
		return err
	}
	return s.renderChange(w, r, http.StatusOK, &changeData{System: sys, Change: c, CanOperate: operates})
}

// handleChangeStep takes one step of a change (approve, carry, confirm,
// cancel) as the signed-in person, through the operations service: the
// one who carried it out confirming it, or someone not present, is
// refused beside the button, and nothing is written.
func (s *Server) handleChangeStep(w http.ResponseWriter, r *http.Request) error {
	sys, operates, err := s.changeSystem(r)
	if err != nil {
		return err
	}
	c, err := s.loadChange(r, sys)
	if err != nil {
		return err
	}
	step := r.PathValue("step")
	d := &changeData{System: sys, Change: c, CanOperate: operates, Errors: map[string]string{},
		Input: formInput(r, "at", "others", "outcome", "note")}
	version, _ := strconv.Atoi(r.FormValue("version"))
	cs := store.ChangeStep{ID: c.ID, Version: version, Who: currentOf(r).Principal.StaffNo}
	if step == registers.StepCarry {
		at, ok := operations.ParseTime(d.Input["at"])
		if !ok {
			d.Errors[operations.FieldAt] = "実施日時を「2026-04-01 09:30」の形で入力してください"
		}
		cs.At, cs.Others, cs.Note = at, operations.ParseWorkers(d.Input["others"]), strings.TrimSpace(d.Input["note"])
		cs.Outcome, _ = operations.ParseOutcome(d.Input["outcome"])
	}
	if len(d.Errors) == 0 {
		ed, err := s.editor(r)
		if err != nil {
			return err
		}
		_, err = s.registers.Operations.Step(r.Context(), ed, step, cs)
		if err == nil {
			http.Redirect(w, r, "/systems/"+url.PathEscape(sys.ID)+"/changes/"+strconv.FormatInt(c.ID, 10)+"?saved=1", http.StatusSeeOther)
			return nil
		}
		field := step
		if step == registers.StepCarry {
			field = operations.FieldWorkers
		}
		if kijun.ErrorCode(err) == kijun.EFORBIDDEN && step != registers.StepCarry {
			d.Errors[field] = kijun.ErrorMessage(err)
		} else if err := fieldErrors(err, d.Errors, field); err != nil {
			return err
		}
		if m, ok := d.Errors[operations.FieldConfirm]; ok && step == registers.StepConfirm {
			d.Errors[registers.StepConfirm] = m
		}
	}
	return s.renderChange(w, r, http.StatusBadRequest, d)
}
