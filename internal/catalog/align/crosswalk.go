package align

import (
	"slices"
	"strings"

	"kijun/internal/catalog"
)

// Crosswalk carries what cites the reference standard (rules, permit
// types, questions) over to a city's own standard through the alignments
// the CISO's office confirmed: a reference provision applies when a city
// provision is aligned with it, with a provision above it (the city's 条
// covers the whole of it) or with one below it (the city's standard
// covers part of it), and it is cited by the city's provision with the
// reference in brackets: 第34条［8.2.6］.
type Crosswalk struct {
	ref    *catalog.Catalog
	parent map[string]string
	// byRef lists the city provisions aligned with each reference
	// provision, in the city's order.
	byRef map[string][]string
	order map[string]int
	// frame marks the city's chapters and sections that hold 条: their
	// alignment places the city's structure, and carries no duty of the
	// reference provisions above or below their counterpart.
	frame map[string]bool
	// city is the city's standard; aligned marks its provisions with a
	// confirmed alignment of their own.
	city    *catalog.Catalog
	aligned map[string]bool
	// cityOf holds CityOf of every reference provision, worked out once:
	// a full check asks it of every finding.
	cityOf map[string][]string
}

// NewCrosswalk builds the crosswalk from the confirmed alignments, city
// provision to reference provisions.
func NewCrosswalk(city, ref *catalog.Catalog, confirmed map[string][]string) *Crosswalk {
	cw := &Crosswalk{ref: ref, parent: map[string]string{}, byRef: map[string][]string{}, order: map[string]int{}, frame: map[string]bool{},
		city: city, aligned: map[string]bool{}}
	for _, p := range ref.Provisions {
		cw.parent[p.ID] = p.Parent
	}
	for i, p := range city.Provisions {
		cw.order[p.ID] = i
		if p.Kind.Heading() && p.Parent != "" {
			cw.frame[p.Parent] = true // a heading under it: the parent is a frame
		}
	}
	for from, tos := range confirmed {
		if _, ok := cw.order[from]; !ok {
			continue
		}
		for _, to := range tos {
			cw.aligned[from] = true
			cw.byRef[to] = append(cw.byRef[to], from)
		}
	}
	for to := range cw.byRef {
		slices.SortFunc(cw.byRef[to], func(a, b string) int { return cw.order[a] - cw.order[b] })
	}
	cw.cityOf = make(map[string][]string, len(ref.Provisions))
	for _, p := range ref.Provisions {
		cw.cityOf[p.ID] = cw.find(p.ID)
	}
	return cw
}

// CityOf returns the city provisions that carry reference provision id:
// those aligned with it, else with the nearest provision above it, else
// with provisions below it; nil when the city's standard has no
// counterpart (a gap).
func (cw *Crosswalk) CityOf(id string) []string {
	if c, ok := cw.cityOf[id]; ok {
		return c
	}
	return cw.find(id)
}

func (cw *Crosswalk) find(id string) []string {
	if c := cw.byRef[id]; len(c) > 0 {
		return c
	}
	for a := cw.parent[id]; a != ""; a = cw.parent[a] {
		if c := cw.carrying(a); len(c) > 0 {
			return c
		}
	}
	var out []string
	prefix := map[string]bool{id: true}
	for _, p := range cw.ref.Provisions {
		if prefix[p.Parent] {
			prefix[p.ID] = true
			for _, c := range cw.carrying(p.ID) {
				if !slices.Contains(out, c) {
					out = append(out, c)
				}
			}
		}
	}
	slices.SortFunc(out, func(a, b string) int { return cw.order[a] - cw.order[b] })
	return out
}

// carrying returns the city provisions aligned with reference provision
// id that carry duties, leaving out the city's frames.
func (cw *Crosswalk) carrying(id string) []string {
	var out []string
	for _, c := range cw.byRef[id] {
		if !cw.frame[c] {
			out = append(out, c)
		}
	}
	return out
}

// Applies reports whether what cites reference provision id applies to
// the city.
func (cw *Crosswalk) Applies(id string) bool { return len(cw.CityOf(id)) > 0 }

// Cite names reference provision id as the city cites it: its own
// provisions with the reference in brackets, 第34条［8.2.6］, or
// 第19条・第20条［5］ when two carry it.
func (cw *Crosswalk) Cite(id string) string {
	c := cw.CityOf(id)
	if len(c) == 0 {
		return "［" + id + "］"
	}
	return strings.Join(c, "・") + "［" + id + "］"
}

// Gaps returns the reference provisions that no confirmed alignment
// covers, as Gaps does for proposals.
func (cw *Crosswalk) Gaps() []string {
	var targets []string
	for to := range cw.byRef {
		targets = append(targets, to)
	}
	return Gaps(cw.ref, targets)
}
