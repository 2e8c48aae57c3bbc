package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"kijun/internal/browsertest"
	"kijun/internal/demo"
	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// A person in the CISO's office opens the organisation tree, goes to a 課
// and sees its 情報管理者, finds a colleague by kana, and imports the
// April 人事異動: first a file with a bad row, refused with the row named,
// then a good one checked and confirmed.
func TestOrganisationInBrowser(t *testing.T) {
	ctx := browsertest.Browser(t)
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "kijun.db")
	db := storetest.Open(t, dbPath, store.Options{})
	if _, err := demo.Generate(context.Background(), db, demo.Options{Scale: demo.Small, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	chief, err := db.HolderOf(context.Background(), organisation.RoleInfoManager, organisation.UnitScope("10101"), organisation.Day(db.Now()))
	if err != nil {
		t.Fatal(err)
	}
	colleague, err := db.Person(context.Background(), "100010")
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	office := seedLogin(t, dbPath, cityOffice(t, dbPath), false)
	srv := browsertest.StartServer(t, dbPath, nil)
	browsertest.SignIn(t, ctx, srv.URL, office)

	browsertest.Do(t, ctx, chromedp.Navigate(srv.URL+"/org"))
	if h1 := browsertest.Text(t, ctx, "h1"); h1 != "組織図" {
		t.Errorf("h1 = %q, want 組織図", h1)
	}
	browsertest.Screenshot(t, ctx, "org-tree")
	browsertest.Do(t, ctx,
		chromedp.Click(chromedp.CSS(`a[href^="/org/units/10101"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#role-info_manager`)),
	)
	if h1 := browsertest.Text(t, ctx, "h1"); h1 != "情報政策課" {
		t.Errorf("unit h1 = %q, want 情報政策課", h1)
	}
	if got := browsertest.Text(t, ctx, "section .holder"); !strings.Contains(got, chief.Person.Name) {
		t.Errorf("情報管理者 shown as %q, want %s", got, chief.Person.Name)
	}
	browsertest.Screenshot(t, ctx, "org-unit")

	// Search by the reading, typed in hiragana.
	kana := []rune(strings.Fields(colleague.Kana)[0])
	for i, r := range kana {
		if r >= 'ァ' && r <= 'ヶ' {
			kana[i] = r - ('ァ' - 'ぁ')
		}
	}
	browsertest.Do(t, ctx,
		chromedp.Navigate(srv.URL+"/org/search"),
		chromedp.SendKeys(chromedp.CSS("#q"), string(kana)),
		chromedp.Submit(chromedp.CSS("#q")),
		chromedp.WaitVisible(chromedp.CSS("#results")),
	)
	if got := browsertest.Text(t, ctx, "#results"); !strings.Contains(got, colleague.Name) {
		t.Errorf("search for %s found %q, want %s", string(kana), got, colleague.Name)
	}
	browsertest.Screenshot(t, ctx, "org-search")

	header := "職員番号,氏名,氏名カナ,雇用区分,所属コード,職名,兼務,発令日,区分\n"
	good := header + "900001,新人 一郎,シンジン イチロウ,職員,10101,担当,,2026-04-01,採用\n" +
		"900002,新人 花子,シンジン ハナコ,会計年度任用職員,10102,担当,,2026-04-01,採用\n" +
		colleague.StaffNo + "," + colleague.Name + "," + colleague.Kana + ",職員,,,,2026-03-31,退職\n"
	bad := strings.Replace(good, "10102,担当", "55555,担当", 1)
	badPath, goodPath := filepath.Join(dir, "bad.csv"), filepath.Join(dir, "good.csv")
	os.WriteFile(badPath, []byte(bad), 0o644)
	os.WriteFile(goodPath, []byte(good), 0o644)

	browsertest.Do(t, ctx,
		chromedp.Navigate(srv.URL+"/org/import"),
		chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{badPath}),
		chromedp.Click(chromedp.CSS("#dryrun")),
		chromedp.WaitVisible(chromedp.CSS("#row-errors")),
	)
	if got := browsertest.Text(t, ctx, "#row-errors"); !strings.Contains(got, "3 行目") || !strings.Contains(got, "所属コード") || !strings.Contains(got, "55555") {
		t.Errorf("row errors = %q, want row 3, 所属コード, 55555", got)
	}
	browsertest.Screenshot(t, ctx, "org-import-bad")

	browsertest.Do(t, ctx,
		// The refused file's page is the upload's: back to the form.
		chromedp.Navigate(srv.URL+"/org/import"),
		chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{goodPath}),
		chromedp.Click(chromedp.CSS("#dryrun")),
		chromedp.WaitVisible(chromedp.CSS("#confirm")),
	)
	// The file is kept on the server: the upload's page lists the changes
	// and confirms by its ID.
	if got := browsertest.Text(t, ctx, "#changes"); !strings.Contains(got, "新人 花子") || !strings.Contains(got, colleague.StaffNo) {
		t.Errorf("dry run changes = %q", got)
	}
	browsertest.Screenshot(t, ctx, "org-import-dryrun")
	browsertest.Do(t, ctx,
		chromedp.Click(chromedp.CSS("#confirm")),
		// The check's page has a summary too: wait for the one of the
		// written upload, which the page loads itself when the work ends.
		chromedp.WaitVisible(chromedp.CSS(`#summary[data-done="true"]`)),
	)
	if got := browsertest.Text(t, ctx, "#summary"); !strings.Contains(got, "取り込みました") {
		t.Errorf("after confirming: %q", got)
	}
	browsertest.Screenshot(t, ctx, "org-import-done")
	browsertest.Do(t, ctx, chromedp.Navigate(srv.URL+"/org/people/900001"))
	if h1 := browsertest.Text(t, ctx, "h1"); h1 != "新人 一郎" {
		t.Errorf("imported person page h1 = %q", h1)
	}
}
