package compliance

import (
	"net/url"

	"kijun/internal/soa"
)

// Supports declares, for the statement of applicability, the provision
// each rule checks, linked to the rule's findings.
func (rs *Ruleset) Supports() []soa.Support {
	out := make([]soa.Support, len(rs.Rules))
	for i, r := range rs.Rules {
		out[i] = soa.Support{Provision: r.Provision, Kind: soa.Rule, Name: r.ID,
			Title: r.Applies.Label() + "の点検", Link: "/compliance/findings?rule=" + url.QueryEscape(r.ID)}
	}
	return out
}
