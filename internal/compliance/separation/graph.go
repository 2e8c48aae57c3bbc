package separation

import (
	"cmp"
	"slices"
	"strings"

	"kijun/internal/systems"
)

// The external ends of the register, and the pseudo-zones a Hop gives them
// so that every end has a zone.
const (
	endLGWAN    = "external:lgwan"
	endInternet = "external:internet"
	endKuni     = "external:kuni"

	ZoneExternalLGWAN    systems.Zone = "external:lgwan"    // LGWAN itself
	ZoneExternalInternet systems.Zone = "external:internet" // the internet through the セキュリティクラウド
	ZoneExternalKuni     systems.Zone = "external:kuni"     // 国等の公的機関のシステム
)

// ZoneLabel names a zone or external network in Japanese; an unknown end's
// blank zone is 台帳にない端.
func ZoneLabel(z systems.Zone) string {
	switch z {
	case ZoneExternalLGWAN:
		return "LGWAN"
	case ZoneExternalInternet:
		return "インターネット"
	case ZoneExternalKuni:
		return "国等"
	case "":
		return "台帳にない端"
	}
	return z.Label()
}

// side is the part of the three tiers an end belongs to: LGWAN itself sits
// on the LGWAN side, the internet on the internet side.
type side uint8

const (
	sideUnknown side = iota
	sideMyNumber
	sideLGWAN
	sideInternet
	sideOther
	sideKuni
)

// node is an end of the register: a segment, a system or an external
// network.
type node struct {
	end      string
	name     string
	zone     systems.Zone
	side     side
	wireless bool
	known    bool
	edges    []int32
}

// edge is a connection between two nodes, a being its From end.
type edge struct {
	c    *systems.Connection
	a, b int32
}

// other returns the end of e that is not n.
func (e *edge) other(n int32) int32 {
	if e.a == n {
		return e.b
	}
	return e.a
}

// graph is the register as nodes and edges, both in a stable order so that
// searches and findings do not depend on the order of the input.
type graph struct {
	nodes []node
	edges []edge
	index map[string]int32 // node by end
	byID  map[string]int32 // edge by connection ID; the first if IDs repeat
}

func sideOf(z systems.Zone) side {
	switch z {
	case systems.ZoneMyNumber:
		return sideMyNumber
	case systems.ZoneLGWAN, ZoneExternalLGWAN:
		return sideLGWAN
	case systems.ZoneInternet, ZoneExternalInternet:
		return sideInternet
	case systems.ZoneOther:
		return sideOther
	case ZoneExternalKuni:
		return sideKuni
	}
	return sideUnknown
}

func newGraph(in Input) *graph {
	n := len(in.Segments) + len(in.Systems) + 3
	g := &graph{nodes: make([]node, 0, n), index: make(map[string]int32, n), byID: make(map[string]int32, len(in.Connections))}
	add := func(nd node) int32 {
		if i, ok := g.index[nd.end]; ok {
			return i
		}
		nd.side = sideOf(nd.zone)
		i := int32(len(g.nodes))
		g.nodes = append(g.nodes, nd)
		g.index[nd.end] = i
		return i
	}
	for _, x := range []struct {
		end  string
		zone systems.Zone
	}{{endLGWAN, ZoneExternalLGWAN}, {endInternet, ZoneExternalInternet}, {endKuni, ZoneExternalKuni}} {
		add(node{end: x.end, name: systems.Externals[strings.TrimPrefix(x.end, "external:")], zone: x.zone, known: true})
	}
	for i := range in.Segments {
		s := &in.Segments[i]
		add(node{end: "segment:" + s.ID, name: s.Name, zone: s.Zone, wireless: s.Wireless, known: true})
	}
	for i := range in.Systems {
		s := &in.Systems[i]
		add(node{end: "system:" + s.ID, name: s.Name, zone: s.Zone, known: true})
	}
	cons := make([]*systems.Connection, len(in.Connections))
	for i := range in.Connections {
		cons[i] = &in.Connections[i]
	}
	slices.SortStableFunc(cons, func(a, b *systems.Connection) int { return cmp.Compare(a.ID, b.ID) })
	g.edges = make([]edge, 0, len(cons))
	for _, c := range cons {
		a, b := add(node{end: c.From}), add(node{end: c.To})
		g.edges = append(g.edges, edge{c: c, a: a, b: b})
		e := int32(len(g.edges) - 1)
		if _, dup := g.byID[c.ID]; !dup {
			g.byID[c.ID] = e
		}
		g.nodes[a].edges = append(g.nodes[a].edges, e)
		if b != a {
			g.nodes[b].edges = append(g.nodes[b].edges, e)
		}
	}
	return g
}

// search is a breadth-first search from every source at once. It stops at
// sinks, so each sink is reached by one shortest path from the nearest
// source, and a source's own side is never left and re-entered. step says
// whether the search may go from node u to node v over edge e.
type search struct {
	g      *graph
	parent []int32 // edge by which a node was reached; -1 for sources and unreached
	seen   []bool
	sinks  []int32 // in the order reached
}

func (g *graph) search(isSource, isSink func(*node) bool, step func(e *edge, u, v int32) bool) *search {
	s := &search{g: g, parent: make([]int32, len(g.nodes)), seen: make([]bool, len(g.nodes))}
	queue := make([]int32, 0, len(g.nodes))
	for i := range g.nodes {
		s.parent[i] = -1
		if isSource(&g.nodes[i]) {
			s.seen[i] = true
			queue = append(queue, int32(i))
		}
	}
	for len(queue) > 0 {
		u := queue[0]
		queue = queue[1:]
		if s.parent[u] >= 0 && isSink(&g.nodes[u]) {
			s.sinks = append(s.sinks, u)
			continue
		}
		for _, ei := range g.nodes[u].edges {
			e := &g.edges[ei]
			v := e.other(u)
			if s.seen[v] || !step(e, u, v) {
				continue
			}
			s.seen[v] = true
			s.parent[v] = ei
			queue = append(queue, v)
		}
	}
	return s
}

// path returns the hops from the source to n.
func (s *search) path(n int32) []Hop {
	var hops []Hop
	for s.parent[n] >= 0 {
		e := &s.g.edges[s.parent[n]]
		u := e.other(n)
		hops = append(hops, s.g.hop(e, u, n))
		n = u
	}
	slices.Reverse(hops)
	return hops
}

// hop describes going from u to v over e.
func (g *graph) hop(e *edge, u, v int32) Hop {
	a, b := &g.nodes[u], &g.nodes[v]
	return Hop{
		From: a.end, To: b.end, FromName: a.name, ToName: b.name, FromZone: a.zone, ToZone: b.zone,
		Connection: e.c.ID, Channel: e.c.Channel, Protocol: e.c.Protocol, Ports: e.c.Ports,
		Sanitisation: e.c.Sanitisation, Reversed: e.a != u,
	}
}

// reverse turns a path around, for findings read in the direction data
// flows rather than the direction the search went.
func reverse(hops []Hop) []Hop {
	out := make([]Hop, len(hops))
	for i, h := range hops {
		h.From, h.To = h.To, h.From
		h.FromName, h.ToName = h.ToName, h.FromName
		h.FromZone, h.ToZone = h.ToZone, h.FromZone
		h.Reversed = !h.Reversed
		out[len(hops)-1-i] = h
	}
	return out
}
