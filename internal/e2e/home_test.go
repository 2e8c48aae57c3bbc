// Package e2e holds end-to-end tests: the real server, driven the way a person
// uses it, in headless Chromium.
package e2e

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"kijun/internal/browsertest"
)

// A person opens Kijun, reads the home page in Japanese, switches to English,
// and reaches the main content from the keyboard.
func TestHomePageInBrowser(t *testing.T) {
	ctx := browsertest.Browser(t)
	dbPath := filepath.Join(t.TempDir(), "kijun.db")
	login := seedLogin(t, dbPath, "", true)
	srv := browsertest.StartServer(t, dbPath, nil)
	browsertest.SignIn(t, ctx, srv.URL, login)

	browsertest.Do(t, ctx, chromedp.Navigate(srv.URL+"/"))
	if got, want := browsertest.Get(t, ctx, chromedp.Title()), "ホーム | Kijun 基準"; got != want {
		t.Errorf("title = %q, want %q", got, want)
	}
	if lang := browsertest.Get(t, ctx, chromedp.AttributeValue(chromedp.CSS("html"), "lang")); lang.Value != "ja" {
		t.Errorf("html lang = %q, want ja", lang.Value)
	}
	if h1 := browsertest.Text(t, ctx, "h1"); h1 != "ホーム" {
		t.Errorf("h1 = %q, want ホーム", h1)
	}
	if footer := browsertest.Text(t, ctx, "footer"); !strings.Contains(footer, "令和") || !strings.Contains(footer, "年度") {
		t.Errorf("footer = %q, want the date in 和暦 and the 年度", footer)
	}
	browsertest.Screenshot(t, ctx, "home-ja")

	// Keyboard: the first Tab reaches the skip link, Enter moves focus to main.
	browsertest.Do(t, ctx, chromedp.KeyEvent(kb.Tab))
	if got := browsertest.Get(t, ctx, chromedp.Evaluate[string](`document.activeElement.textContent`)); got != "本文へ移動" {
		t.Errorf("first Tab focuses %q, want the skip link 本文へ移動", got)
	}
	browsertest.Do(t, ctx, chromedp.KeyEvent(kb.Enter))
	if got := browsertest.Get(t, ctx, chromedp.Evaluate[string](`document.activeElement.id`)); got != "main" {
		t.Errorf("after Enter on the skip link focus is on #%s, want #main", got)
	}

	browsertest.Do(t, ctx,
		chromedp.Click(chromedp.CSS("a.lang")),
		chromedp.WaitVisible(chromedp.CSS(`html[lang="en"] h1`)),
	)
	if got, want := browsertest.Get(t, ctx, chromedp.Title()), "Home | Kijun 基準"; got != want {
		t.Errorf("after switching language, title = %q, want %q", got, want)
	}
	browsertest.Screenshot(t, ctx, "home-en")

	// The choice sticks: the record ledger now opens in English too.
	browsertest.Do(t, ctx, chromedp.Navigate(srv.URL+"/records"))
	if h1 := browsertest.Text(t, ctx, "h1"); h1 != "Record ledger" {
		t.Errorf("records h1 = %q, want Record ledger", h1)
	}
}
