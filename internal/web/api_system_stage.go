package web

import (
	"net/http"
	"strings"

	"kijun/internal/operations"
)

// systemStageAPI reads and moves a system's stage in its life (8.3):
// procured, developed, introduced, in operation, abolished. Abolishing
// (8.3.1ウ) is the API's retire of a system: it is recorded, citing the
// clause, and the system moves no more.
func (s *Server) systemStageAPI() []operation {
	id := param{Name: "id", In: "path", Type: "string", Description: "the system's ID", Required: true}
	return []operation{
		{
			Method: "GET", Path: "/api/v1/systems/{id}/stage", ID: "getSystemStage",
			Summary: "A system's stage (8.3) with since when and by whom; its ETag is the stage's version", Params: []param{id},
			Response: "SystemStage", Handler: s.apiSystemStage,
		},
		{
			Method: "POST", Path: "/api/v1/systems/{id}/stage", ID: "moveSystemStage",
			Summary: "Move a system to another stage (8.3): procure, develop, introduce, operate, or abolish to retire it (8.3.1ウ: recorded as the report of its abolition; an abolished system moves no more). The caller must keep the system. Needs If-Match (the stage's version)",
			Params:  []param{id, ifMatchParam}, Request: "SystemStageMove", Response: "SystemStage", Handler: s.apiMoveSystemStage,
		},
	}
}

func (s *Server) apiSystemStage(w http.ResponseWriter, r *http.Request) error {
	sys, err := s.apiOpsSystem(r)
	if err != nil {
		return err
	}
	st, err := s.db.SystemStage(r.Context(), sys.ID)
	if err != nil {
		return err
	}
	etag(w, st.Version)
	writeJSON(w, http.StatusOK, st)
	return nil
}

// stageMove is the body of a stage move.
type stageMove struct {
	Stage string `json:"stage"`
}

func (s *Server) apiMoveSystemStage(w http.ResponseWriter, r *http.Request) error {
	sys, err := s.apiOpsSystem(r)
	if err != nil {
		return err
	}
	version, err := ifMatchVersion(r)
	if err != nil {
		return err
	}
	var in stageMove
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	to, ok := operations.ParseStage(in.Stage)
	if !ok {
		return badField(operations.FieldStage, "段階は procure、develop、introduce、operate 又は abolish にしてください", "stage is procure, develop, introduce, operate or abolish")
	}
	ed, err := s.editor(r)
	if err != nil {
		return err
	}
	now, err := s.db.SystemStage(r.Context(), sys.ID)
	if err != nil {
		return err
	}
	st, err := s.registers.Operations.MoveStage(r.Context(), ed, sys.ID, to, int(version))
	if err != nil {
		return staleVersion(err, version, int64(now.Version))
	}
	s.recheck(r, systemStageSubjects(sys.ID)...)
	etag(w, st.Version)
	writeJSON(w, http.StatusOK, st)
	return nil
}

// systemStageSchemas are the OpenAPI schemas of a system's stage.
func systemStageSchemas() object {
	str, dt := object{"type": "string"}, object{"type": "string", "format": "date-time"}
	var names []string
	for _, st := range operations.Stages() {
		names = append(names, string(st))
	}
	stage := object{"type": "string", "enum": append([]string{""}, names...),
		"description": "the stage: " + strings.Join(names, ", ") + "; empty for a system never moved in Kijun"}
	return object{
		"SystemStage": object{"type": "object", "required": []string{"system", "stage", "version"},
			"properties": object{"system": str, "stage": stage, "moved_at": dt, "moved_by": str, "version": object{"type": "integer"}}},
		"SystemStageMove": object{"type": "object", "additionalProperties": false, "required": []string{"stage"},
			"properties": object{"stage": object{"type": "string", "enum": names}}},
	}
}
