package web

import (
	"html/template"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"kijun/internal/compliance"
	"kijun/internal/compliance/monitor"
	"kijun/internal/compliance/separation"
	"kijun/internal/kijun"
	"kijun/internal/store"
	"kijun/internal/systems"
)

type separationData struct {
	SVG        template.HTML
	Violations []separationView
	Model      string
	Approved   []string
	Rules      []separationRule
	// The what-if form and its answer.
	WhatIf   url.Values
	Tried    bool
	Added    []compliance.Finding
	Closed   []compliance.Finding
	Errors   map[string]string
	Systems  []systems.System
	Zones    []systems.ZoneSpec
	Channels []systems.Channel
	Methods  []systems.Sanitisation
}

type separationView struct {
	separation.Violation
	Explain string
}

type separationRule struct {
	separation.RuleSpec
	Count int
}

// handleSeparation proves the three-tier separation of chapter 5 over the
// network register and draws it: zones, segments and connections, with
// every path that breaks a rule marked and explained hop by hop. Its
// what-if form shows what a change would add or close before it is made.
func (s *Server) handleSeparation(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	// A scope naming the network reads all of it, and nothing else.
	facts, err := s.db.ComplianceFacts(ctx, s.db.Now(), store.FactsScope{"network:"})
	if err != nil {
		return err
	}
	n := facts.Network
	if n == nil {
		n = &compliance.Network{}
	}
	if err := monitor.NetworkSettings(ctx, s.db, n); err != nil {
		return err
	}
	in := monitor.SeparationInput(n)
	vs := separation.Check(in)
	d := &separationData{SVG: template.HTML(separation.SVG(in, vs)), Model: in.Model.Label(), WhatIf: r.URL.Query(), Errors: map[string]string{},
		Systems: n.Systems, Zones: systems.ZoneSpecs(), Channels: systems.Channels(), Methods: systems.Sanitisations()}
	d.Approved = slices.Sorted(maps.Keys(n.Approved))
	counts := map[string]int{}
	for _, v := range vs {
		d.Violations = append(d.Violations, separationView{v, separation.Explain(v)})
		counts[v.Rule]++
	}
	for _, rs := range separation.Rules() {
		d.Rules = append(d.Rules, separationRule{rs, counts[rs.Rule]})
	}
	if q := r.URL.Query(); q.Get("whatif") != "" {
		d.Tried = true
		p, errs := proposalFromQuery(q)
		d.Errors = errs
		if p.System != nil && len(errs) == 0 {
			sys, err := s.db.System(ctx, p.System.ID)
			if err != nil {
				d.Errors["system"] = kijun.ErrorMessage(err)
			} else {
				sys.Zone = p.System.Zone
				p.System = &sys
			}
		}
		if len(d.Errors) == 0 {
			if d.Added, d.Closed, err = s.monitor.WhatIf(ctx, p); err != nil {
				if kijun.ErrorCode(err) != kijun.ENOTFOUND {
					return err
				}
				d.Errors["system"] = kijun.ErrorMessage(err)
			}
		}
	}
	status := http.StatusOK
	if len(d.Errors) > 0 {
		status = http.StatusBadRequest
	}
	return s.render(w, r, status, "separation", s.newPage(w, r, "compliance.network", d))
}

// proposalFromQuery reads the what-if form: a new connection, or a system
// moved to another zone.
func proposalFromQuery(q url.Values) (monitor.Proposal, map[string]string) {
	errs := map[string]string{}
	val := func(k string) string { return strings.TrimSpace(q.Get(k)) }
	switch q.Get("whatif") {
	case "connection":
		c := systems.Connection{ID: "whatif", From: val("from"), To: val("to"), Channel: systems.Channel(val("channel")),
			Protocol: val("protocol"), Ports: val("ports"), Restriction: val("restriction"),
			Sanitisation: systems.Sanitisation(val("sanitisation")), Wireless: q.Get("wireless") == "1", RemoteAccess: q.Get("remote") == "1"}
		if c.Sanitisation == "" {
			c.Sanitisation = systems.SanitiseNone
		}
		for _, fe := range c.Check() {
			errs[fe.Field] = fe.Message
		}
		return monitor.Proposal{Connection: &c}, errs
	case "system":
		zone, ok := systems.ParseZone(val("zone"))
		if !ok {
			errs["zone"] = "区分 " + val("zone") + " はありません"
		}
		if val("system") == "" {
			errs["system"] = "情報システムを選んでください"
		}
		return monitor.Proposal{System: &systems.System{ID: val("system"), Zone: zone}}, errs
	}
	errs["whatif"] = "試す変更の種類を選んでください（接続の追加・システムの区分の変更）"
	return monitor.Proposal{}, errs
}
