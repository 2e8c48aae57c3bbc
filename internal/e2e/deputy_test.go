package e2e

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"kijun/internal/browsertest"
	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// A 課長, the 情報管理者 of the 課 (3.1.6), names a member of the 課 his
// deputy for a week of leave (9.3) from the 課's page and records himself
// away for it; a period that ends before it starts is refused beside the
// form. A member of staff sees no such form.
func TestNameDeputyInBrowser(t *testing.T) {
	ctx := browsertest.Browser(t)
	dbPath := filepath.Join(t.TempDir(), "kijun.db")
	kijunCmd(t, "demo", "--db", dbPath)
	chiefNo, unit := plainChief(t, dbPath) // a 課長 outside the CISO's office: he names in person
	chief := seedLogin(t, dbPath, chiefNo, false)
	staff := seedLogin(t, dbPath, plainStaff(t, dbPath), false)
	srv := browsertest.StartServer(t, dbPath, nil)

	browsertest.SignIn(t, ctx, srv.URL, staff)
	browsertest.Do(t, ctx, chromedp.Navigate(srv.URL+"/org/units/"+unit), chromedp.WaitVisible(chromedp.CSS("#members")))
	if n := browsertest.Get(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('#deputy-submit').length`)); n != 0 {
		t.Errorf("a member of staff sees the deputy form")
	}
	browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS("#signout")), chromedp.WaitVisible(chromedp.CSS("#password")))

	browsertest.SignIn(t, ctx, srv.URL, chief)
	colleague := plainStaffIn(t, dbPath, unit) // 9.3: from the 課 itself
	browsertest.Do(t, ctx,
		chromedp.Navigate(srv.URL+"/org/units/"+unit),
		chromedp.Click(chromedp.CSS("summary")),
		chromedp.SendKeys(chromedp.CSS("#deputy-staff"), colleague),
		chromedp.SetValue(chromedp.CSS("#deputy-from"), "2026-12-10"),
		chromedp.SetValue(chromedp.CSS("#deputy-to"), "2026-12-01"),
		chromedp.SendKeys(chromedp.CSS("#deputy-reason"), "年末休暇"),
		chromedp.Click(chromedp.CSS("#deputy-submit")),
		chromedp.WaitVisible(chromedp.CSS("#deputy-error")),
	)
	browsertest.Screenshot(t, ctx, "deputy-error")
	browsertest.Do(t, ctx,
		chromedp.SetValue(chromedp.CSS("#deputy-to"), "2026-12-17"),
		chromedp.Click(chromedp.CSS("#deputy-away")),
		chromedp.Click(chromedp.CSS("#deputy-submit")),
		chromedp.WaitVisible(chromedp.CSS("#deputy-done")),
	)
	if got := browsertest.Text(t, ctx, `section[aria-labelledby="role-info_manager"] table`); !strings.Contains(got, "年末休暇") {
		t.Errorf("deputies table = %q, want the new deputy", got)
	}
	browsertest.Screenshot(t, ctx, "deputy-named")
}

// plainStaffIn returns a member of unit, not its 課長, who holds no role
// today.
func plainStaffIn(t *testing.T, dbPath, unit string) string {
	t.Helper()
	db := storetest.Open(t, dbPath, store.Options{})
	defer db.Close()
	ctx := context.Background()
	today := organisation.Day(db.Now())
	ms, err := db.Members(ctx, unit, today)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if roles, err := db.RolesOf(ctx, m.StaffNo, today); err == nil && len(roles) == 0 && m.Assignment.Post != organisation.PostSectionChief {
			return m.StaffNo
		}
	}
	t.Fatalf("no member of staff of %s without a role", unit)
	return ""
}
