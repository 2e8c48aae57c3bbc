package web

import (
	"net/http"
	"strings"

	"kijun/internal/store"
)

type searchData struct {
	Q, Key  string
	Keys    []*store.CatalogInfo
	Hits    []searchHit
	Limited bool
}

type searchHit struct {
	store.SearchHit
	Href    string
	Snippet string
}

const searchLimit = 200

func (s *Server) handleCatalogSearch(w http.ResponseWriter, r *http.Request) error {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	d := searchData{Q: q, Key: r.URL.Query().Get("key")}
	var err error
	if d.Keys, err = s.db.Catalogs(r.Context()); err != nil {
		return err
	}
	p := s.newPage(w, r, "catalog.search.title", &d)
	if q == "" {
		return s.render(w, r, http.StatusOK, "catalog_search", p)
	}
	hits, err := s.db.SearchProvisions(r.Context(), q, d.Key, searchLimit)
	if err != nil {
		return err
	}
	d.Limited = len(hits) == searchLimit
	for _, h := range hits {
		d.Hits = append(d.Hits, searchHit{SearchHit: h, Href: catalogPath(h.Key, h.Edition, h.Provision.ID),
			Snippet: snippet(h.Provision.Text, strings.Fields(q)[0], 90)})
	}
	return s.render(w, r, http.StatusOK, "catalog_search", p)
}

// snippet returns up to n runes of text around the first occurrence of word,
// or its beginning when the word is not there as typed.
func snippet(text, word string, n int) string {
	runes := []rune(strings.ReplaceAll(text, "\n", " "))
	if len(runes) <= n {
		return string(runes)
	}
	start := 0
	if i := strings.Index(string(runes), word); i >= 0 {
		start = max(0, len([]rune(string(runes)[:i]))-n/3)
	}
	end := min(len(runes), start+n)
	out := string(runes[start:end])
	if start > 0 {
		out = "…" + out
	}
	if end < len(runes) {
		out += "…"
	}
	return out
}
