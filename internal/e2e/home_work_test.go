package e2e

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/pquerna/otp/totp"

	"kijun/internal/browsertest"
)

// demoLogins reads the accounts `kijun demo` printed: the shared password
// and, by role, each user ID and TOTP secret, as a newcomer reads them.
func demoLogins(t *testing.T, out string) map[string]*browsertest.Login {
	t.Helper()
	pw := regexp.MustCompile(`password for all: (\S+)\)`).FindStringSubmatch(out)
	if pw == nil {
		t.Fatalf("kijun demo printed no password:\n%s", out)
	}
	logins := map[string]*browsertest.Login{}
	re := regexp.MustCompile(`(?m)^  ([^/]+?) ?/ .*\n    user ID (\S+) · TOTP secret (\S+)$`)
	for _, m := range re.FindAllStringSubmatch(out, -1) {
		role := m[1]
		if i := strings.Index(role, "（"); i >= 0 {
			role = role[:i]
		}
		logins[role] = &browsertest.Login{ID: m[2], Password: pw[1], TOTP: m[3]}
	}
	for _, role := range []string{"CISO 事務局", "課長", "職員", "監査責任者"} {
		if logins[role] == nil {
			t.Fatalf("kijun demo printed no account for %s:\n%s", role, out)
		}
	}
	return logins
}

// homeShot keeps a screenshot of a home for the docs when
// KIJUN_DOCS_SCREENSHOTS names their folder (docs/screenshots).
func homeShot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	path := browsertest.Screenshot(t, ctx, name)
	if dir := os.Getenv("KIJUN_DOCS_SCREENSHOTS"); dir != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name+".png"), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// A newcomer loads the demo city and signs in with the accounts it
// prints. The 課長 finds on his home the request waiting for him (with how
// long), the asset taken out and not returned, and his 課's findings; one
// click takes him to the 課's list, where he opens a finding he owns as
// the 課's 情報管理者 and takes it from open through in progress to
// closed. The CISO's office sees the city, the worst 局 and 課, open
// incidents and exceptions in force; a member of staff sees their own
// requests and no city or 課 view. Every page passes axe when axe-core is
// at hand.
func TestHomesInBrowser(t *testing.T) {
	browser := browsertest.Browser(t)
	dbPath := filepath.Join(t.TempDir(), "kijun.db")
	logins := demoLogins(t, kijunCmd(t, "demo", "--db", dbPath))
	// The README's way to the second factor: kijun demo code prints it.
	code := strings.TrimSpace(kijunCmd(t, "demo", "code", "--db", dbPath, logins["課長"].ID))
	before, _ := totp.GenerateCode(logins["課長"].TOTP, time.Now().Add(-30*time.Second))
	now, _ := totp.GenerateCode(logins["課長"].TOTP, time.Now())
	if code != now && code != before {
		t.Errorf("kijun demo code printed %q, want the 課長's current code %s", code, now)
	}
	srv := browsertest.StartServer(t, dbPath, nil)

	// The 課長.
	chief := person(t, browser, srv.URL, logins["課長"])
	browsertest.Do(t, chief, chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS("#hello")))
	if got := browsertest.Text(t, chief, "#to-decide"); !strings.Contains(got, "No.") || !regexp.MustCompile(`[0-9]+(日|時間|分)`).MatchString(got) {
		t.Errorf("課長's approvals waiting = %q, want a request with how long it waited", got)
	}
	if got := browsertest.Text(t, chief, "#late"); !strings.Contains(got, "超過") {
		t.Errorf("課長's late returns = %q, want one overdue", got)
	}
	if got := browsertest.Text(t, chief, ".home-unit h2"); !strings.Contains(got, "未解消の指摘") {
		t.Errorf("課長's 課 section heading = %q", got)
	}
	if n := browsertest.Get(t, chief, chromedp.Evaluate[int](`document.querySelectorAll('#city, a[href="/records"]').length`)); n != 0 {
		t.Errorf("課長's home shows the city view or the ledger (%d)", n)
	}
	axeIfAvailable(t, chief, "home of a 課長")
	homeShot(t, chief, "home-kacho")

	// One click to his 課's findings, oldest first; he opens one.
	browsertest.Do(t, chief, chromedp.Click(chromedp.CSS(".home-unit a.unit-findings")), chromedp.WaitVisible(chromedp.CSS("#findings")))
	axeIfAvailable(t, chief, "findings of a 課")
	browsertest.Do(t, chief, chromedp.Click(chromedp.CSS(`#findings a[href^="/compliance/finding?"]`)), chromedp.WaitVisible(chromedp.CSS("#save-work")))
	if got := browsertest.Text(t, chief, "#state"); got != "未着手" {
		t.Errorf("a new finding's state = %q, want 未着手", got)
	}
	axeIfAvailable(t, chief, "a finding as work")
	browsertest.Do(t, chief,
		chromedp.SetValue(chromedp.CSS("#state-select"), "in_progress"),
		chromedp.SendKeys(chromedp.CSS("#comment"), "台帳の記載を確認中"),
		chromedp.Click(chromedp.CSS("#save-work")),
		chromedp.WaitVisible(chromedp.CSS("#saved")),
	)
	if got := browsertest.Text(t, chief, "#state"); got != "対応中" {
		t.Errorf("state after in progress = %q", got)
	}
	// Closing without saying what was done is refused beside the field.
	browsertest.Do(t, chief,
		chromedp.SetValue(chromedp.CSS("#state-select"), "closed"),
		chromedp.Click(chromedp.CSS("#save-work")),
		chromedp.WaitVisible(chromedp.CSS("#comment-error")),
	)
	axeIfAvailable(t, chief, "a finding with an error")
	browsertest.Do(t, chief,
		chromedp.SetValue(chromedp.CSS("#state-select"), "closed"),
		chromedp.SendKeys(chromedp.CSS("#comment"), "台帳を直し、管理者を登録しました"),
		chromedp.Click(chromedp.CSS("#save-work")),
		chromedp.WaitVisible(chromedp.CSS("#saved")),
	)
	if got := browsertest.Text(t, chief, "#state"); got != "完了" {
		t.Errorf("state after closing = %q, want 完了", got)
	}
	if got := browsertest.Text(t, chief, "#comments"); !strings.Contains(got, "対応中 → 完了") || !strings.Contains(got, "台帳を直し") {
		t.Errorf("the finding's record = %q, want the move to 完了 with its note", got)
	}
	browsertest.Do(t, chief, chromedp.Navigate(srv.URL+"/compliance"), chromedp.WaitVisible(chromedp.CSS("#total-h")))
	if got := browsertest.Text(t, chief, "#total-h"); got == "市全体" {
		t.Error("課長's compliance page is headed 市全体")
	}
	axeIfAvailable(t, chief, "compliance of a 課長")

	// In English his home names the severities and states of his 課's
	// findings in English, not in Japanese.
	browsertest.Do(t, chief, chromedp.Navigate(srv.URL+"/?lang=en"), chromedp.WaitVisible(chromedp.CSS("#hello")))
	unit := browsertest.Text(t, chief, ".home-unit")
	if !regexp.MustCompile(`（(High|Medium|Low)・`).MatchString(unit) || regexp.MustCompile(`（[高中低]・|・(未着手|対応中)`).MatchString(unit) {
		t.Errorf("課長's 課 findings in English = %q, want severities and states in English", unit)
	}
	axeIfAvailable(t, chief, "home of a 課長 in English")
	homeShot(t, chief, "home-kacho-en")
	browsertest.Do(t, chief, chromedp.Navigate(srv.URL+"/?lang=ja"), chromedp.WaitVisible(chromedp.CSS("#hello")))

	// The CISO's office.
	office := person(t, browser, srv.URL, logins["CISO 事務局"])
	browsertest.Do(t, office, chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS("#city")))
	if score := browsertest.Text(t, office, "#city-score"); strings.HasPrefix(score, "99.") || score == "100.0" {
		t.Errorf("city score %s hides the city's findings", score)
	}
	for _, id := range []string{"#worst-bureaus", "#worst-sections"} {
		if got := browsertest.Text(t, office, id+" tbody"); got == "" {
			t.Errorf("CISO's office home: %s empty", id)
		}
	}
	axeIfAvailable(t, office, "home of the CISO's office")
	homeShot(t, office, "home-ciso")
	browsertest.Do(t, office, chromedp.Navigate(srv.URL+"/compliance"), chromedp.WaitVisible(chromedp.CSS("#ranking")))
	axeIfAvailable(t, office, "compliance with the ranking")

	// A member of staff.
	staff := person(t, browser, srv.URL, logins["職員"])
	browsertest.Do(t, staff, chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS("#home-links")))
	if n := browsertest.Get(t, staff, chromedp.Evaluate[int](`document.querySelectorAll('#city, .home-unit, a[href="/records"], a[href="/compliance/network"]').length`)); n != 0 {
		t.Errorf("member of staff's home shows the city, a 課's findings or pages they may not open (%d)", n)
	}
	axeIfAvailable(t, staff, "home of a member of staff")
	homeShot(t, staff, "home-staff")
}
