package web

import (
	"net/http"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/operations"
	"kijun/internal/store"
)

// vulnsData is the page of security holes affecting the city's systems
// (8.6.1), with the feed import of the CISO's office.
type vulnsData struct {
	Findings  []operations.VulnFinding
	All       bool
	CanImport bool
	Imported  *store.FeedImport
	Error     string
	Now       time.Time
}

// handleVulns lists the findings of the systems the person sees: the
// whole city for the city office.
func (s *Server) handleVulns(w http.ResponseWriter, r *http.Request) error {
	return s.renderVulns(w, r, http.StatusOK, &vulnsData{All: r.URL.Query().Get("all") == "1"})
}

func (s *Server) renderVulns(w http.ResponseWriter, r *http.Request, status int, d *vulnsData) error {
	scope, err := s.unitScope(r)
	if err != nil {
		return err
	}
	if d.Findings, err = s.db.VulnFindings(r.Context(), store.VulnFilter{Units: scope, Open: !d.All, Limit: 2000}); err != nil {
		return err
	}
	ed, err := s.editor(r)
	if err != nil {
		return err
	}
	d.CanImport, d.Now = ed.City(), s.db.Now()
	return s.render(w, r, status, "vulns", s.newPage(w, r, "ops.vulns.title", d))
}

// handleVulnsImport imports an uploaded feed file in one transaction,
// streamed from the upload as the form's reader keeps it (the pages take
// files up to the form limit; a year of NVD goes through kijun vulns
// import): a file that is not JSON or of an unknown format is refused
// with the reason, and nothing is written.
func (s *Server) handleVulnsImport(w http.ResponseWriter, r *http.Request) error {
	d := &vulnsData{}
	ed, err := s.editor(r)
	if err != nil {
		return err
	}
	format, err := operations.ParseFormat(r.FormValue("format"))
	if err != nil {
		d.Error = kijun.ErrorMessage(err)
		return s.renderVulns(w, r, http.StatusBadRequest, d)
	}
	f, _, err := r.FormFile("file")
	if err != nil {
		d.Error = "脆弱性情報ファイルを選んでください"
		return s.renderVulns(w, r, http.StatusBadRequest, d)
	}
	defer f.Close()
	res, err := s.registers.Operations.ImportFeed(r.Context(), ed, f, format)
	if err != nil {
		if kijun.ErrorCode(err) != kijun.EINVALID {
			return err
		}
		d.Error = kijun.ErrorMessage(err)
		return s.renderVulns(w, r, http.StatusBadRequest, d)
	}
	d.Imported = res
	return s.renderVulns(w, r, http.StatusOK, d)
}
