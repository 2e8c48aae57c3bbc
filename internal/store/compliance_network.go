package store

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"sync"

	"kijun/internal/compliance"
	"kijun/internal/systems"
)

// NetworkCache keeps the network as the separation proof reads it (chapter
// 5) between re-checks, so that a re-check after a change to one
// connection reads that connection rather than all of them. It knows what
// changed from the ledger: every change to a segment, connection or system
// writes a ledger record in its own transaction, and write transactions
// run one at a time, so the records after the one the cache reflects name
// every row that may differ. A process keeps one; several processes each
// keep their own, all kept right by the one ledger.
type NetworkCache struct {
	mu   sync.Mutex
	head int64 // the last ledger record the cache reflects; 0 when empty
	snap *networkSnapshot
}

// networkSnapshot is the network at one ledger record, with what every
// re-check works out from it. It is never changed once made: a change
// makes a new one, sharing what the change left alone, so re-checks
// running at once may each read theirs.
type networkSnapshot struct {
	net  Network
	ends []systems.System
	// zones and units hold the zone and 課 of every segment and system
	// end, by end (segment:ID, system:ID).
	zones, units map[string]string
	segments     []compliance.Segment // what the rules know of each segment
}

// newNetworkSnapshot works out the ends' zones and units and the
// segments' facts of a network.
func newNetworkSnapshot(n Network, ends []systems.System) *networkSnapshot {
	s := &networkSnapshot{net: n, ends: ends, zones: make(map[string]string, len(n.Segments)+len(ends)),
		units: make(map[string]string, len(n.Segments)+len(ends)), segments: make([]compliance.Segment, 0, len(n.Segments))}
	for _, g := range n.Segments {
		s.zones["segment:"+g.ID], s.units["segment:"+g.ID] = string(g.Zone), g.Unit
		s.segments = append(s.segments, compliance.Segment{ID: g.ID, Name: g.Name, Unit: g.Unit, Zone: string(g.Zone), Address: g.Address, Wireless: g.Wireless})
	}
	for _, e := range ends {
		s.zones["system:"+e.ID], s.units["system:"+e.ID] = string(e.Zone), e.Unit
	}
	return s
}

// networkPatchMost is the most ledger records a cache reads to bring
// itself up to date; past it (an import, say) it reads the network whole.
const networkPatchMost = 2000

// networkEntities are the ledger's entities whose changes a cache applies.
var networkEntities = []string{"network_segment", "network_connection", "system"}

// read returns the network as of r's transaction: the cache brought up to
// date, or the network read whole when the cache is empty, far behind, or
// ahead of the transaction. The snapshot is shared: the caller must not
// change it.
func (c *NetworkCache) read(ctx context.Context, r *factsReader) (*networkSnapshot, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	head, _, err := r.tx.head(ctx)
	if err != nil {
		return nil, err
	}
	switch {
	case c.head == 0 || head < c.head || head-c.head > networkPatchMost:
		n, ends, err := r.readNetwork(ctx, nil, nil, nil)
		if err != nil {
			return nil, err
		}
		snap := newNetworkSnapshot(n, ends)
		if head < c.head {
			return snap, nil // read for an older transaction: the caller's alone
		}
		c.head, c.snap = head, snap
	case head > c.head:
		if err := c.patch(ctx, r, head); err != nil {
			return nil, err
		}
	}
	return c.snap, nil
}

// patch re-reads the segments, connections and systems the ledger records
// after the cache's head name, up to head, into a new snapshot.
func (c *NetworkCache) patch(ctx context.Context, r *factsReader, head int64) error {
	changed := map[string][]any{} // entity -> IDs
	seen := map[string]bool{}
	err := r.query(ctx, "SELECT entity, entity_id FROM ledger_records WHERE seq > ? AND seq <= ?", []any{c.head, head}, func(sc scanner) error {
		var entity, id sql.NullString
		if err := sc.Scan(&entity, &id); err != nil {
			return err
		}
		if k := entity.String + ":" + id.String; slices.Contains(networkEntities, entity.String) && !seen[k] {
			seen[k] = true
			changed[entity.String] = append(changed[entity.String], id.String)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if len(changed) > 0 {
		n, ends, err := r.readNetwork(ctx, changed["network_segment"], changed["network_connection"], changed["system"])
		if err != nil {
			return err
		}
		old := c.snap
		next := *old
		// A changed ID that is read no more was retired: it leaves the
		// snapshot.
		goneConns := gone(changed["network_connection"], n.Connections, func(x systems.Connection) string { return x.ID })
		goneSegs := gone(changed["network_segment"], n.Segments, func(x systems.Segment) string { return x.ID })
		if len(n.Connections) > 0 || len(goneConns) > 0 {
			next.net.Connections = slices.Clone(old.net.Connections)
			for _, x := range n.Connections {
				next.net.Connections = upsertByID(next.net.Connections, x, func(x systems.Connection) string { return x.ID })
			}
			next.net.Connections = slices.DeleteFunc(next.net.Connections, func(x systems.Connection) bool { return goneConns[x.ID] })
		}
		if len(n.Segments) > 0 || len(goneSegs) > 0 || len(ends) > 0 {
			// The ends' zones change with them: work them out again.
			segs, sys := old.net.Segments, old.ends
			if len(n.Segments) > 0 || len(goneSegs) > 0 {
				segs = slices.Clone(segs)
				for _, s := range n.Segments {
					segs = upsertByID(segs, s, func(x systems.Segment) string { return x.ID })
				}
				segs = slices.DeleteFunc(segs, func(x systems.Segment) bool { return goneSegs[x.ID] })
			}
			if len(ends) > 0 {
				sys = slices.Clone(sys)
				for _, s := range ends {
					sys = upsertByID(sys, s, func(x systems.System) string { return x.ID })
				}
			}
			next = *newNetworkSnapshot(Network{Segments: segs, Connections: next.net.Connections}, sys)
		}
		c.snap = &next
	}
	c.head = head
	return nil
}

// gone returns those of changed that read no longer holds.
func gone[T any](changed []any, read []T, id func(T) string) map[string]bool {
	out := map[string]bool{}
	for _, c := range changed {
		out[c.(string)] = true
	}
	for _, x := range read {
		delete(out, id(x))
	}
	return out
}

// upsertByID puts x into list, sorted by ID, in place of the item with its
// ID if there is one.
func upsertByID[T any](list []T, x T, id func(T) string) []T {
	i, found := slices.BinarySearchFunc(list, id(x), func(a T, want string) int { return strings.Compare(id(a), want) })
	if found {
		list[i] = x
		return list
	}
	return slices.Insert(list, i, x)
}
