package web

import (
	"net/http"

	"kijun/internal/access"
)

// ruleDrillPlanner: the CISO's office alone, which plans the drills,
// records their results and the improvements the CISO orders (7.2.3);
// unlike ruleCityOffice, not administrators.
var ruleDrillPlanner = rule{name: "drill_planner", allow: func(_ *Server, _ *http.Request, p *access.Principal) (bool, error) {
	return p.CityOffice(), nil
}}

// incidentRoutes are the routes of chapter 7.3 and around it (3.3, 7.2.3,
// 8.1.8, 8.5.3, 9.4). Every member of staff reports and sees their own
// reports and the notices addressed to them; the CSIRT and the CISO's
// office (from the organisation data, 3.3.1) see and act on every one.
// Routes open to staff check the incident itself in the handler.
func (s *Server) incidentRoutes() []route {
	page := func(pattern string, rl rule, h handler) route { return route{pattern: pattern, rule: rl, page: h} }
	return []route{
		page("GET /incidents", ruleStaff, s.handleIncidents),
		page("GET /incidents/new", ruleStaff, s.handleIncidentNew),
		page("POST /incidents", ruleStaff, s.handleIncidentFile),
		page("GET /incidents/stats", ruleCityOffice, s.handleIncidentStats),
		page("GET /incidents/report.xlsx", ruleCityOffice, s.handleIncidentReport),
		page("GET /incidents/contacts", ruleStaff, s.handleContacts),
		page("POST /incidents/contacts", ruleCityOffice, s.handleContactSave),
		page("POST /incidents/procedures", ruleCityOffice, s.handleProcedureSave),
		page("POST /incidents/notices/{id}/ack", ruleStaff, s.handleNoticeAck),
		page("GET /incidents/{id}", ruleStaff, s.handleIncident),
		page("GET /incidents/{id}/edit", ruleStaff, s.handleIncidentEdit),
		page("POST /incidents/{id}", ruleStaff, s.handleIncidentCorrect),
		page("POST /incidents/{id}/triage", ruleCityOffice, s.handleIncidentTriage),
		page("POST /incidents/{id}/ciso", ruleCityOffice, s.handleIncidentCISO),
		page("POST /incidents/{id}/actions", ruleCityOffice, s.handleIncidentAction),
		page("POST /incidents/{id}/actions/advance", ruleStaff, s.handleActionAdvance),
		page("POST /incidents/{id}/cause", ruleCityOffice, s.handleIncidentCause),
		page("POST /incidents/{id}/outside", ruleCityOffice, s.handleIncidentOutside),
		page("POST /incidents/{id}/announce", ruleCityOffice, s.handleIncidentAnnounce),
		page("POST /incidents/{id}/contain", ruleCityOffice, s.handleIncidentContain),
		page("POST /incidents/{id}/close", ruleCityOffice, s.handleIncidentClose),
		page("POST /incidents/{id}/debrief", ruleCityOffice, s.handleIncidentDebrief),
		page("POST /incidents/{id}/evidence", ruleCityOffice, s.handleEvidenceUpload),
		page("GET /incidents/{id}/evidence/{eid}", ruleStaff, s.handleEvidence),
		page("GET /failures", ruleStaff, s.handleFailures),
		page("POST /failures", ruleStaff, s.handleFailureSave),
		page("POST /failures/{id}/promote", ruleCityOffice, s.handleFailurePromote),
		// 7.2.3: the 年度's plan of 緊急時対応訓練, results and improvements;
		// administrators read the page, the store gates each write too.
		page("GET /incidents/drills", ruleCityOffice, s.handleDrills),
		page("POST /incidents/drills/plan", ruleDrillPlanner, s.handleDrillPlanSave),
		page("POST /incidents/drills/entries", ruleDrillPlanner, s.handleDrillEntryAdd),
		page("POST /incidents/drills/entries/{id}/result", ruleDrillPlanner, s.handleDrillResult),
		page("POST /incidents/drills/entries/{id}/improvements", ruleDrillPlanner, s.handleDrillImprove),
	}
}
