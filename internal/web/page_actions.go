package web

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"kijun/internal/access"
	"kijun/internal/corrective"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/store"
)

// officerOf is the register's gate for the signed-in person: the CISO's
// office and the audit director see every action; anyone else the 課 they
// work in and those they hold a role for.
func officerOf(p *access.Principal) corrective.Officer {
	o := corrective.Officer{StaffNo: p.StaffNo, City: p.CityOffice(), Auditor: p.Auditor(), Reader: p.Admin, Units: map[string]bool{}}
	for _, u := range p.Units {
		o.Units[u] = true
	}
	for _, a := range p.Roles {
		if a.Holder.Scope.Kind == organisation.ScopeUnit {
			o.Units[a.Holder.Scope.ID] = true
		}
	}
	return o
}

// actionsData is what the register's list page shows.
type actionsData struct {
	Actions   []corrective.Action
	Overdue   bool
	MayCreate bool
	Form      corrective.Action
	Due       string
	Errors    map[string]string
}

// SourceKinds are the choices of source on the form.
func (actionsData) SourceKinds() []corrective.SourceKind { return corrective.SourceKinds() }

// OwnerRoles are the choices of owner on the form.
func (actionsData) OwnerRoles() []organisation.Role { return corrective.OwnerRoles() }

// handleActions lists the corrective actions the person sees (11.1.7,
// 11.2.3, 11.2.4), overdue ones when asked, with the form to open one for
// those who may.
func (s *Server) handleActions(w http.ResponseWriter, r *http.Request) error {
	d := &actionsData{Errors: map[string]string{}, Form: corrective.Action{OwnerRole: organisation.RoleInfoManager, Source: corrective.Source{Kind: corrective.SourceAuditFinding}}}
	// A link from a finding of the continuous checks (or another source)
	// fills the form with what it already knows.
	q := r.URL.Query()
	if k := corrective.SourceKind(q.Get("source_kind")); k.Valid() {
		d.Form.Source = corrective.Source{Kind: k, ID: q.Get("source_id")}
		d.Form.Unit, d.Form.Title, d.Form.Provisions = q.Get("unit"), q.Get("title"), []string{q.Get("provisions")}
	}
	return s.renderActions(w, r, http.StatusOK, d)
}

func (s *Server) renderActions(w http.ResponseWriter, r *http.Request, status int, d *actionsData) error {
	p := currentOf(r).Principal
	o := officerOf(p)
	d.Overdue = r.URL.Query().Get("overdue") == "1"
	var err error
	if d.Actions, err = s.db.CorrectiveActions(r.Context(), o, store.CorrectiveFilter{Overdue: d.Overdue, Day: s.db.Now(), Unit: strings.TrimSpace(r.URL.Query().Get("unit"))}); err != nil {
		return err
	}
	d.MayCreate = o.City || o.Auditor
	return s.render(w, r, status, "actions", s.newPage(w, r, "actions.title", d))
}

// handleActionCreate opens a corrective action; the register's service
// decides who may.
func (s *Server) handleActionCreate(w http.ResponseWriter, r *http.Request) error {
	p := currentOf(r).Principal
	a := corrective.Action{
		Source:     corrective.Source{Kind: corrective.SourceKind(r.FormValue("source_kind")), ID: r.FormValue("source_id")},
		Unit:       r.FormValue("unit"),
		OwnerRole:  organisation.Role(r.FormValue("owner_role")),
		Title:      r.FormValue("title"),
		Provisions: []string{r.FormValue("provisions")},
		RootCause:  r.FormValue("root_cause"),
		Plan:       r.FormValue("plan"),
	}
	a.OwnerScope = ownerScope(a.OwnerRole, strings.TrimSpace(r.FormValue("owner_scope")), strings.TrimSpace(a.Unit))
	d := &actionsData{Errors: map[string]string{}, Form: a, Due: r.FormValue("due")}
	if d.Due != "" {
		if t, err := organisation.ParseDate(strings.TrimSpace(d.Due)); err == nil {
			a.Due = t
		} else {
			d.Errors[corrective.FieldDue] = "期限を 2026-06-30 のように入力してください"
		}
	}
	if len(d.Errors) == 0 {
		created, err := s.db.CreateCorrective(r.Context(), officerOf(p), a)
		var conflict string
		done, err := formResult(err, d.Errors, &conflict)
		if err != nil {
			return err
		}
		if done {
			http.Redirect(w, r, "/actions/"+strconv.FormatInt(created.ID, 10), http.StatusSeeOther)
			return nil
		}
	}
	return s.renderActions(w, r, http.StatusBadRequest, d)
}

// ownerScope is the scope an owner role is held for: the city for the
// city's roles, the system typed for a system's, else the 課.
func ownerScope(role organisation.Role, typed, unit string) organisation.Scope {
	spec, err := role.Spec()
	switch {
	case err != nil:
		return organisation.Scope{}
	case spec.ScopeKind == organisation.ScopeCity:
		return organisation.City()
	case spec.ScopeKind == organisation.ScopeSystem:
		return organisation.SystemScope(typed)
	}
	if typed == "" {
		typed = unit
	}
	return organisation.UnitScope(typed)
}

// actionData is what one action's page shows.
type actionData struct {
	Action    corrective.Action
	MayAct    bool // the owner or the CISO's office: plan, evidence, complete
	MayVerify bool
	Overdue   int
	Errors    map[string]string
	Conflict  string
	// Form holds what was typed into a refused form, to show it again.
	Form map[string]string
}

func actionID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return 0, kijun.Errorf(kijun.ENOTFOUND, "是正措置 %s はありません", r.PathValue("id"))
	}
	return id, nil
}

// handleAction shows one action, its evidence and the steps the person
// may take.
func (s *Server) handleAction(w http.ResponseWriter, r *http.Request) error {
	return s.renderAction(w, r, http.StatusOK, map[string]string{}, "")
}

func (s *Server) renderAction(w http.ResponseWriter, r *http.Request, status int, errs map[string]string, conflict string) error {
	form := map[string]string{}
	if r.Method == http.MethodPost {
		for _, k := range []string{"note", "verify_note", "evidence_note"} {
			form[k] = r.FormValue(k)
		}
	}
	id, err := actionID(r)
	if err != nil {
		return err
	}
	p := currentOf(r).Principal
	o := officerOf(p)
	a, err := s.db.CorrectiveAction(r.Context(), o, id)
	if err != nil {
		return err
	}
	owner := p.StaffNo != "" && a.Owner == p.StaffNo
	d := &actionData{Action: a, MayAct: (o.City || owner) && p.MayWrite(), MayVerify: o.MayVerify() && !owner && p.MayWrite(),
		Overdue: a.DaysOverdue(s.db.Now()), Errors: errs, Conflict: conflict, Form: form}
	return s.render(w, r, status, "action", s.newPage(w, r, "actions.one", d))
}

// actionStep runs one change of an action and shows the page again, with
// the refusal beside its form when there is one.
func (s *Server) actionStep(w http.ResponseWriter, r *http.Request, form string, step func(o corrective.Officer, id, version int64) error) error {
	id, err := actionID(r)
	if err != nil {
		return err
	}
	version, _ := strconv.ParseInt(r.FormValue("version"), 10, 64)
	err = step(officerOf(currentOf(r).Principal), id, version)
	if err == nil {
		http.Redirect(w, r, "/actions/"+strconv.FormatInt(id, 10)+"#"+form, http.StatusSeeOther)
		return nil
	}
	errs := map[string]string{}
	var conflict string
	var fe *kijun.FieldErrors
	switch code := kijun.ErrorCode(err); {
	case errors.As(err, &fe):
		for _, f := range fe.Fields {
			errs[f.Field] = f.Message
		}
		return s.renderAction(w, r, http.StatusBadRequest, errs, "")
	case code == kijun.ECONFLICT, code == kijun.EFORBIDDEN:
		conflict = kijun.ErrorMessage(err)
		status := http.StatusConflict
		if code == kijun.EFORBIDDEN {
			status = http.StatusForbidden
		}
		return s.renderAction(w, r, status, errs, conflict)
	}
	return err
}

// handleActionPlan changes an open action's root cause, plan and due day.
func (s *Server) handleActionPlan(w http.ResponseWriter, r *http.Request) error {
	return s.actionStep(w, r, "replan", func(o corrective.Officer, id, version int64) error {
		due, err := organisation.ParseDate(strings.TrimSpace(r.FormValue("due")))
		if err != nil {
			return fieldError(corrective.FieldDue, kijun.Errorf(kijun.EINVALID, "期限を 2026-06-30 のように入力してください"))
		}
		_, err = s.db.ReplanCorrective(r.Context(), o, id, version, r.FormValue("root_cause"), r.FormValue("plan"), due)
		return err
	})
}

// handleActionEvidence keeps a file of evidence of completion with its
// SHA-256; a file past the limit is refused with the limit.
func (s *Server) handleActionEvidence(w http.ResponseWriter, r *http.Request) error {
	return s.actionStep(w, r, "evidence", func(o corrective.Officer, id, _ int64) error {
		file, hdr, err := r.FormFile("file")
		switch {
		case errors.Is(err, http.ErrMissingFile):
			return fieldError(corrective.FieldEvidence, kijun.Errorf(kijun.EINVALID, "証拠のファイルを選んでください"))
		case err != nil:
			return fieldError(corrective.FieldEvidence, corrective.TooLarge(r.ContentLength))
		}
		defer file.Close()
		if hdr.Size > corrective.MaxEvidenceBytes {
			return fieldError(corrective.FieldEvidence, corrective.TooLarge(hdr.Size))
		}
		data, err := io.ReadAll(io.LimitReader(file, corrective.MaxEvidenceBytes+1))
		if err != nil {
			return err
		}
		_, err = s.db.AddCorrectiveEvidence(r.Context(), o, corrective.Evidence{ActionID: id, File: kijun.File{Name: kijun.FileName(hdr.Filename), ContentType: hdr.Header.Get("Content-Type"), Note: r.FormValue("evidence_note")}}, data)
		return err
	})
}

// handleActionComplete reports the action done; refused without evidence.
func (s *Server) handleActionComplete(w http.ResponseWriter, r *http.Request) error {
	return s.actionStep(w, r, "complete", func(o corrective.Officer, id, version int64) error {
		_, err := s.db.CompleteCorrective(r.Context(), o, id, version, r.FormValue("note"))
		return err
	})
}

// handleActionVerify records the check of effectiveness; refused to the
// owner.
func (s *Server) handleActionVerify(w http.ResponseWriter, r *http.Request) error {
	return s.actionStep(w, r, "verify", func(o corrective.Officer, id, version int64) error {
		var effective bool
		switch r.FormValue("effective") {
		case "1":
			effective = true
		case "0":
		default:
			return fieldError("effective", kijun.Errorf(kijun.EINVALID, "有効か、有効でないかを選んでください"))
		}
		_, err := s.db.VerifyCorrective(r.Context(), o, id, version, effective, r.FormValue("verify_note"))
		if fe := (*kijun.FieldErrors)(nil); errors.As(err, &fe) {
			for i := range fe.Fields {
				if fe.Fields[i].Field == corrective.FieldNote {
					fe.Fields[i].Field = "verify_note"
				}
			}
		}
		return err
	})
}

// handleActionEvidenceFile sends an evidence file to those who see its
// action, after checking its hash again.
func (s *Server) handleActionEvidenceFile(w http.ResponseWriter, r *http.Request) error {
	id, err := actionID(r)
	if err != nil {
		return err
	}
	eid, err := strconv.ParseInt(r.PathValue("eid"), 10, 64)
	if err != nil {
		return kijun.Errorf(kijun.ENOTFOUND, "証拠 %s はありません", r.PathValue("eid"))
	}
	e, data, err := s.db.CorrectiveEvidenceFile(r.Context(), officerOf(currentOf(r).Principal), id, eid)
	if err != nil {
		return err
	}
	return sendEvidence(w, e.Name, e.SHA256, data)
}
