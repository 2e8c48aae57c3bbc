package web

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"

	"kijun/internal/attendance"
	"kijun/internal/kijun"
	"kijun/internal/registers"
	"kijun/internal/sheets"
	"kijun/internal/store"
)

// sheetImport is a register that imports from a spreadsheet: the asset
// register and the three of chapter 6 share one page and one handler.
type sheetImport struct {
	titleKey string // the page's title
	action   string // where the form posts
	template string // the template's address
	maxSize  int
	// run reads a file and imports it for ed, all or nothing, through
	// package registers: each row by the rules of the register's form.
	run func(ctx context.Context, ed *registers.Editor, name string, data []byte, dryRun bool) (*store.ImportPlan, error)
	// detailed, when set instead of run, imports a file of the city's
	// organisation (page_org_upload.go), with the changes to list.
	detailed func(ctx context.Context, name string, data []byte, dryRun bool) (*store.ImportPlan, *importDetail, error)
	// cityOffice: only the CISO's office may import the file.
	cityOffice bool
	// trained, when set instead of run, imports a training file
	// (page_training_import.go) through the training service's gate.
	trained func(ctx context.Context, t *attendance.Trainer, u store.Upload, data []byte, dryRun bool) (*store.ImportPlan, error)
}

type importData struct {
	Error    string
	Errors   []kijun.RowError
	Action   string
	Template string
}

func (s *Server) importForm(si sheetImport) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		return s.render(w, r, http.StatusOK, "import", s.newPage(w, r, si.titleKey, importData{Action: si.action, Template: si.template}))
	}
}

// importFile keeps an uploaded register on the server (store.SpoolUpload)
// and starts its check, a dry run, as work of its own; the person is sent
// to the page of the upload, which shows the work's progress, the plan
// and the confirmation. The file is not sent back by the page: the
// confirmation names the upload. A person outside the CISO's office may
// import only their own 課's items, new or stored (8.2.1ア), which the
// check and the write each ask of every row.
func (s *Server) importFile(si sheetImport) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		d := importData{Action: si.action, Template: si.template}
		fail := func(status int) error {
			return s.render(w, r, status, "import", s.newPage(w, r, si.titleKey, d))
		}
		if err := r.ParseMultipartForm(32 << 20); err != nil {
			d.Error = "ファイルを受け取れませんでした（大きすぎるか、送信が途中で切れました）"
			return fail(http.StatusBadRequest)
		}
		f, hdr, err := r.FormFile("file")
		if err != nil {
			d.Error = "ファイルを選んでください（.xlsx 又は .csv）"
			return fail(http.StatusBadRequest)
		}
		defer f.Close()
		ed, err := s.editor(r)
		if err != nil {
			return err
		}
		u, err := s.db.SpoolUpload(r.Context(), uploadOwner(r), si.action, filepath.Base(hdr.Filename), f, int64(si.maxSize))
		if kijun.ErrorCode(err) == kijun.EINVALID {
			d.Error = kijun.ErrorMessage(err)
			return fail(http.StatusBadRequest)
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
}

// download sends a spreadsheet written by write as an attachment named
// name plus the format's extension. When a Shift_JIS export had to change
// characters, the file's name says how many cells (the person sees it as
// the download arrives), and so does the header X-Kijun-Substituted.
func download(w http.ResponseWriter, name, format string, write func(io.Writer) error) error {
	var b bytes.Buffer
	out := &sheets.Counted{W: &b}
	if err := write(out); err != nil {
		return err
	}
	ctype := "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	shown := ""
	switch format {
	case "csv":
		name, ctype = name+".csv", "text/csv; charset=utf-8"
	case "csv-sjis":
		if out.Substituted > 0 {
			shown = fmt.Sprintf("%s（Shift_JIS にない文字を〓に置換 %d 件）.csv", name, out.Substituted)
			w.Header().Set("X-Kijun-Substituted", strconv.Itoa(out.Substituted))
		}
		name, ctype = name+".csv", "text/csv; charset=Shift_JIS"
	default:
		name += ".xlsx"
	}
	w.Header().Set("Content-Type", ctype)
	disposition := `attachment; filename="` + name + `"`
	if shown != "" {
		disposition += "; filename*=UTF-8''" + url.PathEscape(shown)
	}
	w.Header().Set("Content-Disposition", disposition)
	_, err := w.Write(b.Bytes())
	return err
}
