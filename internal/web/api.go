package web

import (
	"net/http"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/records"
)

// operation is one JSON API route and what the OpenAPI document says of it.
type operation struct {
	Method   string
	Path     string
	ID       string
	Summary  string
	Params   []param
	Response string // component schema name of the success body
	// Request is the component schema name of the JSON body, if any.
	Request string
	// Status is the success status; 200 when unset.
	Status  int
	Handler handler
	// Rule is who may call it; every signed-in person when unset.
	Rule rule
}

type param struct {
	Name, In, Type, Description string
	Required                    bool
}

// apiOperations lists the JSON API. Routes and the OpenAPI document are both
// built from this list, so they cannot drift apart.
func (s *Server) apiOperations() []operation {
	ops := append(s.ledgerOperations(), s.catalogOperations()...)
	ops = append(ops, s.organisationOperations()...)
	ops = append(ops, s.reorgOperations()...)
	ops = append(ops, s.appointOperations()...)
	ops = append(ops, s.assetOperations()...)
	ops = append(ops, s.actionOperations()...)
	ops = append(ops, s.permitOperations()...)
	ops = append(ops, s.catalogLoadOperations()...)
	ops = append(ops, s.incidentOperations()...)
	ops = append(ops, s.eventOperations()...)
	ops = append(ops, s.deviceOperations()...)
	// The writes of chapters 4 and 5's registers and the network register.
	ops = append(ops, s.assetWriteOperations()...)
	ops = append(ops, s.networkOperations()...)
	ops = append(ops, s.operationsAPI()...)  // 8.1.5, 8.3.6, 8.6.1: a system's operations records
	ops = append(ops, s.systemStageAPI()...) // 8.3, 8.3.1ウ: a system's stage, its abolition
	// 11.1: audits.
	ops = append(ops, s.auditOperations()...)
	// 7.2: training, for an e-learning system and the 情報管理者.
	ops = append(ops, s.trainingOperations()...)
	// 7.4.1: ID cards.
	ops = append(ops, s.cardOperations()...)
	// 1.2: the edition of the standard in force.
	ops = append(ops, s.catalogInForceOperations()...)
	// 11.1.4, 11.1.6: an auditor's work, samples and verdicts.
	ops = append(ops, s.auditWorkOperations()...)
	// 10.1, 10.2: contractors, contracts, 再委託 and external services.
	ops = append(ops, s.contractorOperations()...)
	return append(ops, s.findingOperations()...)
}

// ledgerOperations are the JSON API of the record ledger.
func (s *Server) ledgerOperations() []operation {
	return []operation{
		{
			Method: "GET", Path: "/api/v1/ledger", ID: "getLedger",
			Summary:  "The ledger's head and its latest signed checkpoint (4.4)",
			Response: "Ledger", Handler: s.apiLedger, Rule: ruleLedger,
		},
		{
			Method: "GET", Path: "/api/v1/records", ID: "listRecords",
			Summary: "Ledger records, newest first (4.4)",
			Params: []param{
				{Name: "entity", In: "query", Type: "string", Description: "only records about this kind of entity"},
				{Name: "id", In: "query", Type: "string", Description: "only records about this entity ID (with entity)"},
				{Name: "before", In: "query", Type: "integer", Description: "only records with a smaller sequence number"},
				{Name: "limit", In: "query", Type: "integer", Description: "at most this many (1 to 500, default 50)"},
			},
			Response: "RecordList", Handler: s.apiRecords, Rule: ruleLedger,
		},
		{
			Method: "GET", Path: "/api/v1/records/{seq}", ID: "getRecord",
			Summary:  "One ledger record",
			Params:   []param{{Name: "seq", In: "path", Type: "integer", Description: "sequence number", Required: true}},
			Response: "Record", Handler: s.apiRecord, Rule: ruleLedger,
		},
	}
}

// recordJSON is a ledger record as the API shows it.
type recordJSON struct {
	Seq        int64     `json:"seq"`
	At         time.Time `json:"at"`
	Actor      string    `json:"actor"`
	OnBehalfOf string    `json:"on_behalf_of,omitempty"`
	Action     string    `json:"action"`
	Entity     string    `json:"entity"`
	EntityID   string    `json:"entity_id"`
	Digest     string    `json:"digest"`
	Provisions []string  `json:"provisions"`
	Hash       string    `json:"hash"`
}

func toRecordJSON(r *records.Record) recordJSON {
	p := r.Provisions
	if p == nil {
		p = []string{}
	}
	return recordJSON{Seq: r.Seq, At: r.At, Actor: r.Actor, OnBehalfOf: r.OnBehalfOf, Action: r.Action,
		Entity: r.Entity, EntityID: r.EntityID, Digest: r.Digest, Provisions: p, Hash: r.Hash}
}

func (s *Server) apiRecords(w http.ResponseWriter, r *http.Request) error {
	_, recs, err := s.listRecords(r)
	if err != nil {
		return err
	}
	out := make([]recordJSON, len(recs))
	for i, rec := range recs {
		out[i] = toRecordJSON(rec)
	}
	writeJSON(w, http.StatusOK, map[string]any{"records": out})
	return nil
}

func (s *Server) apiRecord(w http.ResponseWriter, r *http.Request) error {
	rec, err := s.recordInPath(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toRecordJSON(rec))
	return nil
}

func (s *Server) apiLedger(w http.ResponseWriter, r *http.Request) error {
	seq, hash, err := s.db.Head(r.Context())
	if err != nil {
		return err
	}
	out := map[string]any{"records": seq, "head_hash": hash}
	switch cp, err := s.db.LatestCheckpoint(r.Context()); kijun.ErrorCode(err) {
	case "":
		out["checkpoint"] = map[string]any{"seq": cp.Seq, "hash": cp.Hash, "at": cp.At, "key_id": cp.KeyID, "signature": cp.Signature, "line": cp.String()}
	case kijun.ENOTFOUND:
	default:
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func apiNotFound(w http.ResponseWriter, r *http.Request) error {
	return kijun.Errorf(kijun.ENOTFOUND, "no API route %s %s", r.Method, r.URL.Path)
}
