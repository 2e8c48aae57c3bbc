package web

import (
	"bytes"
	"net/http"

	"kijun/internal/hrimport"
	"kijun/internal/organisation"
)

type orgImportData struct {
	FileError string
	Errors    []organisation.RowError
}

const maxShown = 300

func (s *Server) handleOrgImportForm(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, "org_import", s.newPage(w, r, "org.import.title", orgImportData{}))
}

func (s *Server) handleOrgTemplate(w http.ResponseWriter, r *http.Request) error {
	var b bytes.Buffer
	if err := hrimport.WriteTemplate(&b); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="jinji-idou-template.xlsx"`)
	_, err := w.Write(b.Bytes())
	return err
}

// handleOrgImport keeps the uploaded HR file on the server and starts its
// check as work of its own (spoolFile): the upload's page shows its
// progress, the plan and the confirmation, which names the upload, not
// the file. Confirmed, the people, units and roles change across the
// city, and the city is checked again (who has left, 8.2.1イ(3); which
// roles stand empty, 3.1), as after every import (workImport).
func (s *Server) handleOrgImport(w http.ResponseWriter, r *http.Request) error {
	si := s.hrImport()
	return s.spoolFile(w, r, si, si.action, func(msg string) error {
		return s.render(w, r, http.StatusBadRequest, "org_import", s.newPage(w, r, "org.import.title", orgImportData{FileError: msg}))
	})
}
