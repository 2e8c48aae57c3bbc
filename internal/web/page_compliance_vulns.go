package web

import (
	"fmt"
	"html/template"
	"net/http"

	"kijun/internal/chart"
)

// vulnSeverityColors are critical, high, medium and low: the dashboard's
// severity colours with a darker red for critical, each 3:1 on white.
var vulnSeverityColors = []string{"#7a0010", "#b3261e", "#9a5b00", "#1a5fb4"}

// vulnExposureChart draws the open security holes per 局 by CVSS severity
// (8.6.1) for the compliance dashboard, its figures in a table beside it;
// nil when no system of those the person sees has one.
func (s *Server) vulnExposureChart(r *http.Request, p *page, scope []string) (*chartView, error) {
	rows, err := s.db.VulnExposure(r.Context(), scope)
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	c := chart.Chart{ID: "vuln-chart", Title: p.T("chart.vulns.title"), Unit: p.T("chart.unit.vulns"), Colors: vulnSeverityColors,
		Series: []chart.Series{{Name: p.T("chart.vulns.critical")}, {Name: p.T("chart.vulns.high")}, {Name: p.T("chart.vulns.medium")}, {Name: p.T("chart.vulns.low")}}}
	total := 0
	for _, b := range rows {
		c.Labels = append(c.Labels, b.Name)
		for i, n := range []int{b.Critical, b.High, b.Medium, b.Low} {
			c.Series[i].Values = append(c.Series[i].Values, float64(n))
		}
		total += b.Total()
	}
	c.Desc = fmt.Sprintf(p.T("chart.vulns.desc"), total, len(rows), rows[0].Name, rows[0].Total(), rows[0].Critical)
	return &chartView{ID: c.ID, Caption: c.Title, SVG: template.HTML(chart.Bars(c)),
		Table: template.HTML(c.Table(c.Title, p.T("chart.vulns.bureau"), p.T("chart.total"))), Page: p}, nil
}
