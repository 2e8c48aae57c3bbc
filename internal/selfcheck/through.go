package selfcheck

import (
	"slices"

	"kijun/internal/catalog"
)

// DefaultsThrough are the questions Kijun proposes for a city's own
// standard in force: those of Defaults, and the curated questions whose
// reference provision the city's standard carries through its confirmed
// alignment (carries, 11.3). A curated question keeps citing the
// reference provision, so that its rules still answer it; pages cite it
// as the city's article with the reference in brackets.
func DefaultsThrough(city *catalog.Catalog, carries func(id string) bool) []Question {
	var out []Question
	for _, q := range curated {
		if city.Find(q.Provision) == nil && carries(q.Provision) {
			q.Rules = slices.Clone(q.Rules)
			out = append(out, q)
		}
	}
	return append(out, Defaults(city)...)
}
