package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"kijun/internal/access"
	"kijun/internal/audits"
	"kijun/internal/kijun"
	"kijun/internal/wareki"
)

// auditOperations are the JSON API of audits (11.1): the plan and audits
// of a 年度, one audit as its page shows it, and an auditor's finding.
// The finding goes through the store's AddFinding, the service the
// page's form uses, so the auditor's independence (11.1.2) is checked
// again on the day and a conflicted auditor is refused here as there.
func (s *Server) auditOperations() []operation {
	id := param{Name: "id", In: "path", Type: "integer", Description: "the audit's number", Required: true}
	return []operation{
		{
			Method: "GET", Path: "/api/v1/audits", ID: "listAudits",
			Summary: "The audit plan of a 年度 and its audits (11.1.3): the whole plan for the audit director and the CISO's office, " +
				"the audits they are named on for an auditor",
			Params:   []param{{Name: "year", In: "query", Type: "integer", Description: "the Gregorian year the 年度 begins (default: this 年度)"}},
			Response: "AuditList", Handler: s.apiAudits,
		},
		{
			Method: "GET", Path: "/api/v1/audits/{id}", ID: "getAudit",
			Summary: "One audit: scope, auditors and their independence today (11.1.2), the checklist from the catalog, samples with verdicts, " +
				"evidence, findings and their corrective actions; the ETag is its version",
			Params: []param{id}, Response: "AuditFile", Handler: s.apiAudit,
		},
		{
			Method: "POST", Path: "/api/v1/audits/{id}/findings", ID: "addAuditFinding",
			Summary: "Record a finding of the audit (11.1.5) citing provisions and a severity, and open its corrective action (11.1.7): " +
				"by an auditor named on it, independent of its subject on the day (11.1.2), or the audit director",
			Params: []param{id}, Request: "AuditFindingNew", Status: http.StatusCreated, Response: "AuditFinding", Handler: s.apiAuditFinding,
		},
	}
}

// auditReaderOf is who reads audits: as auditActorOf, but the audit
// director reads with a read-only token too; every write still passes
// auditActorOf, which needs the write scope.
func auditReaderOf(p *access.Principal) audits.Actor {
	who := auditActorOf(p)
	who.Director = p.Auditor()
	return who
}

// auditListJSON is the answer of listAudits.
type auditListJSON struct {
	Year   int            `json:"year"`
	Plan   *audits.Plan   `json:"plan,omitempty"`
	Audits []audits.Audit `json:"audits"`
}

func (s *Server) apiAudits(w http.ResponseWriter, r *http.Request) error {
	out := auditListJSON{Year: wareki.FiscalYear(s.db.Now())}
	if v := r.URL.Query().Get("year"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil || y < 1900 || y > 3000 {
			return badField("year", "year は 2026 のように西暦 4 桁で指定してください", "year must be a Gregorian year such as 2026")
		}
		out.Year = y
	}
	ctx := r.Context()
	who := auditReaderOf(currentOf(r).Principal)
	plan, err := s.db.PlanOf(ctx, out.Year)
	switch {
	case kijun.ErrorCode(err) == kijun.ENOTFOUND:
		writeJSON(w, http.StatusOK, out)
		return nil
	case err != nil:
		return err
	}
	if who.Reads() {
		out.Audits, plan.Audits = plan.Audits, nil
		out.Plan = &plan
	} else {
		// An auditor sees the audits they are named on, not the plan.
		mine, err := s.db.AuditsOf(ctx, audits.Actor{StaffNo: who.StaffNo})
		if err != nil {
			return err
		}
		for _, a := range mine {
			if a.PlanID == plan.ID {
				out.Audits = append(out.Audits, a)
			}
		}
	}
	out.Audits = nonNil(out.Audits)
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiAudit(w http.ResponseWriter, r *http.Request) error {
	id, err := auditID(r)
	if err != nil {
		return err
	}
	f, err := s.db.ReadAudit(r.Context(), auditReaderOf(currentOf(r).Principal), id)
	if err != nil {
		return err
	}
	checklist, err := s.auditChecklist(r, f.Audit)
	if err != nil {
		return err
	}
	etag(w, int(f.Version))
	writeJSON(w, http.StatusOK, map[string]any{"audit": f.Audit, "plan": f.Plan, "work": nonNil(f.Work), "samples": nonNil(f.Samples),
		"evidence": nonNil(f.Evidence), "findings": nonNil(f.Findings), "actions": nonNil(f.Actions), "conflicts": nonNil(f.Conflicts),
		"checklist": nonNil(checklist),
		"may_work":  f.Plan.State == audits.PlanApproved && f.State != audits.StateSubmitted && currentOf(r).Principal.MayWrite()})
	return nil
}

// auditFindingJSON is the body of addAuditFinding: the finding, and the
// owner and due date of the corrective action it opens.
type auditFindingJSON struct {
	Provisions []string `json:"provisions"`
	Severity   string   `json:"severity"`
	Unit       string   `json:"unit"`
	Text       string   `json:"text"`
	OwnerRole  string   `json:"owner_role"`
	OwnerScope string   `json:"owner_scope"`
	Due        string   `json:"due"`
}

func (s *Server) apiAuditFinding(w http.ResponseWriter, r *http.Request) error {
	var j auditFindingJSON
	if err := decodeBody(r, &j); err != nil {
		return err
	}
	id, err := auditID(r)
	if err != nil {
		return err
	}
	f, fa, err := auditFindingInput(j.Provisions, j.Severity, j.Unit, j.Text, j.OwnerRole, j.OwnerScope, j.Due)
	if err == nil {
		f, err = s.db.AddFinding(r.Context(), auditActorOf(currentOf(r).Principal), id, f, fa)
	}
	if err != nil {
		return apiFindingFields(err)
	}
	w.Header().Set("Location", "/api/v1/audits/"+strconv.FormatInt(id, 10))
	writeJSON(w, http.StatusCreated, f)
	return nil
}

// apiFindingFields names the fields of the body in a refusal the store
// gave with the page form's names (finding_text is text here).
func apiFindingFields(err error) error {
	var fe *kijun.FieldErrors
	if errors.As(err, &fe) {
		for i := range fe.Fields {
			fe.Fields[i].Field = strings.TrimPrefix(fe.Fields[i].Field, "finding_")
		}
	}
	return err
}

// auditSchemas are the OpenAPI schemas of the audits' API (11.1).
func auditSchemas() object {
	str, integer, boolean := object{"type": "string"}, object{"type": "integer"}, object{"type": "boolean"}
	ref := func(name string) object { return object{"$ref": "#/components/schemas/" + name} }
	list := func(items object) object { return object{"type": []string{"array", "null"}, "items": items} }
	severities := []string{}
	for _, sv := range audits.Severities() {
		severities = append(severities, string(sv))
	}
	auditor := object{"type": "object", "properties": object{"staff_no": str, "name": str, "organisation": str, "external": boolean}}
	return object{
		"AuditPlan": object{"type": "object", "required": []string{"id", "year", "state", "drafted_by", "version"},
			"properties": object{"id": integer, "year": integer, "state": str, "note": str, "drafted_by": str, "drafted_at": str,
				"approved_by": str, "approved_at": str, "version": integer}},
		"Audit": object{"type": "object", "required": []string{"id", "plan_id", "title", "criteria", "state", "version"},
			"properties": object{"id": integer, "plan_id": integer, "title": str, "units": list(str), "systems": list(str), "contractor": str,
				"provisions": list(str), "criteria": str, "external_allowed": boolean, "auditors": list(auditor),
				"period_from": str, "period_to": str, "starts": str, "ends": str, "state": str, "summary": str,
				"submitted_by": str, "submitted_at": str, "created_at": str, "version": integer}},
		"AuditList": object{"type": "object", "required": []string{"year", "audits"},
			"properties": object{"year": integer, "plan": ref("AuditPlan"), "audits": object{"type": "array", "items": ref("Audit")}}},
		"AuditFinding": object{"type": "object", "required": []string{"id", "audit_id", "provisions", "severity", "unit", "text", "action_id", "created_by", "created_at"},
			"properties": object{"id": integer, "audit_id": integer, "provisions": list(str), "severity": object{"type": "string", "enum": severities},
				"unit": str, "unit_name": str, "text": str, "action_id": integer, "created_by": str, "created_at": str}},
		"AuditFindingNew": object{"type": "object", "additionalProperties": false, "required": []string{"provisions", "severity", "unit", "text", "due"},
			"properties": object{"provisions": object{"type": "array", "items": text(40)}, "severity": object{"type": "string", "enum": severities},
				"unit": str, "text": str, "owner_role": str, "owner_scope": str, "due": object{"type": "string", "format": "date"}}},
		"AuditFile": object{"type": "object", "required": []string{"audit", "plan", "work", "samples", "evidence", "findings", "actions", "conflicts", "checklist", "may_work"},
			"properties": object{"audit": ref("Audit"), "plan": ref("AuditPlan"),
				"work": object{"type": "array", "items": object{"type": "object", "required": []string{"id", "staff_no", "note", "at"},
					"properties": object{"id": integer, "audit_id": integer, "staff_no": str, "note": str, "at": str}}},
				"samples": object{"type": "array", "items": object{"type": "object", "required": []string{"register", "seed", "size", "drawn"},
					"properties": object{"audit_id": integer, "register": str, "seed": integer, "size": integer, "population": list(str), "drawn": list(str),
						"drawn_by": str, "drawn_at": str, "verdicts": list(object{"type": "object", "required": []string{"record_id", "conforms"},
							"properties": object{"record_id": str, "conforms": boolean, "note": str, "by": str, "at": str}})}}},
				"evidence": object{"type": "array", "items": object{"type": "object", "required": []string{"id", "name", "sha256"},
					"properties": object{"id": integer, "audit_id": integer, "name": str, "content_type": str, "size": integer, "sha256": str, "note": str,
						"uploaded_by": str, "uploaded_at": str, "keep_until": str}}},
				"findings":  object{"type": "array", "items": ref("AuditFinding")},
				"actions":   object{"type": "array", "items": object{"type": "object"}},
				"conflicts": object{"type": "array", "items": object{"type": "object", "required": []string{"auditor", "reason"}, "properties": object{"auditor": auditor, "reason": str}}},
				"checklist": object{"type": "array", "items": object{"type": "object", "required": []string{"provision", "question"},
					"properties": object{"provision": str, "title": str, "question": str, "selfcheck": boolean, "facts": list(str)}}},
				"may_work": boolean}},
	}
}
