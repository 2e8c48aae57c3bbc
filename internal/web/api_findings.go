package web

import (
	"net/http"
	"strings"

	"kijun/internal/compliance/work"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/registers"
	"kijun/internal/store"
)

// findingOperations are the JSON API of the continuous check's findings
// (9.2.1): list them, read one with its comments, work on it (owner,
// state, comment) through the findings' one write service, accept it
// under a 例外措置 (9.5.1), and run the check over the city.
func (s *Server) findingOperations() []operation {
	key := []param{
		{Name: "rule", In: "path", Type: "string", Description: "the rule's ID (role.ciso)", Required: true},
		{Name: "subject", In: "path", Type: "string", Description: "the record as kind:id (system:juki)", Required: true},
	}
	return []operation{
		{
			Method: "GET", Path: "/api/v1/findings", ID: "listFindings",
			Summary: "A page of the findings the caller may see (9.2.1), most serious first or as sorted",
			Params: []param{
				{Name: "rule", In: "query", Type: "string", Description: "only this rule's"},
				{Name: "provision", In: "query", Type: "string", Description: "only this provision's"},
				{Name: "subject", In: "query", Type: "string", Description: "only about this record (kind:id)"},
				{Name: "unit", In: "query", Type: "string", Description: "only this unit's and those below it"},
				{Name: "severity", In: "query", Type: "string", Description: "high, medium or low"},
				{Name: "kind", In: "query", Type: "string", Description: "only about this kind of record"},
				{Name: "state", In: "query", Type: "string", Description: "open, in_progress, fixed, accepted or closed"},
				{Name: "owner", In: "query", Type: "string", Description: "only owned by this staff number; me: the caller's"},
				{Name: "closed", In: "query", Type: "string", Description: "1: those the check has found resolved"},
				{Name: "sort", In: "query", Type: "string", Description: "as the findings page sorts"},
				{Name: "offset", In: "query", Type: "integer", Description: "skip this many"},
			},
			Response: "FindingList", Handler: s.apiFindings,
		},
		{
			Method: "GET", Path: "/api/v1/findings/{rule}/{subject}", ID: "getFinding",
			Summary: "One finding with its work, its comments and what the caller may do with it; the ETag is its work's version",
			Params:  key, Response: "FindingItem", Handler: s.apiFinding,
		},
		{
			Method: "POST", Path: "/api/v1/findings/{rule}/{subject}", ID: "workOnFinding",
			Summary: "Name the finding's owner, change its state or comment on it (9.2.1ア, イ): by its owner, its 課's 情報管理者 or one above, " +
				"or the CISO's office; only those who manage the 課 name another owner; closing needs a comment saying what was done. Needs If-Match",
			Params: append(key, ifMatchParam), Request: "FindingChange", Response: "FindingItem", Handler: s.apiFindingWork,
		},
		{
			Method: "POST", Path: "/api/v1/findings/{rule}/{subject}/accept", ID: "acceptFinding",
			Summary: "Accept an open finding under a 例外措置 in force that covers its provision (9.5.1), or an emergency exception reported (9.5.2) until a day",
			Params:  key, Request: "FindingAcceptance", Response: "FindingItem", Handler: s.apiFindingAccept, Rule: ruleCityOffice,
		},
		{
			Method: "POST", Path: "/api/v1/findings/{rule}/{subject}/evidence", ID: "attachFindingEvidence",
			Summary: "Keep a file as evidence of the work on an open finding (9.2.1ア, イ), with the SHA-256 of its bytes: by its owner or the CISO's office; " +
				"the file is sent as base64 in JSON, up to 10 MB",
			Params: key, Request: "FindingEvidenceUpload", Response: "FindingEvidence", Status: http.StatusCreated, Handler: s.apiFindingEvidence,
		},
		{
			Method: "POST", Path: "/api/v1/compliance/run", ID: "runCompliance",
			Summary:  "Check every rule over the city now and keep the findings (9.2.1): new ones open, resolved ones close",
			Response: "CheckRun", Handler: s.apiComplianceRun, Rule: ruleCityOffice,
		},
	}
}

func (s *Server) apiFindings(w http.ResponseWriter, r *http.Request) error {
	f, err := s.findingFilter(r)
	if err != nil {
		return err
	}
	list, total, err := s.db.ListFindings(r.Context(), f)
	if err != nil {
		return err
	}
	if err := s.db.FillResponsible(r.Context(), list); err != nil {
		return err
	}
	if err := s.db.FillWork(r.Context(), list); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"total": total, "offset": f.Offset, "findings": nonNil(list)})
	return nil
}

func (s *Server) apiFinding(w http.ResponseWriter, r *http.Request) error {
	return s.writeFinding(w, r, r.PathValue("rule"), r.PathValue("subject"))
}

// writeFinding answers with one finding the caller may read, as its GET
// gives it, with its work's version as the ETag.
func (s *Server) writeFinding(w http.ResponseWriter, r *http.Request, rule, subject string) error {
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
	if err := s.db.FillWork(ctx, fs); err != nil {
		return err
	}
	comments, err := s.db.FindingComments(ctx, rule, subject)
	if err != nil {
		return err
	}
	ancestors, err := s.registers.Findings.Ancestors(ctx, f.Unit)
	if err != nil {
		return err
	}
	may, reassign := registers.MayWork(currentOf(r).Principal, fs[0], ancestors)
	open := fs[0].ClosedAt.IsZero()
	etag(w, int(fs[0].Work.Version))
	evidence, err := s.db.FindingEvidenceList(ctx, rule, subject)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"finding": fs[0], "comments": nonNil(comments),
		"may_work": may && open, "may_reassign": reassign && open, "evidence": nonNil(evidence),
		"may_attach": registers.MayAttach(currentOf(r).Principal, fs[0]) && open})
	return nil
}

// findingChange is the body of a change to a finding's work.
type findingChange struct {
	State   string `json:"state,omitempty"`
	Owner   string `json:"owner,omitempty"`
	Comment string `json:"comment,omitempty"`
}

// apiFindingWork changes a finding's work through the one service the
// page's form uses (registers.Findings.Work), at the version of If-Match.
func (s *Server) apiFindingWork(w http.ResponseWriter, r *http.Request) error {
	var body findingChange
	if err := decodeBody(r, &body); err != nil {
		return err
	}
	sent, err := ifMatchVersion(r)
	if err != nil {
		return err
	}
	c := work.Change{Rule: r.PathValue("rule"), Subject: r.PathValue("subject"), State: work.State(body.State),
		Owner: body.Owner, Comment: body.Comment, Version: sent}
	if _, err := s.registers.Findings.Work(r.Context(), currentOf(r).Principal, c); err != nil {
		if kijun.ErrorCode(err) == kijun.ECONFLICT {
			if now, gerr := s.db.Finding(r.Context(), c.Rule, c.Subject); gerr == nil {
				fs := []store.StoredFinding{now}
				if s.db.FillWork(r.Context(), fs) == nil {
					err = staleVersion(err, sent, fs[0].Work.Version)
				}
			}
		}
		return err
	}
	return s.writeFinding(w, r, c.Rule, c.Subject)
}

// findingAcceptance is the body of an acceptance under a 例外措置.
type findingAcceptance struct {
	Request int64  `json:"request,omitempty"`
	Until   string `json:"until,omitempty"`
	Note    string `json:"note,omitempty"`
}

// apiFindingAccept accepts a finding under a 例外措置, by the store's
// checks the page's form passes too.
func (s *Server) apiFindingAccept(w http.ResponseWriter, r *http.Request) error {
	var body findingAcceptance
	if err := decodeBody(r, &body); err != nil {
		return err
	}
	a := store.Acceptance{Rule: r.PathValue("rule"), Subject: r.PathValue("subject"), Request: body.Request, Note: body.Note}
	if strings.TrimSpace(body.Until) != "" {
		t, err := organisation.ParseDate(body.Until)
		if err != nil {
			return badField("until", "終了日は 2026-12-31 のように書いてください", "until must be a date such as 2026-12-31")
		}
		a.Until = t
	}
	if err := s.db.AcceptFinding(r.Context(), a); err != nil {
		return err
	}
	return s.writeFinding(w, r, a.Rule, a.Subject)
}

func (s *Server) apiComplianceRun(w http.ResponseWriter, r *http.Request) error {
	res, err := s.monitor.Run(r.Context(), s.db.Now())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res.CheckRun)
	return nil
}
