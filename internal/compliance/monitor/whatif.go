package monitor

import (
	"context"
	"maps"
	"slices"

	"kijun/internal/compliance"
	"kijun/internal/store"
	"kijun/internal/systems"
)

// Proposal is a change not yet made: a system as it would be saved, or a
// connection added or changed.
type Proposal struct {
	System     *systems.System
	Connection *systems.Connection
}

// WhatIf returns the findings a proposal would add and those it would
// close, judged against the registers as they stand, without saving
// anything.
func (m *Monitor) WhatIf(ctx context.Context, p Proposal) (added, closed []compliance.Finding, err error) {
	rs, err := m.Rules(ctx)
	if err != nil {
		return nil, nil, err
	}
	var scope store.FactsScope
	if p.System != nil {
		scope = append(scope, "system:"+p.System.ID, "network:")
	}
	if p.Connection != nil {
		scope = append(scope, "connection:"+p.Connection.ID)
	}
	at := m.db.Now()
	facts, err := m.db.ComplianceFactsCached(ctx, at, scope, &m.net)
	if err != nil {
		return nil, nil, err
	}
	if err := m.settings(ctx, facts); err != nil {
		return nil, nil, err
	}
	before, err := Check(rs, facts)
	if err != nil {
		return nil, nil, err
	}
	after, err := Check(rs, propose(facts, p))
	if err != nil {
		return nil, nil, err
	}
	was := map[string]bool{}
	for _, f := range before {
		was[f.Key()] = true
	}
	is := map[string]bool{}
	for _, f := range after {
		is[f.Key()] = true
		if !was[f.Key()] {
			added = append(added, f)
		}
	}
	for _, f := range before {
		if !is[f.Key()] {
			closed = append(closed, f)
		}
	}
	return added, closed, nil
}

// propose returns a copy of facts with the proposal applied.
func propose(facts *compliance.Facts, p Proposal) *compliance.Facts {
	f := *facts
	n := *facts.Network
	n.Zones, n.Units = maps.Clone(n.Zones), maps.Clone(n.Units)
	f.Network = &n
	if s := p.System; s != nil {
		var class compliance.Class
		i := slices.IndexFunc(f.Systems, func(x compliance.System) bool { return x.ID == s.ID })
		if i >= 0 {
			class = f.Systems[i].Class
		}
		sf := store.SystemFacts(*s, f.Day, class)
		f.Systems = slices.Clone(f.Systems)
		if i >= 0 {
			sf.Owner, sf.Admin = f.Systems[i].Owner, f.Systems[i].Admin
			f.Systems[i] = sf
		} else {
			f.Systems = append(f.Systems, sf)
		}
		n.Zones["system:"+s.ID], n.Units["system:"+s.ID] = string(s.Zone), s.Unit
		n.Systems = slices.Clone(n.Systems)
		if j := slices.IndexFunc(n.Systems, func(x systems.System) bool { return x.ID == s.ID }); j >= 0 {
			n.Systems[j] = *s
		} else {
			n.Systems = append(n.Systems, *s)
		}
	}
	if c := p.Connection; c != nil {
		n.Connections = slices.Clone(n.Connections)
		if j := slices.IndexFunc(n.Connections, func(x systems.Connection) bool { return x.ID == c.ID }); j >= 0 {
			n.Connections[j] = *c
		} else {
			n.Connections = append(n.Connections, *c)
		}
	}
	// Connections take their ends' zones: after a system moves, work them
	// all out again. A connection proposed alone is the only one the facts
	// hold for the rules (store.FactsScope), so it is the only one judged
	// before and after.
	if p.System != nil {
		f.Connections = make([]compliance.Connection, 0, len(n.Connections))
		for _, c := range n.Connections {
			f.Connections = append(f.Connections, store.ConnectionFacts(c, n.Zones, n.Units))
		}
	} else if c := p.Connection; c != nil {
		f.Connections = []compliance.Connection{store.ConnectionFacts(*c, n.Zones, n.Units)}
	}
	return &f
}
