package web

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"path/filepath"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/store"
)

// sheetImport is a register that imports from a spreadsheet: the asset
// register and the three of chapter 6 share one page and one handler.
type sheetImport struct {
	titleKey string // the page's title
	action   string // where the form posts
	template string // the template's address
	maxSize  int
	// run reads a file and imports it, all or nothing; allowed says
	// whether rows of a unit may be imported.
	run func(ctx context.Context, name string, data []byte, dryRun bool, allowed func(unit string) (bool, error)) (*store.ImportPlan, error)
}

type importData struct {
	Plan     *store.ImportPlan
	Summary  string
	Errors   []kijun.RowError
	Error    string
	Filename string
	Payload  string
	Done     bool
	Action   string
	Template string
}

func (s *Server) importForm(si sheetImport) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		return s.render(w, r, http.StatusOK, "import", s.newPage(w, r, si.titleKey, importData{Action: si.action, Template: si.template}))
	}
}

// importFile checks an uploaded register (a dry run) or imports it on
// confirmation; all or nothing either way. A person outside the CISO's
// office may import only their own 課's items.
func (s *Server) importFile(si sheetImport) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		allowLongImport(w)
		d := importData{Action: si.action, Template: si.template}
		fail := func(status int) error {
			return s.render(w, r, status, "import", s.newPage(w, r, si.titleKey, d))
		}
		if err := r.ParseMultipartForm(32 << 20); err != nil {
			d.Error = "ファイルを受け取れませんでした（大きすぎるか、送信が途中で切れました）"
			return fail(http.StatusBadRequest)
		}
		confirm := r.FormValue("mode") == "confirm"
		var data []byte
		if confirm {
			var err error
			d.Filename = filepath.Base(r.FormValue("filename"))
			if data, err = base64.StdEncoding.DecodeString(r.FormValue("payload")); err != nil {
				d.Error = "確認したファイルを受け取れませんでした。もう一度選んでください"
				return fail(http.StatusBadRequest)
			}
		} else {
			f, hdr, err := r.FormFile("file")
			if err != nil {
				d.Error = "ファイルを選んでください（.xlsx 又は .csv）"
				return fail(http.StatusBadRequest)
			}
			defer f.Close()
			d.Filename = filepath.Base(hdr.Filename)
			if data, err = io.ReadAll(io.LimitReader(f, int64(si.maxSize)+1)); err != nil {
				return err
			}
		}
		// Which 課 this person may import is read before the import's
		// transaction begins, which checks each row's 課 against it.
		scope, err := s.unitScope(r)
		if err != nil {
			return err
		}
		plan, err := si.run(r.Context(), d.Filename, data, !confirm, func(unit string) (bool, error) { return mayEditUnitIn(r, scope, unit), nil })
		var ie *kijun.ImportError
		switch {
		case errors.As(err, &ie):
			d.Error, d.Errors = kijun.ErrorMessage(err), ie.Errors
			if len(d.Errors) > 200 {
				d.Errors = d.Errors[:200]
			}
			return fail(http.StatusBadRequest)
		case kijun.ErrorCode(err) == kijun.EINVALID:
			d.Error = kijun.ErrorMessage(err)
			return fail(http.StatusBadRequest)
		case err != nil:
			return err
		}
		d.Plan, d.Summary, d.Done = plan, plan.Describe(), confirm
		if confirm && len(plan.Added)+len(plan.Changed) > 0 {
			// An import may touch any record: check the whole city again.
			s.checkCity(r)
		}
		if !confirm {
			d.Payload = base64.StdEncoding.EncodeToString(data)
		}
		return s.render(w, r, http.StatusOK, "import", s.newPage(w, r, si.titleKey, d))
	}
}

// download sends a spreadsheet written by write as an attachment named
// name plus the format's extension.
func download(w http.ResponseWriter, name, format string, write func(io.Writer) error) error {
	var b bytes.Buffer
	if err := write(&b); err != nil {
		return err
	}
	ctype := "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	switch format {
	case "csv":
		name, ctype = name+".csv", "text/csv; charset=utf-8"
	case "csv-sjis":
		name, ctype = name+".csv", "text/csv; charset=Shift_JIS"
	default:
		name += ".xlsx"
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	_, err := w.Write(b.Bytes())
	return err
}

// importTime is how long an import's answer may take to write. The
// server's write timeout (two minutes) suits a page; the whole city's asset
// register (200,000 rows) is checked, written in one transaction and the
// city checked again, which took over two minutes on a server of two cores
// under 200 clients.
const importTime = 15 * time.Minute

// allowLongImport moves the response's write deadline to importTime from
// now.
func allowLongImport(w http.ResponseWriter) {
	http.NewResponseController(w).SetWriteDeadline(time.Now().Add(importTime))
}
