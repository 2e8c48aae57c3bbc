package web

import (
	"io"
	"net/http"
	"strconv"
	"time"

	"kijun/internal/incidents"
	"kijun/internal/incidentsheet"
	"kijun/internal/kijun"
	"kijun/internal/wareki"
)

type incidentStatsData struct {
	Year  int
	Name  string
	Years []yearOption
	Stats incidents.Stats
	// Chart draws the year's incidents by month and kind.
	Chart *chartView
}

// yearOption is a fiscal year a page offers, named as 年度 are (令和7年度).
type yearOption struct {
	Year int
	Name string
}

// statsYear reads the fiscal year asked for, this one by default.
func (s *Server) statsYear(r *http.Request) (int, time.Time, time.Time, error) {
	fy := wareki.FiscalYear(s.db.Now())
	if v := r.URL.Query().Get("year"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil || y < 2000 || y > fy+1 {
			return 0, time.Time{}, time.Time{}, kijun.Errorf(kijun.EINVALID, "年度 %s は選べません", v)
		}
		fy = y
	}
	from, to := wareki.FiscalYearRange(fy)
	return fy, from, to, nil
}

// statsRows reads the incidents of the year the request asks for, with
// the year and its first day.
func (s *Server) statsRows(r *http.Request) (fy int, from time.Time, rows []incidents.StatRow, err error) {
	fy, from, to, err := s.statsYear(r)
	if err != nil {
		return fy, from, nil, err
	}
	rows, err = s.db.IncidentStatRows(r.Context(), from, to)
	return fy, from, rows, err
}

// handleIncidentStats shows the year's figures for the CISO: counts by
// cause and kind, time to acknowledge and contain, recurrences; drills
// left out (7.2.3).
func (s *Server) handleIncidentStats(w http.ResponseWriter, r *http.Request) error {
	fy, from, rows, err := s.statsRows(r)
	if err != nil {
		return err
	}
	d := incidentStatsData{Year: fy, Name: wareki.FiscalYearName(from), Stats: incidents.Compute(rows)}
	for y := wareki.FiscalYear(s.db.Now()); y >= wareki.FiscalYear(s.db.Now())-4; y-- {
		from, _ := wareki.FiscalYearRange(y)
		d.Years = append(d.Years, yearOption{Year: y, Name: wareki.FiscalYearName(from)})
	}
	p := s.newPage(w, r, "incidents.stats.title", &d)
	if p.Lang == langEN { // the kinds have English names; the figures are the same
		for i, c := range d.Stats.ByKind {
			d.Stats.ByKind[i].Label = incidents.Kind(c.Key).LabelEN()
		}
	}
	d.Chart = incidentMonthChart(p, from, rows)
	return s.render(w, r, http.StatusOK, "incident_stats", p)
}

// handleIncidentReport sends the CISO's yearly report as a workbook.
func (s *Server) handleIncidentReport(w http.ResponseWriter, r *http.Request) error {
	fy, from, rows, err := s.statsRows(r)
	if err != nil {
		return err
	}
	return download(w, "incidents-"+strconv.Itoa(fy), "xlsx", func(w io.Writer) error {
		return incidentsheet.WriteYear(w, wareki.FiscalYearName(from), incidents.Compute(rows), rows)
	})
}
