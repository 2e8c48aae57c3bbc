package web

import (
	"net/http"
	"strings"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
)

// reorgOperations are the JSON API of the 組織改正 (3.1): the same service
// as the page, the file import and the CLI (store.DB.ImportUnits), for the
// CISO's office. Each takes dry_run=1 to preview.
func (s *Server) reorgOperations() []operation {
	dry := param{Name: "dry_run", In: "query", Type: "string", Description: "1: check and preview, write nothing"}
	return []operation{
		{
			Method: "POST", Path: "/api/v1/org/units", ID: "createUnit",
			Summary: "Create one organisation unit from a day. Body: {code, name, kana, parent, kind, from}",
			Params:  []param{dry}, Response: "ReorgPlan", Handler: s.apiCreateUnit, Rule: ruleCityOffice,
		},
		{
			Method: "POST", Path: "/api/v1/org/units/{code}/abolish", ID: "abolishUnit",
			Summary:  "Abolish a unit after its last day; its assets, systems, devices, media, areas, segments, open permit requests and open findings move to the successor. Body: {last_day, successor}",
			Params:   []param{{Name: "code", In: "path", Type: "string", Description: "unit code", Required: true}, dry},
			Response: "ReorgPlan", Handler: s.apiAbolishUnit, Rule: ruleCityOffice,
		},
		{
			Method: "POST", Path: "/api/v1/org/reorganisation", ID: "reorganise",
			Summary: "Apply a 組織改正: rows of the organisation master, all or none. Body: {rows: [{code, name, kana, parent, kind, from, to, successor}]}",
			Params:  []param{dry}, Response: "ReorgPlan", Handler: s.apiReorganise, Rule: ruleCityOffice,
		},
	}
}

// unitRowJSON is a row of the organisation master as the API takes it.
type unitRowJSON struct {
	Code      string `json:"code"`
	Name      string `json:"name"`
	Kana      string `json:"kana"`
	Parent    string `json:"parent"`
	Kind      string `json:"kind"`
	From      string `json:"from"`
	To        string `json:"to"`
	Successor string `json:"successor"`
	LastDay   string `json:"last_day"`
}

func (j unitRowJSON) row(line int) (organisation.UnitRow, error) {
	r := organisation.UnitRow{Sheet: "api", Line: line, Code: strings.TrimSpace(j.Code), Name: strings.TrimSpace(j.Name),
		Kana: strings.TrimSpace(j.Kana), Parent: strings.TrimSpace(j.Parent), Kind: organisation.UnitKind(j.Kind), Successor: strings.TrimSpace(j.Successor)}
	date := func(field, v string) (time.Time, error) {
		if v == "" || v == organisation.OpenEnd {
			return time.Time{}, nil
		}
		d, err := organisation.ParseDate(v)
		if err != nil {
			return d, kijun.Errorf(kijun.EINVALID, "%d 件目の %s %q は YYYY-MM-DD にしてください", line, field, v)
		}
		return d, nil
	}
	var err error
	if r.From, err = date("from", j.From); err != nil {
		return r, err
	}
	if r.To, err = date("to", j.To); err != nil {
		return r, err
	}
	switch {
	case r.Code == "" || r.Name == "":
		return r, kijun.Errorf(kijun.EINVALID, "%d 件目: code と name が必要です", line)
	case r.From.IsZero():
		return r, kijun.Errorf(kijun.EINVALID, "%d 件目: from（適用開始日）が必要です", line)
	case !r.To.IsZero() && r.To.Before(r.From):
		return r, kijun.Errorf(kijun.EINVALID, "%d 件目: to が from より前です", line)
	case r.Successor != "" && r.To.IsZero():
		return r, kijun.Errorf(kijun.EINVALID, "%d 件目: successor は to（廃止の最終日）のある行にだけ書けます", line)
	}
	return r, nil
}

// writePlan applies rows (or previews them) and writes the plan, or the
// rows in error with a 400.
func (s *Server) writePlan(w http.ResponseWriter, r *http.Request, rows []organisation.UnitRow) error {
	dry := r.URL.Query().Get("dry_run") == "1"
	plan, err := s.db.ImportUnits(r.Context(), rows, dry)
	// An import's refusals (row, column, reason) are the problem's rows.
	if err != nil {
		return err
	}
	if !dry {
		s.checkCity(r)
	}
	writeJSON(w, http.StatusOK, map[string]any{"dry_run": dry, "counts": plan.Counts, "changes": nonNil(plan.Changes), "successors": plan.Successors()})
	return nil
}

func (s *Server) apiCreateUnit(w http.ResponseWriter, r *http.Request) error {
	var j unitRowJSON
	if err := decodeBody(r, &j); err != nil {
		return err
	}
	if j.To != "" || j.Successor != "" || j.LastDay != "" {
		return kijun.Errorf(kijun.EINVALID, "新設では to・successor・last_day は書けません（廃止は /abolish へ）")
	}
	row, err := j.row(1)
	if err != nil {
		return err
	}
	return s.writePlan(w, r, []organisation.UnitRow{row})
}

func (s *Server) apiAbolishUnit(w http.ResponseWriter, r *http.Request) error {
	var j unitRowJSON
	if err := decodeBody(r, &j); err != nil {
		return err
	}
	last, err := organisation.ParseDate(j.LastDay)
	if err != nil {
		return kijun.Errorf(kijun.EINVALID, "last_day %q は YYYY-MM-DD にしてください", j.LastDay)
	}
	code := r.PathValue("code")
	u, err := s.db.Unit(r.Context(), code, last)
	if err != nil {
		return err
	}
	row := organisation.UnitRow{Sheet: "api", Line: 1, Code: u.Code, Name: u.Name, Kana: u.Kana, Parent: u.Parent, Kind: u.Kind,
		From: u.From, To: last, Successor: strings.TrimSpace(j.Successor)}
	return s.writePlan(w, r, []organisation.UnitRow{row})
}

func (s *Server) apiReorganise(w http.ResponseWriter, r *http.Request) error {
	var body struct {
		Rows []unitRowJSON `json:"rows"`
	}
	if err := decodeBody(r, &body); err != nil {
		return err
	}
	rows := make([]organisation.UnitRow, 0, len(body.Rows))
	for i, j := range body.Rows {
		row, err := j.row(i + 1)
		if err != nil {
			return err
		}
		rows = append(rows, row)
	}
	return s.writePlan(w, r, rows)
}
