package web

import (
	"context"
	"net/http"

	"kijun/internal/kijun"
	"kijun/internal/registers"
	"kijun/internal/store"
	"kijun/internal/systems"
)

// networkOperations are the JSON API of the network register: segments
// and the connections between them (5, 8.1.9), read by every member of
// staff and written by its keepers alone (the CISO's office and the
// 情報基盤管理者, decided by registers.Network).
func (s *Server) networkOperations() []operation {
	sw, cw := s.segmentWriter(), s.connectionWriter()
	id := idParam
	return []operation{
		{
			Method: "GET", Path: "/api/v1/networks", ID: "getNetwork",
			Summary:  "The network register: every segment (optionally of one zone) and every connection (5, 8.1.9)",
			Params:   []param{{Name: "zone", In: "query", Type: "string", Description: "mynumber, lgwan, internet or other (5.1 to 5.4)"}},
			Response: "Network", Handler: s.apiNetwork,
		},
		{
			Method: "GET", Path: "/api/v1/networks/segments/{id}", ID: "getSegment",
			Summary: "One segment", Params: []param{id}, Response: "SegmentItem", Handler: s.apiSegment,
		},
		{
			Method: "POST", Path: "/api/v1/networks/segments", ID: "createSegment",
			Summary: "Add a segment (8.1.9: by the network register's keepers)",
			Request: "SegmentWrite", Status: http.StatusCreated, Response: "SegmentItem", Handler: sw.apiCreate(s),
		},
		{
			Method: "POST", Path: "/api/v1/networks/segments/bulk", ID: "upsertSegments",
			Summary: "Add or change many segments" + bulkSummary,
			Params:  []param{dryRunParam}, Request: "SegmentBulk", Response: "ImportPlan",
			Handler: apiBulkOf(s, func(ctx context.Context, ed *registers.Editor, items []systems.Segment, dry bool) (*store.ImportPlan, error) {
				return s.registers.Network.Upsert(ctx, ed, store.NetworkRows{Segments: rowsOf(items, row[systems.Segment])}, dry)
			}),
		},
		{
			Method: "POST", Path: "/api/v1/networks/segments/{id}", ID: "updateSegment",
			Summary: "Change a segment (the whole segment, as GET gives it). Needs If-Match",
			Params:  []param{id, ifMatchParam}, Request: "SegmentWrite", Response: "SegmentItem", Handler: sw.apiUpdate(s),
		},
		{
			Method: "GET", Path: "/api/v1/networks/connections/{id}", ID: "getConnection",
			Summary: "One connection", Params: []param{id}, Response: "ConnectionItem", Handler: s.apiConnection,
		},
		{
			Method: "POST", Path: "/api/v1/networks/connections", ID: "createConnection",
			Summary: "Add a connection; its ends must exist (5.1ア, 5.2イ, 8.1.9: by the network register's keepers)",
			Request: "ConnectionWrite", Status: http.StatusCreated, Response: "ConnectionItem", Handler: cw.apiCreate(s),
		},
		{
			Method: "POST", Path: "/api/v1/networks/connections/bulk", ID: "upsertConnections",
			Summary: "Add or change many connections" + bulkSummary,
			Params:  []param{dryRunParam}, Request: "ConnectionBulk", Response: "ImportPlan",
			Handler: apiBulkOf(s, func(ctx context.Context, ed *registers.Editor, items []systems.Connection, dry bool) (*store.ImportPlan, error) {
				return s.registers.Network.Upsert(ctx, ed, store.NetworkRows{Connections: rowsOf(items, row[systems.Connection])}, dry)
			}),
		},
		{
			Method: "POST", Path: "/api/v1/networks/connections/{id}", ID: "updateConnection",
			Summary: "Change a connection (the whole connection, as GET gives it). Needs If-Match",
			Params:  []param{id, ifMatchParam}, Request: "ConnectionWrite", Response: "ConnectionItem", Handler: cw.apiUpdate(s),
		},
		{
			Method: "POST", Path: "/api/v1/networks/segments/{id}/retire", ID: "retireSegment",
			Summary: "Take a segment out of the register (8.1.9: by its keepers); its last state stays in the ledger. Refused (409) while a connection names it. Needs If-Match",
			Params:  []param{id, ifMatchParam}, Response: "SegmentItem", Handler: s.segmentRetire().api(s),
		},
		{
			Method: "POST", Path: "/api/v1/networks/connections/{id}/retire", ID: "retireConnection",
			Summary: "Take a connection out of the register (8.1.9: by its keepers); its last state stays in the ledger and its findings close. Needs If-Match",
			Params:  []param{id, ifMatchParam}, Response: "ConnectionItem", Handler: s.connectionRetire().api(s),
		},
	}
}

func row[T any](n int, v T) store.Row[T] { return store.Row[T]{Line: n, Item: v} }

func (s *Server) apiNetwork(w http.ResponseWriter, r *http.Request) error {
	var zone systems.Zone
	if z := r.URL.Query().Get("zone"); z != "" {
		var ok bool
		if zone, ok = systems.ParseZone(z); !ok {
			return kijun.Errorf(kijun.EINVALID, "区分 %s はありません", z)
		}
	}
	n, err := s.db.NetworkRegister(r.Context(), zone)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"segments": nonNil(n.Segments), "connections": nonNil(n.Connections)})
	return nil
}

func (s *Server) apiSegment(w http.ResponseWriter, r *http.Request) error {
	v, err := s.db.Segment(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return answerSegment(w, r, v, http.StatusOK)
}

func (s *Server) apiConnection(w http.ResponseWriter, r *http.Request) error {
	v, err := s.db.Connection(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return answerConnection(w, r, v, http.StatusOK)
}

func answerSegment(w http.ResponseWriter, _ *http.Request, v systems.Segment, status int) error {
	return answerItem(w, status, int(v.Version), "segment", v)
}

func answerConnection(w http.ResponseWriter, _ *http.Request, v systems.Connection, status int) error {
	return answerItem(w, status, int(v.Version), "connection", v)
}

func (s *Server) segmentWriter() apiWriter[systems.Segment] {
	return apiWriter[systems.Segment]{
		key:    func(v *systems.Segment) (*string, *int64) { return &v.ID, &v.Version },
		create: s.registers.Network.CreateSegment, update: s.registers.Network.UpdateSegment, get: s.db.Segment,
		answer: answerSegment,
	}
}

func (s *Server) connectionWriter() apiWriter[systems.Connection] {
	return apiWriter[systems.Connection]{
		key:    func(v *systems.Connection) (*string, *int64) { return &v.ID, &v.Version },
		create: s.registers.Network.CreateConnection, update: s.registers.Network.UpdateConnection, get: s.db.Connection,
		answer: answerConnection,
	}
}
