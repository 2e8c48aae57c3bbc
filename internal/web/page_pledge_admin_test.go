package web

import (
	"context"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"kijun/internal/auth"
	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// TestPledgesPage: the 統括責任者's office registers the pledge and sees
// by 課 the temporary staff who have pledged and not yet; anyone else is
// refused; a bad date is refused beside its field (7.1.2).
func TestPledgesPage(t *testing.T) {
	urls := storetest.URLs(t)
	for _, engine := range slices.Sorted(maps.Keys(urls)) {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			db := storetest.Open(t, urls[engine], store.Options{})
			accessOrg(t, db)
			ts, _ := startServer(t, db)
			err := db.Update(ctx, func(tx *store.Tx) error {
				_, err := tx.ExecContext(ctx, "UPDATE org_people SET employment = ? WHERE staff_no IN ('1002', '1006')", string(organisation.EmployTemporary))
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			office := signedIn(t, db, ts.URL, auth.Account{ID: "1003", StaffNo: "1003", DisplayName: "鈴木 一郎"})
			staff := signedIn(t, db, ts.URL, auth.Account{ID: "1004", StaffNo: "1004", DisplayName: "高橋 次郎"})
			if status, body := office.post("/training/pledges", url.Values{"id": {"pledge-2026"}, "title": {"誓約書"}, "in_force": {"2026-13-01"}, "body": {"遵守します"}}); status != http.StatusBadRequest || !strings.Contains(body, `id="p-in-force-err"`) {
				t.Errorf("bad date: %d, want 400 beside the date", status)
			}
			if status, body := office.post("/training/pledges", url.Values{"id": {"pledge-2026"}, "title": {"誓約書"}, "in_force": {"2026-04-01"}}); status != http.StatusBadRequest || !strings.Contains(body, `id="p-body-err"`) {
				t.Errorf("no text: %d, want 400 beside the text", status)
			}
			if status, _ := staff.post("/training/pledges", url.Values{"id": {"pledge-x"}, "title": {"誓約書"}, "in_force": {"2026-04-01"}, "body": {"遵守します"}}); status != http.StatusForbidden {
				t.Errorf("staff registering: %d, want 403", status)
			}
			if resp, _ := staff.fetch("/training/pledges"); resp.StatusCode != http.StatusForbidden {
				t.Errorf("staff viewing: %d, want 403", resp.StatusCode)
			}
			if status, _ := office.post("/training/pledges", url.Values{"id": {"pledge-2026"}, "title": {"情報セキュリティに関する誓約書"}, "in_force": {"2026-04-01"}, "body": {"私は対策基準を遵守します。"}}); status != http.StatusSeeOther {
				t.Fatalf("office registering: %d, want 303", status)
			}
			if _, err := db.PledgeInForce(ctx, organisation.Day(db.Now())); err != nil {
				t.Fatalf("pledge in force: %v", err)
			}
			if rs, err := db.Records(ctx, store.RecordFilter{Action: "training.pledge.save"}); err != nil || len(rs) != 1 {
				t.Errorf("ledger records of the pledge: %d, %v; want 1", len(rs), err)
			}
			me := signedIn(t, db, ts.URL, auth.Account{ID: "1002", StaffNo: "1002", DisplayName: "佐藤 花子"})
			if status, _ := me.post("/pledge", url.Values{"agree": {"1"}}); status != http.StatusSeeOther {
				t.Fatalf("pledge: %d, want 303", status)
			}
			resp, body := office.fetch("/training/pledges")
			if resp.StatusCode != 200 || !strings.Contains(body, "私は対策基準を遵守します。") ||
				!strings.Contains(body, `<tr id="unit-111"><th scope="row">111</th><td class="done">1</td><td class="owing">1</td>`) {
				t.Errorf("office viewing: %d, want the text and 111 at 1 pledged, 1 not yet:\n%s", resp.StatusCode, body)
			}
		})
	}
}

// TestSharedAccountsPage: an administrator makes a shared ID with its
// permitted users and sees its temporary password once; staff are
// refused; an unknown user is refused beside the field (7.4.2イ).
func TestSharedAccountsPage(t *testing.T) {
	urls := storetest.URLs(t)
	for _, engine := range slices.Sorted(maps.Keys(urls)) {
		t.Run(engine, func(t *testing.T) {
			db := storetest.Open(t, urls[engine], store.Options{})
			accessOrg(t, db)
			ts, _ := startServer(t, db)
			admin := signedIn(t, db, ts.URL, auth.Account{ID: "admin-shared", DisplayName: "管理者", Admin: true})
			staff := signedIn(t, db, ts.URL, auth.Account{ID: "1002", StaffNo: "1002", DisplayName: "佐藤 花子"})
			if status, body := admin.post("/admin/shared", url.Values{"id": {"counter-1"}, "name": {"窓口端末"}, "users": {"1001 9999"}}); status != http.StatusBadRequest || !strings.Contains(body, `id="s-users-err"`) || !strings.Contains(body, "9999") {
				t.Errorf("unknown user: %d, want 400 beside the users naming 9999", status)
			}
			if status, body := admin.post("/admin/shared", url.Values{"id": {"1"}, "name": {"窓口端末"}, "users": {"1001"}}); status != http.StatusBadRequest || !strings.Contains(body, `id="s-id-err"`) {
				t.Errorf("bad ID: %d, want 400 beside the ID", status)
			}
			if status, _ := staff.post("/admin/shared", url.Values{"id": {"counter-2"}, "name": {"窓口端末"}, "users": {"1001"}}); status != http.StatusForbidden {
				t.Errorf("staff creating: %d, want 403", status)
			}
			if resp, _ := staff.fetch("/admin/shared"); resp.StatusCode != http.StatusForbidden {
				t.Errorf("staff viewing: %d, want 403", resp.StatusCode)
			}
			status, body := admin.post("/admin/shared", url.Values{"id": {"counter-1"}, "name": {"窓口端末"}, "users": {"1001、1002"}})
			if status != 200 || !strings.Contains(body, `<code id="temporary">`) || !strings.Contains(body, `<td class="users">1001、1002</td>`) {
				t.Errorf("admin creating: %d, want 200 with the password and the users:\n%s", status, body)
			}
			if rs, err := db.Records(context.Background(), store.RecordFilter{Action: "auth.shared.create"}); err != nil || len(rs) != 1 {
				t.Errorf("ledger records of the shared ID: %d, %v; want 1", len(rs), err)
			}
			if resp, body := admin.fetch("/admin/shared"); resp.StatusCode != 200 || strings.Contains(body, `id="temporary"`) || !strings.Contains(body, `id="shared-counter-1"`) {
				t.Errorf("admin viewing: %d, want the list without the password", resp.StatusCode)
			}
			if status, body := admin.post("/admin/shared", url.Values{"id": {"counter-1"}, "name": {"窓口端末"}, "users": {"1001"}}); status != http.StatusConflict || !strings.Contains(body, `id="s-id-err"`) {
				t.Errorf("same ID again: %d, want 409 beside the ID", status)
			}
		})
	}
}
