package web

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"time"

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
// office may import only their own 課's items, new or stored.
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
		ed, err := s.editor(r)
		if err != nil {
			return err
		}
		plan, err := si.run(r.Context(), ed, d.Filename, data, !confirm)
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
