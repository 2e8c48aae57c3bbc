package web

import (
	"net/http"
	"strings"

	"kijun/internal/store"
)

type orgSearchData struct {
	Q     string
	Error string
	Hits  []store.PersonHit
	Done  bool
}

func (s *Server) handleOrgSearch(w http.ResponseWriter, r *http.Request) error {
	d := orgSearchData{Q: strings.TrimSpace(r.URL.Query().Get("q"))}
	status := http.StatusOK
	if _, asked := r.URL.Query()["q"]; asked {
		if d.Q == "" || len([]rune(d.Q)) > 50 {
			d.Error, status = "氏名（漢字・かな）又は職員番号を 50 文字以内で入力してください", http.StatusBadRequest
		} else {
			hits, err := s.db.SearchPeople(r.Context(), d.Q, s.asOf(r).Value, 100)
			if err != nil {
				return err
			}
			d.Hits, d.Done = hits, true
		}
	}
	return s.render(w, r, status, "org_search", s.newPage(w, r, "org.search.title", d))
}
