package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"kijun/internal/browsertest"
	"kijun/internal/operations"
	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// colleague returns a member of the 課 of system id other than its
// 業務システム管理者.
func colleague(t *testing.T, dbPath, id, admin string) string {
	t.Helper()
	db := storetest.Open(t, dbPath, store.Options{})
	defer db.Close()
	ctx := context.Background()
	sys, err := db.System(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := db.Members(ctx, sys.Unit, organisation.Day(db.Now()))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.StaffNo != admin {
			return m.StaffNo
		}
	}
	t.Fatalf("nobody in %s but its administrator", sys.Unit)
	return ""
}

// A change to the demo city's 施設予約システム is planned by its
// 業務システム管理者, approved by the CISO's office and carried out by
// two: the administrator's own confirmation is refused beside the button,
// and the colleague who was there confirms it (8.1.5ウ). The CISO's
// office imports a feed; the system is found affected, and updating its
// web server past the fix in the register closes the finding (8.6.1). A
// log review is recorded (8.1.7ウ).
func TestOperationsInBrowser(t *testing.T) {
	ctx := browsertest.Browser(t)
	dbPath := filepath.Join(t.TempDir(), "kijun.db")
	kijunCmd(t, "demo", "--db", dbPath)
	adminNo := holder(t, dbPath, organisation.RoleSystemAdmin, organisation.SystemScope("yoyaku"))
	secondNo := colleague(t, dbPath, "yoyaku", adminNo)
	admin := seedLogin(t, dbPath, adminNo, false)
	second := seedLogin(t, dbPath, secondNo, false)
	office := seedLogin(t, dbPath, cityOffice(t, dbPath), false)
	// The feed the office brings in through 無害化: a hole in the web
	// server's version, fixed in 2.4.60.
	feed := filepath.Join(t.TempDir(), "nvdcve-2.0-modified.json")
	f, err := os.Create(feed)
	if err != nil {
		t.Fatal(err)
	}
	if err := operations.WriteNVD(f, []operations.Vuln{{ID: "CVE-2026-50001", Summary: "Apache HTTP Server: path traversal (fictional)", Score: 9.8,
		Affects: []operations.Affect{{CPE: "cpe:2.3:a:apache:http_server:*:*:*:*:*:*:*:*", StartIncluding: "2.4.49", EndExcluding: "2.4.60"}}}}, time.Now()); err != nil {
		t.Fatal(err)
	}
	f.Close()
	srv := browsertest.StartServer(t, dbPath, nil)
	when := time.Now().Add(-time.Hour).In(operations.JST()).Format("2006-01-02T15:04")
	setValue := func(css, v string) chromedp.Action[chromedp.Void] {
		return chromedp.SetValue(chromedp.CSS(css), v)
	}

	// The administrator plans the change.
	browsertest.SignIn(t, ctx, srv.URL, admin)
	browsertest.Do(t, ctx,
		chromedp.Navigate(srv.URL+"/systems/yoyaku"),
		chromedp.WaitVisible(chromedp.CSS("#change-new")),
		chromedp.Click(chromedp.CSS("#change-new")),
		chromedp.WaitVisible(chromedp.CSS("#plan-save")),
		chromedp.SendKeys(chromedp.CSS("#title"), "Web サーバの更新"),
		chromedp.Click(chromedp.CSS("#plan-save")),
		chromedp.WaitVisible(chromedp.CSS("#rollback-error")),
	)
	browsertest.Do(t, ctx,
		chromedp.SendKeys(chromedp.CSS("#reason"), "CVE-2026-50001 への対応"),
		chromedp.SendKeys(chromedp.CSS("#risk"), "更新中の予約受付の停止"),
		chromedp.SendKeys(chromedp.CSS("#rollback"), "更新前のスナップショットから戻す"),
		setValue("#versions", "Apache HTTP Server 2.4.57 -> 2.4.62"),
		chromedp.Click(chromedp.CSS("#plan-save")),
		chromedp.WaitVisible(chromedp.CSS("#saved")),
	)
	changeURL := browsertest.Get(t, ctx, chromedp.Evaluate[string](`location.pathname`))
	browsertest.Screenshot(t, ctx, "change-planned")
	browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS("#signout")), chromedp.WaitVisible(chromedp.CSS("#password")))

	// The CISO's office approves it and imports the feed.
	browsertest.SignIn(t, ctx, srv.URL, office)
	browsertest.Do(t, ctx,
		chromedp.Navigate(srv.URL+changeURL),
		chromedp.WaitVisible(chromedp.CSS("#approve")),
		chromedp.Click(chromedp.CSS("#approve")),
		chromedp.WaitVisible(chromedp.CSS("#carry")),
		chromedp.Click(chromedp.CSS(`header nav a[href="/vulns"]`)),
		chromedp.WaitVisible(chromedp.CSS("#import")),
		chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{feed}),
		chromedp.Click(chromedp.CSS("#import")),
		chromedp.WaitVisible(chromedp.CSS("#imported")),
	)
	if got := browsertest.Text(t, ctx, "#vulns"); !strings.Contains(got, "CVE-2026-50001") || !strings.Contains(got, "yoyaku") {
		t.Errorf("after the import the list lacks yoyaku's CVE-2026-50001: %q", got)
	}
	browsertest.Screenshot(t, ctx, "vulns-imported")
	browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS("#signout")), chromedp.WaitVisible(chromedp.CSS("#password")))

	// The administrator carries it out with the colleague present; their
	// own confirmation is refused.
	browsertest.SignIn(t, ctx, srv.URL, admin)
	browsertest.Do(t, ctx,
		chromedp.Navigate(srv.URL+changeURL),
		chromedp.WaitVisible(chromedp.CSS("#carry")),
		setValue("#at", when),
		chromedp.SendKeys(chromedp.CSS("#others"), secondNo),
		chromedp.Click(chromedp.CSS("#carry")),
		chromedp.WaitVisible(chromedp.CSS("#confirm")),
		chromedp.Click(chromedp.CSS("#confirm")),
		chromedp.WaitVisible(chromedp.CSS("#confirm-error")),
	)
	if got := browsertest.Text(t, ctx, "#confirm-error"); !strings.Contains(got, "本人は確認者になれません") {
		t.Errorf("the administrator's own confirmation: %q", got)
	}
	browsertest.Screenshot(t, ctx, "change-self-confirm-refused")
	// The update itself, in the register: the finding closes as it is saved.
	browsertest.Do(t, ctx,
		chromedp.Navigate(srv.URL+"/systems/yoyaku"),
		chromedp.WaitVisible(chromedp.CSS("#system-vulns")),
	)
	if got := browsertest.Text(t, ctx, "#system-vulns"); !strings.Contains(got, "CVE-2026-50001") {
		t.Errorf("the system page lacks the hole: %q", got)
	}
	browsertest.Do(t, ctx,
		chromedp.Navigate(srv.URL+"/systems/yoyaku/edit"),
		chromedp.WaitVisible(chromedp.CSS("#save")),
	)
	browsertest.Get(t, ctx, chromedp.Evaluate[bool](`(() => { const s = document.querySelector('#software'); s.value = s.value.replace('2.4.57', '2.4.62'); return true })()`))
	browsertest.Do(t, ctx,
		chromedp.Click(chromedp.CSS("#save")),
		chromedp.WaitVisible(chromedp.CSS("#saved")),
		chromedp.WaitVisible(chromedp.CSS("#system-vulns-none")),
	)
	// 8.1.7ウ: this month's review of the logs.
	browsertest.Do(t, ctx,
		setValue("#reviewed_at", when),
		chromedp.SendKeys(chromedp.CSS("#findings"), "管理者ログインの失敗 2 件（本人の入力誤りと確認）"),
		chromedp.Click(chromedp.CSS("#review-save")),
		chromedp.WaitVisible(chromedp.CSS("#review-saved")),
	)
	if got := browsertest.Text(t, ctx, "#reviews"); !strings.Contains(got, "管理者ログインの失敗 2 件") {
		t.Errorf("reviews: %q", got)
	}
	browsertest.Screenshot(t, ctx, "system-operations")
	browsertest.Do(t, ctx,
		chromedp.Navigate(srv.URL+"/vulns?all=1"),
		chromedp.WaitVisible(chromedp.CSS("#vulns")),
	)
	if got := browsertest.Text(t, ctx, "#vulns"); !strings.Contains(got, "修正済みの版に更新") {
		t.Errorf("closed findings: %q, want closed by the update", got)
	}
	browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS("#signout")), chromedp.WaitVisible(chromedp.CSS("#password")))

	// The colleague who was there confirms.
	browsertest.SignIn(t, ctx, srv.URL, second)
	browsertest.Do(t, ctx,
		chromedp.Navigate(srv.URL+changeURL),
		chromedp.WaitVisible(chromedp.CSS("#confirm")),
		chromedp.Click(chromedp.CSS("#confirm")),
		chromedp.WaitVisible(chromedp.CSS("#saved")),
	)
	if got := browsertest.Text(t, ctx, "#state"); got != "相互確認済み" {
		t.Errorf("state after the colleague's confirmation: %q", got)
	}
	if got := browsertest.Text(t, ctx, "#confirmed"); !strings.Contains(got, secondNo) {
		t.Errorf("confirmed by %q, want %s", got, secondNo)
	}
	browsertest.Screenshot(t, ctx, "change-confirmed")
}
