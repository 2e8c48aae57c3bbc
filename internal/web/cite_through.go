package web

import (
	"iter"
	"net/http"

	"kijun/internal/catalog"
)

// citesThrough names each of ids that cite the reference standard as the
// city's standard in force cites it through its confirmed alignment: its
// own article with the reference in brackets, 第34条［8.2.6］ (11.3). It
// returns nil when the reference itself is in force; an ID of the city's
// own standard is left as it is.
func (s *Server) citesThrough(r *http.Request, cat *catalog.Catalog, ids iter.Seq[string]) (map[string]string, error) {
	cw, err := s.monitor.CrosswalkOf(r.Context(), cat)
	if err != nil || cw == nil {
		return nil, err
	}
	out := map[string]string{}
	for id := range ids {
		if cat.Find(id) == nil && cw.Reference().Find(id) != nil {
			out[id] = cw.Cite(id)
		}
	}
	return out, nil
}
