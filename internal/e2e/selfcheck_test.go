package e2e

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"kijun/internal/browsertest"
	"kijun/internal/selfcheck"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
	"kijun/internal/wareki"
)

// flaggedReport returns the demo city's 課 report whose answer the media
// register contradicts, and its respondent.
func flaggedReport(t *testing.T, dbPath string) (selfcheck.Report, int) {
	t.Helper()
	db := storetest.Open(t, dbPath, store.Options{})
	defer db.Close()
	ctx := context.Background()
	fy := wareki.FiscalYear(db.Now())
	c, err := db.SelfcheckCampaign(ctx, fy)
	if err != nil {
		t.Fatal(err)
	}
	reps, err := db.SelfcheckReports(ctx, c.ID, selfcheck.Unit, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range reps {
		if r.Contradicted > 0 && !r.Submitted() {
			return r, fy
		}
	}
	t.Fatal("the demo has no contradicted self-check report")
	return selfcheck.Report{}, 0
}

// The demo city's self-check: the 情報管理者 of the 課 whose media register
// holds an unencrypted medium of 機密性2 sees their "yes" to 6.4.3 flagged
// with the medium named, is refused when submitting, explains, and
// submits; the CISO's office follows the progress per 局 and 課, reads the
// report beside last 年度, and reads the statement of applicability.
func TestSelfcheckInBrowser(t *testing.T) {
	ctx := browsertest.Browser(t)
	dbPath := filepath.Join(t.TempDir(), "kijun.db")
	kijunCmd(t, "demo", "--db", dbPath)
	rep, fy := flaggedReport(t, dbPath)
	manager := seedLogin(t, dbPath, rep.Respondent, false)
	office := seedLogin(t, dbPath, cityOffice(t, dbPath), false)
	srv := browsertest.StartServer(t, dbPath, nil)
	submit := func(button string) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.body.dataset.left = "1"; true`)); err != nil {
				return err
			}
			return chromedp.Do(ctx, chromedp.Click(chromedp.CSS(button)), chromedp.WaitVisible(chromedp.CSS("body:not([data-left])")))
		})
	}

	browsertest.SignIn(t, ctx, srv.URL, manager)
	link := fmt.Sprintf(`#my-reports a[href="/selfcheck/reports/%d"]`, rep.ID)
	browsertest.Do(t, ctx,
		chromedp.Click(chromedp.CSS(`header nav a[href="/selfcheck"]`)),
		chromedp.WaitVisible(chromedp.CSS(link)),
		submit(link),
		chromedp.WaitVisible(chromedp.CSS(`fieldset.contradicted`)),
	)
	flagged := browsertest.Text(t, ctx, `fieldset.contradicted .contradiction`)
	if !strings.Contains(flagged, "台帳と矛盾") || !strings.Contains(flagged, "medium:") {
		t.Errorf("the contradicted answer does not name the medium: %q", flagged)
	}
	browsertest.Screenshot(t, ctx, "selfcheck-contradicted")
	axeIfAvailable(t, ctx, "self-check report with a contradiction")
	browsertest.Do(t, ctx, submit("#submit-report"), chromedp.WaitVisible(chromedp.CSS("#report-problem")))
	if got := browsertest.Text(t, ctx, "#report-problem"); !strings.Contains(got, "6.4.3.media") {
		t.Errorf("submitting with the contradiction unexplained: %q, want a refusal naming 6.4.3.media", got)
	}
	if n := browsertest.Get(t, ctx, chromedp.Evaluate[int](`(() => { const ts = document.querySelectorAll("fieldset.contradicted textarea[name^='exp:']"); ts.forEach(e => e.value = "媒体は更新手続中。暗号化対応品に交換済みで台帳の修正待ち"); return ts.length })()`)); n == 0 {
		t.Fatal("no explanation field beside the contradicted answer")
	}
	browsertest.Do(t, ctx,
		submit("#save-answers"),
		chromedp.WaitVisible(chromedp.CSS("#saved")),
		submit("#submit-report"),
		chromedp.WaitVisible(chromedp.CSS("#submitted")),
	)
	browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS("#signout")), chromedp.WaitVisible(chromedp.CSS("#password")))

	browsertest.SignIn(t, ctx, srv.URL, office)
	browsertest.Do(t, ctx, chromedp.Navigate(fmt.Sprintf("%s/selfcheck/years/%d", srv.URL, fy)), chromedp.WaitVisible(chromedp.CSS("#progress")))
	if got := browsertest.Text(t, ctx, "#progress"); !strings.Contains(got, rep.Unit) {
		t.Errorf("the progress does not show 課 %s: %q", rep.Unit, got)
	}
	browsertest.Screenshot(t, ctx, "selfcheck-progress")
	axeIfAvailable(t, ctx, "self-check progress")
	browsertest.Do(t, ctx, chromedp.Navigate(fmt.Sprintf("%s/selfcheck/years/%d/report", srv.URL, fy)), chromedp.WaitVisible(chromedp.CSS("#by-provision")))
	if got := browsertest.Text(t, ctx, ".lead"); !strings.Contains(got, fmt.Sprint(fy-1)) {
		t.Errorf("the report is not compared with last 年度: %q", got)
	}
	browsertest.Do(t, ctx, chromedp.Navigate(srv.URL+"/catalog/soa"), chromedp.WaitVisible(chromedp.CSS("#soa-chapters")))
	if got := browsertest.Text(t, ctx, "#soa-total"); !strings.Contains(got, "条項を Kijun が実装しています") {
		t.Errorf("the statement of applicability: %q", got)
	}
	browsertest.Screenshot(t, ctx, "soa")
	axeIfAvailable(t, ctx, "statement of applicability")
}
