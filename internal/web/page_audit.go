package web

import (
	"errors"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"kijun/internal/audits"
	"kijun/internal/compliance"
	"kijun/internal/corrective"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/store"
)

// auditData is what one audit's page shows.
type auditData struct {
	store.AuditFile
	Actor     audits.Actor
	Checklist []audits.Item
	MayWork   bool
	Errors    map[string]string
	Conflict  string
	Form      map[string]string
}

// Registers are the registers a sample can be drawn from.
func (auditData) Registers() []audits.Register { return audits.Registers() }

// Severities are the choices of a finding's severity.
func (auditData) Severities() []audits.Severity { return audits.Severities() }

// OwnerRoles are the roles a finding's corrective action can be owned by.
func (auditData) OwnerRoles() []organisation.Role { return corrective.OwnerRoles() }

// FirstUnit is the first 課 in scope, the finding form's default.
func (d auditData) FirstUnit() string {
	if len(d.Units) > 0 {
		return d.Units[0]
	}
	return ""
}

// Reproduces reports whether drawing again from the sample's recorded
// seed and population gives the records kept: the sample can be shown to
// be the one the draw made.
func (auditData) Reproduces(s audits.Sample) bool {
	return slices.Equal(audits.Draw(s.Seed, s.Population, s.Size), s.Drawn)
}

// Verdict returns the verdict on a sampled record, if there is one.
func (auditData) Verdict(s audits.Sample, id string) *audits.Verdict {
	for i := range s.Verdicts {
		if s.Verdicts[i].RecordID == id {
			return &s.Verdicts[i]
		}
	}
	return nil
}

func auditID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return 0, kijun.Errorf(kijun.ENOTFOUND, "監査 %s はありません", r.PathValue("id"))
	}
	return id, nil
}

// handleAudit shows one audit: scope, auditors and their independence
// today, the checklist from the catalog, samples, evidence, findings and
// their corrective actions.
func (s *Server) handleAudit(w http.ResponseWriter, r *http.Request) error {
	return s.renderAudit(w, r, http.StatusOK, map[string]string{}, "", map[string]string{})
}

func (s *Server) renderAudit(w http.ResponseWriter, r *http.Request, status int, errs map[string]string, conflict string, form map[string]string) error {
	id, err := auditID(r)
	if err != nil {
		return err
	}
	who := auditActorOf(currentOf(r).Principal)
	ctx := r.Context()
	f, err := s.db.ReadAudit(ctx, who, id)
	if err != nil {
		return err
	}
	d := &auditData{AuditFile: f, Actor: who, Errors: errs, Conflict: conflict, Form: form,
		MayWork: f.Plan.State == audits.PlanApproved && f.State != audits.StateSubmitted && currentOf(r).Principal.MayWrite()}
	if d.Checklist, err = s.auditChecklist(r, f.Audit); err != nil {
		return err
	}
	return s.render(w, r, status, "audit", s.newPage(w, r, "audits.one", d))
}

// auditChecklist generates the checklist from the audit's criteria, with
// the open findings of the continuous checks for the units in scope as
// the register facts of each provision.
func (s *Server) auditChecklist(r *http.Request, a audits.Audit) ([]audits.Item, error) {
	key, edition, err := store.ParseCatalogRef(a.Criteria)
	if err != nil {
		return nil, err
	}
	c, err := s.db.Catalog(r.Context(), key, edition)
	if err != nil {
		return nil, err
	}
	facts := map[string][]string{}
	if len(a.Units) > 0 {
		found, _, err := s.db.ListFindings(r.Context(), store.FindingFilter{Units: a.Units, Limit: 500})
		if err != nil {
			return nil, err
		}
		for _, f := range found {
			if audits.InScope(f.Provision, a.Provisions) {
				facts[f.Provision] = append(facts[f.Provision], findingFact(f.Finding))
			}
		}
	}
	return audits.Checklist(c, a.Provisions, facts), nil
}

func findingFact(f compliance.Finding) string {
	name := f.SubjectName
	if name == "" {
		name = f.Subject
	}
	return name + ": " + f.Message
}

// auditStep runs one record of work on an audit and shows the page again
// with the refusal beside its form.
func (s *Server) auditStep(w http.ResponseWriter, r *http.Request, anchor string, step func(who audits.Actor, id int64) error) error {
	id, err := auditID(r)
	if err != nil {
		return err
	}
	err = step(auditActorOf(currentOf(r).Principal), id)
	if err == nil {
		http.Redirect(w, r, "/audits/"+strconv.FormatInt(id, 10)+"#"+anchor, http.StatusSeeOther)
		return nil
	}
	errs, form := map[string]string{}, map[string]string{}
	for k, v := range r.PostForm {
		if len(v) > 0 && k != "csrf" {
			form[k] = v[0]
		}
	}
	var fe *kijun.FieldErrors
	switch code := kijun.ErrorCode(err); {
	case errors.As(err, &fe):
		for _, f := range fe.Fields {
			errs[f.Field] = f.Message
		}
		return s.renderAudit(w, r, http.StatusBadRequest, errs, "", form)
	case code == kijun.ECONFLICT, code == kijun.EFORBIDDEN, code == kijun.EINVALID:
		status := map[string]int{kijun.ECONFLICT: http.StatusConflict, kijun.EFORBIDDEN: http.StatusForbidden, kijun.EINVALID: http.StatusBadRequest}[code]
		return s.renderAudit(w, r, status, errs, kijun.ErrorMessage(err), form)
	}
	return err
}

// handleAuditWork records an auditor's work, checking independence again.
func (s *Server) handleAuditWork(w http.ResponseWriter, r *http.Request) error {
	return s.auditStep(w, r, "work", func(who audits.Actor, id int64) error {
		_, err := s.db.RecordWork(r.Context(), who, id, r.FormValue("work_note"))
		return err
	})
}

// handleAuditSample draws a sample, once per register.
func (s *Server) handleAuditSample(w http.ResponseWriter, r *http.Request) error {
	return s.auditStep(w, r, "samples", func(who audits.Actor, id int64) error {
		n, err := strconv.Atoi(strings.TrimSpace(r.FormValue("size")))
		if err != nil {
			return fieldError("size", kijun.Errorf(kijun.EINVALID, "抽出する件数を数字で入力してください"))
		}
		_, err = s.db.DrawSample(r.Context(), who, id, audits.Register(r.FormValue("register")), n)
		return err
	})
}

// handleAuditVerdict records the verdict on one sampled record.
func (s *Server) handleAuditVerdict(w http.ResponseWriter, r *http.Request) error {
	return s.auditStep(w, r, "samples", func(who audits.Actor, id int64) error {
		var conforms bool
		switch r.FormValue("conforms") {
		case "1":
			conforms = true
		case "0":
		default:
			return kijun.Errorf(kijun.EINVALID, "適合か不適合かを選んでください")
		}
		_, err := s.db.RecordVerdict(r.Context(), who, id, audits.Register(r.FormValue("register")), r.FormValue("record"), conforms, r.FormValue("verdict_note"))
		return err
	})
}

// handleAuditEvidence keeps a working paper with its SHA-256 (11.1.6).
func (s *Server) handleAuditEvidence(w http.ResponseWriter, r *http.Request) error {
	return s.auditStep(w, r, "evidence", func(who audits.Actor, id int64) error {
		file, hdr, err := r.FormFile("file")
		switch {
		case errors.Is(err, http.ErrMissingFile):
			return fieldError("file", kijun.Errorf(kijun.EINVALID, "証拠のファイルを選んでください"))
		case err != nil:
			return fieldError("file", audits.TooLarge(r.ContentLength))
		}
		defer file.Close()
		if hdr.Size > audits.MaxEvidenceBytes {
			return fieldError("file", audits.TooLarge(hdr.Size))
		}
		data, err := io.ReadAll(io.LimitReader(file, audits.MaxEvidenceBytes+1))
		if err != nil {
			return err
		}
		_, err = s.db.AddAuditEvidence(r.Context(), who, audits.Evidence{AuditID: id, File: kijun.File{Name: kijun.FileName(hdr.Filename), ContentType: hdr.Header.Get("Content-Type"), Note: r.FormValue("evidence_note")}}, data)
		return err
	})
}

// handleAuditEvidenceFile sends a working paper to those who read the
// audit, after checking its hash again.
func (s *Server) handleAuditEvidenceFile(w http.ResponseWriter, r *http.Request) error {
	id, err := auditID(r)
	if err != nil {
		return err
	}
	eid, err := strconv.ParseInt(r.PathValue("eid"), 10, 64)
	if err != nil {
		return kijun.Errorf(kijun.ENOTFOUND, "証拠 %s はありません", r.PathValue("eid"))
	}
	if _, err := s.db.ReadAudit(r.Context(), auditActorOf(currentOf(r).Principal), id); err != nil {
		return err
	}
	e, data, err := s.db.AuditEvidenceFile(r.Context(), id, eid)
	if err != nil {
		return err
	}
	return sendEvidence(w, e.Name, e.SHA256, data)
}

// handleAuditFinding records a finding and opens its corrective action.
func (s *Server) handleAuditFinding(w http.ResponseWriter, r *http.Request) error {
	return s.auditStep(w, r, "findings", func(who audits.Actor, id int64) error {
		f, fa, err := auditFindingInput([]string{r.FormValue("finding_provisions")}, r.FormValue("severity"), r.FormValue("finding_unit"),
			r.FormValue("finding_text"), r.FormValue("finding_owner_role"), r.FormValue("finding_owner_scope"), r.FormValue("finding_due"))
		if err != nil {
			return err
		}
		_, err = s.db.AddFinding(r.Context(), who, id, f, fa)
		return err
	})
}

// auditFindingInput reads a finding and its corrective action's owner and
// due date as the page's form and the API both send them; the store's
// AddFinding checks the rest.
func auditFindingInput(provisions []string, severity, unit, text, ownerRole, scope, due string) (audits.Finding, store.FindingAction, error) {
	fa := store.FindingAction{OwnerRole: organisation.Role(ownerRole)}
	if v := strings.TrimSpace(due); v != "" {
		t, err := organisation.ParseDate(v)
		if err != nil {
			return audits.Finding{}, fa, fieldError("finding_due", kijun.Errorf(kijun.EINVALID, "是正の期限を 2026-09-30 のように入力してください"))
		}
		fa.Due = t
	}
	unit = strings.TrimSpace(unit)
	if scope = strings.TrimSpace(scope); scope != "" || fa.OwnerRole != "" {
		fa.OwnerScope = ownerScope(fa.OwnerRole, scope, unit)
	}
	return audits.Finding{Provisions: provisions, Severity: audits.Severity(severity), Unit: unit, Text: text}, fa, nil
}

// handleAuditSubmit sends the report to the CISO (11.1.5).
func (s *Server) handleAuditSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.auditStep(w, r, "report", func(who audits.Actor, id int64) error {
		version, _ := strconv.ParseInt(r.FormValue("version"), 10, 64)
		_, err := s.db.SubmitReport(r.Context(), who, id, version, r.FormValue("summary"))
		return err
	})
}

// handleAuditFindingLink sends a finding's link (from its corrective
// action) to its audit.
func (s *Server) handleAuditFindingLink(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return kijun.Errorf(kijun.ENOTFOUND, "監査の指摘 %s はありません", r.PathValue("id"))
	}
	f, err := s.db.AuditFinding(r.Context(), id)
	if err != nil {
		return err
	}
	if _, err := s.db.ReadAudit(r.Context(), auditActorOf(currentOf(r).Principal), f.AuditID); err != nil {
		return err
	}
	http.Redirect(w, r, "/audits/"+strconv.FormatInt(f.AuditID, 10)+"#finding-"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}
