package web

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"kijun/internal/auth"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// Every page the statement of applicability counts is a route Kijun
// serves, and every provision it cites is in the shipped catalog.
func TestRouteProvisionsServed(t *testing.T) {
	db := storetest.Open(t, filepath.Join(t.TempDir(), "kijun.db"), store.Options{})
	s, _ := newServer(t, db)
	served := map[string]bool{}
	for _, rt := range s.routeTable() {
		served[rt.pattern] = true
	}
	for pattern := range routeProvisions {
		if !served[pattern] {
			t.Errorf("routeProvisions names %q, which no route serves", pattern)
		}
	}
	cat, err := s.monitor.Catalog(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, sup := range RouteSupports() {
		if cat.Find(sup.Provision) == nil {
			t.Errorf("page %s cites %s, which the catalog does not have", sup.Name, sup.Provision)
		}
	}
}

// The CISO's office reads the statement: its counts, a rule linked to its
// findings, the exports; the catalog page counts from the same statement.
func TestSoAPage(t *testing.T) {
	db := storetest.Open(t, filepath.Join(t.TempDir(), "kijun.db"), store.Options{})
	ts, _ := startServer(t, db)
	admin := signedIn(t, db, ts.URL, auth.Account{ID: "admin-soa", DisplayName: "管理者", Admin: true})
	status, body := admin.get("/catalog/soa")
	if status != 200 {
		t.Fatalf("GET /catalog/soa: %d\n%s", status, body)
	}
	for _, want := range []string{`id="soa-chapters"`, `href="/compliance/findings?rule=medium.encryption"`, `href="/permits/form?type=carry"`,
		"条項を Kijun が実装しています", `href="/selfcheck/questions#q-6.4.3.media"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the statement lacks %s", want)
		}
	}
	status, xlsx := admin.get("/catalog/soa.xlsx")
	if status != 200 || !strings.HasPrefix(xlsx, "PK") {
		t.Errorf("GET /catalog/soa.xlsx: %d", status)
	}
	status, js := admin.get("/catalog/soa.json")
	if status != 200 || !strings.Contains(js, `"component-definition"`) {
		t.Errorf("GET /catalog/soa.json: %d", status)
	}
	status, body = admin.get("/catalog/kobe-kijun/5.5")
	if status != 200 || !strings.Contains(body, `href="/catalog/soa"`) {
		t.Errorf("the catalog page does not lead to the statement: %d", status)
	}
}

// 9.2.3ア: the self-check page leads any member of staff to report a
// breach of the policy, with the kind chosen on the incident form.
func TestReportBreachLink(t *testing.T) {
	db := storetest.Open(t, filepath.Join(t.TempDir(), "kijun.db"), store.Options{})
	ts, _ := startServer(t, db)
	admin := signedIn(t, db, ts.URL, auth.Account{ID: "admin-breach", DisplayName: "管理者", Admin: true})
	status, body := admin.get("/selfcheck")
	if status != 200 || !strings.Contains(body, `href="/incidents/new?kind=policy"`) {
		t.Fatalf("GET /selfcheck: %d, no link to report a breach", status)
	}
	status, body = admin.get("/incidents/new?kind=policy")
	if status != 200 || !strings.Contains(body, `<option value="policy" selected>`) {
		t.Errorf("GET /incidents/new?kind=policy: %d, the kind is not chosen", status)
	}
}
