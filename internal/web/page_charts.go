package web

import (
	"cmp"
	"fmt"
	"html/template"
	"net/url"
	"slices"
	"strconv"
	"time"

	"kijun/internal/chart"
	"kijun/internal/incidents"
	"kijun/internal/store"
	"kijun/internal/wareki"
)

// chartView is a chart as a page shows it: a caption, the picture, and
// its figures as a table behind a disclosure for screen readers and for
// those who would rather read numbers (partial "chart").
type chartView struct {
	ID, Caption string
	SVG, Table  template.HTML
	Page        *page
}

// severityColors are the colours of high, medium and low in every chart.
var severityColors = []string{"#b3261e", "#9a5b00", "#1a5fb4"}

// shortDay is a day as a chart's axis writes it: 12月6日, or 6 Dec.
func shortDay(lang string, t time.Time) string {
	t = t.In(wareki.JST())
	if lang == langEN {
		return t.Format("2 Jan")
	}
	return fmt.Sprintf("%d月%d日", t.Month(), t.Day())
}

// shortMonth is a month as a chart's axis writes it: 4月, or Apr.
func shortMonth(lang string, t time.Time) string {
	if lang == langEN {
		return t.Format("Jan")
	}
	return fmt.Sprintf("%d月", t.Month())
}

// trendChart draws the daily trend of open findings per severity, oldest
// day first (9.2.1). Its figures are in the trend table beside it.
func trendChart(p *page, trend []trendRow) *chartView {
	if len(trend) < 2 {
		return nil
	}
	rows := slices.Clone(trend)
	slices.SortFunc(rows, func(a, b trendRow) int { return a.Day.Compare(b.Day) })
	c := chart.Chart{ID: "trend-chart", Title: p.T("chart.trend.title"), Unit: p.T("chart.unit.findings"), Colors: severityColors,
		Series: []chart.Series{{Name: p.T("compliance.sev.high")}, {Name: p.T("compliance.sev.medium")}, {Name: p.T("compliance.sev.low")}}}
	for _, r := range rows {
		c.Labels = append(c.Labels, shortDay(p.Lang, r.Day))
		c.Series[0].Values = append(c.Series[0].Values, float64(r.High))
		c.Series[1].Values = append(c.Series[1].Values, float64(r.Medium))
		c.Series[2].Values = append(c.Series[2].Values, float64(r.Low))
	}
	first, last := rows[0], rows[len(rows)-1]
	c.Desc = fmt.Sprintf(p.T("chart.trend.desc"), p.Date(first.Day), p.Date(last.Day), first.High, last.High, first.Medium, last.Medium, first.Low, last.Low)
	return &chartView{ID: c.ID, Caption: c.Title, SVG: template.HTML(chart.Line(c)), Page: p}
}

// heatChart draws the open findings of each row of the compliance page
// (each 局 of the city, or the units below the one chosen) by chapter of
// the standard, the worst rows first, at most 30 of them.
func heatChart(p *page, d *complianceData, chaps *chapters, counts []store.FindingCount, rowOf map[string]string, visible func(string) bool) *chartView {
	if len(d.Rows) == 0 || len(d.Chaps) == 0 {
		return nil
	}
	rows := d.Rows[:min(len(d.Rows), 30)]
	ri := map[string]int{}
	g := chart.Grid{ID: "heat-chart", Title: p.T("chart.heat.title"), Unit: p.T("chart.unit.findings")}
	for i, r := range rows {
		ri[r.Code] = i
		g.Rows = append(g.Rows, r.Name)
	}
	ci := map[string]int{}
	var long []string
	for i, c := range d.Chaps {
		ci[c.Chapter] = i
		col := c.Chapter // the city's own 第4章
		if !chaps.own {
			col = fmt.Sprintf(p.T("chart.heat.chapter"), c.Chapter)
		}
		g.Cols = append(g.Cols, col)
		long = append(long, c.Label)
	}
	g.Values = make([][]float64, len(rows))
	for i := range g.Values {
		g.Values[i] = make([]float64, len(g.Cols))
	}
	worst, worstN := "", 0.0
	for _, c := range counts {
		if !visible(c.Unit) {
			continue
		}
		r, ok := ri[rowOf[c.Unit]]
		col, ok2 := ci[chaps.of(c.Provision)]
		if !ok || !ok2 {
			continue
		}
		g.Values[r][col] += float64(c.N)
		if v := g.Values[r][col]; v > worstN {
			worst, worstN = g.Rows[r]+" × "+long[col], v
		}
	}
	g.Desc = fmt.Sprintf(p.T("chart.heat.desc"), len(g.Rows), len(g.Cols), worst, int(worstN))
	svg := chart.Heat(g)
	tg := g
	tg.Cols = long
	table := tg.Table(g.Title, p.T("compliance.unit"), func(r, c int) string {
		return "/compliance/findings?" + "unit=" + rows[r].Code + "&provision=" + url.QueryEscape(d.Chaps[c].Chapter)
	})
	return &chartView{ID: g.ID, Caption: g.Title, SVG: template.HTML(svg), Table: template.HTML(table), Page: p}
}

// incidentMonthChart draws the year's incidents by month, stacked by
// kind (7.2.3): drills and reports judged not to be incidents are left
// out, as in the figures beside it.
func incidentMonthChart(p *page, from time.Time, rows []incidents.StatRow) *chartView {
	var counted []incidents.StatRow
	for _, r := range rows {
		if !r.Drill && r.Status != incidents.StatusNotIncident {
			counted = append(counted, r)
		}
	}
	kinds := map[incidents.Kind]int{}
	for _, r := range counted {
		kinds[r.Kind]++
	}
	order := make([]incidents.Kind, 0, len(kinds))
	for k := range kinds {
		order = append(order, k)
	}
	slices.SortFunc(order, func(a, b incidents.Kind) int { return cmp.Or(cmp.Compare(kinds[b], kinds[a]), cmp.Compare(a, b)) })
	c := chart.Chart{ID: "month-chart", Title: p.T("chart.incidents.title"), Unit: p.T("chart.unit.incidents")}
	idx := map[incidents.Kind]int{}
	for i, k := range order {
		idx[k] = i
		name := k.Label()
		if p.Lang == langEN {
			name = k.LabelEN()
		}
		c.Series = append(c.Series, chart.Series{Name: name, Values: make([]float64, 12)})
	}
	start := from.In(wareki.JST())
	for m := range 12 {
		c.Labels = append(c.Labels, shortMonth(p.Lang, start.AddDate(0, m, 0)))
	}
	for _, r := range counted {
		d := r.DiscoveredAt.In(wareki.JST())
		m := (d.Year()-start.Year())*12 + int(d.Month()) - int(start.Month())
		if m >= 0 && m < 12 {
			c.Series[idx[r.Kind]].Values[m]++
		}
	}
	if len(counted) == 0 {
		return nil // the figures beside it say there were none
	}
	c.Desc = fmt.Sprintf(p.T("chart.incidents.desc"), len(counted), len(order))
	return &chartView{ID: c.ID, Caption: c.Title, SVG: template.HTML(chart.Bars(c)),
		Table: template.HTML(c.Table(c.Title, p.T("chart.month"), p.T("chart.total"))), Page: p}
}

// ageBands are how long a request has waited, in days: under 1, 1–3,
// 3–7, 7–14, 14 and over.
var ageBands = []int{1, 3, 7, 14}

// waitingChart draws the requests waiting for the person's decision by
// how long they have waited, so that the oldest stand out (3.2).
func waitingChart(p *page, now time.Time, submitted []time.Time) *chartView {
	if len(submitted) == 0 {
		return nil
	}
	c := chart.Chart{ID: "waiting-chart", Title: p.T("chart.waiting.title"), Unit: p.T("chart.unit.requests"),
		Series: []chart.Series{{Name: p.T("chart.waiting.series"), Values: make([]float64, len(ageBands)+1)}}, Colors: []string{"#1a5fb4"}}
	for i := range len(ageBands) + 1 {
		switch {
		case i == 0:
			c.Labels = append(c.Labels, fmt.Sprintf(p.T("chart.waiting.under"), ageBands[0]))
		case i == len(ageBands):
			c.Labels = append(c.Labels, fmt.Sprintf(p.T("chart.waiting.over"), ageBands[i-1]))
		default:
			c.Labels = append(c.Labels, fmt.Sprintf(p.T("chart.waiting.band"), ageBands[i-1], ageBands[i]))
		}
	}
	oldest := 0
	for _, t := range submitted {
		days := int(now.Sub(t).Hours() / 24)
		oldest = max(oldest, days)
		i := 0
		for i < len(ageBands) && days >= ageBands[i] {
			i++
		}
		c.Series[0].Values[i]++
	}
	c.Desc = fmt.Sprintf(p.T("chart.waiting.desc"), len(submitted), strconv.Itoa(oldest))
	return &chartView{ID: c.ID, Caption: c.Title, SVG: template.HTML(chart.Bars(c)),
		Table: template.HTML(c.Table(c.Title, p.T("chart.waiting.age"), p.T("chart.total"))), Page: p}
}
