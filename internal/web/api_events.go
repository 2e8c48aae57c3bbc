package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"kijun/internal/records"
)

// Event feed bounds: the longest long-poll, the longest SSE stream (the
// server's write timeout is 120 s; a client reconnects with Last-Event-ID),
// and how often the ledger is looked at while waiting.
const (
	maxEventWait   = 30 * time.Second
	maxEventStream = 100 * time.Second
	eventPoll      = 200 * time.Millisecond
)

// eventOperations are the event feed: the ledger's records in order, so a
// SIEM or a ticket system follows every change without polling each list.
// Each event carries the record's hash; with the previous record's hash a
// consumer checks the chain it received (kijun verify does the same).
func (s *Server) eventOperations() []operation {
	return []operation{{
		Method: "GET", Path: "/api/v1/events", ID: "listEvents",
		Summary: "Ledger records after a sequence number, oldest first (4.4). wait=N long-polls up to N seconds (at most 30) when there are none; " +
			"Accept: text/event-stream streams them as Server-Sent Events (id is the sequence number; reconnect with Last-Event-ID)",
		Params: []param{
			{Name: "after", In: "query", Type: "integer", Description: "only records with a greater sequence number (0: from the first)"},
			{Name: "limit", In: "query", Type: "integer", Description: "at most this many (1 to 1000, default 100)"},
			{Name: "wait", In: "query", Type: "integer", Description: "seconds to wait for a record when there is none (0 to 30)"},
		},
		Response: "EventPage", Handler: s.apiEvents, Rule: ruleLedger,
	}}
}

func (s *Server) apiEvents(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	after, err := queryInt(q.Get("after"), "after", 0, 1<<62)
	if err != nil {
		return err
	}
	if lei := r.Header.Get("Last-Event-ID"); lei != "" {
		if after, err = queryInt(lei, "Last-Event-ID", 0, 1<<62); err != nil {
			return err
		}
	}
	limit, err := queryInt(q.Get("limit"), "limit", 1, 1000)
	if err != nil {
		return err
	}
	if limit == 0 {
		limit = 100
	}
	wait, err := queryInt(q.Get("wait"), "wait", 0, int64(maxEventWait/time.Second))
	if err != nil {
		return err
	}
	if strings.Contains(r.Header.Get("Accept"), "text/event-stream") {
		return s.streamEvents(w, r, after, int(limit))
	}
	// The hash the first event chains to, so a consumer checks the page.
	prev := records.GenesisHash
	if after > 0 {
		rec, err := s.db.RecordBySeq(r.Context(), after)
		if err != nil {
			return err
		}
		prev = rec.Hash
	}
	deadline := time.Now().Add(time.Duration(wait) * time.Second)
	for {
		recs, err := s.db.RecordsAfter(r.Context(), after, int(limit))
		if err != nil {
			return err
		}
		if len(recs) > 0 || !time.Now().Before(deadline) {
			out := make([]recordJSON, len(recs))
			next := after
			for i, rec := range recs {
				out[i] = toRecordJSON(rec)
				next = rec.Seq
			}
			writeJSON(w, http.StatusOK, map[string]any{"events": out, "next": next, "prev_hash": prev})
			return nil
		}
		select {
		case <-r.Context().Done():
			return nil
		case <-time.After(eventPoll):
		}
	}
}

// streamEvents sends records as Server-Sent Events until the client goes
// or maxEventStream passes.
func (s *Server) streamEvents(w http.ResponseWriter, r *http.Request, after int64, limit int) error {
	rc := http.NewResponseController(w)
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	end := time.Now().Add(maxEventStream)
	_ = rc.SetWriteDeadline(end.Add(10 * time.Second))
	for time.Now().Before(end) {
		recs, err := s.db.RecordsAfter(r.Context(), after, limit)
		if err != nil {
			return err
		}
		for _, rec := range recs {
			b, err := json.Marshal(toRecordJSON(rec))
			if err != nil {
				return err
			}
			if _, err := fmt.Fprintf(w, "id: %d\nevent: record\ndata: %s\n\n", rec.Seq, b); err != nil {
				return nil
			}
			after = rec.Seq
		}
		if err := rc.Flush(); err != nil {
			return nil
		}
		if len(recs) == limit {
			continue
		}
		select {
		case <-r.Context().Done():
			return nil
		case <-time.After(eventPoll):
		}
	}
	return nil
}

// queryInt reads an integer query parameter between lo and hi; "" is 0.
func queryInt(v, name string, lo, hi int64) (int64, error) {
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < lo || n > hi {
		return 0, badField(name, fmt.Sprintf("%s は %d から %d までの整数にしてください", name, lo, hi),
			fmt.Sprintf("%s must be an integer from %d to %d", name, lo, hi))
	}
	return n, nil
}
