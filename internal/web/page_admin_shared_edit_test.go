package web

import (
	"context"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"kijun/internal/auth"
	"kijun/internal/kijun"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// TestSharedAccountEditPage: on the shared IDs' page an administrator
// changes who may use one (a wrong staff number is shown beside that
// account's users) and disables it, after which it cannot sign in; each
// change is in the ledger (7.4.2イ).
func TestSharedAccountEditPage(t *testing.T) {
	urls := storetest.URLs(t)
	for _, engine := range slices.Sorted(maps.Keys(urls)) {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			db := storetest.Open(t, urls[engine], store.Options{})
			accessOrg(t, db)
			ts, svc := startServer(t, db)
			admin := signedIn(t, db, ts.URL, auth.Account{ID: "admin-shared", DisplayName: "管理者", Admin: true})
			status, body := admin.post("/admin/shared", url.Values{"id": {"counter-1"}, "name": {"窓口端末"}, "users": {"1001 1002"}})
			m := regexp.MustCompile(`<code id="temporary">([^<]+)</code>`).FindStringSubmatch(body)
			if status != 200 || m == nil {
				t.Fatalf("create: %d", status)
			}
			pw := m[1]
			version := func() string {
				a, err := db.Account(ctx, "counter-1")
				if err != nil {
					t.Fatal(err)
				}
				return strconv.FormatInt(a.Version, 10)
			}
			status, body = admin.post("/admin/shared/counter-1/users", url.Values{"version": {version()}, "users": {"1001 9999"}})
			if status != http.StatusBadRequest || !strings.Contains(body, `id="users-counter-1-err"`) || !strings.Contains(body, "9999") {
				t.Errorf("unknown user: %d, want 400 beside the account's users naming 9999", status)
			}
			if status, _ := admin.post("/admin/shared/counter-1/users", url.Values{"version": {version()}, "users": {"1001、1003"}}); status != http.StatusSeeOther {
				t.Fatalf("change users: %d", status)
			}
			if resp, body := admin.fetch("/admin/shared"); resp.StatusCode != 200 || !strings.Contains(body, `<td class="users">1001、1003</td>`) {
				t.Errorf("the page after the change: %d, want users 1001、1003", resp.StatusCode)
			}
			if _, err := svc.SignInAs(ctx, "counter-1", "1002", pw, ""); kijun.ErrorCode(err) != kijun.EUNAUTHORIZED {
				t.Errorf("the user taken off signed in: %v", err)
			}
			if status, _ := admin.post("/admin/shared/counter-1/status", url.Values{"version": {version()}, "action": {"disable"}}); status != http.StatusSeeOther {
				t.Fatalf("disable: %d", status)
			}
			if resp, body := admin.fetch("/admin/shared"); resp.StatusCode != 200 || !strings.Contains(body, "停止中") || !strings.Contains(body, `id="enable-counter-1"`) {
				t.Errorf("the page after disabling: %d, want it shown disabled with a button to enable", resp.StatusCode)
			}
			if _, err := svc.SignInAs(ctx, "counter-1", "1001", pw, ""); kijun.ErrorCode(err) != kijun.EUNAUTHORIZED {
				t.Errorf("a disabled shared ID signed in: %v", err)
			}
			// A person's own account is not changed from this page.
			if status, _ := admin.post("/admin/shared/admin-shared/status", url.Values{"version": {"1"}, "action": {"disable"}}); status != http.StatusNotFound {
				t.Errorf("an account that is not shared: %d, want 404", status)
			}
			for _, action := range []string{"auth.shared.users", "auth.account.disable"} {
				if rs, err := db.Records(ctx, store.RecordFilter{Action: action}); err != nil || len(rs) != 1 {
					t.Errorf("ledger records %s: %d, %v; want 1", action, len(rs), err)
				}
			}
		})
	}
}
