package web

import (
	"cmp"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"kijun/internal/compliance"
	"kijun/internal/compliance/work"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/store"
)

// tally counts open findings by severity, with the score they leave.
type tally struct {
	High, Medium, Low int
	// Checks and Failed are weighted by severity (high 3, medium 2, low 1).
	Checks, Failed int
	// Staff is how many people the units counted have today: the size
	// the score is weighed by.
	Staff int
}

func (t *tally) add(sev compliance.Severity, n int) {
	switch sev {
	case compliance.SeverityHigh:
		t.High += n
	case compliance.SeverityMedium:
		t.Medium += n
	default:
		t.Low += n
	}
	t.Failed += sev.Rank() * n
}

// Total is how many findings are open.
func (t tally) Total() int { return t.High + t.Medium + t.Low }

// Score is work.Score of the open findings over the staff, 0 to 100, as
// text; "—" when no check has run over these units.
func (t tally) Score() string {
	if t.Checks == 0 && t.Total() == 0 {
		return "—"
	}
	return strconv.FormatFloat(t.score(), 'f', 1, 64)
}

func (t tally) score() float64 { return work.Score(t.High, t.Medium, t.Low, t.Staff) }

// Points are the open findings weighted by severity (work.Points).
func (t tally) Points() int { return work.Points(t.High, t.Medium, t.Low) }

type complianceRow struct {
	Code, Name string
	// Leaf is true for a row with no units below it to drill into.
	Leaf bool
	tally
}

type trendRow struct {
	Day time.Time
	tally
}

type chapterRow struct {
	// Chapter is what the findings list filters by; Label names it in
	// full, as the standard in force does.
	Chapter, Label string
	tally
}

// rankRow is one 課 in the ranking, worst first.
type rankRow struct {
	Rank       int
	Code, Name string
	// Within names the units above, top first (局・部).
	Within string
	tally
}

type complianceData struct {
	// Scoped: the person sees only the units they work in or manage, so
	// the top of the page is theirs, not the city's.
	Scoped  bool
	Ranking []rankRow
	Run     *store.CheckRun
	Unit    *organisation.Unit
	Path    []organisation.Unit
	Total   tally
	Rows    []complianceRow
	Chaps   []chapterRow
	Trend   []trendRow
	CanRun  bool
	Ran     bool
	Query   string
	NoUnits bool
	// TrendChart and HeatChart draw Trend and the rows by chapter.
	TrendChart, HeatChart *chartView
	// VulnChart draws the open security holes per 局 (8.6.1).
	VulnChart *chartView
}

// handleCompliance is the dashboard of 9.2.1: for the city, each 局 and
// each 課, the open findings by severity and chapter, a score, and the trend,
// each drilling down to the findings. A 課 sees the units it manages.
func (s *Server) handleCompliance(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	scope, err := s.unitScope(r)
	if err != nil {
		return err
	}
	day := organisation.Day(s.db.Now())
	units, err := s.db.UnitsOn(ctx, day)
	if err != nil {
		return err
	}
	byCode := map[string]organisation.Unit{}
	children := map[string][]string{}
	for _, u := range units {
		byCode[u.Code] = u
		children[u.Parent] = append(children[u.Parent], u.Code)
	}
	d := &complianceData{CanRun: mayRunChecks(r), Ran: r.URL.Query().Get("ran") == "1", Scoped: scope != nil}
	staff, err := s.db.StaffCounts(ctx, day)
	if err != nil {
		return err
	}
	if run, err := s.db.LastCheckRun(ctx); err == nil {
		d.Run = &run
	} else if kijun.ErrorCode(err) != kijun.ENOTFOUND {
		return err
	}
	// The rows: the units below the one chosen, or the top of the city.
	parent := r.URL.Query().Get("unit")
	if parent != "" {
		u, ok := byCode[parent]
		if !ok {
			return kijun.Errorf(kijun.ENOTFOUND, "組織 %s はありません", parent)
		}
		d.Unit = &u
		for c := u.Parent; c != ""; c = byCode[c].Parent {
			d.Path = append([]organisation.Unit{byCode[c]}, d.Path...)
		}
	}
	visible := func(code string) bool { return scope == nil || slices.Contains(scope, code) }
	// rowOf maps each unit to the row it is counted in: the child of the
	// chosen unit it lies under.
	rowOf := map[string]string{}
	var walk func(code, row string)
	walk = func(code, row string) {
		rowOf[code] = row
		for _, c := range children[code] {
			walk(c, row)
		}
	}
	var rowCodes []string
	if d.Unit != nil {
		rowOf[d.Unit.Code] = d.Unit.Code
		rowCodes = append(rowCodes, d.Unit.Code)
	}
	for _, c := range children[parent] {
		walk(c, c)
		rowCodes = append(rowCodes, c)
	}
	rows := map[string]*complianceRow{}
	for _, c := range rowCodes {
		rows[c] = &complianceRow{Code: c, Name: byCode[c].Name, Leaf: len(children[c]) == 0 || c == parent}
	}
	for code, n := range staff {
		if !visible(code) || (parent != "" && rowOf[code] == "") {
			continue
		}
		if row := rows[rowOf[code]]; row != nil {
			row.Staff += n
		}
		d.Total.Staff += n
	}
	// Checks made, per 課, from the last full run.
	checks := map[string]int{}
	if d.Run != nil {
		daily, err := s.db.DailyCounts(ctx, day.AddDate(0, 0, -30))
		if err != nil {
			return err
		}
		trend := map[time.Time]*trendRow{}
		for _, c := range daily {
			if !visible(c.Unit) || (parent != "" && rowOf[c.Unit] == "") {
				continue
			}
			t := trend[c.Day]
			if t == nil {
				t = &trendRow{Day: c.Day}
				t.Staff = d.Total.Staff
				trend[c.Day] = t
			}
			t.High, t.Medium, t.Low, t.Checks, t.Failed = t.High+c.High, t.Medium+c.Med, t.Low+c.Low, t.Checks+c.Checks, t.Failed+c.Failed
			checks[c.Unit] = c.Checks // the last day's wins
		}
		for _, t := range trend {
			d.Trend = append(d.Trend, *t)
		}
		slices.SortFunc(d.Trend, func(a, b trendRow) int { return b.Day.Compare(a.Day) })
	}
	for code, n := range checks {
		if row := rows[rowOf[code]]; row != nil && (parent == "" || rowOf[code] != "") {
			row.Checks += n
		}
		if parent == "" || rowOf[code] != "" {
			d.Total.Checks += n
		}
	}
	counts, err := s.db.FindingCounts(ctx)
	if err != nil {
		return err
	}
	chaps, err := s.chaptersInForce(r)
	if err != nil {
		return err
	}
	chapters := map[string]*chapterRow{}
	for _, c := range counts {
		if !visible(c.Unit) || (parent != "" && rowOf[c.Unit] == "") {
			continue
		}
		d.Total.add(c.Severity, c.N)
		if row := rows[rowOf[c.Unit]]; row != nil {
			row.add(c.Severity, c.N)
		}
		ch := chaps.of(c.Provision)
		if chapters[ch] == nil {
			chapters[ch] = &chapterRow{Chapter: ch}
		}
		chapters[ch].add(c.Severity, c.N)
	}
	for _, c := range rowCodes {
		row := rows[c]
		if scope != nil && row.Total() == 0 && !visible(c) {
			continue
		}
		d.Rows = append(d.Rows, *row)
	}
	slices.SortFunc(d.Rows, func(a, b complianceRow) int {
		return cmp.Or(cmp.Compare(a.score(), b.score()), cmp.Compare(b.Points(), a.Points()), cmp.Compare(a.Code, b.Code))
	})
	d.Ranking = ranking(units, staff, counts, func(code string) bool {
		return visible(code) && (parent == "" || rowOf[code] != "")
	}, 20)
	for _, c := range chapters {
		c.Label = chaps.label(c.Chapter)
		d.Chaps = append(d.Chaps, *c)
	}
	slices.SortFunc(d.Chaps, func(a, b chapterRow) int { return chaps.compare(a.Chapter, b.Chapter) })
	q := url.Values{}
	if parent != "" {
		q.Set("unit", parent)
	}
	d.Query = q.Encode()
	p := s.newPage(w, r, "compliance.title", d)
	d.TrendChart, d.HeatChart = trendChart(p, d.Trend), heatChart(p, d, chaps, counts, rowOf, visible)
	if d.VulnChart, err = s.vulnExposureChart(r, p, scope); err != nil {
		return err
	}
	if d.Unit != nil {
		p.Title = d.Unit.Name + " — " + p.Title
	}
	return s.render(w, r, http.StatusOK, "compliance", p)
}

// ranking ranks the 課 (units with no unit below them) that keep,
// worst score first, the n worst with any open finding.
func ranking(units []organisation.Unit, staff map[string]int, counts []store.FindingCount, keep func(string) bool, n int) []rankRow {
	parents := map[string]bool{}
	byCode := map[string]organisation.Unit{}
	for _, u := range units {
		parents[u.Parent] = true
		byCode[u.Code] = u
	}
	within := func(code string) string {
		var names []string
		for c := byCode[code].Parent; c != ""; c = byCode[c].Parent {
			names = append([]string{byCode[c].Name}, names...)
		}
		return strings.Join(names, "・")
	}
	by := map[string]*rankRow{}
	for _, u := range units {
		if !parents[u.Code] && keep(u.Code) {
			by[u.Code] = &rankRow{Code: u.Code, Name: u.Name, Within: within(u.Code)}
			by[u.Code].Staff = staff[u.Code]
		}
	}
	for _, c := range counts {
		if row := by[c.Unit]; row != nil {
			row.add(c.Severity, c.N)
		}
	}
	var out []rankRow
	for _, row := range by {
		if row.Total() > 0 {
			out = append(out, *row)
		}
	}
	slices.SortFunc(out, func(a, b rankRow) int {
		return cmp.Or(cmp.Compare(a.score(), b.score()), cmp.Compare(b.Points(), a.Points()), cmp.Compare(a.Code, b.Code))
	})
	out = out[:min(len(out), n)]
	for i := range out {
		out[i].Rank = i + 1
	}
	return out
}

// mayRunChecks reports whether the signed-in person may start a full run:
// the CISO's office and administrators.
func mayRunChecks(r *http.Request) bool {
	p := currentOf(r).Principal
	return p.CityOffice() || p.Admin
}

// handleComplianceRun runs every rule over the city now.
func (s *Server) handleComplianceRun(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.monitor.Run(r.Context(), s.db.Now()); err != nil {
		return err
	}
	http.Redirect(w, r, "/compliance?ran=1", http.StatusSeeOther)
	return nil
}

// recheck checks again what a saved change touched (9.2.1), before the
// page returns, so the dashboard shows it at once. The change is saved
// whatever the check finds; a failure to check is logged, and the nightly
// run checks everything again.
func (s *Server) recheck(r *http.Request, subjects ...string) {
	if _, err := s.monitor.Recheck(r.Context(), subjects...); err != nil {
		s.log.Error("re-check after a change", "subjects", subjects, "err", err)
	}
}

// checkCity runs every rule over the city after a change too wide to name
// its records (an import), as recheck does for one record.
func (s *Server) checkCity(r *http.Request) {
	if _, err := s.monitor.Run(r.Context(), s.db.Now()); err != nil {
		s.log.Error("check the city after an import", "path", r.URL.Path, "err", err)
	}
}
