package web

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"kijun/internal/compliance/work"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/registers"
	"kijun/internal/store"
)

// findingData is one finding as work: what was found, who owns it, by
// when, where it stands and what was said.
type findingData struct {
	// Cites links the provision to its page in the standard in force.
	Cites    *chapters
	Finding  store.StoredFinding
	Comments []store.FindingComment
	States   []work.State
	// Members of the finding's 課, whom its managers may make owner.
	Members        []store.Member
	MayWork        bool
	MayReassign    bool
	Form           url.Values
	Errors         map[string]string
	Saved          bool
	Responsible    string
	AcceptURL      string
	AcceptAllowed  bool
	FindingsOfUnit string
	// Evidence are the files kept for the finding; MayAttach: the person
	// may attach one (its owner or the CISO's office, while it is open).
	Evidence  []store.FindingEvidence
	MayAttach bool
}

// handleFinding shows one finding and, to who may, the form to work on it.
func (s *Server) handleFinding(w http.ResponseWriter, r *http.Request) error {
	return s.renderFinding(w, r, http.StatusOK, r.URL.Query().Get("rule"), r.URL.Query().Get("subject"), nil, nil)
}

// mayReadFinding: the CISO's office, the audit director and
// administrators read every finding; anyone else those of the units they
// see (unitScope), and those they own.
func (s *Server) mayReadFinding(r *http.Request, f store.StoredFinding) (bool, error) {
	scope, err := s.unitScope(r)
	if err != nil {
		return false, err
	}
	p := currentOf(r).Principal
	return scope == nil || (f.Unit != "" && slices.Contains(scope, f.Unit)) || (p.StaffNo != "" && p.StaffNo == f.Work.Owner), nil
}

func (s *Server) renderFinding(w http.ResponseWriter, r *http.Request, status int, rule, subject string, form url.Values, errs map[string]string) error {
	ctx := r.Context()
	f, err := s.db.Finding(ctx, rule, subject)
	if err != nil {
		return err
	}
	if ok, err := s.mayReadFinding(r, f); err != nil || !ok {
		return errOr(err, kijun.Errorf(kijun.EFORBIDDEN, "この指摘を見る権限がありません（8.2.1ア）"))
	}
	fs := []store.StoredFinding{f}
	if err := s.db.FillResponsible(ctx, fs); err != nil {
		return err
	}
	d := &findingData{Finding: fs[0], States: work.States(), Form: form, Errors: errs, Saved: r.URL.Query().Get("saved") == "1",
		AcceptAllowed: mayRunChecks(r) && f.ClosedAt.IsZero(), FindingsOfUnit: "/compliance/findings?" + url.Values{"unit": {f.Unit}, "sort": {"age"}}.Encode(),
		AcceptURL: "/compliance/findings/accept?" + url.Values{"rule": {f.Rule}, "subject": {f.Subject}}.Encode()}
	if d.Cites, err = s.chaptersInForce(r); err != nil {
		return err
	}
	if d.Form == nil {
		d.Form = url.Values{"state": {string(f.Work.State)}, "owner": {f.Work.Owner}}
	}
	if d.Errors == nil {
		d.Errors = map[string]string{}
	}
	if d.Comments, err = s.db.FindingComments(ctx, f.Rule, f.Subject); err != nil {
		return err
	}
	if err := s.findingEvidenceView(r, d); err != nil {
		return err
	}
	ancestors, err := s.registers.Findings.Ancestors(ctx, f.Unit)
	if err != nil {
		return err
	}
	d.MayWork, d.MayReassign = registers.MayWork(currentOf(r).Principal, f, ancestors)
	d.MayWork = d.MayWork && f.ClosedAt.IsZero()
	if d.MayReassign && f.Unit != "" {
		if d.Members, err = s.db.Members(ctx, f.Unit, organisation.Day(s.db.Now())); err != nil {
			return err
		}
	}
	p := s.newPage(w, r, "work.title", d)
	p.Title = f.SubjectName + " — " + p.Title
	return s.render(w, r, status, "finding", p)
}

// handleFindingWork changes a finding's state or owner, or adds a comment,
// through the findings' one service; each wrong field is shown beside it.
func (s *Server) handleFindingWork(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return kijun.Errorf(kijun.EINVALID, "フォームを読めません")
	}
	c := work.Change{Rule: r.PostForm.Get("rule"), Subject: r.PostForm.Get("subject"), State: work.State(r.PostForm.Get("state")),
		Owner: r.PostForm.Get("owner"), Comment: r.PostForm.Get("comment")}
	c.Version, _ = strconv.ParseInt(r.PostForm.Get("version"), 10, 64)
	_, err := s.registers.Findings.Work(r.Context(), currentOf(r).Principal, c)
	var fe *kijun.FieldErrors
	switch {
	case errors.As(err, &fe):
		errs := map[string]string{}
		for _, f := range fe.Fields {
			errs[f.Field] = f.Message
		}
		return s.renderFinding(w, r, http.StatusBadRequest, c.Rule, c.Subject, r.PostForm, errs)
	case err != nil:
		return err
	}
	http.Redirect(w, r, "/compliance/finding?"+url.Values{"rule": {c.Rule}, "subject": {c.Subject}, "saved": {"1"}}.Encode(), http.StatusSeeOther)
	return nil
}
