package e2e

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"kijun/internal/browsertest"
)

// The CISO's office checks the whole city from the dashboard, drills into
// a 局, opens the three-tier picture, and tries a connection from the
// マイナンバー core to the internet before making it: the what-if names the
// clause it would break, hop by hop, and nothing is saved.
func TestComplianceInBrowser(t *testing.T) {
	ctx := browsertest.Browser(t)
	dbPath := filepath.Join(t.TempDir(), "kijun.db")
	kijunCmd(t, "demo", "--db", dbPath)
	office := seedLogin(t, dbPath, cityOffice(t, dbPath), false)
	srv := browsertest.StartServer(t, dbPath, nil)
	browsertest.SignIn(t, ctx, srv.URL, office)

	browsertest.Do(t, ctx,
		chromedp.Click(chromedp.CSS(`header nav a[href="/compliance"]`)),
		chromedp.WaitVisible(chromedp.CSS("#run-now")),
	)
	// kijun demo checked its city once: the dashboard shows that run, not
	// that no check has run.
	if got := browsertest.Text(t, ctx, "#last-run"); !strings.Contains(got, "最後の点検") || strings.Contains(got, "まだ点検が実行されていません") {
		t.Errorf("after kijun demo: %q, want the demo's run", got)
	}
	browsertest.Do(t, ctx,
		chromedp.Click(chromedp.CSS("#run-now")),
		chromedp.WaitVisible(chromedp.CSS("#ran")),
	)
	if got := browsertest.Text(t, ctx, "#totals"); !strings.Contains(got, "重大度 高") {
		t.Errorf("totals: %q", got)
	}
	units := browsertest.Text(t, ctx, "#units")
	chapters := browsertest.Text(t, ctx, "#chapters")
	if !strings.Contains(chapters, "8.") {
		t.Errorf("chapters: %q, want chapter 8 among them", chapters)
	}
	browsertest.Screenshot(t, ctx, "compliance-dashboard")
	// Drill into the first 局 and on to its findings.
	browsertest.Do(t, ctx,
		chromedp.Click(chromedp.CSS("#units tbody tr:first-child th a")),
		chromedp.WaitVisible(chromedp.CSS("nav .breadcrumb")),
	)
	if got := browsertest.Text(t, ctx, "#units"); got == units {
		t.Error("drilling into a 局 showed the same rows")
	}
	browsertest.Do(t, ctx,
		chromedp.Click(chromedp.CSS("#all-findings")),
		chromedp.WaitVisible(chromedp.CSS("#count")),
	)
	browsertest.Screenshot(t, ctx, "compliance-findings")
	// The CISO's office accepts a system without backups (8.1.3) under the
	// 例外措置 the CISO permitted for it: with none chosen the form says so
	// beside the choice, then the finding links to its request.
	browsertest.Do(t, ctx,
		chromedp.Navigate(srv.URL+"/compliance/findings?rule=system.backup"),
		chromedp.WaitVisible(chromedp.CSS("#count")),
		chromedp.Click(chromedp.CSS(`#findings a[href^="/compliance/findings/accept"]`)),
		chromedp.WaitVisible(chromedp.CSS("#exceptions")),
		chromedp.Click(chromedp.CSS("#accept")),
		chromedp.WaitVisible(chromedp.CSS("#request-error")),
	)
	if got := browsertest.Text(t, ctx, "#request-error"); !strings.Contains(got, "9.5.1") {
		t.Errorf("request error = %q", got)
	}
	if got := browsertest.Text(t, ctx, "#exceptions"); !strings.Contains(got, "8.1.3") || strings.Contains(got, "6.1.2") {
		t.Errorf("the exceptions offered: %q, want the one for 8.1.3 alone", got)
	}
	browsertest.Screenshot(t, ctx, "compliance-accept")
	browsertest.Do(t, ctx,
		chromedp.Click(chromedp.CSS(`#exceptions input[type="radio"]`)),
		chromedp.Click(chromedp.CSS("#accept")),
		chromedp.WaitVisible(chromedp.CSS("#accepted")),
	)
	if n := browsertest.Get(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('#findings a[href^="/permits/"]').length`)); n == 0 {
		t.Error("the accepted finding does not link to its 例外措置")
	}
	// What requests still owe is found too: an emergency exception never
	// reported (9.5.2), whose finding opens the request.
	browsertest.Do(t, ctx,
		chromedp.Navigate(srv.URL+"/compliance/findings?provision=9.5.2"),
		chromedp.WaitVisible(chromedp.CSS("#count")),
	)
	browsertest.Screenshot(t, ctx, "compliance-findings-952")
	if got := browsertest.Text(t, ctx, "#findings"); !strings.Contains(got, "緊急時の例外措置") {
		t.Errorf("findings of 9.5.2: %q", got)
	}
	browsertest.Do(t, ctx,
		chromedp.Click(chromedp.CSS(`#findings tbody th a[href^="/permits/"]`)),
		chromedp.WaitVisible(chromedp.CSS("#timeline")),
	)
	if got := browsertest.Text(t, ctx, "#state"); !strings.Contains(got, "実施済み") {
		t.Errorf("the unreported emergency exception's state: %q", got)
	}
	// A provision's page shows how the city stands on it.
	browsertest.Do(t, ctx,
		chromedp.Navigate(srv.URL+"/catalog/kobe-kijun/5.5/p/8.4.1.エ"),
		chromedp.WaitVisible(chromedp.CSS("#provision-status")),
	)
	if got := browsertest.Text(t, ctx, "#provision-rules"); !strings.Contains(got, "system.software-eos") {
		t.Errorf("rules of 8.4.1エ: %q", got)
	}

	browsertest.Do(t, ctx,
		chromedp.Navigate(srv.URL+"/compliance"),
		chromedp.WaitVisible(chromedp.CSS("#network-link")),
		chromedp.Click(chromedp.CSS("#network-link")),
		chromedp.WaitVisible(chromedp.CSS("figure svg")),
	)
	if n := browsertest.Get(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('figure svg [role="img"], figure svg[role="img"]').length`)); n == 0 {
		t.Error("the picture has no role=img")
	}
	browsertest.Do(t, ctx,
		chromedp.SendKeys(chromedp.CSS("#from"), "segment:mn-core"),
		chromedp.SendKeys(chromedp.CSS("#to"), "external:internet"),
		chromedp.Click(chromedp.CSS("#try-connection")),
		chromedp.WaitVisible(chromedp.CSS("#whatif-result")),
	)
	added := browsertest.Text(t, ctx, "#whatif-added")
	if !strings.Contains(added, "5.1.ア") || !strings.Contains(added, "separation.mynumber-internet") {
		t.Errorf("what-if of マイナンバー to the internet added %q, want the 5.1ア path", added)
	}
	browsertest.Screenshot(t, ctx, "compliance-whatif")
	// Nothing was saved: the network register has no such connection.
	browsertest.Do(t, ctx,
		chromedp.Navigate(srv.URL+"/networks"),
		chromedp.WaitVisible(chromedp.CSS("#connections")),
	)
	if got := browsertest.Text(t, ctx, "#connections"); strings.Contains(got, "whatif") {
		t.Error("the what-if saved its connection")
	}
	// What if 施設予約システム, on the internet side, moved into the
	// マイナンバー利用事務系? Its link to the internet would break 5.1ア,
	// and its access from outside 8.2.2.
	browsertest.Do(t, ctx,
		chromedp.Navigate(srv.URL+"/compliance/network"),
		chromedp.WaitVisible(chromedp.CSS("#whatif-system")),
		chromedp.SetValue(chromedp.CSS("#whatif-system #system"), "yoyaku"),
		chromedp.SetValue(chromedp.CSS("#whatif-system #zone"), "mynumber"),
		chromedp.Click(chromedp.CSS("#try-system")),
		chromedp.WaitVisible(chromedp.CSS("#whatif-result")),
	)
	added = browsertest.Text(t, ctx, "#whatif-added")
	if !strings.Contains(added, "separation.mynumber-internet") || !strings.Contains(added, "system.external-internal-zone") {
		t.Errorf("what-if of 施設予約システム moved into マイナンバー added %q, want the 5.1ア path and 8.2.2", added)
	}
	browsertest.Screenshot(t, ctx, "compliance-whatif-system")
	// A wrong end is refused beside its field.
	browsertest.Do(t, ctx,
		chromedp.Navigate(srv.URL+"/compliance/network?whatif=connection&from=nowhere&to=external:internet&channel=network"),
		chromedp.WaitVisible(chromedp.CSS("#from-error")),
	)
}
