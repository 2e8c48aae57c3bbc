package web

import (
	"bytes"
	"encoding/base64"
	"errors"
	"net/http"

	"kijun/internal/hrimport"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
)

type orgImportData struct {
	FileError string
	Errors    []organisation.RowError
	Plan      *organisation.HRPlan
	Counts    map[string]int          // by organisation.HRChangeKind, for the template
	Shown     []organisation.HRChange // the changes, at most maxShown
	More      int
	Filename  string
	Payload   string // the file, base64, carried from the dry run to the confirmation
	Done      bool   // imported, not a dry run
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

// handleOrgImport runs a dry run of an uploaded file, or, on confirmation,
// imports the file the dry run showed. Either way every row is checked.
func (s *Server) handleOrgImport(w http.ResponseWriter, r *http.Request) error {
	// The guard has bounded and parsed the form (maxFormBytes); a file
	// past hrimport.MaxSize is refused by hrimport.Read, beside the field.
	var d orgImportData
	fail := func(msg string) error {
		d.FileError = msg
		return s.render(w, r, http.StatusBadRequest, "org_import", s.newPage(w, r, "org.import.title", d))
	}
	// One byte past the limit is enough for hrimport.Read to refuse it.
	name, data, confirm, problem := uploaded(r, "取り込むファイル（.xlsx 又は .csv）を選んでください", hrimport.MaxSize+1)
	if problem != "" {
		return fail(problem)
	}
	d.Filename = name
	plan, err := hrimport.Import(r.Context(), s.db, d.Filename, data, !confirm)
	var ie *organisation.ImportError
	switch {
	case errors.As(err, &ie):
		d.Errors = ie.Errors
		return fail(kijun.ErrorMessage(err))
	case kijun.ErrorCode(err) == kijun.EINVALID:
		return fail(kijun.ErrorMessage(err))
	case err != nil:
		return err
	}
	if confirm {
		// People, units and roles change across the city: who has left
		// (their accounts and devices, 8.2.1イ(3)) and which roles stand
		// empty (3.1) are checked again over the whole city.
		s.checkCity(r)
	}
	d.Plan, d.Done = plan, confirm
	d.Counts = map[string]int{}
	for k, n := range plan.Counts {
		d.Counts[string(k)] = n
	}
	for _, c := range plan.Changes {
		if c.Kind == organisation.HRUnchanged {
			continue
		}
		if len(d.Shown) == maxShown {
			d.More++
			continue
		}
		d.Shown = append(d.Shown, c)
	}
	if !confirm {
		d.Payload = base64.StdEncoding.EncodeToString(data)
	}
	title := "org.import.dryrun.title"
	if confirm {
		title = "org.import.done.title"
	}
	return s.render(w, r, http.StatusOK, "org_import", s.newPage(w, r, title, d))
}
