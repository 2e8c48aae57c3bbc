package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/operations"
	"kijun/internal/registers"
	"kijun/internal/store"
	"kijun/internal/systems"
)

// operationsAPI is the JSON API of a system's operations records: its
// work records (8.1.5ア), its changes planned and confirmed by two people
// (8.1.5イ, ウ, 8.3.6) and the security holes open on it (8.6.1). Every
// write goes through the same operations service as the pages, so a rule
// the page refuses (a change confirmed by the one who carried it out) is
// refused here too.
func (s *Server) operationsAPI() []operation {
	id := param{Name: "id", In: "path", Type: "string", Description: "the system's ID", Required: true}
	cid := param{Name: "cid", In: "path", Type: "integer", Description: "the change's number", Required: true}
	return []operation{
		{
			Method: "GET", Path: "/api/v1/systems/{id}/work", ID: "listWorkRecords",
			Summary: "A system's work records, newest first (8.1.5ア)", Params: []param{id},
			Response: "WorkRecordList", Handler: s.apiWorkRecords,
		},
		{
			Method: "POST", Path: "/api/v1/systems/{id}/work", ID: "addWorkRecord",
			Summary: "Record an operation on a system (8.1.5ア); one in the future is refused. The caller must keep the system", Params: []param{id},
			Request: "WorkRecordWrite", Status: http.StatusCreated, Response: "WorkRecord", Handler: s.apiAddWork,
		},
		{
			Method: "GET", Path: "/api/v1/systems/{id}/changes", ID: "listSystemChanges",
			Summary: "A system's change history (8.3.6), newest first", Params: []param{id},
			Response: "SystemChangeList", Handler: s.apiChanges,
		},
		{
			Method: "POST", Path: "/api/v1/systems/{id}/changes", ID: "planSystemChange",
			Summary: "Plan a change to a system (8.1.5イ): what, why, risk, the way back and the software versions", Params: []param{id},
			Request: "SystemChangePlan", Status: http.StatusCreated, Response: "SystemChange", Handler: s.apiPlanChange,
		},
		{
			Method: "POST", Path: "/api/v1/systems/{id}/changes/{cid}/{step}", ID: "stepSystemChange",
			Summary: "Take a step of a change: approve, carry (with the others present), confirm (by one of the others, never the one who carried it out: 8.1.5ウ) or cancel. Needs If-Match",
			Params:  []param{id, cid, {Name: "step", In: "path", Type: "string", Description: "approve, carry, confirm or cancel", Required: true}, ifMatchParam},
			Request: "SystemChangeStep", Response: "SystemChange", Handler: s.apiStepChange,
		},
		{
			Method: "GET", Path: "/api/v1/systems/{id}/vulns", ID: "listSystemVulns",
			Summary:  "The security holes affecting a system's software (8.6.1): open ones, or all with all=1",
			Params:   []param{id, {Name: "all", In: "query", Type: "string", Description: "1: closed ones too"}},
			Response: "VulnFindingList", Handler: s.apiSystemVulns,
		},
	}
}

// apiOpsSystem returns the system of the path, refused to a caller who
// does not see its 課 (8.2.1ア), as the system page is.
func (s *Server) apiOpsSystem(r *http.Request) (systems.System, error) {
	sys, err := s.db.System(r.Context(), r.PathValue("id"))
	if err != nil {
		return sys, err
	}
	scope, err := s.unitScope(r)
	if err != nil {
		return sys, err
	}
	if scope != nil && !slices.Contains(scope, sys.Unit) {
		return sys, kijun.Errorf(kijun.EFORBIDDEN, "この情報システム（所管 %s）を見る権限がありません（8.2.1ア）", sys.UnitName)
	}
	return sys, nil
}

func (s *Server) apiWorkRecords(w http.ResponseWriter, r *http.Request) error {
	sys, err := s.apiOpsSystem(r)
	if err != nil {
		return err
	}
	ws, err := s.db.WorkRecords(r.Context(), sys.ID, 500)
	if err != nil {
		return err
	}
	if ws == nil {
		ws = []operations.WorkRecord{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"work_records": ws})
	return nil
}

// workWrite is the body of a work record.
type workWrite struct {
	At         time.Time `json:"at"`
	Workers    []string  `json:"workers"`
	Summary    string    `json:"summary"`
	Components string    `json:"components"`
	Outcome    string    `json:"outcome"`
}

func (s *Server) apiAddWork(w http.ResponseWriter, r *http.Request) error {
	var in workWrite
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	outcome, ok := operations.ParseOutcome(in.Outcome)
	if !ok {
		return badField(operations.FieldOutcome, "結果は done（完了）、failed（失敗）又は cancelled（中止）にしてください", "outcome is done, failed or cancelled")
	}
	ed, err := s.editor(r)
	if err != nil {
		return err
	}
	rec, err := s.registers.Operations.AddWork(r.Context(), ed, operations.WorkRecord{System: r.PathValue("id"), At: in.At, Workers: in.Workers,
		Summary: strings.TrimSpace(in.Summary), Components: strings.TrimSpace(in.Components), Outcome: outcome})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, rec)
	return nil
}

func (s *Server) apiChanges(w http.ResponseWriter, r *http.Request) error {
	sys, err := s.apiOpsSystem(r)
	if err != nil {
		return err
	}
	cs, err := s.db.SystemChanges(r.Context(), sys.ID, 500)
	if err != nil {
		return err
	}
	if cs == nil {
		cs = []operations.Change{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"changes": cs})
	return nil
}

// changePlan is the body of a planned change.
type changePlan struct {
	Title      string                     `json:"title"`
	Reason     string                     `json:"reason"`
	Risk       string                     `json:"risk"`
	Rollback   string                     `json:"rollback"`
	Components string                     `json:"components"`
	Documents  string                     `json:"documents"`
	Versions   []operations.VersionChange `json:"versions"`
}

func (s *Server) apiPlanChange(w http.ResponseWriter, r *http.Request) error {
	var in changePlan
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	ed, err := s.editor(r)
	if err != nil {
		return err
	}
	c, err := s.registers.Operations.Plan(r.Context(), ed, currentOf(r).Principal.StaffNo, operations.Change{System: r.PathValue("id"),
		Title: strings.TrimSpace(in.Title), Reason: strings.TrimSpace(in.Reason), Risk: strings.TrimSpace(in.Risk), Rollback: strings.TrimSpace(in.Rollback),
		Components: strings.TrimSpace(in.Components), Documents: strings.TrimSpace(in.Documents), Versions: in.Versions})
	if err != nil {
		return err
	}
	etag(w, c.Version)
	writeJSON(w, http.StatusCreated, c)
	return nil
}

// changeStep is the body of a step; carry names the others present.
type changeStep struct {
	At      time.Time `json:"at"`
	Others  []string  `json:"others"`
	Outcome string    `json:"outcome"`
	Note    string    `json:"note"`
}

func (s *Server) apiStepChange(w http.ResponseWriter, r *http.Request) error {
	sys, err := s.apiOpsSystem(r)
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("cid"), 10, 64)
	if err != nil {
		return kijun.Errorf(kijun.ENOTFOUND, "変更 %q はありません", r.PathValue("cid"))
	}
	c, err := s.db.SystemChange(r.Context(), id)
	if err != nil {
		return err
	}
	if c.System != sys.ID {
		return kijun.Errorf(kijun.ENOTFOUND, "変更 %d は情報システム %s のものではありません", id, sys.ID)
	}
	version, err := ifMatchVersion(r)
	if err != nil {
		return err
	}
	var in changeStep
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	step := r.PathValue("step")
	cs := store.ChangeStep{ID: id, Version: int(version), Who: currentOf(r).Principal.StaffNo}
	if step == registers.StepCarry {
		cs.At, cs.Others, cs.Note = in.At, in.Others, strings.TrimSpace(in.Note)
		cs.Outcome, _ = operations.ParseOutcome(in.Outcome)
	}
	ed, err := s.editor(r)
	if err != nil {
		return err
	}
	out, err := s.registers.Operations.Step(r.Context(), ed, step, cs)
	if err != nil {
		return staleVersion(err, version, int64(c.Version))
	}
	etag(w, out.Version)
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiSystemVulns(w http.ResponseWriter, r *http.Request) error {
	sys, err := s.apiOpsSystem(r)
	if err != nil {
		return err
	}
	fs, err := s.db.VulnFindings(r.Context(), store.VulnFilter{System: sys.ID, Open: r.URL.Query().Get("all") != "1", Limit: 2000})
	if err != nil {
		return err
	}
	if fs == nil {
		fs = []operations.VulnFinding{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"vulns": fs})
	return nil
}

// operationsSchemas are the OpenAPI schemas of the operations API.
func operationsSchemas() object {
	str, integer, number := object{"type": "string"}, object{"type": "integer"}, object{"type": "number"}
	strs := object{"type": "array", "items": str}
	dt := object{"type": "string", "format": "date-time"}
	ref := func(name string) object { return object{"$ref": "#/components/schemas/" + name} }
	list := func(name, item string) object {
		return object{"type": "object", "required": []string{name}, "properties": object{name: object{"type": "array", "items": ref(item)}}}
	}
	closed := func(props object, required ...string) object {
		return object{"type": "object", "additionalProperties": false, "properties": props, "required": required}
	}
	outcome := object{"type": "string", "enum": []string{string(operations.OutcomeDone), string(operations.OutcomeFailed), string(operations.OutcomeCancelled)}}
	version := object{"type": "object", "required": []string{"product"}, "properties": object{"product": str, "before": str, "after": str}}
	return object{
		"WorkRecord": object{"type": "object", "required": []string{"id", "system", "at", "workers", "summary", "outcome"},
			"properties": object{"id": integer, "system": str, "at": dt, "workers": strs, "summary": str, "components": str,
				"outcome": str, "ticket": str, "entered_by": str, "created_at": dt}},
		"WorkRecordList": list("work_records", "WorkRecord"),
		"WorkRecordWrite": closed(object{"at": dt, "workers": strs, "summary": text(operations.MaxPlanText), "components": str, "outcome": outcome},
			"at", "workers", "summary", "outcome"),
		"SystemChange": object{"type": "object", "required": []string{"id", "system", "title", "state", "planned_by", "version"},
			"properties": object{"id": integer, "system": str, "title": str, "reason": str, "risk": str, "rollback": str, "components": str,
				"versions": object{"type": "array", "items": version}, "documents": str, "state": str, "planned_by": str, "planned_at": dt,
				"needs_approval": object{"type": "boolean"}, "approved_by": str, "approved_at": dt, "done_by": str, "done_at": dt, "workers": strs,
				"outcome": str, "confirmed_by": str, "confirmed_at": dt, "note": str, "updated_at": dt, "version": integer}},
		"SystemChangeList": list("changes", "SystemChange"),
		"SystemChangePlan": closed(object{"title": str, "reason": text(operations.MaxPlanText), "risk": text(operations.MaxPlanText),
			"rollback": text(operations.MaxPlanText), "components": str, "documents": str, "versions": object{"type": "array", "items": version}}, "title"),
		"SystemChangeStep": closed(object{"at": dt, "others": strs, "outcome": outcome, "note": str}),
		"VulnFinding": object{"type": "object", "required": []string{"system", "vuln"},
			"properties": object{"system": str, "vuln": str, "product": str, "version": str, "fixed": str, "score": number, "severity": str,
				"urgency": str, "due": str, "admin": str, "opened_at": str, "closed_at": str, "close_reason": str}},
		"VulnFindingList": list("vulns", "VulnFinding"),
	}
}
