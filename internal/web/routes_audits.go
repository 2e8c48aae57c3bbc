package web

import (
	"net/http"

	"kijun/internal/access"
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
	}
}

// ruleAuditOffice: the CISO's office and the 情報セキュリティ監査統括責任者
// (3.1.9), who open corrective actions and plan audits (11.1.3, 11.1.7).
var ruleAuditOffice = rule{name: "audit_office", allow: func(_ *Server, _ *http.Request, p *access.Principal) (bool, error) {
	return p.CityOffice() || p.Auditor(), nil
}}
