package web

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"kijun/internal/compliance"
	"kijun/internal/kijun"
	"kijun/internal/operations"
	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/systems"
)

// lifeView is what the system page shows of a system's life before it
// runs (8.3): its stage and, per checklist, the obligatory items open.
type lifeView struct {
	System     string
	Stage      store.StageRecord
	Stages     []operations.Stage
	Lists      []listSummary
	CanOperate bool
	Error      string
}

// listSummary is one checklist's count of items and open obligatory
// items.
type listSummary struct {
	Spec        operations.ChecklistSpec
	Answered    int
	OpenMust    []string
	Outstanding bool
}

// lifeOf reads a system's stage and checklists for the system page.
func (s *Server) lifeOf(r *http.Request, sys systems.System, canOperate bool) (*lifeView, error) {
	ctx := r.Context()
	v := &lifeView{System: sys.ID, Stages: operations.Stages(), CanOperate: canOperate}
	var err error
	if v.Stage, err = s.db.SystemStage(ctx, sys.ID); err != nil {
		return nil, err
	}
	specs, err := store.Checklists()
	if err != nil {
		return nil, err
	}
	state, err := s.db.SystemChecklists(ctx, sys.ID)
	if err != nil {
		return nil, err
	}
	for _, spec := range specs {
		verdicts := map[string]operations.Verdict{}
		for p, a := range state.Answers[spec.Kind] {
			verdicts[p] = a.Verdict
		}
		open := spec.OpenObligatory(verdicts)
		v.Lists = append(v.Lists, listSummary{Spec: spec, Answered: len(verdicts), OpenMust: open,
			Outstanding: v.Stage.Stage == operations.StageOperate && len(open) > 0})
	}
	return v, nil
}

// checklistsData is the page of a system's checklists (8.3.1 to 8.3.5),
// with an answer form per item for whoever keeps the system.
type checklistsData struct {
	System systems.System
	Life   *lifeView
	State  store.ChecklistState
	// Form is the item ("list/provision") Errors belong to.
	Form   string
	Errors map[string]string
	Input  map[string]string
}

// handleChecklists shows a system's checklists to those who see it.
func (s *Server) handleChecklists(w http.ResponseWriter, r *http.Request) error {
	return s.renderChecklists(w, r, http.StatusOK, "", nil, nil)
}

func (s *Server) renderChecklists(w http.ResponseWriter, r *http.Request, status int, form string, fe, input map[string]string) error {
	v, err := s.systemView(r)
	if err != nil {
		return err
	}
	d := &checklistsData{System: v.System, Life: v.Life, Form: form, Errors: fe, Input: input}
	if d.State, err = s.db.SystemChecklists(r.Context(), v.System.ID); err != nil {
		return err
	}
	p := s.newPage(w, r, "life.lists.title", d)
	p.Title = v.System.Name + " " + p.T("life.lists.title")
	return s.render(w, r, status, "checklists", p)
}

// systemStageSubjects are what a system's stage and checklists decide
// the findings of: the system itself, and its two roles, which an
// abolished system no longer needs held (8.3.1ウ).
func systemStageSubjects(id string) []string {
	out := []string{string(compliance.KindSystem) + ":" + id}
	for _, role := range []organisation.Role{organisation.RoleSystemOwner, organisation.RoleSystemAdmin} {
		out = append(out, compliance.RoleSubject(string(role), organisation.SystemScope(id).String()))
	}
	return out
}

// handleStageMove moves a system to another stage (8.3); moving to 稼働
// with obligatory items open is allowed and found by the check.
func (s *Server) handleStageMove(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	ed, err := s.editor(r)
	if err != nil {
		return err
	}
	version, _ := strconv.Atoi(r.FormValue("version"))
	_, err = s.registers.Operations.MoveStage(r.Context(), ed, id, operations.Stage(r.FormValue("stage")), version)
	if err == nil {
		s.recheck(r, systemStageSubjects(id)...)
		http.Redirect(w, r, "/systems/"+url.PathEscape(id)+"?staged=1#life-h", http.StatusSeeOther)
		return nil
	}
	fe := map[string]string{}
	if err := fieldErrors(err, fe, operations.FieldStage); err != nil {
		return err
	}
	v, verr := s.systemView(r)
	if verr != nil {
		return verr
	}
	v.Life.Error = fe[operations.FieldStage]
	p := s.newPage(w, r, "systems.title", v)
	p.Title = v.System.Name
	return s.render(w, r, http.StatusBadRequest, "system", p)
}

// handleChecklistAnswer answers one item with its evidence file, through
// the operations service, which decides who may.
func (s *Server) handleChecklistAnswer(w http.ResponseWriter, r *http.Request) error {
	id, list := r.PathValue("id"), operations.ChecklistKind(r.PathValue("list"))
	input := formInput(r, "provision", "verdict", "note")
	fe := map[string]string{}
	var upload *store.EvidenceUpload
	file, hdr, err := r.FormFile("evidence")
	switch {
	case errors.Is(err, http.ErrMissingFile), errors.Is(err, http.ErrNotMultipart):
	case err != nil:
		fe[operations.FieldEvidence] = "証拠のファイルを読めませんでした。10 MB までのファイルを選んでください"
	default:
		defer file.Close()
		data, err := io.ReadAll(io.LimitReader(file, operations.MaxEvidenceBytes+1))
		if err != nil {
			return err
		}
		if hdr.Filename != "" || len(data) > 0 {
			upload = &store.EvidenceUpload{Name: kijun.FileName(hdr.Filename), ContentType: hdr.Header.Get("Content-Type"), Data: data}
		}
	}
	if len(fe) == 0 {
		ed, err := s.editor(r)
		if err != nil {
			return err
		}
		_, err = s.registers.Operations.Answer(r.Context(), ed, operations.Answer{System: id, List: list, Provision: input["provision"],
			Verdict: operations.Verdict(input["verdict"]), Note: input["note"]}, upload)
		if err == nil {
			s.recheck(r, systemStageSubjects(id)...)
			http.Redirect(w, r, "/systems/"+url.PathEscape(id)+"/checklists?answered=1#"+string(list), http.StatusSeeOther)
			return nil
		}
		if err := fieldErrors(err, fe, operations.FieldVerdict); err != nil {
			return err
		}
	}
	return s.renderChecklists(w, r, http.StatusBadRequest, string(list)+"/"+input["provision"], fe, input)
}

// handleChecklistEvidence sends an evidence file to those who keep the
// system (8.1.6), after checking its hash again.
func (s *Server) handleChecklistEvidence(w http.ResponseWriter, r *http.Request) error {
	eid, err := strconv.ParseInt(r.PathValue("eid"), 10, 64)
	if err != nil {
		return kijun.Errorf(kijun.ENOTFOUND, "証拠 %s はありません", r.PathValue("eid"))
	}
	ed, err := s.editor(r)
	if err != nil {
		return err
	}
	e, data, err := s.db.ChecklistEvidenceFile(r.Context(), ed, r.PathValue("id"), eid)
	if err != nil {
		return err
	}
	return sendEvidence(w, e.Name, e.SHA256, data)
}

// itemKey names an item's form: "list/provision".
func itemKey(list operations.ChecklistKind, provision string) string {
	return string(list) + "/" + provision
}

// shortHash is the first twelve hex digits of a SHA-256, as shown beside
// a file.
func shortHash(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

// openIn reports whether provision is among the open obligatory items.
func openIn(open []string, provision string) bool { return slices.Contains(open, provision) }

// checklistFuncs are the template functions of the checklist pages.
func checklistFuncs() map[string]any {
	return map[string]any{"itemKey": itemKey, "shortHash": shortHash, "openIn": openIn}
}
