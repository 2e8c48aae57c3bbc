package web

import (
	"cmp"
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"kijun/internal/corrective"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/permits"
	"kijun/internal/records"
	"kijun/internal/store"
	"kijun/internal/training"
)

// homeData is a person's home: their work, most urgent first, from what
// Kijun already knows, and for the CISO's office the city's.
type homeData struct {
	City       string
	Records    int64
	Checkpoint *records.Checkpoint
	CheckAt    time.Time
	Name       string
	// Notices are the incident notices the person must acknowledge
	// (7.3.1), overdue first.
	Notices []store.Notice
	// Late are the taken-out assets not returned in time (7.1.1キ): the
	// person's own, and those of the 課 they manage.
	Late []homeRequest
	// ToDecide are the requests waiting for the person's decision, the
	// longest waiting first.
	ToDecide []homeRequest
	// ToRecord are the person's requests awaiting their record, return or
	// report.
	ToRecord []homeRequest
	// Mine are the person's latest requests and their state.
	Mine []homeRequest
	// Owned are the findings the person owns by name, oldest first.
	Owned []store.StoredFinding
	// Units are the 課 the person manages, each with its open findings.
	Units []homeUnit
	// Week is what falls due within seven days.
	Week []homeDue
	// Office is the city's view, for the CISO's office.
	Office *homeCity
	// Links says which of the home's fixed links the person may open.
	Links map[string]bool
}

// homeRequest is a request in a home list, with how long it has waited
// and whether the person may open it.
type homeRequest struct {
	permits.Request
	TypeName string
	Since    time.Time
	Link     string

	// PermitType is the request's type as declared, nil when unknown:
	// its name is shown in the page's language (TypeNameIn).
	PermitType *permits.Type
}

// homeUnit is a 課 a person manages: its open findings by severity, the
// oldest of the most serious, and the list in one click.
type homeUnit struct {
	Code, Name        string
	High, Medium, Low int
	Overdue           int
	Oldest            []store.StoredFinding
	Link              string
}

// homeDue is something due this week.
type homeDue struct {
	// Kind is the message key of what kind of thing is due ("研修："),
	// shown before What in the page's language; "" for none.
	Kind    string
	What    string
	Due     time.Time
	Link    string
	Overdue bool
	// Need is the training owed, shown in the page's language in place
	// of What; Request is the request whose type's name, in the page's
	// language, comes before What (see page.DueWhat).
	Need    training.Audience
	Request *homeRequest
}

// homeCity is what the CISO's office sees of the city.
type homeCity struct {
	Score      string
	Bureaus    []complianceRow
	Sections   []rankRow
	Incidents  []store.IncidentSummary
	Overdue    int
	Exceptions int
}

// handleHome shows the signed-in person's work.
func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	d := &homeData{Links: map[string]bool{}}
	city, err := s.db.Setting(ctx, "city.name")
	if err != nil && kijun.ErrorCode(err) != kijun.ENOTFOUND {
		return err
	}
	d.City = city
	if d.Records, _, err = s.db.Head(ctx); err != nil {
		return err
	}
	switch d.Checkpoint, err = s.db.LatestCheckpoint(ctx); kijun.ErrorCode(err) {
	case "":
		d.CheckAt, _ = time.Parse(records.TimeFormat, d.Checkpoint.At)
	case kijun.ENOTFOUND:
	default:
		return err
	}
	for _, l := range []string{"/records", "/permits", "/permits/inbox", "/incidents", "/compliance", "/compliance/findings?owner=me", "/permits/exceptions", "/metrics"} {
		d.Links[l] = s.mayOpen(r, l)
	}
	p := currentOf(r).Principal
	d.Name = p.Name
	if p.StaffNo != "" {
		if err := s.homeWork(ctx, r, d); err != nil {
			return err
		}
	}
	if p.CityOffice() || p.Auditor() || p.Admin {
		if d.Office, err = s.homeCity(r); err != nil {
			return err
		}
	}
	return s.render(w, r, http.StatusOK, "home", s.newPage(w, r, "home.title", d))
}

// homeWork fills a member of staff's own work.
func (s *Server) homeWork(ctx context.Context, r *http.Request, d *homeData) error {
	p := currentOf(r).Principal
	now := s.db.Now()
	today := organisation.Day(now)
	var err error
	if d.Notices, err = s.db.PendingNotices(ctx, p.StaffNo); err != nil {
		return err
	}
	slices.SortStableFunc(d.Notices, func(a, b store.Notice) int { return a.DueAt.Compare(b.DueAt) })
	in, err := s.permits.Inbox(ctx, p.StaffNo, today, 50)
	if err != nil {
		return err
	}
	for _, it := range in.ToDecide {
		d.ToDecide = append(d.ToDecide, s.homeRequest(r, it.Request, cmp.Or(it.SubmittedAt, it.UpdatedAt)))
	}
	slices.SortStableFunc(d.ToDecide, func(a, b homeRequest) int { return a.Since.Compare(b.Since) })
	lateIDs := map[int64]bool{}
	var managed []string
	for _, a := range p.Roles {
		if a.Holder.Role == organisation.RoleInfoManager && a.Holder.Scope.Kind == organisation.ScopeUnit && !slices.Contains(managed, a.Holder.Scope.ID) {
			managed = append(managed, a.Holder.Scope.ID)
		}
	}
	late, err := s.permits.Overdue(ctx, now, store.LateFor{Requester: p.StaffNo, Units: managed})
	if err != nil {
		return err
	}
	for _, q := range late {
		d.Late = append(d.Late, s.homeRequest(r, q, q.DueAt))
		lateIDs[q.ID] = true
	}
	// A late return is listed once, with the late ones.
	for _, q := range in.ToRecord {
		if !lateIDs[q.ID] {
			d.ToRecord = append(d.ToRecord, s.homeRequest(r, q, q.DueAt))
		}
	}
	mine, err := s.permits.Mine(ctx, p.StaffNo, 5)
	if err != nil {
		return err
	}
	for _, q := range mine {
		d.Mine = append(d.Mine, s.homeRequest(r, q, q.UpdatedAt))
	}
	// Findings: those the person owns by name, and each 課 they manage.
	owned, _, err := s.db.ListFindings(ctx, store.FindingFilter{Owner: p.StaffNo, Sort: "age", Limit: 10})
	if err != nil {
		return err
	}
	if err := s.db.FillWork(ctx, owned); err != nil {
		return err
	}
	d.Owned = owned
	for _, code := range managed {
		u := homeUnit{Code: code, Name: code, Link: "/compliance/findings?" + url.Values{"unit": {code}, "sort": {"age"}}.Encode()}
		if unit, err := s.db.Unit(ctx, code, today); err == nil {
			u.Name = unit.Name
		}
		var all []store.StoredFinding
		if err := s.db.EachFinding(ctx, store.FindingFilter{Units: []string{code}, Sort: "age"}, func(f store.StoredFinding) error {
			all = append(all, f)
			return nil
		}); err != nil {
			return err
		}
		if err := s.db.FillWork(ctx, all); err != nil {
			return err
		}
		for _, f := range all {
			switch f.Severity {
			case "high":
				u.High++
			case "medium":
				u.Medium++
			default:
				u.Low++
			}
			if f.Work.Overdue {
				u.Overdue++
			}
			if f.Work.Due.Before(today.AddDate(0, 0, 8)) && !f.Work.State.Done() && !f.Work.Overdue && f.Work.Owner == p.StaffNo {
				d.Week = append(d.Week, homeDue{What: f.SubjectName + "：" + f.Message, Due: f.Work.Due, Link: findingLink(f)})
			}
		}
		// The most serious first, the oldest of each first.
		slices.SortStableFunc(all, func(a, b store.StoredFinding) int { return cmp.Compare(b.Severity.Rank(), a.Severity.Rank()) })
		u.Oldest = all[:min(len(all), 5)]
		d.Units = append(d.Units, u)
	}
	for _, f := range owned {
		if !f.Work.Overdue && f.Work.Due.Before(today.AddDate(0, 0, 8)) && !slices.Contains(managed, f.Unit) {
			d.Week = append(d.Week, homeDue{What: f.SubjectName + "：" + f.Message, Due: f.Work.Due, Link: findingLink(f)})
		}
	}
	// Exceptions the person asked for, or of the 課 they manage, that end
	// within the week (9.5.1).
	xs, err := s.permits.ExceptionsInForce(ctx, today)
	if err != nil {
		return err
	}
	for _, x := range xs {
		if x.ValidTo.IsZero() || x.ValidTo.After(today.AddDate(0, 0, 7)) {
			continue
		}
		if x.Requester == p.StaffNo || slices.Contains(managed, x.Unit) {
			h := s.homeRequest(r, x, x.ValidTo)
			d.Week = append(d.Week, homeDue{What: " No." + i64toa(x.ID) + "：" + x.Fields["provision"], Due: x.ValidTo, Link: h.Link, Request: &h})
		}
	}
	// Corrective actions the person owns, due within the week or overdue
	// (11.1.7).
	acts, err := s.db.CorrectiveActions(ctx, officerOf(p), store.CorrectiveFilter{Open: true, Limit: 200})
	if err != nil {
		return err
	}
	for _, a := range acts {
		if a.Owner != p.StaffNo || a.State != corrective.StateOpen || a.Due.After(today.AddDate(0, 0, 7)) {
			continue
		}
		due := homeDue{Kind: "home.due.corrective", What: a.Title, Due: a.Due, Overdue: a.Due.Before(today)}
		if l := "/actions/" + i64toa(a.ID); s.mayOpen(r, l) {
			due.Link = l
		}
		d.Week = append(d.Week, due)
	}
	if err := s.homeTrainingAndChecks(ctx, r, p.StaffNo, today, d); err != nil {
		return err
	}
	slices.SortStableFunc(d.Week, func(a, b homeDue) int { return a.Due.Compare(b.Due) })
	return nil
}

func (s *Server) homeRequest(r *http.Request, q permits.Request, since time.Time) homeRequest {
	h := homeRequest{Request: q, TypeName: q.Type, Since: since}
	if t := s.permits.Registry().Type(q.Type); t != nil {
		h.TypeName, h.PermitType = t.Name, t
	}
	if l := "/permits/" + i64toa(q.ID); s.mayOpen(r, l) {
		h.Link = l
	}
	return h
}

// findingLink is the page of a finding as work.
func findingLink(f store.StoredFinding) string {
	return "/compliance/finding?" + url.Values{"rule": {f.Rule}, "subject": {f.Subject}}.Encode()
}

// homeCity fills the city's view: the worst 局 and 課 by score, the open
// incidents, the notices overdue and the exceptions in force.
func (s *Server) homeCity(r *http.Request) (*homeCity, error) {
	ctx := r.Context()
	now := s.db.Now()
	today := organisation.Day(now)
	c := &homeCity{}
	units, err := s.db.UnitsOn(ctx, today)
	if err != nil {
		return nil, err
	}
	staff, err := s.db.StaffCounts(ctx, today)
	if err != nil {
		return nil, err
	}
	counts, err := s.db.FindingCounts(ctx)
	if err != nil {
		return nil, err
	}
	byCode := map[string]organisation.Unit{}
	for _, u := range units {
		byCode[u.Code] = u
	}
	// bureauOf is the 局 (the top unit) a unit lies under.
	bureauOf := func(code string) string {
		for byCode[code].Parent != "" && byCode[code].Kind != organisation.KindBureau {
			code = byCode[code].Parent
		}
		return code
	}
	var total tally
	bureaus := map[string]*complianceRow{}
	row := func(code string) *complianceRow {
		b := bureauOf(code)
		if bureaus[b] == nil {
			bureaus[b] = &complianceRow{Code: b, Name: byCode[b].Name}
		}
		return bureaus[b]
	}
	for code, n := range staff {
		row(code).Staff += n
		total.Staff += n
	}
	for _, fc := range counts {
		total.add(fc.Severity, fc.N)
		row(fc.Unit).add(fc.Severity, fc.N)
	}
	c.Score = total.Score()
	for _, b := range bureaus {
		if b.Total() > 0 && b.Name != "" {
			c.Bureaus = append(c.Bureaus, *b)
		}
	}
	slices.SortFunc(c.Bureaus, func(a, b complianceRow) int {
		return cmp.Or(cmp.Compare(a.score(), b.score()), cmp.Compare(a.Code, b.Code))
	})
	c.Bureaus = c.Bureaus[:min(len(c.Bureaus), 5)]
	c.Sections = ranking(units, staff, counts, func(string) bool { return true }, 5)
	board, err := s.db.IncidentBoard(ctx, now)
	if err != nil {
		return nil, err
	}
	for _, in := range board {
		c.Overdue += in.Overdue
	}
	c.Incidents = board[:min(len(board), 5)]
	xs, err := s.permits.ExceptionsInForce(ctx, today)
	if err != nil {
		return nil, err
	}
	c.Exceptions = len(xs)
	return c, nil
}

func (s *Server) handleHealthz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := s.db.Ping(ctx); err != nil {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "database": "no answer"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok", "database": s.db.Dialect.String(), "version": s.version})
}

func pageNotFound(w http.ResponseWriter, r *http.Request) error {
	return kijun.Errorf(kijun.ENOTFOUND, "%s", "ページが見つかりません。(page not found)")
}

// Waited says how long ago t was, for "waiting for 3 days": days, or
// hours within a day, or minutes within an hour.
func (p *page) Waited(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	d := p.Now.Sub(t)
	if d < 0 {
		d = -d
	}
	en := p.Lang == langEN
	switch {
	case d >= 48*time.Hour:
		if en {
			return i64toa(int64(d/(24*time.Hour))) + " days"
		}
		return i64toa(int64(d/(24*time.Hour))) + "日"
	case d >= time.Hour:
		if en {
			return i64toa(int64(d/time.Hour)) + " hours"
		}
		return i64toa(int64(d/time.Hour)) + "時間"
	}
	if en {
		return i64toa(int64(d/time.Minute)) + " min"
	}
	return i64toa(int64(d/time.Minute)) + "分"
}

// i64toa writes n in decimal.
func i64toa(n int64) string { return strconv.FormatInt(n, 10) }
