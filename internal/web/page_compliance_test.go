package web

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"kijun/internal/auth"
	"kijun/internal/compliance/monitor"
	"kijun/internal/demo"
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

// The CISO's office accepts a finding under a 例外措置: a form without a
// number, reason or end is refused beside each field; once accepted, the
// finding shows the number and leaves the dashboard's counts.
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
	status, body := admin.get("/compliance/findings/accept?rule=" + url.QueryEscape(f.Rule) + "&subject=" + url.QueryEscape(f.Subject))
	if status != 200 || !strings.Contains(body, f.Subject) {
		t.Fatalf("accept form: %d\n%s", status, body)
	}
	status, body = admin.post("/compliance/findings/accept", url.Values{"rule": {f.Rule}, "subject": {f.Subject}})
	for _, id := range []string{"reference-error", "reason-error", "until-error"} {
		if !strings.Contains(body, `id="`+id+`"`) {
			t.Errorf("empty form: %d, no %s", status, id)
		}
	}
	status, _ = admin.post("/compliance/findings/accept", url.Values{"rule": {f.Rule}, "subject": {f.Subject},
		"reference": {"例外-2026-001"}, "reason": {"更新工事まで"}, "until": {"2099-03-31"}})
	if status != http.StatusSeeOther {
		t.Fatalf("accept: %d", status)
	}
	after, _, err := db.ListFindings(ctx, store.FindingFilter{Rule: f.Rule, Subject: f.Subject})
	if err != nil || len(after) != 1 || after[0].Accepted != "例外-2026-001" {
		t.Fatalf("accepted finding = %+v, %v", after, err)
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
