package web

import (
	"net/http"

	"kijun/internal/organisation"
	"kijun/internal/setup"
)

type setupData struct {
	Steps   []setup.Step
	Missing int
}

// handleSetup shows what a new city still lacks, in order, each step
// linked to where it is done; the first serve on an empty database points
// here.
func (s *Server) handleSetup(w http.ResponseWriter, r *http.Request) error {
	st, err := s.db.SetupState(r.Context(), organisation.Day(s.db.Now()))
	if err != nil {
		return err
	}
	st.OIDC = s.access.OIDCEnabled()
	d := setupData{Steps: setup.Steps(st)}
	d.Missing = len(setup.Missing(d.Steps))
	return s.render(w, r, http.StatusOK, "setup", s.newPage(w, r, "setup.title", d))
}
