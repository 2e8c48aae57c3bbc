package monitor

import (
	"context"
	"maps"
	"slices"

	"kijun/internal/compliance"
	"kijun/internal/kijun"
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
	var sharing map[string]bool
	if s := p.System; s != nil {
		// What saving it would re-check, and the whole network, which
		// propose works out again with the system as proposed.
		was, err := m.db.System(ctx, s.ID)
		isNew := kijun.ErrorCode(err) == kijun.ENOTFOUND
		if err != nil && !isNew {
			return nil, nil, err
		}
		if scope, sharing, err = m.systemTouches(ctx, isNew, was.Zone, *s); err != nil {
			return nil, nil, err
		}
		scope = append(scope, "network:")
	}
	if p.Connection != nil {
		scope = append(scope, "connection:"+p.Connection.ID)
	}
	facts, err := m.facts(ctx, m.db.Now(), scope)
	if err != nil {
		return nil, nil, err
	}
	before, err := Check(rs, facts)
	if err != nil {
		return nil, nil, err
	}
	after, err := Check(rs, propose(facts, p, sharing))
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

// SystemTouches returns what a saved system's re-check must cover: the
// system; the network, when the system is new or has moved zone, as its
// connections take its zone; and, when it has moved into or out of the
// マイナンバー利用事務系, the devices and media that share its assets,
// whose マイナンバー flag (5.1イ(2)) follows.
func (m *Monitor) SystemTouches(ctx context.Context, isNew bool, oldZone systems.Zone, saved systems.System) ([]string, error) {
	touched, _, err := m.systemTouches(ctx, isNew, oldZone, saved)
	return touched, err
}

// systemTouches is SystemTouches, with the devices and media sharing the
// system's assets as SharingHolders gives them when it has moved into or
// out of the マイナンバー利用事務系, nil otherwise.
func (m *Monitor) systemTouches(ctx context.Context, isNew bool, oldZone systems.Zone, saved systems.System) ([]string, map[string]bool, error) {
	touched := []string{"system:" + saved.ID}
	if isNew || oldZone != saved.Zone {
		touched = append(touched, "network:")
	}
	if (oldZone == systems.ZoneMyNumber) == (saved.Zone == systems.ZoneMyNumber) {
		return touched, nil, nil
	}
	sharing, err := m.db.SharingHolders(ctx, saved.ID)
	if err != nil {
		return nil, nil, err
	}
	return append(touched, slices.Sorted(maps.Keys(sharing))...), sharing, nil
}

// propose returns a copy of facts with the proposal applied. sharing holds
// the devices and media that share a moved system's assets, each with
// whether another マイナンバー system shares one too (SharingHolders).
func propose(facts *compliance.Facts, p Proposal, sharing map[string]bool) *compliance.Facts {
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
		if sharing != nil {
			mine := s.Zone == systems.ZoneMyNumber
			f.Devices, f.Media = slices.Clone(f.Devices), slices.Clone(f.Media)
			for i := range f.Devices {
				if other, ok := sharing["device:"+f.Devices[i].ID]; ok {
					f.Devices[i].MyNumber = mine || other
				}
			}
			for i := range f.Media {
				if other, ok := sharing["medium:"+f.Media[i].ID]; ok {
					f.Media[i].MyNumber = mine || other
				}
			}
		}
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
