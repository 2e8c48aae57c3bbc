package align

import "kijun/internal/catalog"

// Own returns the city's provisions that have no reference: neither they,
// nor a provision below them, nor a provision above them that carries
// duties (not a frame of chapters and sections) is aligned with the
// reference. They are the city's own text, which no rule, permit type or
// question of Kijun reaches until one is written for them. Only the
// highest of a branch is listed, in the city's order.
func (cw *Crosswalk) Own() []string {
	covered := map[string]bool{} // aligned, or with an aligned provision below
	parent := map[string]string{}
	for _, p := range cw.city.Provisions {
		parent[p.ID] = p.Parent
	}
	for id := range cw.aligned {
		for a := id; a != ""; a = parent[a] {
			covered[a] = true
		}
	}
	carried := func(id string) bool { // an aligned provision above it carries it
		for a := parent[id]; a != ""; a = parent[a] {
			if cw.aligned[a] && !cw.frame[a] {
				return true
			}
		}
		return false
	}
	var out []string
	listed := map[string]bool{}
	for _, p := range cw.city.Provisions {
		if listed[p.Parent] {
			listed[p.ID] = true
			continue
		}
		if covered[p.ID] || carried(p.ID) {
			continue
		}
		listed[p.ID] = true
		out = append(out, p.ID)
	}
	return out
}

// Reference returns the reference standard the crosswalk leads to.
func (cw *Crosswalk) Reference() *catalog.Catalog { return cw.ref }
