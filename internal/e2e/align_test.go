package e2e

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"kijun/internal/browsertest"
)

// The CISO's office reviews how a city's own standard, converted from its
// 訓令 text, aligns with Kobe's: the page lists the least certain first;
// the reviewer accepts one proposal and changes another to the reference
// provision they know is right, and the page shows each confirmed with
// who and when.
func TestReviewAlignmentInBrowser(t *testing.T) {
	ctx := browsertest.Browser(t)
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "kijun.db")
	kijunCmd(t, "demo", "--db", dbPath)
	city := filepath.Join(dir, "asahi.yaml")
	kijunCmd(t, "catalog", "convert", "--key", "asahi-kijun", "-o", city, "../catalog/convert/testdata/asahi-kijun.txt")
	kijunCmd(t, "catalog", "align", "--db", dbPath, "--save", city)
	login := seedLogin(t, dbPath, cityOffice(t, dbPath), false)
	srv := browsertest.StartServer(t, dbPath, nil)
	browsertest.SignIn(t, ctx, srv.URL, login)

	browsertest.Do(t, ctx,
		chromedp.Navigate(srv.URL+"/catalog/asahi-kijun/1.0/align/kobe-kijun"),
		chromedp.WaitVisible(chromedp.CSS(`#alignments`)),
	)
	if sum := browsertest.Text(t, ctx, "#align-summary"); !strings.Contains(sum, "未確認 83") {
		t.Errorf("summary = %q, want all 83 provisions not yet reviewed", sum)
	}
	browsertest.Screenshot(t, ctx, "align-review")
	axeIfAvailable(t, ctx, "alignment review")

	// Accept 第34条 as proposed (8.2.6), wherever the doubt sorted it.
	row := rowOf(t, ctx, "第34条")
	browsertest.Do(t, ctx,
		chromedp.Click(chromedp.CSS(`#accept-`+row)),
		chromedp.WaitVisible(chromedp.CSS(`tr[data-pid="第34条"] .confirmed`)),
	)
	if state := browsertest.Text(t, ctx, `tr[data-pid="第34条"] td.state`); !strings.Contains(state, "採用") || !strings.Contains(state, "8.2.6 (") {
		t.Errorf("第34条 after accept: %q", state)
	}
	// Change 第3条 (its title matched 3.2.1 CISO) to 3.1.1, equivalent.
	row = rowOf(t, ctx, "第3条")
	browsertest.Do(t, ctx,
		chromedp.SendKeys(chromedp.CSS(`#target-`+row), "3.1.1"),
		chromedp.SetValue(chromedp.CSS(`#rel-`+row), "equivalent"),
		chromedp.Click(chromedp.CSS(`#change-`+row)),
		chromedp.WaitVisible(chromedp.CSS(`tr[data-pid="第3条"] .confirmed`)),
	)
	state := browsertest.Text(t, ctx, `tr[data-pid="第3条"] td.state`)
	if !strings.Contains(state, "変更") || !strings.Contains(state, "3.1.1 (equivalent)") {
		t.Errorf("第3条 after change: %q", state)
	}
	// A reference provision that does not exist is refused with the reason.
	row = rowOf(t, ctx, "第2条")
	browsertest.Do(t, ctx,
		chromedp.SendKeys(chromedp.CSS(`#target-`+row), "99.9"),
		chromedp.Click(chromedp.CSS(`#change-`+row)),
		chromedp.WaitVisible(chromedp.CSS(`#align-problem`)),
	)
	if p := browsertest.Text(t, ctx, "#align-problem"); !strings.Contains(p, "99.9") {
		t.Errorf("problem = %q", p)
	}
	if sum := browsertest.Text(t, ctx, "#align-summary"); !strings.Contains(sum, "未確認 81") {
		t.Errorf("summary after two decisions = %q", sum)
	}
	// With two alignments confirmed, every other chapter of Kobe's is a gap.
	if gaps := browsertest.Text(t, ctx, "#gaps"); !strings.HasPrefix(gaps, "1 2 3.1.2 ") || strings.Contains(gaps, "8.2.6") {
		t.Errorf("gaps = %q, want 1, 2 and 3.1 but for 3.1.1, and not 8.2.6", gaps)
	}
	browsertest.Screenshot(t, ctx, "align-reviewed")
}

// rowOf returns the index of the review table's row for a city provision.
func rowOf(t *testing.T, ctx context.Context, pid string) string {
	t.Helper()
	id := browsertest.Get(t, ctx, chromedp.AttributeValue(chromedp.CSS(`tr[data-pid="`+pid+`"]`), "id")).Value
	return strings.TrimPrefix(id, "row-")
}
