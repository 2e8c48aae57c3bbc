package e2e

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"kijun/internal/browsertest"
)

// axeSource returns axe-core, the accessibility rules engine, from
// KIJUN_AXE or node_modules under the module root (CI installs it with npm).
// Without it the test skips, unless CI is set.
func axeSource(t *testing.T) string {
	t.Helper()
	axe := axeSourceOrEmpty(t)
	if axe == "" {
		t.Skipf("accessibility check skipped: axe-core not found at %s (npm install axe-core@4, or set KIJUN_AXE)", axePath())
	}
	return axe
}

// axeSourceOrEmpty is axeSource for a test that checks accessibility on
// the way: without axe-core it returns "" and the test goes on, unless CI
// is set.
func axeSourceOrEmpty(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(axePath())
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("axe-core missing in CI: %v", err)
		}
		return ""
	}
	return string(b)
}

func axePath() string {
	if path := os.Getenv("KIJUN_AXE"); path != "" {
		return path
	}
	return filepath.Join("..", "..", "node_modules", "axe-core", "axe.min.js")
}

// axeRun runs axe-core's WCAG 2.1 A and AA rules on the page in ctx and
// returns what they find.
func axeRun(t *testing.T, ctx context.Context, axe string) []axeViolation {
	t.Helper()
	browsertest.Get(t, ctx, chromedp.Evaluate[bool](axe+";true"))
	raw := browsertest.Get(t, ctx, chromedp.Evaluate[string](
		`axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}).then(r => JSON.stringify(r.violations))`,
		chromedp.EvalAwaitPromise))
	var vs []axeViolation
	if err := json.Unmarshal([]byte(raw), &vs); err != nil {
		t.Fatalf("axe result: %v", err)
	}
	return vs
}

// checkAxe fails the test on each violation axeRun finds on the page,
// naming where the page is.
func checkAxe(t *testing.T, ctx context.Context, axe, where string) {
	t.Helper()
	for _, v := range axeRun(t, ctx, axe) {
		var at []string
		for _, n := range v.Nodes {
			at = append(at, strings.Join(n.Target, " "))
		}
		t.Errorf("%s: %s (%s): %s at %s", where, v.ID, v.Impact, v.Help, strings.Join(at, ", "))
	}
}

type axeViolation struct {
	ID, Impact, Help string
	Nodes            []struct{ Target []string }
}

// Every page passes the automated WCAG 2.1 A and AA checks of axe-core, the
// part of JIS X 8341-3 AA that a machine can check.
func TestPagesPassAutomatedAccessibilityChecks(t *testing.T) {
	axe := axeSource(t)
	ctx := browsertest.Browser(t)
	db := filepath.Join(t.TempDir(), "kijun.db")
	kijunCmd(t, "demo", "--db", db)
	login := seedLogin(t, db, cityOffice(t, db), true)
	srv := browsertest.StartServer(t, db, nil)
	run := func(t *testing.T) []axeViolation { t.Helper(); return axeRun(t, ctx, axe) }
	// The sign-in page, before signing in.
	browsertest.Do(t, ctx, chromedp.Navigate(srv.URL+"/signin"))
	for _, v := range run(t) {
		t.Errorf("/signin: %s (%s): %s", v.ID, v.Impact, v.Help)
	}
	browsertest.SignIn(t, ctx, srv.URL, login)

	// The check itself must be able to fail: a field without a label is found.
	browsertest.Do(t, ctx, chromedp.Navigate(srv.URL+"/"))
	browsertest.Get(t, ctx, chromedp.Evaluate[bool](`document.querySelector('main').appendChild(document.createElement('input')) && true`))
	found := false
	for _, v := range run(t) {
		found = found || v.ID == "label"
	}
	if !found {
		t.Fatal("axe did not report an input without a label; the check is not working")
	}
	pages := []string{
		"/", "/?lang=en", "/records", "/records/1",
		"/catalog", "/catalog/kobe-kijun/5.5", "/catalog/kobe-kijun/5.5/p/8.2.6", "/catalog/kobe-kijun/5.5/p/4.1.1",
		"/catalog/search?q=%E8%AA%8D%E8%A8%BC",
		"/org", "/org/units/10101", "/org/roles", "/org/search?q=%E3%81%99%E3%81%9A%E3%81%8D", "/org/import", "/org/reorg", "/admin/setup",
		"/account", "/account/password", "/account/factor", "/admin/accounts",
		"/assets", "/assets?c=3&sort=name&desc=1", "/assets/A10101-0001", "/assets/A10101-0001/edit", "/assets/A10101-0001/label",
		"/assets/new", "/assets/import",
		"/systems", "/systems/juki", "/systems/juki/edit", "/systems/new", "/systems/import",
		"/networks", "/networks/segments/new", "/networks/segments/mn-core", "/networks/connections/c0001", "/networks/connections/import",
		"/devices", "/devices?lacking=disk_encryption&sort=name&desc=1", "/devices/D10101-0001", "/devices/D10101-0001/edit", "/devices/new", "/devices/import",
		"/media", "/media/M10101-01", "/media/M10101-01/edit", "/areas", "/areas/AREA-10", "/areas/AREA-10/edit", "/areas/new",
		"/contracts", "/contracts/K0001", "/contracts/K0001/edit", "/contracts/new",
		"/contractors", "/contractors/F0003", "/contractors/F0003/edit", "/contractors/new", "/contractors/import",
		"/incidents", "/incidents/new", "/incidents/stats", "/incidents/contacts", "/failures",
		"/selfcheck", "/selfcheck/questions", "/catalog/soa",
		"/training", "/training/plan", "/training/courses/2026-all", "/training/units/10101", "/training/report", "/cards",
		"/training/attendance/import", "/training/drills/import", "/training/pledges", "/training/pledges/units/10101", "/admin/shared",
		"/incidents/stats?lang=en", "/external-services", "/external-services/SV0001",
		"/no-such-page",
	}
	for _, p := range pages {
		t.Run(p, func(t *testing.T) {
			browsertest.Do(t, ctx, chromedp.Navigate(srv.URL+p))
			for _, v := range run(t) {
				var where []string
				for _, n := range v.Nodes {
					where = append(where, strings.Join(n.Target, " "))
				}
				t.Errorf("%s (%s): %s at %s", v.ID, v.Impact, v.Help, strings.Join(where, ", "))
			}
		})
	}
}
