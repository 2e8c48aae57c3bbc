package store

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"sync"

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
	net  Network
	ends []systems.System
}

// networkPatchMost is the most ledger records a cache reads to bring
// itself up to date; past it (an import, say) it reads the network whole.
const networkPatchMost = 2000

// networkEntities are the ledger's entities whose changes a cache applies.
var networkEntities = []string{"network_segment", "network_connection", "system"}

// read returns the network as of r's transaction: the cache brought up to
// date, or the network read whole when the cache is empty, far behind, or
// ahead of the transaction. The caller gets copies it may change.
func (c *NetworkCache) read(ctx context.Context, r *factsReader) (Network, []systems.System, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	head, _, err := r.tx.head(ctx)
	if err != nil {
		return Network{}, nil, err
	}
	switch {
	case c.head == 0 || head < c.head || head-c.head > networkPatchMost:
		n, ends, err := r.readNetwork(ctx, nil, nil, nil)
		if err != nil || head < c.head {
			return n, ends, err // read for an older transaction: the caller's alone
		}
		c.head, c.net, c.ends = head, n, ends
	case head > c.head:
		if err := c.patch(ctx, r, head); err != nil {
			return Network{}, nil, err
		}
	}
	n, ends := copies(c.net, c.ends)
	return n, ends, nil
}

// patch re-reads the segments, connections and systems the ledger records
// after the cache's head name, up to head.
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
		for _, s := range n.Segments {
			c.net.Segments = upsertByID(c.net.Segments, s, func(x systems.Segment) string { return x.ID })
		}
		for _, x := range n.Connections {
			c.net.Connections = upsertByID(c.net.Connections, x, func(x systems.Connection) string { return x.ID })
		}
		for _, s := range ends {
			c.ends = upsertByID(c.ends, s, func(x systems.System) string { return x.ID })
		}
	}
	c.head = head
	return nil
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

// copies returns copies of a network a caller may change.
func copies(n Network, ends []systems.System) (Network, []systems.System) {
	return Network{Segments: slices.Clone(n.Segments), Connections: slices.Clone(n.Connections)}, slices.Clone(ends)
}
