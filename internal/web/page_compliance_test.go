package web

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"kijun/internal/auth"
	"kijun/internal/compliance"
	"kijun/internal/compliance/monitor"
	"kijun/internal/compliance/separation"
	"kijun/internal/demo"
	"kijun/internal/organisation"
	"kijun/internal/permits"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

func (s *session) get(path string) (int, string) {
	s.t.Helper()
	req, _ := http.NewRequest("GET", s.base+path, nil)
	req.AddCookie(&http.Cookie{Name: "kijun_session", Value: s.token})
	resp, err := s.client.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// The CISO's office accepts a finding under a 例外措置 in force: the form
// offers the exceptions that cover the finding's provision, refuses an
// empty choice and one written against another provision beside the
// field, and once accepted the finding links to its request and leaves the
// dashboard's counts.
func TestAcceptFinding(t *testing.T) {
	db := storetest.Open(t, filepath.Join(t.TempDir(), "kijun.db"), store.Options{})
	ctx := context.Background()
	if _, err := demo.Generate(ctx, db, demo.Options{Scale: demo.Small, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := monitor.New(db).Run(ctx, db.Now()); err != nil {
		t.Fatal(err)
	}
	ts, _ := startServer(t, db)
	admin := signedIn(t, db, ts.URL, auth.Account{ID: "admin-c", DisplayName: "管理者", Admin: true})
	open, total, err := db.ListFindings(ctx, store.FindingFilter{Rule: "system.backup", Limit: 1})
	if err != nil || total == 0 {
		t.Fatalf("no system.backup finding to accept: %v", err)
	}
	f := open[0]
	reg, err := permits.Default()
	if err != nil {
		t.Fatal(err)
	}
	inForce, err := db.Permits(reg).ExceptionsCovering(ctx, f.Provision, db.Now())
	if err != nil || len(inForce) != 1 {
		t.Fatalf("the demo's exceptions covering %s: %+v, %v", f.Provision, inForce, err)
	}
	other, err := db.Permits(reg).ExceptionsCovering(ctx, "6.1.2", db.Now())
	if err != nil || len(other) != 1 {
		t.Fatalf("the demo's exceptions covering 6.1.2: %+v, %v", other, err)
	}
	x, y := strconv.FormatInt(inForce[0].ID, 10), strconv.FormatInt(other[0].ID, 10)
	status, body := admin.get("/compliance/findings/accept?rule=" + url.QueryEscape(f.Rule) + "&subject=" + url.QueryEscape(f.Subject))
	if status != 200 || !strings.Contains(body, f.Subject) || !strings.Contains(body, `id="request-`+x+`"`) || strings.Contains(body, `id="request-`+y+`"`) {
		t.Fatalf("accept form: %d, want exception %s offered and %s not\n%s", status, x, y, body)
	}
	status, body = admin.post("/compliance/findings/accept", url.Values{"rule": {f.Rule}, "subject": {f.Subject}})
	if status != http.StatusBadRequest || !strings.Contains(body, `id="request-error"`) {
		t.Errorf("no exception chosen: %d, no request-error", status)
	}
	status, body = admin.post("/compliance/findings/accept", url.Values{"rule": {f.Rule}, "subject": {f.Subject}, "request": {y}})
	if status != http.StatusBadRequest || !strings.Contains(body, "この指摘の条項 8.1.3 を含みません") {
		t.Errorf("an exception for 6.1.2: %d, want it refused as not covering 8.1.3", status)
	}
	status, _ = admin.post("/compliance/findings/accept", url.Values{"rule": {f.Rule}, "subject": {f.Subject}, "request": {x}, "note": {"更新工事まで"}})
	if status != http.StatusSeeOther {
		t.Fatalf("accept: %d", status)
	}
	after, _, err := db.ListFindings(ctx, store.FindingFilter{Rule: f.Rule, Subject: f.Subject})
	if err != nil || len(after) != 1 || after[0].AcceptedRequest != inForce[0].ID {
		t.Fatalf("accepted finding = %+v, %v", after, err)
	}
	if status, body := admin.get("/compliance/findings?rule=" + url.QueryEscape(f.Rule)); status != 200 || !strings.Contains(body, `href="/permits/`+x+`"`) {
		t.Errorf("the findings list does not link the accepted finding to its exception: %d", status)
	} else if h, err := db.HolderOf(ctx, organisation.RoleInfoManager, organisation.UnitScope(f.Unit), organisation.Day(db.Now())); err != nil || !strings.Contains(body, h.Person.Name+"（情報管理者）") {
		t.Errorf("the findings list does not name the 情報管理者 of %s who answers for it: %v", f.Unit, err)
	}
	counts, err := db.FindingCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, c := range counts {
		n += c.N
	}
	all, totalOpen, _ := db.ListFindings(ctx, store.FindingFilter{Limit: 1})
	if n != totalOpen-1 || len(all) == 0 {
		t.Errorf("dashboard counts %d of %d open findings; want the accepted one left out", n, totalOpen)
	}
	// Each provision's page shows its standing across the city, the
	// accepted finding left out, and lists the rules that check it: the
	// separation proof's among them for 5.1ア.
	for _, c := range []struct{ pid, rule string }{{f.Provision, f.Rule}, {monitor.ProvisionID("5.1ア"), separation.RuleMyNumberInternet}} {
		open, _, err := db.ListFindings(ctx, store.FindingFilter{Provision: c.pid, Limit: 10000})
		if err != nil || len(open) == 0 {
			t.Fatalf("the demo's open findings of %s: %d, %v", c.pid, len(open), err)
		}
		by, units := map[compliance.Severity]int{}, map[string]bool{}
		for _, o := range open {
			if o.Accepted == "" {
				by[o.Severity]++
				units[o.Unit] = true
			}
		}
		want := fmt.Sprintf("未解消の指摘: 重大度 高 %d 件・中 %d 件・低 %d 件（%d 課）", by[compliance.SeverityHigh], by[compliance.SeverityMedium], by[compliance.SeverityLow], len(units))
		status, body := admin.get("/catalog/kobe-kijun/5.5/p/" + url.PathEscape(c.pid))
		if status != 200 || !strings.Contains(body, want) || !strings.Contains(body, c.rule) {
			t.Errorf("provision %s: %d, want %q and rule %s", c.pid, status, want, c.rule)
		}
	}
	// The dashboard shows chapters, a row per 局 and the day's trend.
	if status, body := admin.get("/compliance"); status != 200 || !strings.Contains(body, `id="chapters"`) ||
		!strings.Contains(body, `id="units"`) || !strings.Contains(body, `id="trend"`) {
		t.Errorf("dashboard: %d, want chapters, units and trend", status)
	}
	for _, path := range []string{"/compliance", "/compliance/findings", "/compliance/network", "/compliance/findings/export?format=oscal", "/compliance/findings/export"} {
		if status, body := admin.get(path); status != 200 {
			t.Errorf("GET %s: %d\n%.500s", path, status, body)
		}
	}
}
