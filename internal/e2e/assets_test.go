package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"kijun/internal/browsertest"
)

// A 課長, the 情報管理者 of their 課, browses the demo city's asset register,
// filters it to 機密性3, opens an asset and sees its handling
// restrictions, changes its class (refused beside the field until a reason
// is given), adds an asset, and imports a register file: one with a bad
// row is refused with the row named, the good one is checked and imported.
func TestAssetRegisterInBrowser(t *testing.T) {
	ctx := browsertest.Browser(t)
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "kijun.db")
	kijunCmd(t, "demo", "--db", dbPath)
	chiefNo, unit := plainChief(t, dbPath)
	chief := seedLogin(t, dbPath, chiefNo, false)
	srv := browsertest.StartServer(t, dbPath, nil)
	browsertest.SignIn(t, ctx, srv.URL, chief)

	browsertest.Do(t, ctx,
		chromedp.Click(chromedp.CSS(`header nav a[href="/assets"]`)),
		chromedp.WaitVisible(chromedp.CSS("#assets")),
	)
	if got := browsertest.Text(t, ctx, "#count"); !strings.Contains(got, "全 12 件") {
		t.Errorf("a 課長 sees %q; want the 12 assets of their 課", got)
	}
	browsertest.Screenshot(t, ctx, "assets-list")
	browsertest.Do(t, ctx,
		chromedp.SetValue(chromedp.CSS("#c"), "3"),
		chromedp.Click(chromedp.CSS("#filter")),
		chromedp.WaitReady(chromedp.CSS(`#c option[value="3"][selected]`)),
	)
	rows := browsertest.Get(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('#assets tbody tr td:nth-child(5)')].map(td => td.textContent)`))
	if len(rows) == 0 {
		t.Fatal("no 機密性3 assets listed")
	}
	for _, r := range rows {
		if !strings.HasPrefix(r, "機密性3") {
			t.Errorf("filtered to 機密性3, listed %q", r)
		}
	}

	// One asset, its restrictions, then an edit that lowers nothing but
	// raises 可用性 without a reason.
	browsertest.Do(t, ctx,
		chromedp.Click(chromedp.CSS(`#assets tbody tr th a`)),
		chromedp.WaitVisible(chromedp.CSS("#restrictions")),
	)
	if got := browsertest.Text(t, ctx, "#restrictions"); !strings.Contains(got, "4.2.オ.(3)") {
		t.Errorf("restrictions of a 機密性3 asset: %q", got)
	}
	browsertest.Screenshot(t, ctx, "asset")
	browsertest.Do(t, ctx,
		chromedp.Click(chromedp.CSS("#edit")),
		chromedp.WaitVisible(chromedp.CSS("#save")),
		chromedp.SetValue(chromedp.CSS("#availability"), "2"),
	)
	browsertest.Get(t, ctx, chromedp.Evaluate[bool](`document.querySelector('#availability_reason').value = '', true`))
	browsertest.Do(t, ctx,
		chromedp.Click(chromedp.CSS("#save")),
		chromedp.WaitVisible(chromedp.CSS("#availability_reason-error")),
	)
	if got := browsertest.Text(t, ctx, "#availability_reason-error"); !strings.Contains(got, "可用性2 とした理由") {
		t.Errorf("missing reason error = %q", got)
	}
	browsertest.Screenshot(t, ctx, "asset-form-error")
	browsertest.Do(t, ctx,
		chromedp.SendKeys(chromedp.CSS("#availability_reason"), "窓口業務が止まる"),
		chromedp.Click(chromedp.CSS("#save")),
		chromedp.WaitVisible(chromedp.CSS("#saved")),
	)
	if got := browsertest.Text(t, ctx, "#history"); !strings.Contains(got, "asset.update") {
		t.Errorf("history after the change: %q", got)
	}

	// A new asset of the 課.
	browsertest.Do(t, ctx,
		chromedp.Navigate(srv.URL+"/assets/new"),
		chromedp.WaitVisible(chromedp.CSS("#save")),
		chromedp.SendKeys(chromedp.CSS("#id"), "N-0001"),
		chromedp.SendKeys(chromedp.CSS("#name"), "窓口受付簿"),
		chromedp.SetValue(chromedp.CSS("#kind"), "paper"),
		chromedp.SetValue(chromedp.CSS("#confidentiality"), "2"),
		chromedp.SendKeys(chromedp.CSS("#confidentiality_reason"), "来庁者の氏名を含む"),
		chromedp.Click(chromedp.CSS("#save")),
		chromedp.WaitVisible(chromedp.CSS("#saved")),
	)
	if h1 := browsertest.Text(t, ctx, "h1"); h1 != "窓口受付簿" {
		t.Errorf("new asset page h1 = %q", h1)
	}

	// Import: a bad row in the middle refuses the file; the good file imports.
	head := "管理番号,名称,説明,所管課コード,種類,保存場所,機密性,機密性の理由,完全性,完全性の理由,可用性,可用性の理由,段階,入手元,原本の管理番号,保有先\n"
	good := head + "N-0002,研修資料,," + unit + ",文書,共有フォルダ,1,,1,,1,,作成,,,\n" +
		"N-0003,苦情対応記録,," + unit + ",データ,共有フォルダ,3,個人情報,1,,1,,利用,,,device:PC-0001\n" +
		"N-0004,視察受入資料,," + unit + ",紙,書庫,1,,1,,1,,保管,,,\n"
	bad := strings.Replace(good, "N-0003,苦情対応記録,,"+unit+",データ,共有フォルダ,3,個人情報", "N-0003,苦情対応記録,,"+unit+",データ,共有フォルダ,3,", 1)
	goodPath, badPath := filepath.Join(dir, "good.csv"), filepath.Join(dir, "bad.csv")
	os.WriteFile(goodPath, []byte(good), 0o644)
	os.WriteFile(badPath, []byte(bad), 0o644)
	browsertest.Do(t, ctx,
		chromedp.Navigate(srv.URL+"/assets/import"),
		chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{badPath}),
		chromedp.Click(chromedp.CSS("#dryrun")),
		chromedp.WaitVisible(chromedp.CSS("#row-errors")),
	)
	if got := browsertest.Text(t, ctx, "#row-errors"); !strings.Contains(got, "3 行目") || !strings.Contains(got, "機密性の理由") {
		t.Errorf("row errors = %q, want row 3 and 機密性の理由", got)
	}
	browsertest.Screenshot(t, ctx, "assets-import-bad")
	browsertest.Do(t, ctx,
		chromedp.Navigate(srv.URL+"/assets/import"),
		chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{goodPath}),
		chromedp.Click(chromedp.CSS("#dryrun")),
		chromedp.WaitVisible(chromedp.CSS("#confirm")),
		chromedp.Click(chromedp.CSS("#confirm")),
		chromedp.WaitVisible(chromedp.CSS(`#summary[data-done="true"]`)),
	)
	if got := browsertest.Text(t, ctx, "#summary"); !strings.Contains(got, "追加 3 件") {
		t.Errorf("import summary = %q", got)
	}
	browsertest.Do(t, ctx, chromedp.Navigate(srv.URL+"/assets?q=苦情"), chromedp.WaitVisible(chromedp.CSS("#assets")))
	if got := browsertest.Text(t, ctx, "#assets tbody"); !strings.Contains(got, "N-0003") {
		t.Errorf("search for 苦情: %q", got)
	}
}

// A 課長 uploads a register of 60,000 rows: the page of its work shows the
// rows read and checked going up without a reload (a live region says
// so), then the plan and the confirmation; confirmed, it shows the rows
// written and the result, and a reload shows the same, while someone of
// the CISO's office saves an asset in a browser of their own. The pages
// pass axe-core.
func TestImportProgressInBrowser(t *testing.T) {
	ctx := browsertest.Browser(t)
	axe := axeSourceOrEmpty(t)
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "kijun.db")
	kijunCmd(t, "demo", "--db", dbPath)
	chiefNo, unit := plainChief(t, dbPath)
	chief := seedLogin(t, dbPath, chiefNo, false)
	office := seedLogin(t, dbPath, cityOffice(t, dbPath), false)
	srv := browsertest.StartServer(t, dbPath, nil)
	browsertest.SignIn(t, ctx, srv.URL, chief)
	// Another person, in a browser of their own, saves an asset while the
	// import writes.
	other := browsertest.Browser(t)
	browsertest.SignIn(t, other, srv.URL, office)
	browsertest.Do(t, other,
		chromedp.Navigate(srv.URL+"/assets"),
		chromedp.Click(chromedp.CSS(`#assets tbody tr th a`)),
		chromedp.WaitVisible(chromedp.CSS("#restrictions")),
		chromedp.Click(chromedp.CSS("#edit")),
		chromedp.WaitVisible(chromedp.CSS("#save")),
	)

	const rows = 60_000
	var b strings.Builder
	b.WriteString("管理番号,名称,説明,所管課コード,種類,保存場所,機密性,機密性の理由,完全性,完全性の理由,可用性,可用性の理由,段階,入手元,原本の管理番号,保有先\n")
	for i := range rows {
		fmt.Fprintf(&b, "P-%06d,窓口申請データ%d,申請の受付記録,%s,データ,共有フォルダ,2,個人情報を含む,1,,1,,利用,,,\n", i, i, unit)
	}
	path := filepath.Join(dir, "daicho.csv")
	os.WriteFile(path, []byte(b.String()), 0o644)
	browsertest.Do(t, ctx,
		chromedp.Navigate(srv.URL+"/assets/import"),
		chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{path}),
		chromedp.Click(chromedp.CSS("#dryrun")),
		chromedp.WaitVisible(chromedp.CSS("#import-progress")),
	)
	browsertest.Do(t, ctx, chromedp.WaitVisible(chromedp.CSS("#confirm")))
	if got := browsertest.Text(t, ctx, "#summary"); !strings.Contains(got, "追加 60000 件") {
		t.Errorf("the plan: %q", got)
	}
	if got := browsertest.Text(t, ctx, "#import-checked"); got != "60,000" {
		t.Errorf("rows checked once the check ended: %q", got)
	}
	if got := browsertest.Get(t, ctx, chromedp.Evaluate[string](`document.querySelector('#import-progress').getAttribute('aria-live')`)); got != "polite" {
		t.Errorf("the progress is not a live region: aria-live=%q", got)
	}
	browsertest.Screenshot(t, ctx, "import-checked")
	if axe != "" {
		checkAxe(t, ctx, axe, "the import's plan")
	}
	browsertest.Do(t, ctx,
		chromedp.Click(chromedp.CSS("#confirm")),
		chromedp.WaitVisible(chromedp.CSS(`#import-work[data-state="writing"]`)),
	)
	// A mark on the page's window: still there when the counts have
	// moved, so the page was not reloaded to move them.
	browsertest.Get(t, ctx, chromedp.Evaluate[bool](`window.kijunMark = true`))
	checked := browsertest.Get(t, ctx, chromedp.Poll[float64](`(() => {
		const n = s => Number(document.querySelector(s).textContent.replace(/[^0-9]/g, ''));
		return window.kijunMark === true && n('#import-checked') > 0 ? n('#import-checked') : false;
	})()`, chromedp.WithPollingTimeout(60*time.Second), chromedp.WithPollingInterval(50*time.Millisecond)))
	t.Logf("the page showed %v rows checked again without a reload", checked)
	browsertest.Screenshot(t, ctx, "import-progress")
	during := browsertest.Get(t, ctx, chromedp.Evaluate[string](`document.querySelector('#import-work').dataset.state`))
	t0 := time.Now()
	browsertest.Do(t, other,
		chromedp.SetValue(chromedp.CSS("#location"), "書庫（取込み中に変更）"),
		chromedp.Click(chromedp.CSS("#save")),
		chromedp.WaitVisible(chromedp.CSS("#saved")),
	)
	t.Logf("another person's save, begun while the import was %q, took %v", during, time.Since(t0).Round(time.Millisecond))
	browsertest.Do(t, ctx, chromedp.WaitVisible(chromedp.CSS(`#summary[data-done="true"]`)))
	browsertest.Screenshot(t, ctx, "import-done")
	if got := browsertest.Text(t, ctx, "#import-written"); got != "60,000" {
		t.Errorf("rows written: %q", got)
	}
	if axe != "" {
		checkAxe(t, ctx, axe, "the import's result")
	}
	// A reload shows the same outcome.
	browsertest.Do(t, ctx, chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`#summary[data-done="true"]`)))
	if got := browsertest.Text(t, ctx, "#import-phase"); !strings.Contains(got, "取り込みました") {
		t.Errorf("after a reload: %q", got)
	}
	browsertest.Do(t, ctx, chromedp.Navigate(srv.URL+"/assets?q=P-059999"), chromedp.WaitVisible(chromedp.CSS("#assets")))
	if got := browsertest.Text(t, ctx, "#assets tbody"); !strings.Contains(got, "P-059999") {
		t.Errorf("the last row imported: %q", got)
	}
}
