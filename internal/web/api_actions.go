package web

import (
	"maps"
	"net/http"
	"strings"

	"kijun/internal/corrective"
	"kijun/internal/store"
)

// actionOperations are the JSON API of the register of corrective actions
// (11.1.7, 11.2.3, 11.2.4): read only, through the register's own gate
// (the CISO's office and the audit director see all, a 課 its own).
func (s *Server) actionOperations() []operation {
	return []operation{
		{
			Method: "GET", Path: "/api/v1/actions", ID: "listActions",
			Summary: "The corrective actions the caller sees, oldest due first (11.1.7)",
			Params: []param{
				{Name: "overdue", In: "query", Type: "string", Description: "1: only open actions past their due day"},
				{Name: "unit", In: "query", Type: "string", Description: "only this 課's actions"},
				{Name: "source_kind", In: "query", Type: "string", Description: "audit_finding, selfcheck_answer, compliance_finding, incident_measure or drill_improvement"},
				{Name: "source_id", In: "query", Type: "string", Description: "only the actions of this source (with source_kind)"},
			},
			Response: "CorrectiveActionList", Handler: s.apiActions,
		},
		{
			Method: "GET", Path: "/api/v1/actions/{id}", ID: "getAction",
			Summary:  "One corrective action with its evidence of completion (SHA-256 of each file)",
			Params:   []param{{Name: "id", In: "path", Type: "integer", Description: "the action's number", Required: true}},
			Response: "CorrectiveAction", Handler: s.apiAction,
		},
	}
}

func (s *Server) apiActions(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := store.CorrectiveFilter{Overdue: q.Get("overdue") == "1", Day: s.db.Now(), Unit: strings.TrimSpace(q.Get("unit")),
		Source: corrective.Source{Kind: corrective.SourceKind(q.Get("source_kind")), ID: strings.TrimSpace(q.Get("source_id"))}}
	as, err := s.db.CorrectiveActions(r.Context(), officerOf(currentOf(r).Principal), f)
	if err != nil {
		return err
	}
	if as == nil {
		as = []corrective.Action{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"actions": as})
	return nil
}

func (s *Server) apiAction(w http.ResponseWriter, r *http.Request) error {
	id, err := actionID(r)
	if err != nil {
		return err
	}
	a, err := s.db.CorrectiveAction(r.Context(), officerOf(currentOf(r).Principal), id)
	if err != nil {
		return err
	}
	if a.Evidence == nil {
		a.Evidence = []corrective.Evidence{}
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}

// actionSchemas are the OpenAPI schemas of the register's JSON.
func actionSchemas() object {
	str, integer, boolean := object{"type": "string"}, object{"type": "integer"}, object{"type": "boolean"}
	scope := object{"type": "object", "properties": object{"kind": str, "id": str}}
	return object{
		"CorrectiveAction": object{
			"type":     "object",
			"required": []string{"id", "source", "unit", "owner_role", "owner_scope", "title", "due", "state", "version"},
			"properties": object{
				"id": integer, "source": scope, "unit": str, "unit_name": str, "owner_role": str, "owner_scope": scope,
				"owner": object{"type": "string", "description": "staff number of whoever holds the owner role today"}, "owner_name": str,
				"title": str, "provisions": object{"type": "array", "items": str}, "due": str, "root_cause": str, "plan": str,
				"state":           object{"type": "string", "enum": []string{"open", "completed", "verified"}},
				"completion_note": str, "completed_by": str, "completed_at": str,
				"effective": boolean, "verification_note": str, "verified_by": str, "verified_at": str, "reopened": integer,
				"created_by": str, "created_at": str, "updated_at": str, "version": integer,
				"evidence": object{"type": "array", "items": object{"type": "object", "properties": object{
					"id": integer, "action_id": integer, "name": str, "content_type": str, "size": integer, "sha256": str, "note": str,
					"uploaded_by": str, "uploaded_at": str}}},
			},
		},
		"CorrectiveActionList": object{
			"type": "object", "required": []string{"actions"},
			"properties": object{"actions": object{"type": "array", "items": object{"$ref": "#/components/schemas/CorrectiveAction"}}},
		},
	}
}

// withSchemas returns base with more's schemas added.
func withSchemas(base, more object) object {
	maps.Copy(base, more)
	return base
}
