package web

import (
	"context"
	"net/http"
	"path/filepath"

	"kijun/internal/access"
	"kijun/internal/hrimport"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/unitimport"
)

// The HR file (人事異動) and the organisation file (組織改正) are imported
// as the registers are: uploaded once, kept on the server, checked and
// then written as work of their own with progress (page_import_work.go),
// never sent back through the page. Only the CISO's office imports them,
// at the upload, at the confirmation and again when the job runs.

// importChange is one line of what an organisation import does, as the
// upload's page lists it.
type importChange struct {
	Row     int    `json:"row"`
	Key     string `json:"key"`  // the staff number, or the unit's code
	Name    string `json:"name"` // the person's or the unit's name
	Kind    string `json:"kind"` // a message key naming the change
	Details string `json:"details,omitempty"`
}

// importDetail is what an organisation import shows beyond its counts.
type importDetail struct {
	KeyLabel string         `json:"key_label"` // the message key of the Key column
	Changes  []importChange `json:"changes,omitempty"`
	More     int            `json:"more_changes,omitempty"`
	Review   []string       `json:"review,omitempty"` // staff numbers whose IDs are to be reviewed
}

// hrImport is the HR file's import as the work of an upload.
func (s *Server) hrImport() sheetImport {
	return sheetImport{titleKey: "org.import.title", action: "/org/import", template: "/org/import/template.xlsx",
		maxSize: hrimport.MaxSize, cityOffice: true,
		detailed: func(ctx context.Context, name string, data []byte, dryRun bool) (*store.ImportPlan, *importDetail, error) {
			plan, err := hrimport.Import(ctx, s.db, name, data, dryRun)
			if err != nil {
				return nil, nil, err
			}
			out := &store.ImportPlan{DryRun: dryRun, Unchanged: plan.Counts[organisation.HRUnchanged]}
			d := &importDetail{KeyLabel: "org.person.no", Review: plan.Leaving()}
			for _, c := range plan.Changes {
				switch c.Kind {
				case organisation.HRUnchanged:
					continue
				case organisation.HRAdded:
					out.Added = append(out.Added, c.Person.StaffNo)
				default:
					out.Changed = append(out.Changed, c.Person.StaffNo)
				}
				d.add(importChange{Row: c.Row, Key: c.Person.StaffNo, Name: c.Person.Name, Kind: "org.import." + string(c.Kind), Details: joinDetails(c.Details)})
			}
			return out, d, nil
		}}
}

// reorgImport is the organisation file's import as the work of an upload.
func (s *Server) reorgImport() sheetImport {
	return sheetImport{titleKey: "org.reorg.title", action: "/org/reorg", template: "/org/reorg/template.xlsx",
		maxSize: unitimport.MaxSize, cityOffice: true,
		detailed: func(ctx context.Context, name string, data []byte, dryRun bool) (*store.ImportPlan, *importDetail, error) {
			plan, err := unitimport.Import(ctx, s.db, name, data, dryRun)
			if err != nil {
				return nil, nil, err
			}
			out := &store.ImportPlan{DryRun: dryRun, Unchanged: plan.Counts[organisation.ReorgUnchanged]}
			d := &importDetail{KeyLabel: "org.unit.code"}
			for _, c := range plan.Changes {
				switch c.Kind {
				case organisation.ReorgUnchanged:
					continue
				case organisation.ReorgNew:
					out.Added = append(out.Added, c.Unit.Code)
				default:
					out.Changed = append(out.Changed, c.Unit.Code)
				}
				d.add(importChange{Row: c.Row, Key: c.Unit.Code, Name: c.Unit.Name, Kind: "org.reorg." + string(c.Kind), Details: c.Describe()})
			}
			return out, d, nil
		}}
}

// add lists c, up to maxShown changes, and counts the rest.
func (d *importDetail) add(c importChange) {
	if len(d.Changes) == maxShown {
		d.More++
		return
	}
	d.Changes = append(d.Changes, c)
}

func joinDetails(ds []string) string {
	out := ""
	for i, d := range ds {
		if i > 0 {
			out += "／"
		}
		out += d
	}
	return out
}

// mayImportCity reports whether p may import a file only the CISO's office
// imports (the rule of the organisation pages, ruleCityOffice).
func mayImportCity(si sheetImport, p *access.Principal) bool {
	return !si.cityOffice || p.CityOffice() || p.Admin
}

// spoolFile keeps the file the form sent (its field "file") as an upload
// of register, starts its check as work of its own, and sends the person
// to the upload's page; a file refused before its check (none chosen, too
// large, too many kept) is shown by fail beside the file field. The
// organisation files and the training files are sent this way.
func (s *Server) spoolFile(w http.ResponseWriter, r *http.Request, si sheetImport, register string, fail func(string) error) error {
	f, hdr, err := r.FormFile("file")
	if err != nil {
		return fail("取り込むファイル（.xlsx 又は .csv）を選んでください")
	}
	defer f.Close()
	ed, err := s.editor(r)
	if err != nil {
		return err
	}
	u, err := s.db.SpoolUpload(r.Context(), uploadOwner(r), register, filepath.Base(hdr.Filename), f, int64(si.maxSize))
	if kijun.ErrorCode(err) == kijun.EINVALID {
		return fail(kijun.ErrorMessage(err))
	} else if err != nil {
		return err
	}
	if _, err := s.db.MoveUpload(r.Context(), u.ID, store.UploadQueued, store.UploadChecking, false); err != nil {
		return err
	}
	if err := s.imports.start(s, r, u, si, ed, false); err != nil {
		return err
	}
	http.Redirect(w, r, "/imports/"+u.ID, http.StatusSeeOther)
	return nil
}
