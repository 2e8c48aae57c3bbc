package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"kijun/internal/access"
	"kijun/internal/auth"
	"kijun/internal/store"
)

// The device register is written over the API by the same service as its
// form and its import: a member of staff adds and changes their 課's
// devices (If-Match on a change), a bulk write is all or nothing with the
// import's report of each row and field, and a device of another 課 is
// refused on the page and over the API alike.
func TestDevicesOverAPI(t *testing.T) {
	eachEngine(t, func(t *testing.T, ts *httptest.Server, db *store.DB) {
		c := carryCaseOn(t, ts.URL, db)
		ctx := context.Background()
		page := signedIn(t, c.db, c.base, auth.Account{ID: c.outside, StaffNo: c.outside, DisplayName: "outside"})
		member := tokenFor(t, c.db, c.base, c.requester, access.ScopeWrite)
		outside := tokenFor(t, c.db, c.base, c.outside, access.ScopeWrite)
		dev := func(id, name string) string {
			return fmt.Sprintf(`{"id":%q,"name":%q,"unit":%q,"kind":"pc","disk_encryption":true}`, id, name, c.unit)
		}
		status, out, h := member.do("POST", "/api/v1/devices", dev("API-PC-1", "API端末"))
		if status != http.StatusCreated || out["item"].(map[string]any)["id"] != "API-PC-1" {
			t.Fatalf("create: %d %v", status, out)
		}
		changed := strings.Replace(dev("API-PC-1", "API端末（更新）"), `"disk_encryption":true`, `"disk_encryption":true,"screen_lock":true`, 1)
		if status, out, _ := member.do("POST", "/api/v1/devices/API-PC-1", changed); status != http.StatusPreconditionRequired {
			t.Errorf("update without If-Match: %d %v", status, out)
		}
		status, out, _ = member.do("POST", "/api/v1/devices/API-PC-1", changed, "If-Match", version(h))
		if status != 200 || out["item"].(map[string]any)["screen_lock"] != true {
			t.Fatalf("update: %d %v", status, out)
		}
		if status, out, _ := member.do("POST", "/api/v1/devices/API-PC-1", changed, "If-Match", version(h)); status != http.StatusPreconditionFailed {
			t.Errorf("update at the version before: %d %v", status, out)
		}

		// 6.1: a 課 keeps its own devices: refused on the form and here.
		pageStatus, _ := page.post("/devices", url.Values{"id": {"API-PC-9"}, "name": {"x"}, "unit": {c.unit}, "kind": {"pc"}})
		apiStatus, prob, _ := outside.do("POST", "/api/v1/devices", dev("API-PC-9", "x"))
		if pageStatus < 400 || apiStatus < 400 {
			t.Errorf("a device of another 課: page %d, API %d %v; want both refused", pageStatus, apiStatus, prob)
		}
		if _, err := c.db.Device(ctx, "API-PC-9"); err == nil {
			t.Error("a refused device was written")
		}

		before, _ := c.db.CountDevices(ctx)
		bad := fmt.Sprintf(`{"items":[%s,%s,%s]}`, dev("API-PC-2", "二"), strings.Replace(dev("API-PC-3", "三"), `"kind":"pc"`, `"kind":"toaster"`, 1), dev("API-PC-4", "四"))
		status, out, _ = member.do("POST", "/api/v1/devices/bulk", bad)
		rows, _ := out["rows"].([]any)
		if status != 400 || len(rows) != 1 || !strings.Contains(fmt.Sprint(rows[0]), "row:2") || !strings.Contains(fmt.Sprint(rows[0]), "column:kind") {
			t.Errorf("bulk with a bad row 2: %d %v", status, out)
		}
		if n, _ := c.db.CountDevices(ctx); n != before {
			t.Errorf("a refused bulk write wrote %d devices", n-before)
		}
		good := fmt.Sprintf(`{"items":[%s,%s,%s]}`, dev("API-PC-2", "二"), dev("API-PC-3", "三"), dev("API-PC-4", "四"))
		if status, out, _ := member.do("POST", "/api/v1/devices/bulk?dry_run=1", good); status != 200 || out["dry_run"] != true || len(out["added"].([]any)) != 3 {
			t.Errorf("dry run: %d %v", status, out)
		}
		if status, out, _ := member.do("POST", "/api/v1/devices/bulk", good); status != 200 || len(out["added"].([]any)) != 3 {
			t.Errorf("bulk: %d %v", status, out)
		}
		if n, _ := c.db.CountDevices(ctx); n != before+3 {
			t.Errorf("after the bulk write %d devices, want %d", n, before+3)
		}
	})
}
