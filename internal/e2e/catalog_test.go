package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"kijun/internal/browsertest"
	"kijun/internal/sharedtest"
)

// A person browses the standard by chapter, reads a provision with its items
// and how Kijun operationalises it, searches for two kanji, and follows a
// mapping to NIST SP 800-53, whose parameters show inserted in the text.
func TestBrowseAndSearchTheStandard(t *testing.T) {
	ctx := browsertest.Browser(t)
	nist := sharedtest.File(t, "", "oscal/NIST_SP-800-53_rev5_LOW-baseline-resolved-profile_catalog.json")
	db := t.TempDir() + "/kijun.db"
	kijunCmd(t, "catalog", "import", "--format", "oscal", "--key", "nist-sp800-53r5", "--db", db, nist)
	login := seedLogin(t, db, "", true)
	srv := browsertest.StartServer(t, db, nil)
	browsertest.SignIn(t, ctx, srv.URL, login)

	// From the menu to the standard in force, then chapter 8 > 8.2 > 8.2.6.
	browsertest.Do(t, ctx,
		chromedp.Navigate(srv.URL+"/"),
		chromedp.Click(chromedp.CSS(`header nav a[href="/standard"]`)),
		chromedp.WaitVisible(chromedp.CSS(`ol.toc`)),
	)
	if h1 := browsertest.Text(t, ctx, "h1"); h1 != "神戸市情報セキュリティ対策基準 第5.5版" {
		t.Errorf("standard page h1 = %q", h1)
	}
	browsertest.Screenshot(t, ctx, "catalog-toc")
	browsertest.Do(t, ctx,
		chromedp.Click(chromedp.CSS(`ol.toc a[href$="/p/8.2.6"]`)),
		chromedp.WaitVisible(chromedp.CSS(`ol.items`)),
	)
	if h1 := browsertest.Text(t, ctx, "h1"); h1 != "8.2.6 認証情報の管理" {
		t.Errorf("provision h1 = %q", h1)
	}
	items := browsertest.Text(t, ctx, "ol.items")
	for _, want := range []string{"8.2.6.ア", "8.2.6.ウ", "原則として8文字以上", "8.2.6.オ"} {
		if !strings.Contains(items, want) {
			t.Errorf("8.2.6 items lack %q", want)
		}
	}
	if crumbs := browsertest.Text(t, ctx, "nav.breadcrumb"); !strings.Contains(crumbs, "8 技術的セキュリティ") || !strings.Contains(crumbs, "8.2 アクセス制御") {
		t.Errorf("breadcrumb = %q", crumbs)
	}
	browsertest.Screenshot(t, ctx, "provision-8.2.6")

	// Item 8.2.6.ウ has its own page, with its mapping to NIST IA-5.
	browsertest.Do(t, ctx,
		chromedp.Click(chromedp.CSS(`ol.items a.pid[href$="/p/8.2.6.%E3%82%A6"]`)),
		chromedp.WaitVisible(chromedp.CSS(`section[aria-labelledby="map-h"]`)),
	)
	ann := browsertest.Text(t, ctx, `section[aria-labelledby="ann-h"]`)
	if !strings.Contains(ann, "情報基盤管理者") || !strings.Contains(ann, "業務システム管理者") {
		t.Errorf("8.2.6.ウ annotations lack the obliged roles: %q", ann)
	}
	browsertest.Do(t, ctx,
		chromedp.Click(chromedp.CSS(`section[aria-labelledby="map-h"] a`)),
		// Wait for the NIST page itself: the page left behind has an h1 too.
		chromedp.WaitVisible(chromedp.CSS(`nav.breadcrumb a[href^="/catalog/nist-sp800-53r5/"]`)),
	)
	if h1 := browsertest.Text(t, ctx, "h1"); !strings.HasPrefix(h1, "IA-5") {
		t.Errorf("mapping leads to %q, want IA-5", h1)
	}
	if back := browsertest.Text(t, ctx, `section[aria-labelledby="map-h"]`); !strings.Contains(back, "8.2.6.ウ") {
		t.Errorf("IA-5 does not show the mapping back to 8.2.6.ウ: %q", back)
	}
	browsertest.Screenshot(t, ctx, "nist-ia-5")

	// Search by keyboard: two kanji found inside longer words.
	browsertest.Do(t, ctx,
		chromedp.Navigate(srv.URL+"/catalog"),
		chromedp.Focus(chromedp.CSS(`#q`)),
		chromedp.KeyEvent("認証"),
		chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(chromedp.CSS(`#result-count`)),
	)
	hits := browsertest.Text(t, ctx, "ol.hits")
	for _, want := range []string{"6.4.2.イ", "多要素認証", "5.1.イ.(1)"} {
		if !strings.Contains(hits, want) {
			t.Errorf("search 認証 lacks %q", want)
		}
	}
	browsertest.Screenshot(t, ctx, "catalog-search")

	// NIST AC-1 shows its parameters inserted into the text.
	browsertest.Do(t, ctx, chromedp.Navigate(srv.URL+"/catalog/nist-sp800-53r5/5.1.1+u4/p/AC-1"))
	body := browsertest.Text(t, ctx, "main")
	if strings.Contains(body, "{{") || !strings.Contains(body, "organization-defined personnel or roles") {
		t.Errorf("AC-1 text does not show its parameters inserted: %.300s", body)
	}
}
