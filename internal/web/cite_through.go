package web

import (
	"iter"
	"net/http"

	"kijun/internal/catalog"
)

// citation is a reference provision as the city's standard in force cites
// it: Text is 第34条［8.2.6］, ID the city's first provision that carries
// it (its page), empty under a gap of the city's standard.
type citation struct {
	Text, ID string
}

// citesThrough names each of ids that cite the reference standard as the
// city's standard in force cites it through its confirmed alignment: its
// own article with the reference in brackets (11.3). It returns nil when
// the reference itself is in force; an ID of the city's own standard is
// left out, as it is cited as it is.
func (s *Server) citesThrough(r *http.Request, cat *catalog.Catalog, ids iter.Seq[string]) (map[string]*citation, error) {
	cw, err := s.monitor.CrosswalkOf(r.Context(), cat)
	if err != nil || cw == nil {
		return nil, err
	}
	out := map[string]*citation{}
	for id := range ids {
		if cat.Find(id) != nil || cw.Reference().Find(id) == nil {
			continue
		}
		c := citation{Text: cw.Cite(id)}
		if to := cw.CityOf(id); len(to) > 0 {
			c.ID = to[0]
		}
		out[id] = &c
	}
	return out, nil
}

// permitCites names a permit type's clauses, which cite the reference, as
// the city's standard in force cites them (see citesThrough).
func (s *Server) permitCites(r *http.Request, clauses iter.Seq[string]) (map[string]*citation, error) {
	cat, err := s.monitor.Catalog(r.Context())
	if err != nil {
		return nil, err
	}
	return s.citesThrough(r, cat, clauses)
}
