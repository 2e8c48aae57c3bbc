package align

import "kijun/internal/catalog"

// Gaps returns the reference provisions that no city provision covers: a
// provision is covered when it, a provision above it or one below it is
// the target of an alignment. Only the highest uncovered provision of a
// branch is listed, in the reference's order, so a whole uncovered
// chapter is one gap, not a hundred.
func Gaps(ref *catalog.Catalog, targets []string) []string {
	parent := map[string]string{}
	for _, p := range ref.Provisions {
		parent[p.ID] = p.Parent
	}
	covered := map[string]bool{}
	for _, t := range targets {
		if _, ok := parent[t]; !ok {
			continue
		}
		covered[t] = true
		for id := parent[t]; id != ""; id = parent[id] {
			covered[id] = true // an ancestor is covered in part
		}
	}
	under := func(id string) bool { // id or an ancestor is a target
		for ; id != ""; id = parent[id] {
			for _, t := range targets {
				if t == id {
					return true
				}
			}
		}
		return false
	}
	var out []string
	listed := map[string]bool{}
	for _, p := range ref.Provisions {
		if covered[p.ID] || under(p.ID) || listed[p.Parent] {
			if listed[p.Parent] {
				listed[p.ID] = true
			}
			continue
		}
		listed[p.ID] = true
		out = append(out, p.ID)
	}
	return out
}
