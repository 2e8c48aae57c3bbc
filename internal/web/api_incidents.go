package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"kijun/internal/incidents"
	"kijun/internal/kijun"
)

// incidentOperations are the JSON API of incidents (7.3): a report by any
// member of staff of their own 課, its correction, the acknowledgement of
// a notice, and the CSIRT's steps. They call the same store methods and
// the same checks (reportUnitRefusal, correctableIncident,
// mayStepIncident) as the pages. Every change of an incident takes
// If-Match with the version read.
func (s *Server) incidentOperations() []operation {
	id := param{Name: "id", In: "path", Type: "integer", Description: "the incident's number", Required: true}
	step := func(name, summary string) operation {
		return operation{Method: "POST", Path: "/api/v1/incidents/{id}/" + name, ID: "incident" + strings.ToUpper(name[:1]) + name[1:],
			Summary: summary + " (the CSIRT and the CISO's office). Needs If-Match",
			Params:  []param{id, ifMatchParam}, Request: "IncidentStep", Response: "IncidentFile", Handler: s.apiIncidentStep(name)}
	}
	return []operation{
		{
			Method: "POST", Path: "/api/v1/incidents", ID: "reportIncident",
			Summary: "Report an incident (7.3.1): the items of 7.3.2; the report goes to the 情報管理者 of the reporter's own 課 and on up",
			Request: "IncidentReport", Status: http.StatusCreated, Response: "IncidentFile", Handler: s.apiIncidentReport,
		},
		{
			Method: "GET", Path: "/api/v1/incidents/{id}", ID: "getIncident",
			Summary: "One incident with who was told, its timeline, actions and the reports owed outside; ETag is its version",
			Params:  []param{id}, Response: "IncidentFile", Handler: s.apiIncident,
		},
		{
			Method: "POST", Path: "/api/v1/incidents/{id}/correct", ID: "correctIncident",
			Summary: "Correct the 7.3.2 items as a new version (the reporter or the CSIRT); reason is required. Needs If-Match",
			Params:  []param{id, ifMatchParam}, Request: "IncidentReport", Response: "IncidentFile", Handler: s.apiIncidentCorrect,
		},
		{
			Method: "POST", Path: "/api/v1/incidents/notices/{id}/ack", ID: "acknowledgeNotice",
			Summary:  "Acknowledge a notice of an incident (the person told, or their deputy)",
			Params:   []param{{Name: "id", In: "path", Type: "integer", Description: "the notice's number", Required: true}},
			Response: "IncidentFile", Handler: s.apiNoticeAck,
		},
		step("triage", "Judge whether it is an incident and how severe (7.3.3ア): is_incident, severity, note"),
		step("ciso", "Report it to the CISO (7.3.3イ): note"),
		step("cause", "Record the root cause (7.3.3エ): cause_kind, root_cause, and the contractor_id and contract_id involved (10.1)"),
		step("contain", "Record that the damage stopped spreading: note"),
		step("announce", "Decide on announcing it (7.3.1エ): announce, reason"),
		step("close", "Close it when nothing is left to do"),
	}
}

// incidentJSON is a report as the API takes it: the items of 7.3.2.
type incidentJSON struct {
	Title          string         `json:"title"`
	Kind           string         `json:"kind"`
	OnBehalfOf     string         `json:"on_behalf_of"`
	Unit           string         `json:"unit"`
	Description    string         `json:"description"`
	SupposedCause  string         `json:"supposed_cause"`
	Response       string         `json:"response"`
	Recovery       string         `json:"recovery"`
	DiscoveredAt   string         `json:"discovered_at"`
	OccurredAt     string         `json:"occurred_at"`
	Systems        []string       `json:"systems"`
	SharedNetwork  bool           `json:"shared_network"`
	Urgent         bool           `json:"urgent"`
	CrimeSuspected bool           `json:"crime_suspected"`
	Drill          bool           `json:"drill"`
	Leak           incidents.Leak `json:"leak"`
	// ContractorID and ContractID name the 委託事業者 of the register and
	// the contract involved, if any (10.1).
	ContractorID string `json:"contractor_id"`
	ContractID   string `json:"contract_id"`
	// Reason is why a correction is made; a report has none.
	Reason string `json:"reason"`
}

// incidentStepJSON is the body of every CSIRT step; each reads what it needs.
type incidentStepJSON struct {
	IsIncident bool   `json:"is_incident"`
	Severity   int    `json:"severity"`
	Note       string `json:"note"`
	CauseKind  string `json:"cause_kind"`
	RootCause  string `json:"root_cause"`
	Announce   bool   `json:"announce"`
	Reason     string `json:"reason"`
	// ContractorID and ContractID name the 委託事業者 and contract the
	// cause involves; left out, those the report names are kept.
	ContractorID *string `json:"contractor_id"`
	ContractID   *string `json:"contract_id"`
}

// apiTime reads a time as RFC 3339 or as the form's local time (JST).
func apiTime(field, v string) (time.Time, error) {
	v = strings.TrimSpace(v)
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t.UTC(), nil
	}
	if t, ok := parseLocal(v); ok {
		return t, nil
	}
	return time.Time{}, badField(field, field+" は 2026-04-01T09:30:00+09:00 のように指定してください", field+" must be a time such as 2026-04-01T09:30:00+09:00")
}

func (j incidentJSON) incident() (incidents.Incident, error) {
	in := incidents.Incident{Title: j.Title, Kind: incidents.Kind(j.Kind), OnBehalfOf: j.OnBehalfOf, Unit: strings.TrimSpace(j.Unit),
		Description: j.Description, SupposedCause: j.SupposedCause, Response: j.Response, Recovery: j.Recovery, Systems: j.Systems,
		SharedNetwork: j.SharedNetwork, Urgent: j.Urgent, CrimeSuspected: j.CrimeSuspected, Drill: j.Drill, Leak: j.Leak,
		ContractorID: j.ContractorID, ContractID: j.ContractID}
	var err error
	if in.DiscoveredAt, err = apiTime(incidents.FieldDiscoveredAt, j.DiscoveredAt); err != nil {
		return in, err
	}
	if j.OccurredAt != "" {
		if in.OccurredAt, err = apiTime(incidents.FieldOccurredAt, j.OccurredAt); err != nil {
			return in, err
		}
	}
	return in, nil
}

func (s *Server) writeIncident(w http.ResponseWriter, r *http.Request, id int64, status int) error {
	f, err := s.db.IncidentFile(r.Context(), id)
	if err != nil {
		return err
	}
	etag(w, int(f.Incident.Version))
	writeJSON(w, status, f)
	return nil
}

func (s *Server) apiIncident(w http.ResponseWriter, r *http.Request) error {
	f, err := s.incidentFile(r)
	if err != nil {
		return err
	}
	etag(w, int(f.Incident.Version))
	writeJSON(w, http.StatusOK, f)
	return nil
}

func (s *Server) apiIncidentReport(w http.ResponseWriter, r *http.Request) error {
	var j incidentJSON
	if err := decodeBody(r, &j); err != nil {
		return err
	}
	if j.Reason != "" {
		return badField("reason", "reason は訂正にだけ書けます", "reason belongs to a correction only")
	}
	in, err := j.incident()
	if err != nil {
		return err
	}
	p := currentOf(r).Principal
	if p.StaffNo == "" {
		return kijun.Errorf(kijun.EINVALID, "職員番号のないアカウントでは報告できません。自分のアカウントでログインしてください")
	}
	in.Reporter = p.StaffNo
	if why := reportUnitRefusal(p, in.Unit); why != "" {
		return badField(incidents.FieldUnit, why, "report to your own unit (7.3.1ア)")
	}
	saved, _, err := s.db.FileIncident(r.Context(), in)
	if err != nil {
		return err
	}
	s.tellIncident(r, saved.ID)
	w.Header().Set("Location", "/api/v1/incidents/"+strconv.FormatInt(saved.ID, 10))
	return s.writeIncident(w, r, saved.ID, http.StatusCreated)
}

func (s *Server) apiIncidentCorrect(w http.ResponseWriter, r *http.Request) error {
	var j incidentJSON
	if err := decodeBody(r, &j); err != nil {
		return err
	}
	f, err := s.correctableIncident(r)
	if err != nil {
		return err
	}
	if err := ifMatch(r, int(f.Incident.Version)); err != nil {
		return err
	}
	in, err := j.incident()
	if err != nil {
		return err
	}
	in.ID, in.Unit, in.Reporter, in.Drill, in.Version = f.Incident.ID, f.Incident.Unit, f.Incident.Reporter, f.Incident.Drill, f.Incident.Version
	if strings.TrimSpace(j.Reason) == "" {
		return badField("reason", "訂正の理由を入力してください", "say why the report is corrected")
	}
	if _, err := s.db.CorrectIncident(r.Context(), in, strings.TrimSpace(j.Reason)); err != nil {
		return err
	}
	s.tellIncident(r, in.ID)
	return s.writeIncident(w, r, in.ID, http.StatusOK)
}

func (s *Server) apiNoticeAck(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return kijun.Errorf(kijun.ENOTFOUND, "通知 %s はありません", r.PathValue("id"))
	}
	n, err := s.db.AcknowledgeNotice(r.Context(), id, currentOf(r).Principal.StaffNo)
	if err != nil {
		return err
	}
	return s.writeIncident(w, r, n.IncidentID, http.StatusOK)
}

// apiIncidentStep takes one of the CSIRT's steps through the store method
// the page's form uses.
func (s *Server) apiIncidentStep(name string) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		var j incidentStepJSON
		if err := decodeBody(r, &j); err != nil {
			return err
		}
		if err := mayStepIncident(currentOf(r).Principal); err != nil {
			return err
		}
		f, err := s.incidentFile(r)
		if err != nil {
			return err
		}
		if err := ifMatch(r, int(f.Incident.Version)); err != nil {
			return err
		}
		ctx, id, version := r.Context(), f.Incident.ID, f.Incident.Version
		switch name {
		case "triage":
			_, err = s.db.TriageIncident(ctx, id, version, incidents.Triage{IsIncident: j.IsIncident, Severity: incidents.Severity(j.Severity), Note: strings.TrimSpace(j.Note)})
		case "ciso":
			_, err = s.db.ReportIncidentToCISO(ctx, id, version, strings.TrimSpace(j.Note))
		case "cause":
			fd := incidents.Finding{Cause: incidents.Cause(j.CauseKind), Text: strings.TrimSpace(j.RootCause),
				ContractorID: f.Incident.ContractorID, ContractID: f.Incident.ContractID}
			if j.ContractorID != nil {
				fd.ContractorID = strings.TrimSpace(*j.ContractorID)
			}
			if j.ContractID != nil {
				fd.ContractID = strings.TrimSpace(*j.ContractID)
			}
			_, err = s.db.RecordIncidentCause(ctx, id, version, fd)
		case "contain":
			_, err = s.db.MarkContained(ctx, id, version, strings.TrimSpace(j.Note))
		case "announce":
			_, err = s.db.DecideAnnouncement(ctx, id, version, j.Announce, strings.TrimSpace(j.Reason))
		case "close":
			_, err = s.db.CloseIncident(ctx, id, version)
		}
		if err != nil {
			return err
		}
		s.tellIncident(r, id)
		return s.writeIncident(w, r, id, http.StatusOK)
	}
}

// incidentSchemas are the OpenAPI schemas of the incident API.
func incidentSchemas() object {
	str, integer, boolean := object{"type": "string"}, object{"type": "integer"}, object{"type": "boolean"}
	strs := object{"type": "array", "items": str}
	return object{
		"IncidentReport": object{"type": "object", "additionalProperties": false, "required": []string{"title", "kind", "discovered_at"},
			"properties": object{
				"title": str, "kind": object{"type": "string", "enum": kinds()}, "on_behalf_of": str, "unit": str, "description": str,
				"supposed_cause": str, "response": str, "recovery": str, "discovered_at": str, "occurred_at": str, "systems": strs,
				"shared_network": boolean, "urgent": boolean, "crime_suspected": boolean, "drill": boolean, "reason": str,
				"contractor_id": str, "contract_id": str,
				"leak": object{"type": "object", "additionalProperties": false, "properties": object{
					"state": str, "asset_ids": strs, "description": str, "people": integer, "sensitive": boolean, "my_number": boolean,
					"financial": boolean, "malicious": boolean, "encrypted": boolean, "from_my_number_system": boolean}},
			}},
		"IncidentStep": object{"type": "object", "additionalProperties": false, "properties": object{
			"is_incident": boolean, "severity": integer, "note": str, "cause_kind": str, "root_cause": str, "announce": boolean, "reason": str,
			"contractor_id": str, "contract_id": str}},
		"IncidentFile": object{"type": "object", "required": []string{"incident", "notices", "events", "actions"},
			"properties": object{
				"incident": object{"type": "object", "required": []string{"id", "title", "kind", "reporter", "unit", "status", "version"},
					"properties": object{"id": integer, "title": str, "kind": str, "reporter": str, "unit": str, "status": str, "severity": integer, "version": integer,
						"contractor_id": str, "contractor_name": str, "contract_id": str}},
				"notices": object{"type": ([]string{"array", "null"})}, "events": object{"type": []string{"array", "null"}},
				"actions": object{"type": []string{"array", "null"}}, "obligations": object{"type": []string{"array", "null"}},
				"outside": object{"type": []string{"array", "null"}},
			}},
	}
}

func kinds() []string {
	var out []string
	for _, k := range incidents.Kinds() {
		out = append(out, string(k))
	}
	return out
}
