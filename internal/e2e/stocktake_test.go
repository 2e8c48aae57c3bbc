package e2e

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"kijun/internal/browsertest"
)

// 9.2.2 on the demo city: a 課長 (the 課's 情報管理者) starts a stocktake
// of their 課's devices and media from the device register, prints the
// sheet with its QR labels, types the ID of the backup medium (which holds
// the 課's data) and marks it missing, is refused closing while items are
// unmarked, finds the rest, then closes: the medium's
// row links a corrective action citing 9.2.2 and an incident report of
// its loss, which opens as a first report. Each page passes axe-core.
func TestStocktakeInBrowser(t *testing.T) {
	ctx := browsertest.Browser(t)
	dbPath := filepath.Join(t.TempDir(), "kijun.db")
	kijunCmd(t, "demo", "--db", dbPath)
	chiefNo, unit := plainChief(t, dbPath)
	chief := seedLogin(t, dbPath, chiefNo, false)
	srv := browsertest.StartServer(t, dbPath, nil)
	browsertest.SignIn(t, ctx, srv.URL, chief)
	// submit clicks a button and waits for the page it leads to, not the
	// one it leaves.
	submit := func(button string) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.body.dataset.left = "1"; true`)); err != nil {
				return err
			}
			return chromedp.Do(ctx, chromedp.Click(chromedp.CSS(button)), chromedp.WaitVisible(chromedp.CSS("body:not([data-left])")))
		})
	}
	check := func(where string) { t.Helper(); axeIfAvailable(t, ctx, where) }

	browsertest.Do(t, ctx,
		chromedp.Navigate(srv.URL+"/devices"),
		chromedp.Click(chromedp.CSS(`nav.subnav a[href="/stocktakes"]`)),
		chromedp.WaitVisible(chromedp.CSS("#stocktake-form")),
	)
	check("the stocktakes")
	browsertest.Do(t, ctx,
		chromedp.SetValue(chromedp.CSS("#unit"), unit),
		submit("#stocktake-start"),
		chromedp.WaitVisible(chromedp.CSS("#count")),
	)
	check("the counting page")
	browsertest.Screenshot(t, ctx, "stocktake-count")
	medium := "M" + unit + "-01"
	if n := browsertest.Get(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('#stocktake-items tbody tr').length`)); n < 2 {
		t.Fatalf("the stocktake lists %d items", n)
	}

	here := browsertest.Get(t, ctx, chromedp.Evaluate[string](`location.pathname`))
	// The sheet: one QR label per item.
	browsertest.Do(t, ctx,
		submit("#sheet-link"),
		chromedp.WaitVisible(chromedp.CSS("#qr-labels")),
	)
	if n := browsertest.Get(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('#qr-labels img[src^="data:image/png"]').length`)); n < 2 {
		t.Errorf("the sheet has %d QR labels", n)
	}
	check("the sheet")
	browsertest.Do(t, ctx, chromedp.Navigate(srv.URL+here), chromedp.WaitVisible(chromedp.CSS("#count")))

	// An ID not in the count is refused beside the field.
	browsertest.Do(t, ctx,
		chromedp.SetValue(chromedp.CSS("#code"), "M-NOWHERE"),
		submit("#mark-submit"),
		chromedp.WaitVisible(chromedp.CSS("#code-error")),
	)
	if got := browsertest.Text(t, ctx, "#code-error"); !strings.Contains(got, "M-NOWHERE") {
		t.Errorf("unknown ID: %q", got)
	}
	// The backup medium, typed, is missing.
	browsertest.Do(t, ctx,
		chromedp.SetValue(chromedp.CSS("#code"), "medium:"+medium),
		chromedp.Click(chromedp.CSS(`input[name="mark"][value="missing"]`)),
		submit("#mark-submit"),
		chromedp.WaitVisible(chromedp.CSS("#marked")),
	)
	if got := browsertest.Text(t, ctx, "#marked"); !strings.Contains(got, medium) || !strings.Contains(got, "所在不明") {
		t.Errorf("after marking: %q", got)
	}
	// Closing with items unmarked is refused.
	browsertest.Do(t, ctx,
		submit("#stocktake-close"),
		chromedp.WaitVisible(chromedp.CSS("#stocktake-problem")),
	)
	if got := browsertest.Text(t, ctx, "#stocktake-problem"); !strings.Contains(got, "未確認") {
		t.Errorf("closing with items unmarked: %q", got)
	}
	// The rest are found, one button each.
	for range 200 {
		left := browsertest.Get(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('#stocktake-items form.inline button').length`))
		if left == 0 {
			break
		}
		browsertest.Do(t, ctx,
			submit(`#stocktake-items form.inline button`),
			chromedp.WaitVisible(chromedp.CSS("#marked")),
		)
	}
	browsertest.Do(t, ctx, submit("#stocktake-close"))
	if n := browsertest.Get(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('#item-medium-`+medium+` .stocktake-action').length`)); n != 1 {
		t.Fatalf("after closing, %s links %d actions; the page says %q", medium, n, browsertest.Text(t, ctx, "main"))
	}
	if got := browsertest.Text(t, ctx, "#stocktake-state"); !strings.Contains(got, "終了") {
		t.Errorf("state after closing: %q", got)
	}
	check("the closed stocktake")
	browsertest.Screenshot(t, ctx, "stocktake-closed")
	browsertest.Do(t, ctx,
		submit(`#item-medium-`+medium+` .stocktake-incident`),
		chromedp.WaitVisible(chromedp.CSS("main h1")),
	)
	if got := browsertest.Text(t, ctx, "main"); !strings.Contains(got, "所在不明") || !strings.Contains(got, medium) {
		t.Errorf("the incident report opened by the stocktake: %q", got)
	}
	browsertest.Do(t, ctx, chromedp.Navigate(srv.URL+here), chromedp.WaitVisible(chromedp.CSS("#stocktake-items")),
		submit(`#item-medium-`+medium+` .stocktake-action`),
		chromedp.WaitVisible(chromedp.CSS("main h1")),
	)
	if got := browsertest.Text(t, ctx, "main"); !strings.Contains(got, "9.2.2") || !strings.Contains(got, medium) {
		t.Errorf("the corrective action opened by the stocktake: %q", got)
	}
}
