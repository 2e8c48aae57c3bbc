package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"kijun/internal/audits"
	"kijun/internal/kijun"
)

// auditWorkOperations are the auditor's work on an audit over the API
// (11.1.4, 11.1.6): a note of work done, a sample drawn from a register,
// and the verdict on a sampled record. Each goes through the store's
// service the audit page's form uses (RecordWork, DrawSample,
// RecordVerdict), which checks on the day that the caller is an auditor
// named on the audit and independent of its subject (11.1.2), or its
// director, and that the plan is approved and the audit not submitted.
func (s *Server) auditWorkOperations() []operation {
	id := param{Name: "id", In: "path", Type: "integer", Description: "the audit's number", Required: true}
	who := ": by an auditor named on it, independent of its subject on the day (11.1.2), or the audit director"
	return []operation{
		{
			Method: "POST", Path: "/api/v1/audits/{id}/work", ID: "recordAuditWork",
			Summary: "Record work done on the audit (11.1.6: the working papers)" + who,
			Params:  []param{id}, Request: "AuditWorkNew", Status: http.StatusCreated, Response: "AuditWork", Handler: s.apiAuditWork,
		},
		{
			Method: "POST", Path: "/api/v1/audits/{id}/samples", ID: "drawAuditSample",
			Summary: "Draw a sample of a register's records in the audit's scope, once per register, by a seeded draw anyone can repeat (11.1.4)" + who,
			Params:  []param{id}, Request: "AuditSampleNew", Status: http.StatusCreated, Response: "AuditSample", Handler: s.apiAuditSample,
		},
		{
			Method: "POST", Path: "/api/v1/audits/{id}/verdicts", ID: "recordAuditVerdict",
			Summary: "Record whether a sampled record conforms (11.1.4), with the reason when it does not; a later verdict on the same record replaces it" + who,
			Params:  []param{id}, Request: "AuditVerdictNew", Response: "AuditVerdict", Handler: s.apiAuditVerdict,
		},
	}
}

// The bodies of the audit work operations.
type (
	auditWorkJSON struct {
		Note string `json:"note"`
	}
	auditSampleJSON struct {
		Register string `json:"register"`
		Size     int    `json:"size"`
	}
	auditVerdictJSON struct {
		Register string `json:"register"`
		RecordID string `json:"record_id"`
		Conforms *bool  `json:"conforms"`
		Note     string `json:"note"`
	}
)

// auditFields names the body's fields in a refusal the store gave with
// the page form's names.
func auditFields(err error) error {
	var fe *kijun.FieldErrors
	if errors.As(err, &fe) {
		for i := range fe.Fields {
			switch fe.Fields[i].Field {
			case "work_note", "verdict_note":
				fe.Fields[i].Field = "note"
			case "record":
				fe.Fields[i].Field = "record_id"
			}
		}
	}
	return err
}

// auditStepAPI decodes the body into v and runs step as the caller.
func (s *Server) auditStepAPI(w http.ResponseWriter, r *http.Request, v any, status int, step func(who audits.Actor, id int64) (any, error)) error {
	if err := decodeBody(r, v); err != nil {
		return err
	}
	id, err := auditID(r)
	if err != nil {
		return err
	}
	out, err := step(auditActorOf(currentOf(r).Principal), id)
	if err != nil {
		return auditFields(err)
	}
	w.Header().Set("Location", "/api/v1/audits/"+strconv.FormatInt(id, 10))
	writeJSON(w, status, out)
	return nil
}

func (s *Server) apiAuditWork(w http.ResponseWriter, r *http.Request) error {
	var j auditWorkJSON
	return s.auditStepAPI(w, r, &j, http.StatusCreated, func(who audits.Actor, id int64) (any, error) {
		return s.db.RecordWork(r.Context(), who, id, j.Note)
	})
}

func (s *Server) apiAuditSample(w http.ResponseWriter, r *http.Request) error {
	var j auditSampleJSON
	return s.auditStepAPI(w, r, &j, http.StatusCreated, func(who audits.Actor, id int64) (any, error) {
		return s.db.DrawSample(r.Context(), who, id, audits.Register(strings.TrimSpace(j.Register)), j.Size)
	})
}

// verdictOf reads whether the record conforms: the field must be given.
func (j auditVerdictJSON) verdictOf() (bool, error) {
	if j.Conforms == nil {
		return false, badField("conforms", "適合か不適合かを conforms（true / false）で指定してください", "give conforms: true or false")
	}
	return *j.Conforms, nil
}

func (s *Server) apiAuditVerdict(w http.ResponseWriter, r *http.Request) error {
	var j auditVerdictJSON
	return s.auditStepAPI(w, r, &j, http.StatusOK, func(who audits.Actor, id int64) (any, error) {
		conforms, err := j.verdictOf()
		if err != nil {
			return nil, err
		}
		return s.db.RecordVerdict(r.Context(), who, id, audits.Register(strings.TrimSpace(j.Register)), j.RecordID, conforms, j.Note)
	})
}

// auditWorkSchemas are the OpenAPI schemas of the audit work operations.
func auditWorkSchemas() object {
	str, integer, boolean := object{"type": "string"}, object{"type": "integer"}, object{"type": "boolean"}
	registers := []string{}
	for _, rg := range audits.Registers() {
		registers = append(registers, string(rg))
	}
	register := object{"type": "string", "enum": registers}
	return object{
		"AuditWorkNew": object{"type": "object", "additionalProperties": false, "required": []string{"note"},
			"properties": object{"note": text(4000)}},
		"AuditWork": object{"type": "object", "required": []string{"id", "audit_id", "staff_no", "note", "at"},
			"properties": object{"id": integer, "audit_id": integer, "staff_no": str, "note": str, "at": str}},
		"AuditSampleNew": object{"type": "object", "additionalProperties": false, "required": []string{"register", "size"},
			"properties": object{"register": register, "size": object{"type": "integer", "minimum": 1}}},
		"AuditSample": object{"type": "object", "required": []string{"register", "seed", "size", "drawn"},
			"properties": object{"audit_id": integer, "register": str, "seed": integer, "size": integer,
				"population": object{"type": []string{"array", "null"}, "items": str}, "drawn": object{"type": []string{"array", "null"}, "items": str},
				"drawn_by": str, "drawn_at": str, "verdicts": object{"type": []string{"array", "null"}, "items": object{"type": "object"}}}},
		"AuditVerdictNew": object{"type": "object", "additionalProperties": false, "required": []string{"register", "record_id", "conforms"},
			"properties": object{"register": register, "record_id": str, "conforms": boolean, "note": text(4000)}},
		"AuditVerdict": object{"type": "object", "required": []string{"record_id", "conforms"},
			"properties": object{"record_id": str, "conforms": boolean, "note": str, "by": str, "at": str}},
	}
}
