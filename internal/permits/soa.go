package permits

import (
	"net/url"

	"kijun/internal/soa"
)

// Supports declares, for the statement of applicability, every provision
// each permit type serves (its own clauses, its fields', its refusals'),
// linked to the type's form.
func (r *Registry) Supports() []soa.Support {
	var out []soa.Support
	for _, t := range r.Types() {
		for _, p := range t.Provisions() {
			out = append(out, soa.Support{Provision: p, Kind: soa.Permit, Name: t.Key, Title: t.Name,
				Link: "/permits/form?type=" + url.QueryEscape(t.Key)})
		}
	}
	return out
}
