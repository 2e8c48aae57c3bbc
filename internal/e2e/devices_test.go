package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"kijun/internal/browsertest"
)

// A 課長 browses the demo city's device register through the nav, sees
// the 6 devices of their 課 and the class each takes from what it holds
// (4.2オ(4)), opens the 課's shared PC and sees that class on its page;
// gives it to a staff number that does not exist (refused beside the
// field), then to one of their staff; tries a new managed area on the
// ground floor (refused beside the floor, 6.2.1イ); and imports a devices
// file: one with a bad row is refused with the row named, the good one
// is checked and imported.
func TestDeviceRegistersInBrowser(t *testing.T) {
	ctx := browsertest.Browser(t)
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "kijun.db")
	kijunCmd(t, "demo", "--db", dbPath)
	chiefNo, unit := plainChief(t, dbPath)
	chief := seedLogin(t, dbPath, chiefNo, false)
	srv := browsertest.StartServer(t, dbPath, nil)
	browsertest.SignIn(t, ctx, srv.URL, chief)

	browsertest.Do(t, ctx,
		chromedp.Click(chromedp.CSS(`header nav a[href="/devices"]`)),
		chromedp.WaitVisible(chromedp.CSS("#devices")),
	)
	if got := browsertest.Text(t, ctx, "#count"); !strings.Contains(got, "全 6 件") {
		t.Errorf("a 課長 sees %q; want the 6 devices of their 課", got)
	}
	browsertest.Screenshot(t, ctx, "devices-list")
	id := "D" + unit + "-0001"
	// 4.2オ(4): the list shows the class the shared PC takes from the
	// assets it holds, and that the others hold none.
	if got := browsertest.Text(t, ctx, `#devices tbody tr:first-child .holder-class`); !strings.HasPrefix(got, "機密性") {
		t.Errorf("class of %s in the list: %q, want 機密性…", id, got)
	}
	if got := browsertest.Text(t, ctx, `#devices tbody tr:nth-child(2) .holder-class`); got != "保存資産なし" {
		t.Errorf("class of the second device in the list: %q, want 保存資産なし", got)
	}
	browsertest.Do(t, ctx,
		chromedp.Click(chromedp.CSS(`#devices a[href="/devices/`+id+`"]`)),
		chromedp.WaitVisible(chromedp.CSS("#protections")),
	)
	if got := browsertest.Text(t, ctx, "#holder-class"); !strings.Contains(got, "機密性") || !strings.Contains(got, "件の最高の分類") {
		t.Errorf("class of the shared PC: %q; want the class of the assets it holds", got)
	}
	browsertest.Screenshot(t, ctx, "device")

	browsertest.Do(t, ctx,
		chromedp.Click(chromedp.CSS("#edit")),
		chromedp.WaitVisible(chromedp.CSS("#save")),
	)
	// 6.2: the area is chosen from the area register.
	if n := browsertest.Get(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('#area-choices option[value="AREA-DC1"]').length`)); n != 1 {
		t.Errorf("the area field offers AREA-DC1 %d times, want once", n)
	}
	browsertest.Do(t, ctx,
		chromedp.SetValue(chromedp.CSS("#issued_to"), "999999"),
		chromedp.Click(chromedp.CSS("#save")),
		chromedp.WaitVisible(chromedp.CSS("#issued_to-error")),
	)
	if got := browsertest.Text(t, ctx, "#issued_to-error"); !strings.Contains(got, "999999 の職員はいません") {
		t.Errorf("unknown staff number error = %q", got)
	}
	browsertest.Screenshot(t, ctx, "device-form-error")
	browsertest.Do(t, ctx,
		chromedp.SetValue(chromedp.CSS("#issued_to"), chiefNo),
		chromedp.Click(chromedp.CSS("#save")),
		chromedp.WaitVisible(chromedp.CSS("#saved")),
	)
	if got := browsertest.Text(t, ctx, "#history"); !strings.Contains(got, "device.update") {
		t.Errorf("history after the change: %q", got)
	}
	if got := browsertest.Text(t, ctx, "dl.facts"); !strings.Contains(got, chiefNo) {
		t.Errorf("the device after the change: %q, want it issued to %s", got, chiefNo)
	}
	if got := browsertest.Text(t, ctx, "#life-state"); got != "使用中" {
		t.Errorf("the device's state: %q, want 使用中", got)
	}

	// 6.1.7: the device cannot be marked disposed without the number of
	// an approved disposal request with its record; 9.2.1: a loss names
	// an incident report that exists.
	browsertest.Do(t, ctx,
		chromedp.Click(chromedp.CSS("#edit")),
		chromedp.WaitVisible(chromedp.CSS("#state")),
		chromedp.SetValue(chromedp.CSS("#state"), "disposed"),
		chromedp.SetValue(chromedp.CSS("#state_on"), "2026-04-01"),
		chromedp.Click(chromedp.CSS("#save")),
		chromedp.WaitVisible(chromedp.CSS("#state_ref-error")),
	)
	if got := browsertest.Text(t, ctx, "#state_ref-error"); !strings.Contains(got, "申請番号") || !strings.Contains(got, "6.1.7") {
		t.Errorf("disposed without a request: %q", got)
	}
	browsertest.Get(t, ctx, chromedp.Evaluate[bool](`document.getElementById('state_ref-error').remove() === undefined`))
	browsertest.Do(t, ctx,
		chromedp.SetValue(chromedp.CSS("#state"), "lost"),
		chromedp.SetValue(chromedp.CSS("#state_ref"), "999999"),
		chromedp.Click(chromedp.CSS("#save")),
		chromedp.WaitVisible(chromedp.CSS("#state_ref-error")),
	)
	if got := browsertest.Text(t, ctx, "#state_ref-error"); !strings.Contains(got, "インシデント報告 999999 はありません") {
		t.Errorf("lost with an unknown incident: %q", got)
	}
	browsertest.Screenshot(t, ctx, "device-lifecycle-error")

	// 6.2.1イ: a new managed area may not be on the ground floor.
	browsertest.Do(t, ctx,
		chromedp.Navigate(srv.URL+"/areas/new"),
		chromedp.WaitVisible(chromedp.CSS("#save")),
		chromedp.SendKeys(chromedp.CSS("#id"), "AREA-NEW"),
		chromedp.SendKeys(chromedp.CSS("#name"), "新サーバ室"),
		chromedp.SendKeys(chromedp.CSS("#building"), "新庁舎"),
		chromedp.SetValue(chromedp.CSS("#floor"), "1"),
		chromedp.SendKeys(chromedp.CSS("#entry_control"), "IC カード"),
		chromedp.Click(chromedp.CSS("#save")),
		chromedp.WaitVisible(chromedp.CSS("#floor-error")),
	)
	if got := browsertest.Text(t, ctx, "#floor-error"); !strings.Contains(got, "6.2.1イ") {
		t.Errorf("ground-floor error = %q", got)
	}
	browsertest.Screenshot(t, ctx, "area-form-error")
	browsertest.Do(t, ctx,
		chromedp.SetValue(chromedp.CSS("#floor"), "6"),
		chromedp.Click(chromedp.CSS("#save")),
		chromedp.WaitVisible(chromedp.CSS("#saved")),
	)
	if got := browsertest.Text(t, ctx, "#where"); !strings.Contains(got, "新庁舎 6階") {
		t.Errorf("new area at %q", got)
	}

	// Import: a bad row in the middle refuses the file; the good file imports.
	head := "管理番号,名称,所管課コード,種類,使用者の職員番号,設置場所,管理区域,ディスク暗号化,画面ロック,遠隔消去（リモートワイプ）,覗き見防止フィルタ,USB 等の外部媒体制御,起動時パスワード（BIOS）\n"
	good := head + "N-PC-1,研修用パソコン," + unit + ",パソコン,,研修室,,○,○,×,×,○,○\n" +
		"N-TB-1,窓口タブレット," + unit + ",モバイル端末," + chiefNo + ",窓口,AREA-NEW,○,○,○,○,○,×\n" +
		"N-MFP-1,複合機（2台目）," + unit + ",複合機,,執務室,,×,×,×,×,×,×\n"
	bad := strings.Replace(good, "N-TB-1,窓口タブレット,"+unit+",モバイル端末", "N-TB-1,窓口タブレット,"+unit+",ポケベル", 1)
	goodPath, badPath := filepath.Join(dir, "good.csv"), filepath.Join(dir, "bad.csv")
	os.WriteFile(goodPath, []byte(good), 0o644)
	os.WriteFile(badPath, []byte(bad), 0o644)
	browsertest.Do(t, ctx,
		chromedp.Navigate(srv.URL+"/devices/import"),
		chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{badPath}),
		chromedp.Click(chromedp.CSS("#dryrun")),
		chromedp.WaitVisible(chromedp.CSS("#row-errors")),
	)
	if got := browsertest.Text(t, ctx, "#row-errors"); !strings.Contains(got, "3 行目") || !strings.Contains(got, "種類") || !strings.Contains(got, "ポケベル") {
		t.Errorf("row errors = %q, want row 3 and 種類", got)
	}
	browsertest.Screenshot(t, ctx, "devices-import-bad")
	// The refused file's page is its upload's; a new file starts again
	// from the import page.
	browsertest.Do(t, ctx,
		chromedp.Navigate(srv.URL+"/devices/import"),
		chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{goodPath}),
		chromedp.Click(chromedp.CSS("#dryrun")),
		chromedp.WaitVisible(chromedp.CSS("#confirm")),
		chromedp.Click(chromedp.CSS("#confirm")),
		chromedp.WaitVisible(chromedp.CSS(`#summary[data-done="true"]`)),
	)
	if got := browsertest.Text(t, ctx, "#summary"); !strings.Contains(got, "追加 3 件") {
		t.Errorf("import summary = %q", got)
	}
	browsertest.Do(t, ctx, chromedp.Navigate(srv.URL+"/devices?area=AREA-NEW"), chromedp.WaitVisible(chromedp.CSS("#devices")))
	if got := browsertest.Text(t, ctx, "#devices tbody"); !strings.Contains(got, "窓口タブレット") || strings.Contains(got, "研修用パソコン") {
		t.Errorf("devices in AREA-NEW: %q", got)
	}
	browsertest.Do(t, ctx, chromedp.Navigate(srv.URL+"/devices/N-TB-1"), chromedp.WaitVisible(chromedp.CSS("#protections")))
	if got := browsertest.Text(t, ctx, "#gaps-none"); got == "" {
		t.Errorf("a fully protected tablet shows gaps")
	}
	browsertest.Screenshot(t, ctx, "device-imported")
}
