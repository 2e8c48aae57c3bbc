package separation

import "kijun/internal/soa"

// Supports declares, for the statement of applicability, the provision
// each rule of the separation proof checks, linked to the proof's page.
func Supports() []soa.Support {
	var out []soa.Support
	for _, r := range Rules() {
		out = append(out, soa.Support{Provision: r.Clause, Kind: soa.Rule, Name: r.Rule, Title: r.Title, Link: "/compliance/network"})
	}
	return out
}
