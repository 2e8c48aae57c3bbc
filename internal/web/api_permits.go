package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"kijun/internal/organisation"
	"kijun/internal/permits"
	"kijun/internal/store"
)

// permitOperations are the JSON API of permits, approvals and exceptions
// (3.2.10, 6.4, 7.1.1, 9.5): the same service as the pages (store.Permits),
// which decides who may file, decide, record or withdraw. Every step on a
// request takes If-Match with the version read, so two deciders cannot both
// act on what they saw.
func (s *Server) permitOperations() []operation {
	id := param{Name: "id", In: "path", Type: "integer", Description: "the request's number", Required: true}
	return []operation{
		{
			Method: "GET", Path: "/api/v1/permits/inbox", ID: "permitInbox",
			Summary:  "What needs the caller: requests to decide (longest waiting first) and their own approved requests awaiting a record or return",
			Response: "PermitInbox", Handler: s.apiPermitInbox,
		},
		{
			Method: "POST", Path: "/api/v1/permits", ID: "filePermit",
			Summary: "File a request (submitted at once unless draft). The type's fields are checked as on the form; the requester is the caller",
			Request: "PermitFiling", Status: http.StatusCreated, Response: "Permit", Handler: s.apiPermitFile,
		},
		{
			Method: "GET", Path: "/api/v1/permits/{id}", ID: "getPermit",
			Summary: "One request with its timeline and who may decide its pending step; ETag is its version",
			Params:  []param{id}, Response: "Permit", Handler: s.apiPermit,
		},
		{
			Method: "POST", Path: "/api/v1/permits/{id}/submit", ID: "submitPermit",
			Summary: "Submit a draft (its requester). Needs If-Match",
			Params:  []param{id, ifMatchParam}, Request: "PermitNote", Response: "Permit", Handler: s.apiPermitStep("submit"),
		},
		{
			Method: "POST", Path: "/api/v1/permits/{id}/decide", ID: "decidePermit",
			Summary: "Approve or reject the pending step (who holds its role today, or their deputy; 3.2.10ア for one's own request). Needs If-Match",
			Params:  []param{id, ifMatchParam}, Request: "PermitDecision", Response: "Permit", Handler: s.apiPermitStep("decide"),
		},
		{
			Method: "POST", Path: "/api/v1/permits/{id}/record", ID: "recordPermit",
			Summary: "The record that follows an approval, or the return of what was taken out (return: true; 7.1.1キ). Needs If-Match",
			Params:  []param{id, ifMatchParam}, Request: "PermitRecord", Response: "Permit", Handler: s.apiPermitStep("record"),
		},
		{
			Method: "POST", Path: "/api/v1/permits/{id}/withdraw", ID: "withdrawPermit",
			Summary: "Withdraw a request not yet decided (its requester). Needs If-Match",
			Params:  []param{id, ifMatchParam}, Request: "PermitNote", Response: "Permit", Handler: s.apiPermitStep("withdraw"),
		},
	}
}

// ifMatchParam is the header every update takes.
var ifMatchParam = param{Name: "If-Match", In: "header", Type: "string", Description: `the version read, as its ETag ("3")`, Required: true}

// permitFilingJSON is a request as the API files it.
type permitFilingJSON struct {
	Type      string            `json:"type"`
	Fields    map[string]string `json:"fields"`
	ValidFrom string            `json:"valid_from"`
	ValidTo   string            `json:"valid_to"`
	Draft     bool              `json:"draft"`
}

// permitStepJSON is the body of every step on a request; each step reads
// the members it needs and the rest must be empty.
type permitStepJSON struct {
	Decision    string            `json:"decision"` // approve or reject
	Unavoidable bool              `json:"unavoidable"`
	Reason      string            `json:"reason"`
	Judgement   string            `json:"judgement"`
	Note        string            `json:"note"`
	Fields      map[string]string `json:"fields"`
	Return      bool              `json:"return"`
}

// permitJSON is a request as the API shows it.
type permitJSON struct {
	permits.Request
	Timeline  []permits.Entry         `json:"timeline"`
	Approvers []store.PendingApprover `json:"approvers"`
}

func toPermitJSON(v store.RequestView) permitJSON {
	out := permitJSON{Request: v.Request, Timeline: v.Timeline, Approvers: v.Approvers}
	if out.Timeline == nil {
		out.Timeline = []permits.Entry{}
	}
	if out.Approvers == nil {
		out.Approvers = []store.PendingApprover{}
	}
	if out.Fields == nil {
		out.Fields = map[string]string{}
	}
	return out
}

func (s *Server) apiPermitInbox(w http.ResponseWriter, r *http.Request) error {
	no := currentOf(r).Principal.StaffNo
	in, err := s.permits.Inbox(r.Context(), no, organisation.Day(s.db.Now()), 200)
	if err != nil {
		return err
	}
	decide := make([]map[string]any, 0, len(in.ToDecide))
	for _, it := range in.ToDecide {
		decide = append(decide, map[string]any{"request": it.Request, "acting": it.Acting})
	}
	record := in.ToRecord
	if record == nil {
		record = []permits.Request{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"to_decide": decide, "to_record": record})
	return nil
}

func (s *Server) apiPermit(w http.ResponseWriter, r *http.Request) error {
	v, err := s.permitView(r)
	if err != nil {
		return err
	}
	etag(w, v.Version)
	writeJSON(w, http.StatusOK, toPermitJSON(v))
	return nil
}

func (s *Server) apiPermitFile(w http.ResponseWriter, r *http.Request) error {
	var j permitFilingJSON
	if err := decodeBody(r, &j); err != nil {
		return err
	}
	no, err := staffNoOf(r)
	if err != nil {
		return err
	}
	t := s.permits.Registry().Type(j.Type)
	if t == nil {
		return badField("type", "申請の種類 "+strconv.Quote(j.Type)+" はありません", "there is no request type "+strconv.Quote(j.Type))
	}
	f := store.Filing{Type: t.Key, Requester: no, Fields: map[string]string{}, Submit: !j.Draft}
	for k, v := range j.Fields {
		if v = strings.TrimSpace(v); v != "" {
			f.Fields[k] = v
		}
	}
	for _, d := range []struct {
		field, v string
		to       *time.Time
	}{{"valid_from", j.ValidFrom, &f.ValidFrom}, {"valid_to", j.ValidTo, &f.ValidTo}} {
		if strings.TrimSpace(d.v) == "" {
			continue
		}
		day, err := organisation.ParseDate(strings.TrimSpace(d.v))
		if err != nil {
			return badField(d.field, "日付は 2026-06-01 のように指定してください", "write the date as 2026-06-01")
		}
		*d.to = day
	}
	req, err := s.permits.File(r.Context(), f)
	if req.ID == 0 {
		return err
	}
	// Filed; when no approver could be found it stays a draft, and the
	// request says so (its approvers name what is missing).
	v, gerr := s.permits.Get(r.Context(), req.ID)
	if gerr != nil {
		return gerr
	}
	w.Header().Set("Location", "/api/v1/permits/"+strconv.FormatInt(req.ID, 10))
	etag(w, v.Version)
	writeJSON(w, http.StatusCreated, toPermitJSON(v))
	return nil
}

// apiPermitStep takes one step on a request, through the same service
// and the same checks of its free text as the page (handlePermitAction).
func (s *Server) apiPermitStep(action string) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		var j permitStepJSON
		if err := decodeBody(r, &j); err != nil {
			return err
		}
		v, err := s.permitView(r)
		if err != nil {
			return err
		}
		if err := ifMatch(r, v.Version); err != nil {
			return err
		}
		no, err := staffNoOf(r)
		if err != nil {
			return err
		}
		form := map[string]string{"reason": j.Reason, "note": j.Note}
		if err := permits.CheckNotes(func(k string) string { return form[k] }).AsError(); err != nil {
			return err
		}
		ctx := r.Context()
		switch action {
		case "submit":
			_, err = s.permits.Submit(ctx, v.ID, no)
		case "decide":
			if j.Decision != "approve" && j.Decision != "reject" {
				return badField("decision", "decision は approve か reject にしてください", "decision must be approve or reject")
			}
			_, err = s.permits.Decide(ctx, v.ID, store.Decision{Approve: j.Decision == "approve", Decider: no,
				Unavoidable: j.Unavoidable, Reason: j.Reason, Judgement: j.Judgement, Note: j.Note})
		case "record":
			fields := map[string]string{}
			for k, val := range j.Fields {
				if val = strings.TrimSpace(val); val != "" {
					fields[k] = val
				}
			}
			_, err = s.permits.Record(ctx, v.ID, no, fields, j.Return)
		case "withdraw":
			_, err = s.permits.Withdraw(ctx, v.ID, no, j.Reason)
		}
		if err != nil {
			return err
		}
		if action == "record" || action == "submit" {
			// 7.1.1キ, 9.5.2: what the request owed may now be done.
			s.recheck(r, "request:"+strconv.FormatInt(v.ID, 10))
		}
		fresh, err := s.permits.Get(ctx, v.ID)
		if err != nil {
			return err
		}
		etag(w, fresh.Version)
		writeJSON(w, http.StatusOK, toPermitJSON(fresh))
		return nil
	}
}
