package web

import (
	"bytes"
	"errors"
	"net/http"
	"slices"
	"strings"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/unitimport"
)

// orgReorgData is the 組織改正 page of the CISO's office: a file of units,
// or one unit created or abolished, previewed and then confirmed.
type orgReorgData struct {
	FileError  string
	FormError  string // of the one-unit forms
	Errors     []organisation.RowError
	Plan       *organisation.ReorgPlan
	Shown      []organisation.ReorgChange // the changes, at most maxShown
	More       int
	Successors []successorCount
	Filename   string
	Action     string // where the confirmation posts
	Hidden     []hiddenField
	Done       bool
	Kinds      []organisation.UnitKindInfo
}

type successorCount struct {
	Code    string
	Records int
}

type hiddenField struct{ Name, Value string }

func (s *Server) reorgData(r *http.Request) (orgReorgData, error) {
	kinds, err := s.db.UnitKinds(r.Context())
	if err != nil {
		return orgReorgData{}, err
	}
	d := orgReorgData{}
	for _, k := range kinds {
		d.Kinds = append(d.Kinds, k)
	}
	slices.SortFunc(d.Kinds, func(a, b organisation.UnitKindInfo) int { return a.Level - b.Level })
	return d, nil
}

func (s *Server) handleOrgReorgForm(w http.ResponseWriter, r *http.Request) error {
	d, err := s.reorgData(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "org_reorg", s.newPage(w, r, "org.reorg.title", d))
}

func (s *Server) handleOrgReorgTemplate(w http.ResponseWriter, r *http.Request) error {
	kinds, err := s.db.UnitKinds(r.Context())
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := unitimport.WriteTemplate(&b, kinds); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="soshiki-master-template.xlsx"`)
	_, err = w.Write(b.Bytes())
	return err
}

// handleOrgReorg keeps the uploaded organisation file on the server and
// starts its preview as work of its own (spoolFile); the upload's page
// shows the plan and the confirmation, which names the upload.
func (s *Server) handleOrgReorg(w http.ResponseWriter, r *http.Request) error {
	d, err := s.reorgData(r)
	if err != nil {
		return err
	}
	si := s.reorgImport()
	return s.spoolFile(w, r, si, si.action, func(msg string) error {
		d.FileError = msg
		return s.render(w, r, http.StatusBadRequest, "org_reorg", s.newPage(w, r, "org.reorg.title", d))
	})
}

// handleOrgReorgUnit creates one unit, or abolishes one (its records going
// to the successor named), through the same plan as a file: previewed
// first, written on confirmation.
func (s *Server) handleOrgReorgUnit(w http.ResponseWriter, r *http.Request) error {
	d, err := s.reorgData(r)
	if err != nil {
		return err
	}
	confirm := r.FormValue("mode") == "confirm"
	row, err := s.formUnitRow(r)
	if err == nil {
		var plan *organisation.ReorgPlan
		plan, err = s.db.ImportUnits(r.Context(), []organisation.UnitRow{row}, !confirm)
		if err == nil {
			if !confirm {
				d.Action = r.URL.Path
				for _, k := range []string{"op", "code", "name", "kana", "parent", "kind", "from", "last_day", "successor"} {
					d.Hidden = append(d.Hidden, hiddenField{k, r.FormValue(k)})
				}
			}
			d.Filename = "入力"
			return s.renderReorgPlan(w, r, &d, plan, confirm)
		}
	}
	msg, rows, ok := importRefusal(err)
	if !ok {
		return err
	}
	d.FormError = msg
	for _, re := range rows {
		d.FormError += "／" + re.Reason
	}
	return s.render(w, r, http.StatusBadRequest, "org_reorg", s.newPage(w, r, "org.reorg.title", d))
}

// formUnitRow reads the one-unit form as a row of an organisation file.
func (s *Server) formUnitRow(r *http.Request) (organisation.UnitRow, error) {
	v := func(k string) string { return strings.TrimSpace(r.FormValue(k)) }
	row := organisation.UnitRow{Sheet: "入力", Line: 1, Code: v("code")}
	if row.Code == "" {
		return row, kijun.Errorf(kijun.EINVALID, "組織コードを入力してください")
	}
	if v("op") == "abolish" {
		last, err := organisation.ParseDate(v("last_day"))
		if err != nil {
			return row, kijun.Errorf(kijun.EINVALID, "廃止の最終日 %q は YYYY-MM-DD で入力してください", v("last_day"))
		}
		u, err := s.db.Unit(r.Context(), row.Code, last)
		if err != nil {
			return row, kijun.Wrap(kijun.EINVALID, err, "組織 %s は %s に存在しません", row.Code, organisation.FormatDate(last))
		}
		row.Name, row.Kana, row.Parent, row.Kind, row.From = u.Name, u.Kana, u.Parent, u.Kind, u.From
		row.To, row.Successor = last, v("successor")
		return row, nil
	}
	from, err := organisation.ParseDate(v("from"))
	if err != nil {
		return row, kijun.Errorf(kijun.EINVALID, "適用開始日 %q は YYYY-MM-DD で入力してください", v("from"))
	}
	row.Name, row.Kana, row.Parent, row.Kind, row.From = v("name"), v("kana"), v("parent"), organisation.UnitKind(v("kind")), from
	if row.Name == "" {
		return row, kijun.Errorf(kijun.EINVALID, "名称を入力してください")
	}
	if row.Kana != "" && !organisation.ValidKana(row.Kana) {
		return row, kijun.Errorf(kijun.EINVALID, "カナ %q はカタカナで入力してください", row.Kana)
	}
	return row, nil
}

// importRefusal turns a refused file or form into its message and rows.
func importRefusal(err error) (string, []organisation.RowError, bool) {
	var ie *organisation.ImportError
	switch {
	case errors.As(err, &ie):
		return kijun.ErrorMessage(err), ie.Errors, true
	case kijun.ErrorCode(err) == kijun.EINVALID:
		return kijun.ErrorMessage(err), nil, true
	}
	return "", nil, false
}

func (s *Server) renderReorgPlan(w http.ResponseWriter, r *http.Request, d *orgReorgData, plan *organisation.ReorgPlan, done bool) error {
	if done {
		// Units, and who answers for moved records, change across the
		// city: its checks run again.
		s.checkCity(r)
	}
	d.Plan, d.Done = plan, done
	for _, c := range plan.Changes {
		if c.Kind == organisation.ReorgUnchanged {
			continue
		}
		if len(d.Shown) == maxShown {
			d.More++
			continue
		}
		d.Shown = append(d.Shown, c)
	}
	for code, n := range plan.Successors() {
		d.Successors = append(d.Successors, successorCount{code, n})
	}
	slices.SortFunc(d.Successors, func(a, b successorCount) int { return strings.Compare(a.Code, b.Code) })
	title := "org.reorg.preview.title"
	if done {
		title = "org.reorg.done.title"
	}
	return s.render(w, r, http.StatusOK, "org_reorg", s.newPage(w, r, title, *d))
}
