package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"kijun/internal/auth"
	"kijun/internal/compliance/monitor"
	"kijun/internal/compliance/work"
	"kijun/internal/demo"
	"kijun/internal/organisation"
	"kijun/internal/permits"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
	"kijun/internal/training"
)

// homeCity is the demo city, checked once, for the home and findings tests.
func homeCityDB(t *testing.T) *store.DB {
	t.Helper()
	db := storetest.Open(t, filepath.Join(t.TempDir(), "kijun.db"), store.Options{})
	ctx := context.Background()
	if _, err := demo.Generate(ctx, db, demo.Options{Scale: demo.Small, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := monitor.New(db).Run(ctx, db.Now()); err != nil {
		t.Fatal(err)
	}
	return db
}

// chiefWithFindings returns a 課長 who is the 情報管理者 of his 課 and holds
// no city-wide role, a 課 with open findings, and a member of staff of the
// 課 holding no role.
func chiefWithFindings(t *testing.T, db *store.DB) (chief, unit, member string) {
	t.Helper()
	ctx := context.Background()
	today := organisation.Day(db.Now())
	units, err := db.UnitsOn(ctx, today)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range units {
		if u.Kind != organisation.KindSection {
			continue
		}
		h, err := db.HolderOf(ctx, organisation.RoleInfoManager, organisation.UnitScope(u.Code), today)
		if err != nil {
			continue
		}
		roles, _ := db.RolesOf(ctx, h.Person.StaffNo, today)
		city := false
		for _, r := range roles {
			city = city || r.Holder.Scope.Kind == organisation.ScopeCity
		}
		if city {
			continue
		}
		if _, n, _ := db.ListFindings(ctx, store.FindingFilter{Units: []string{u.Code}, Limit: 1}); n == 0 {
			continue
		}
		ms, _ := db.Members(ctx, u.Code, today)
		for _, m := range ms {
			if rs, _ := db.RolesOf(ctx, m.StaffNo, today); len(rs) == 0 && m.StaffNo != h.Person.StaffNo {
				return h.Person.StaffNo, u.Code, m.StaffNo
			}
		}
	}
	t.Fatal("no 課 with a plain 情報管理者, open findings and a member of staff")
	return "", "", ""
}

func personSession(t *testing.T, db *store.DB, base, staffNo string) *session {
	return signedIn(t, db, base, auth.Account{ID: staffNo, StaffNo: staffNo, DisplayName: staffNo})
}

var hrefs = regexp.MustCompile(`href="(/[^"#]*)"`)

// noLinkForbidden opens every link of the page and fails on one that
// answers 403: a page offers only what the person may open.
func noLinkForbidden(t *testing.T, s *session, who, body string) {
	t.Helper()
	seen := map[string]bool{}
	for _, m := range hrefs.FindAllStringSubmatch(body, -1) {
		link := strings.ReplaceAll(m[1], "&amp;", "&")
		if seen[link] || strings.HasPrefix(link, "/static/") {
			continue
		}
		seen[link] = true
		if status, _ := s.get(link); status == http.StatusForbidden {
			t.Errorf("%s's home links %s, which answers 403", who, link)
		}
	}
}

// Each person's home shows their own work and links only to what they may
// open: a 課長 his 課's findings (one click to the list), the CISO's office
// the city, a member of staff their own requests.
func TestHomeForEachPerson(t *testing.T) {
	db := homeCityDB(t)
	ts, _ := startServer(t, db)
	chief, unit, member := chiefWithFindings(t, db)
	ctx := context.Background()
	office, err := db.HolderOf(ctx, organisation.RoleSecurityManager, organisation.City(), organisation.Day(db.Now()))
	if err != nil {
		t.Fatal(err)
	}

	c := personSession(t, db, ts.URL, chief)
	status, body := c.get("/")
	if status != 200 {
		t.Fatalf("課長's home: %d", status)
	}
	list := `href="/compliance/findings?sort=age&amp;unit=` + unit + `"`
	if !strings.Contains(body, `id="unit-`+unit+`"`) || !strings.Contains(body, list) {
		t.Errorf("課長's home has no section of his 課 %s with its list one click away", unit)
	}
	if strings.Contains(body, `id="city"`) {
		t.Error("課長's home shows the city's view")
	}
	noLinkForbidden(t, c, "課長", body)
	if status, body := c.get("/compliance"); status != 200 || strings.Contains(body, `<h2 id="total-h">市全体</h2>`) || !strings.Contains(body, "担当の組織") {
		t.Errorf("課長's compliance page: %d, headed 市全体 or not 担当の組織", status)
	}

	o := personSession(t, db, ts.URL, office.Person.StaffNo)
	status, body = o.get("/")
	if status != 200 || !strings.Contains(body, `id="city"`) || !strings.Contains(body, `id="worst-sections"`) {
		t.Errorf("CISO's office home: %d, no city view with the worst 課", status)
	}
	if m := regexp.MustCompile(`id="city-score">([0-9.]+)<`).FindStringSubmatch(body); m == nil || strings.HasPrefix(m[1], "99.") || m[1] == "100.0" {
		t.Errorf("city score %v: want a score that reflects the findings", m)
	}
	noLinkForbidden(t, o, "CISO's office", body)

	m := personSession(t, db, ts.URL, member)
	status, body = m.get("/")
	if status != 200 || strings.Contains(body, `id="city"`) || strings.Contains(body, `id="unit-`) {
		t.Errorf("member of staff's home: %d, shows the city or a 課's findings", status)
	}
	if strings.Contains(body, `href="/records"`) {
		t.Error("member of staff's home links the ledger, which they may not read")
	}
	noLinkForbidden(t, m, "member of staff", body)
}

// A finding is worked through to closed by its owner: the 課長 owns it as
// the 課's 情報管理者, moves it on, hands it to a member of his 課, who
// closes it with a note; a member of staff of another 課 may not touch
// it, the owner may not hand it on, and each change is in the ledger.
func TestFindingWorkedToClosed(t *testing.T) {
	db := homeCityDB(t)
	ts, _ := startServer(t, db)
	ctx := context.Background()
	chief, unit, member := chiefWithFindings(t, db)
	fs, _, err := db.ListFindings(ctx, store.FindingFilter{Units: []string{unit}, Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	f := fs[0]
	page := "/compliance/finding?" + url.Values{"rule": {f.Rule}, "subject": {f.Subject}}.Encode()
	form := func(v url.Values) url.Values {
		v.Set("rule", f.Rule)
		v.Set("subject", f.Subject)
		return v
	}
	got, err := db.Finding(ctx, f.Rule, f.Subject)
	if err != nil {
		t.Fatal(err)
	}
	if got.Work.Owner != chief || !got.Work.Holder || got.Work.State != work.StateOpen {
		t.Fatalf("new finding's work = %+v, want open, owned by the 情報管理者 %s", got.Work, chief)
	}
	days := work.DefaultDueDays()
	if want := days.Due(got.FirstSeen, got.Severity); !got.Work.Due.Equal(want) {
		t.Errorf("due %s, want %s", got.Work.Due, want)
	}

	c := personSession(t, db, ts.URL, chief)
	if status, body := c.get(page); status != 200 || !strings.Contains(body, `id="save-work"`) {
		t.Fatalf("the 課長 opens the finding: %d, no form", status)
	}
	if status, _ := c.post("/compliance/finding", form(url.Values{"state": {"in_progress"}})); status != http.StatusSeeOther {
		t.Fatalf("in progress: %d", status)
	}
	if status, body := c.post("/compliance/finding", form(url.Values{"state": {"closed"}})); status != http.StatusBadRequest || !strings.Contains(body, `id="comment-error"`) {
		t.Errorf("closed with no note: %d, want 400 with the comment's error", status)
	}
	if status, body := c.post("/compliance/finding", form(url.Values{"owner": {"no-such"}})); status != http.StatusBadRequest || !strings.Contains(body, `id="owner-error"`) {
		t.Errorf("handed to nobody: %d, want 400 with the owner's error", status)
	}
	if status, _ := c.post("/compliance/finding", form(url.Values{"owner": {member}, "comment": {"担当をお願いします"}})); status != http.StatusSeeOther {
		t.Fatalf("handed to %s: %d", member, status)
	}

	m := personSession(t, db, ts.URL, member)
	if status, _ := m.post("/compliance/finding", form(url.Values{"owner": {chief}})); status != http.StatusForbidden {
		t.Errorf("the owner hands it on: %d, want 403", status)
	}
	if status, body := m.get("/compliance/findings?owner=me"); status != 200 || !strings.Contains(body, f.SubjectName) {
		t.Errorf("the member's own findings: %d, without %s", status, f.SubjectName)
	}
	if status, _ := m.post("/compliance/finding", form(url.Values{"state": {"closed"}, "comment": {"台帳を直しました"}})); status != http.StatusSeeOther {
		t.Fatalf("the owner closes it: %d", status)
	}
	got, _ = db.Finding(ctx, f.Rule, f.Subject)
	if got.Work.State != work.StateClosed || got.Work.Owner != member {
		t.Errorf("work after closing = %+v, want closed, owned by %s", got.Work, member)
	}
	comments, err := db.FindingComments(ctx, f.Rule, f.Subject)
	if err != nil || len(comments) != 3 || comments[2].To != work.StateClosed || comments[2].Body != "台帳を直しました" {
		t.Errorf("comments = %+v, %v; want 3, the last closing it with the note", comments, err)
	}
	if status, body := m.get("/compliance/findings?state=closed&owner=me"); status != 200 || !strings.Contains(body, f.SubjectName) {
		t.Errorf("closed findings of the member: %d, without %s", status, f.SubjectName)
	}

	// Someone of another 課 may not change it.
	other := ""
	for _, u := range mustUnits(t, db) {
		if u.Code == unit || u.Kind != organisation.KindSection {
			continue
		}
		ms, _ := db.Members(ctx, u.Code, organisation.Day(db.Now()))
		for _, mm := range ms {
			if rs, _ := db.RolesOf(ctx, mm.StaffNo, organisation.Day(db.Now())); len(rs) == 0 {
				other = mm.StaffNo
			}
		}
		if other != "" {
			break
		}
	}
	x := personSession(t, db, ts.URL, other)
	if status, _ := x.post("/compliance/finding", form(url.Values{"state": {"open"}})); status != http.StatusForbidden {
		t.Errorf("a member of another 課 changes the finding: %d, want 403", status)
	}
	if status, _ := x.get(page); status != http.StatusForbidden {
		t.Errorf("a member of another 課 reads the finding: %d, want 403", status)
	}
	recs, err := db.Records(ctx, store.RecordFilter{Entity: "compliance_finding", EntityID: f.Rule + "|" + f.Subject, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range recs {
		if r.Action == "compliance.finding.work" {
			n++
		}
	}
	if n != 3 {
		t.Errorf("%d ledger records of the work, want 3", n)
	}
}

func mustUnits(t *testing.T, db *store.DB) []organisation.Unit {
	us, err := db.UnitsOn(context.Background(), organisation.Day(db.Now()))
	if err != nil {
		t.Fatal(err)
	}
	return us
}

// An asset's page lists its own open findings, each linked to its work.
func TestAssetShowsItsFindings(t *testing.T) {
	db := homeCityDB(t)
	ts, _ := startServer(t, db)
	fs, n, err := db.ListFindings(context.Background(), store.FindingFilter{Kind: "asset", Limit: 1})
	if err != nil || n == 0 {
		t.Fatalf("no finding of an asset in the demo: %v", err)
	}
	admin := signedIn(t, db, ts.URL, auth.Account{ID: "admin-a", DisplayName: "管理者", Admin: true})
	id := strings.TrimPrefix(fs[0].Subject, "asset:")
	status, body := admin.get("/assets/" + id)
	link := `href="/compliance/finding?` + strings.ReplaceAll(url.Values{"rule": {fs[0].Rule}, "subject": {fs[0].Subject}}.Encode(), "&", "&amp;") + `"`
	if status != 200 || !strings.Contains(body, `id="asset-findings"`) || !strings.Contains(body, link) {
		t.Errorf("asset %s: %d, without its finding %s linked", id, status, fs[0].Rule)
	}
}

// The home page's week names what kind of thing is due in the page's
// language: 研修：, 自己点検：, 是正措置： in Japanese, their English in
// English (issue 23); so are the training's audiences and the requests'
// types, on the week's lines and in the lists of requests.
func TestHomeWeekKindsInEnglish(t *testing.T) {
	_, db := newTestServer(t)
	s, _ := newServer(t, db)
	due := organisation.Day(db.Now()).AddDate(0, 0, 3)
	carry, exception := s.permits.Registry().Type("carry"), s.permits.Registry().Type("exception")
	if carry == nil || exception == nil {
		t.Fatal("the request types carry and exception are not declared")
	}
	mine := homeRequest{Request: permits.Request{ID: 7, Type: "carry", State: permits.StateSubmitted}, TypeName: carry.Name, PermitType: carry}
	waiver := homeRequest{Request: permits.Request{ID: 9, Type: "exception"}, TypeName: exception.Name, PermitType: exception}
	d := &homeData{Links: map[string]bool{}, Week: []homeDue{
		{Kind: "home.due.training", What: "職員等（全員）", Need: training.AudienceAll, Due: due},
		{Kind: "home.due.training", What: "情報管理者", Need: training.RoleAudience(organisation.RoleInfoManager), Due: due},
		{Kind: "home.due.selfcheck", What: "住民記録システム", Due: due},
		{Kind: "home.due.corrective", What: "暗号化の徹底", Due: due},
		{What: " No.9：8.2.6", Due: due, Request: &waiver},
	}, Mine: []homeRequest{mine}, ToRecord: []homeRequest{mine}, Late: []homeRequest{mine}}
	for lang, want := range map[string][]string{
		"ja": {"研修：職員等（全員）", "研修：情報管理者", "自己点検：住民記録システム", "是正措置：暗号化の徹底", exception.Name + " No.9：8.2.6", carry.Name + " No.7"},
		"en": {"Training: All staff", "Training: Information manager", "Self-check: 住民記録システム", "Corrective action: 暗号化の徹底",
			exception.NameEN + " No.9：8.2.6", carry.NameEN + " No.7"},
	} {
		w := httptest.NewRecorder()
		r := httptest.NewRequest("GET", "/?lang="+lang, nil)
		if err := s.render(w, r, http.StatusOK, "home", s.newPage(w, r, "home.title", d)); err != nil {
			t.Fatal(err)
		}
		body := w.Body.String()
		for _, x := range want {
			if !strings.Contains(body, x) {
				t.Errorf("%s: the home page lacks %q", lang, x)
			}
		}
		if lang != "en" {
			continue
		}
		for _, ja := range []string{"是正措置：", "職員等（全員）", "研修：", carry.Name, exception.Name} {
			if strings.Contains(body, ja) {
				t.Errorf("en: the home page still says %q", ja)
			}
		}
	}
}
