package web

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// chapters places the provisions findings cite in the chapters of the
// standard in force, for the dashboard's groups and heat map and the
// findings list's filter (9.2.1). Under the reference (Kobe's) a chapter
// is the number before the first dot of 8.2.6; under a city's own edition
// a finding cites 第34条［8.2.6］, and its chapter is the city's 章 above
// 第34条, named as the city names it.
type chapters struct {
	// own is true when the city's own edition is in force.
	own bool
	// path is the catalog in force as its pages are addressed, kobe-kijun/5.5.
	path   string
	parent map[string]string
	order  map[string]int
	titles map[string]string
}

// chaptersInForce reads the chapters of the standard in force.
func (s *Server) chaptersInForce(r *http.Request) (*chapters, error) {
	cat, err := s.monitor.Catalog(r.Context())
	if err != nil {
		return nil, err
	}
	own, err := s.monitor.OwnEdition(cat)
	if err != nil {
		return nil, err
	}
	x := &chapters{own: own, path: cat.Key + "/" + cat.Edition, parent: map[string]string{}, order: map[string]int{}, titles: map[string]string{}}
	for i, p := range cat.Provisions {
		x.parent[p.ID], x.order[p.ID] = p.Parent, i
		if p.Parent == "" {
			x.titles[p.ID] = p.Title
		}
	}
	return x, nil
}

// cityCited returns the city's provision a citation names first: 第19条
// of 第19条・第20条［5］, 第34条第2項 of 第34条第2項［8.2.6］.
func cityCited(prov string) string {
	head, _, _ := strings.Cut(prov, "［")
	head, _, _ = strings.Cut(head, "・")
	return head
}

// of returns the chapter a finding citing prov is counted under. Under the
// city's edition a citation the city's standard does not hold (one left
// from before the edition changed) is a group of its own.
func (x *chapters) of(prov string) string {
	if !x.own {
		ch, _, _ := strings.Cut(prov, ".")
		return ch
	}
	id := cityCited(prov)
	if _, ok := x.order[id]; !ok {
		return prov
	}
	for x.parent[id] != "" {
		id = x.parent[id]
	}
	return id
}

// under reports whether a finding citing prov falls under the city's
// provision id (a 章, 節, 条 or 項), or cites id itself: the same test as
// of, so that a chapter's link lists exactly the findings counted in it.
func (x *chapters) under(prov, id string) bool {
	if prov == id {
		return true
	}
	c := cityCited(prov)
	if _, ok := x.order[c]; !ok {
		return false
	}
	for ; c != ""; c = x.parent[c] {
		if c == id {
			return true
		}
	}
	return false
}

// CatalogPath is the catalog in force as its pages are addressed, for the
// link of a finding's provision: kobe-kijun/5.5 or asahi-kijun/1.0.
func (x *chapters) CatalogPath() string { return x.path }

// PageOf returns the provision whose page a finding citing prov links to:
// prov itself under Kobe's, the city's first article cited under its own.
func (x *chapters) PageOf(prov string) string {
	if !x.own {
		return prov
	}
	return cityCited(prov)
}

// label names a chapter in full: "8. 技術的セキュリティ" under Kobe's,
// "第4章 技術的セキュリティ" under the city's.
func (x *chapters) label(ch string) string {
	if x.own {
		return strings.TrimSpace(ch + " " + x.titles[ch])
	}
	return ch + ". " + x.titles[ch]
}

// compare orders chapters as the standard does.
func (x *chapters) compare(a, b string) int {
	if !x.own {
		i, _ := strconv.Atoi(a)
		j, _ := strconv.Atoi(b)
		return cmp.Compare(i, j)
	}
	i, okA := x.order[a]
	j, okB := x.order[b]
	switch {
	case okA && okB:
		return cmp.Compare(i, j)
	case okA != okB: // the city's own chapters first
		if okA {
			return -1
		}
		return 1
	}
	return strings.Compare(a, b)
}

// provisionFilter turns the findings list's provision filter into the
// citations that fall under it when the city's edition is in force: the
// stored 第34条［8.2.6］ does not start with 第4章. It returns nil under
// Kobe's, where the store's prefix match serves.
func (s *Server) provisionFilter(r *http.Request, id string) ([]string, error) {
	x, err := s.chaptersInForce(r)
	if err != nil || !x.own {
		return nil, err
	}
	cited, err := s.db.FindingProvisions(r.Context())
	if err != nil {
		return nil, err
	}
	out := slices.DeleteFunc(cited, func(p string) bool { return !x.under(p, id) })
	if out == nil {
		out = []string{} // none at all
	}
	return out, nil
}
