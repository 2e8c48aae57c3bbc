package store

import (
	"context"
	"slices"
	"strings"

	"kijun/internal/compliance"
	"kijun/internal/systems"
)

// network reads segments and connections, whose facts name the zones of
// both ends, and keeps the whole network for the separation proof. The
// proof judges the network as a whole, so a scope naming any segment or
// connection, or network: (after a system changes zone, which its ends
// take), reads all of it. A scope naming connections alone gives the
// rules those connections only: each is judged by itself and its ends,
// whose zones are as they were.
func (r *factsReader) network(ctx context.Context) error {
	segments, connections := r.scope.ids(compliance.KindSegment), r.scope.ids(compliance.KindConnection)
	whole := r.scope == nil || len(segments) > 0 || len(r.scope.ids(compliance.KindNetwork)) > 0
	if !whole && len(connections) == 0 {
		return nil
	}
	var snap *networkSnapshot
	if r.net != nil {
		var err error
		if snap, err = r.net.read(ctx, r); err != nil {
			return err
		}
	} else {
		n, ends, err := r.readNetwork(ctx, nil, nil, nil)
		if err != nil {
			return err
		}
		snap = newNetworkSnapshot(n, ends)
	}
	r.f.Segments = append(r.f.Segments, snap.segments...)
	n := snap.net
	if whole {
		r.f.Connections = slices.Grow(r.f.Connections, len(n.Connections))
	}
	for _, c := range n.Connections {
		if whole || slices.Contains(connections, c.ID) {
			r.f.Connections = append(r.f.Connections, ConnectionFacts(c, snap.zones, snap.units))
		}
	}
	r.f.Network = &compliance.Network{Segments: n.Segments, Connections: n.Connections, Zones: snap.zones, Units: snap.units, Systems: snap.ends}
	return nil
}

// readNetwork reads the whole network when every list of IDs is nil, or
// else the segments, connections and systems whose IDs are in them (a
// table whose list is empty is not read).
func (r *factsReader) readNetwork(ctx context.Context, segments, connections, ends []any) (Network, []systems.System, error) {
	var n Network
	whole := segments == nil && connections == nil && ends == nil
	cond := func(col string, ids []any) (string, bool) {
		if whole {
			return "", true
		}
		return " WHERE " + col + " IN " + inList(len(ids)), len(ids) > 0
	}
	if where, ok := cond("n.id", segments); ok {
		if err := r.query(ctx, "SELECT "+segmentColumns+" FROM network_segments n"+where, segments, func(sc scanner) error {
			s, err := scanSegment(sc)
			n.Segments = append(n.Segments, s)
			return err
		}); err != nil {
			return n, nil, err
		}
	}
	// A re-check of one connection needs the whole network, so it is read
	// a row to a text (rowFields); what the rules and the proof never
	// read (the description, when it was updated) is left out.
	if where, ok := cond("c.id", connections); ok {
		if err := r.rowFields(ctx, []string{"c.id", "c.from_end", "c.to_end", "c.channel", "c.sanitisation", "c.wireless", "c.remote_access",
			"c.version", r.freeText("c.protocol"), r.freeText("c.ports"), "c.restriction", "c.one_way"},
			"FROM network_connections c"+where, connections, func(f []string) error {
				n.Connections = append(n.Connections, systems.Connection{ID: f[0], From: f[1], To: f[2], Channel: systems.Channel(f[3]),
					Sanitisation: systems.Sanitisation(f[4]), Wireless: f[5] != "0", RemoteAccess: f[6] != "0", Version: int64(digit(f[7])),
					Protocol: f[8], Ports: f[9], Restriction: f[10], OneWay: f[11] != "0"})
				return nil
			}); err != nil {
			return n, nil, err
		}
	}
	var read []systems.System
	if where, ok := cond("id", ends); ok {
		if err := r.rowFields(ctx, []string{"id", "zone", "unit_code", "name"}, "FROM systems"+where, ends, func(f []string) error {
			read = append(read, systems.System{ID: f[0], Zone: systems.Zone(f[1]), Unit: f[2], Name: f[3]})
			return nil
		}); err != nil {
			return n, nil, err
		}
	}
	// Sorted here, byte by byte as NetworkCache searches them: ORDER BY
	// would walk the tables by their ID indexes, and on PostgreSQL sort
	// text by the database's collation.
	slices.SortFunc(n.Segments, func(a, b systems.Segment) int { return strings.Compare(a.ID, b.ID) })
	slices.SortFunc(n.Connections, func(a, b systems.Connection) int { return strings.Compare(a.ID, b.ID) })
	slices.SortFunc(read, func(a, b systems.System) int { return strings.Compare(a.ID, b.ID) })
	return n, read, nil
}

// ConnectionFacts is what the rules know of c, given the zone and unit of
// every end.
func ConnectionFacts(c systems.Connection, zones, units map[string]string) compliance.Connection {
	zone := func(end string) string {
		if z, ok := zones[end]; ok {
			return z
		}
		if strings.HasPrefix(end, "external:") {
			return "external"
		}
		return ""
	}
	unit := units[c.From]
	if unit == "" {
		unit = units[c.To]
	}
	return compliance.Connection{ID: c.ID, From: c.From, To: c.To, FromZone: zone(c.From), ToZone: zone(c.To),
		Channel: string(c.Channel), Protocol: c.Protocol, Ports: c.Ports, Restriction: c.Restriction,
		Sanitisation: string(c.Sanitisation), Wireless: c.Wireless, RemoteAccess: c.RemoteAccess, Unit: unit}
}
