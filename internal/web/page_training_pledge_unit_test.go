package web

import (
	"context"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"kijun/internal/attendance"
	"kijun/internal/auth"
	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
	"kijun/internal/training"
)

// TestPledgeUnitPage: the 情報管理者 of a 課 and the CISO's office (from
// the 課's row of the progress) see who of the 課's temporary staff has
// not pledged, by name and staff number and since when; the 情報管理者 of
// another 課 is refused (7.1.2).
func TestPledgeUnitPage(t *testing.T) {
	urls := storetest.URLs(t)
	for _, engine := range slices.Sorted(maps.Keys(urls)) {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			db := storetest.Open(t, urls[engine], store.Options{})
			accessOrg(t, db)
			ts, _ := startServer(t, db)
			if err := db.Update(ctx, func(tx *store.Tx) error {
				_, err := tx.ExecContext(ctx, "UPDATE org_people SET employment = ? WHERE staff_no IN ('1002', '1006')", string(organisation.EmployTemporary))
				return err
			}); err != nil {
				t.Fatal(err)
			}
			office := signedIn(t, db, ts.URL, auth.Account{ID: "1003", StaffNo: "1003", DisplayName: "鈴木 一郎"})
			manager := signedIn(t, db, ts.URL, auth.Account{ID: "1001", StaffNo: "1001", DisplayName: "山田 太郎"})
			other := signedIn(t, db, ts.URL, auth.Account{ID: "1004", StaffNo: "1004", DisplayName: "高橋 次郎"})
			// Before any pledge is in force nobody owes one.
			if resp, body := manager.fetch("/training/pledges/units/111"); resp.StatusCode != 200 || !strings.Contains(body, `id="owing-none"`) {
				t.Errorf("before a pledge: %d, want nobody listed", resp.StatusCode)
			}
			if status, _ := office.post("/training/pledges", url.Values{"id": {"pledge-2026"}, "title": {"誓約書"}, "in_force": {"2026-05-01"}, "body": {"私は対策基準を遵守します。"}}); status != http.StatusSeeOther {
				t.Fatalf("office registering: %d, want 303", status)
			}
			me := signedIn(t, db, ts.URL, auth.Account{ID: "1002", StaffNo: "1002", DisplayName: "佐藤 花子"})
			if status, _ := me.post("/pledge", url.Values{"agree": {"1"}}); status != http.StatusSeeOther {
				t.Fatalf("pledge: %d, want 303", status)
			}
			resp, body := manager.fetch("/training/pledges/units/111")
			if resp.StatusCode != 200 || !strings.Contains(body, `<tr id="owing-1006"><th scope="row">1006</th><td>伊藤 六郎</td><td class="since">`) || strings.Contains(body, `id="owing-1002"`) {
				t.Errorf("the 情報管理者 of 111: %d, want 1006 alone:\n%s", resp.StatusCode, body)
			}
			if !strings.Contains(body, `<td class="since">令和8年5月1日</td>`) {
				t.Errorf("since: want the day the pledge came in force (2026-05-01), after 1006's first day:\n%s", body)
			}
			// 7.1.3: the teaching material in force, and who of the 課
			// has not acknowledged it; the pledge is not one.
			if strings.Contains(body, `id="acks-h"`) {
				t.Errorf("the pledge was shown as teaching material:\n%s", body)
			}
			if err := db.SaveEdition(ctx, attendance.Console(), training.Edition{ID: "kijun-5.5", Title: "対策基準 第5.5版", InForce: organisation.Day(db.Now()).AddDate(0, 0, -1)}); err != nil {
				t.Fatal(err)
			}
			if status, _ := manager.post("/training/editions/kijun-5.5/ack", url.Values{}); status != http.StatusSeeOther {
				t.Fatalf("the 情報管理者 acknowledges: %d", status)
			}
			_, body = manager.fetch("/training/pledges/units/111")
			if !strings.Contains(body, `id="ack-owing-1002"`) || !strings.Contains(body, `id="ack-owing-1006"`) || strings.Contains(body, `id="ack-owing-1001"`) {
				t.Errorf("who has not acknowledged: want 1002 and 1006, not 1001:\n%s", body)
			}
			if resp, _ := other.fetch("/training/pledges/units/111"); resp.StatusCode != http.StatusForbidden {
				t.Errorf("the 情報管理者 of 112: %d, want 403", resp.StatusCode)
			}
			if resp, body := office.fetch("/training/pledges"); resp.StatusCode != 200 || !strings.Contains(body, `href="/training/pledges/units/111"`) {
				t.Errorf("the office's progress has no link from 111's row: %d", resp.StatusCode)
			}
			if resp, body := office.fetch("/training/pledges/units/111"); resp.StatusCode != 200 || !strings.Contains(body, `id="owing-1006"`) {
				t.Errorf("the office: %d, want 1006 listed", resp.StatusCode)
			}
		})
	}
}
