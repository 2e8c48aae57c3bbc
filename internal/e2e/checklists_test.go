package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"kijun/internal/browsertest"
	"kijun/internal/organisation"
)

// The 業務システム管理者 of the demo city's 施設予約システム moves it to 稼働
// with its checklists unanswered: the system page marks the open items
// and kijun check finds them, citing 8.3.5. On the checklists page a met
// item without a file is refused beside it; with the design document
// attached it is met, its SHA-256 shown; when the three items of 8.3.5
// are met the check no longer finds that list open. The CISO's office
// then sends a security notice to the system's people (8.6.2); the
// administrator confirms reading it and the office sees it counted. Every
// page passes axe-core.
func TestChecklistsInBrowser(t *testing.T) {
	ctx := browsertest.Browser(t)
	axe := axeSourceOrEmpty(t)
	dbPath := filepath.Join(t.TempDir(), "kijun.db")
	kijunCmd(t, "demo", "--db", dbPath)
	admin := seedLogin(t, dbPath, holder(t, dbPath, organisation.RoleSystemAdmin, organisation.SystemScope("yoyaku")), false)
	office := seedLogin(t, dbPath, cityOffice(t, dbPath), false)
	doc := filepath.Join(t.TempDir(), "入力チェック設計書.txt")
	if err := os.WriteFile(doc, []byte("範囲・妥当性の検査、不正な文字列の除去"), 0o600); err != nil {
		t.Fatal(err)
	}
	srv := browsertest.StartServer(t, dbPath, nil)

	browsertest.SignIn(t, ctx, srv.URL, admin)
	browsertest.Do(t, ctx,
		chromedp.Navigate(srv.URL+"/systems/yoyaku"),
		chromedp.WaitVisible(chromedp.CSS("#stage-form")),
		chromedp.SetValue(chromedp.CSS("#stage-to"), "operate"),
		chromedp.Click(chromedp.CSS("#stage-save")),
		chromedp.WaitVisible(chromedp.CSS("#stage-saved")),
	)
	if got := browsertest.Text(t, ctx, "#checklists"); !strings.Contains(got, "稼働中に未実施") {
		t.Errorf("a running system with its checklists open: %q", got)
	}
	if axe != "" {
		checkAxe(t, ctx, axe, "/systems/yoyaku")
	}
	browsertest.Screenshot(t, ctx, "system-stage-operate")
	if out := kijunCmd(t, "check", "--fail-on", "none", "--db", dbPath); !strings.Contains(out, "system.checklist-io") {
		t.Errorf("kijun check does not cite 8.3.5 for the running system:\n%s", out)
	}

	// 8.3.5ア: refused without a file, met with one.
	item := `[id="item-io/8.3.5.ア"]`
	browsertest.Do(t, ctx,
		chromedp.Click(chromedp.CSS("#checklists-link")),
		chromedp.WaitVisible(chromedp.CSS("#io")),
		chromedp.Click(chromedp.CSS(item+" summary")),
		chromedp.Click(chromedp.CSS(item+" button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS(item+" .field-error")),
	)
	if got := browsertest.Text(t, ctx, item+" .field-error"); !strings.Contains(got, "証拠のファイルを添付") {
		t.Errorf("met without a file: %q", got)
	}
	for _, p := range []string{"8.3.5.ア", "8.3.5.イ", "8.3.5.ウ"} {
		sel := `[id="item-io/` + p + `"]`
		browsertest.Do(t, ctx,
			chromedp.Navigate(srv.URL+"/systems/yoyaku/checklists"),
			chromedp.WaitVisible(chromedp.CSS("#io")),
			chromedp.Click(chromedp.CSS(sel+" summary")),
			chromedp.SetUploadFiles(chromedp.CSS(sel+` input[type=file]`), []string{doc}),
			chromedp.Click(chromedp.CSS(sel+" button[type=submit]")),
			chromedp.WaitVisible(chromedp.CSS("#answered")),
		)
	}
	if got := browsertest.Text(t, ctx, item); !strings.Contains(got, "実施済み") || !strings.Contains(got, "入力チェック設計書.txt") || !strings.Contains(got, "SHA-256") {
		t.Errorf("the met item: %q", got)
	}
	if axe != "" {
		checkAxe(t, ctx, axe, "/systems/yoyaku/checklists")
	}
	browsertest.Screenshot(t, ctx, "system-checklists")
	if out := kijunCmd(t, "check", "--fail-on", "none", "--db", dbPath); strings.Contains(out, "system.checklist-io") || !strings.Contains(out, "system.checklist-development") {
		t.Errorf("after 8.3.5 is met, kijun check:\n%s", out)
	}
	browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS("#signout")), chromedp.WaitVisible(chromedp.CSS("#password")))

	// 8.6.2: the CISO's office tells the system's people; the
	// administrator confirms reading it, and the office sees it counted.
	browsertest.SignIn(t, ctx, srv.URL, office)
	browsertest.Do(t, ctx,
		chromedp.Navigate(srv.URL+"/notices"),
		chromedp.WaitVisible(chromedp.CSS("#notice-form")),
		chromedp.SendKeys(chromedp.CSS("#title"), "予約システムの緊急停止"),
		chromedp.SendKeys(chromedp.CSS("#body"), "Web サーバの脆弱性対応のため、今夜 22 時から停止します。"),
		chromedp.SetValue(chromedp.CSS("#audience"), "system"),
		chromedp.SendKeys(chromedp.CSS("#target"), "yoyaku"),
		chromedp.Click(chromedp.CSS("#notice-send")),
		chromedp.WaitVisible(chromedp.CSS("#sent")),
	)
	noticeURL := browsertest.Get(t, ctx, chromedp.Evaluate[string](`location.pathname`))
	if axe != "" {
		checkAxe(t, ctx, axe, noticeURL)
	}
	browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS("#signout")), chromedp.WaitVisible(chromedp.CSS("#password")))
	browsertest.SignIn(t, ctx, srv.URL, admin)
	browsertest.Do(t, ctx,
		chromedp.Navigate(srv.URL+"/notices"),
		chromedp.WaitVisible(chromedp.CSS("#notices")),
	)
	if axe != "" {
		checkAxe(t, ctx, axe, "/notices")
	}
	browsertest.Do(t, ctx,
		chromedp.Navigate(srv.URL+noticeURL),
		chromedp.WaitVisible(chromedp.CSS("#confirm-read")),
		chromedp.Click(chromedp.CSS("#confirm-read")),
		chromedp.WaitVisible(chromedp.CSS("#read-at")),
	)
	browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS("#signout")), chromedp.WaitVisible(chromedp.CSS("#password")))
	browsertest.SignIn(t, ctx, srv.URL, office)
	browsertest.Do(t, ctx, chromedp.Navigate(srv.URL+noticeURL), chromedp.WaitVisible(chromedp.CSS("#reads")))
	if got := browsertest.Text(t, ctx, "#reads caption"); !strings.Contains(got, "（1 / ") {
		t.Errorf("reads counted: %q", got)
	}
	browsertest.Screenshot(t, ctx, "notice-reads")
}
