package web

import (
	"net/http"

	"kijun/internal/access"
	"kijun/internal/organisation"
)

// auditRoutes are the routes of chapter 11: the register of corrective
// actions (11.1.7, 11.2.3, 11.2.4) and the audits (11.1). Every member of
// staff reaches them; the services decide per record (the CISO's office
// and the audit director see all, a 課 its own; only the owner or the
// CISO's office acts on an action, never the owner verifies it).
func (s *Server) auditRoutes() []route {
	page := func(pattern string, rl rule, h handler) route { return route{pattern: pattern, rule: rl, page: h} }
	return []route{
		page("GET /actions", ruleStaff, s.handleActions),
		page("POST /actions", ruleAuditOffice, s.handleActionCreate),
		page("GET /actions/{id}", ruleStaff, s.handleAction),
		page("POST /actions/{id}/plan", ruleStaff, s.handleActionPlan),
		page("POST /actions/{id}/evidence", ruleStaff, s.handleActionEvidence),
		page("POST /actions/{id}/complete", ruleStaff, s.handleActionComplete),
		page("POST /actions/{id}/verify", ruleStaff, s.handleActionVerify),
		page("GET /actions/{id}/evidence/{eid}", ruleStaff, s.handleActionEvidenceFile),

		// 11.1.3: the yearly plan, drafted by the audit director and
		// approved by the CISO; the plan page shows each 課's risk.
		page("GET /audits", ruleStaff, s.handleAudits),
		page("POST /audits/plans", ruleAuditDirector, s.handlePlanCreate),
		page("POST /audits/plans/{id}/audits", ruleAuditDirector, s.handleAuditAdd),
		page("POST /audits/plans/{id}/approve", ruleCISO, s.handlePlanApprove),
		// 11.1.6: evidence past its retention, disposed of by the director
		// under a request the CISO approved; the service checks both.
		page("POST /audits/evidence/dispose", ruleAuditDirector, s.handleEvidenceDispose),
		// One audit: read by the director, the CISO's office and its own
		// auditors; work recorded by its auditors, each independent of its
		// subject on the day (11.1.2), checked by the service.
		page("GET /audits/{id}", ruleStaff, s.handleAudit),
		page("POST /audits/{id}/work", ruleStaff, s.handleAuditWork),
		page("POST /audits/{id}/samples", ruleStaff, s.handleAuditSample),
		page("POST /audits/{id}/verdicts", ruleStaff, s.handleAuditVerdict),
		page("POST /audits/{id}/evidence", ruleStaff, s.handleAuditEvidence),
		page("GET /audits/{id}/evidence/{eid}", ruleStaff, s.handleAuditEvidenceFile),
		page("POST /audits/{id}/findings", ruleStaff, s.handleAuditFinding),
		page("POST /audits/{id}/submit", ruleAuditDirector, s.handleAuditSubmit),
		page("GET /audits/{id}/report", ruleStaff, s.handleAuditReport),
		page("GET /audits/{id}/report.xlsx", ruleStaff, s.handleAuditReportXLSX),
		page("GET /audit-findings/{id}", ruleStaff, s.handleAuditFindingLink),
	}
}

// ruleAuditOffice: the CISO's office and the 情報セキュリティ監査統括責任者
// (3.1.9), who open corrective actions and plan audits (11.1.3, 11.1.7).
var ruleAuditOffice = rule{name: "audit_office", allow: func(_ *Server, _ *http.Request, p *access.Principal) (bool, error) {
	return p.CityOffice() || p.Auditor(), nil
}}

// ruleAuditDirector: the 情報セキュリティ監査統括責任者 (3.1.9), who drafts
// the plan (11.1.3) and submits the reports (11.1.5).
var ruleAuditDirector = rule{name: "audit_director", allow: func(_ *Server, _ *http.Request, p *access.Principal) (bool, error) {
	return p.Auditor(), nil
}}

// ruleCISO: the CISO, in person or by the deputy of 3.2.11, who approves
// the audit plan (11.1.3).
var ruleCISO = rule{name: "ciso", allow: func(_ *Server, _ *http.Request, p *access.Principal) (bool, error) {
	return p.Acts(organisation.RoleCISO, organisation.City()), nil
}}
