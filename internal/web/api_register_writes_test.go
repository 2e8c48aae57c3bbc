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

// adminClient is the API client of the administrator's token every test
// server is made with.
func adminClient(t *testing.T, base string) *apiClient {
	tok, _ := testTokens.Load(base)
	return &apiClient{t: t, base: base, token: tok.(string)}
}

// The asset and system registers are written over the API by the same
// services as their forms and imports, on both engines: a member of staff
// adds, changes (If-Match) and retires their 課's assets; a write for
// another 課 is refused on the page and over the API alike (8.2.1ア); a
// bulk write is all or nothing with the import's report of each row and
// field.
func TestAssetAndSystemWritesOverAPI(t *testing.T) {
	eachEngine(t, func(t *testing.T, ts *httptest.Server, db *store.DB) {
		c := carryCaseOn(t, ts.URL, db)
		ctx := context.Background()
		page := signedIn(t, db, c.base, auth.Account{ID: c.outside, StaffNo: c.outside, DisplayName: "outside"})
		member := tokenFor(t, db, c.base, c.requester, access.ScopeWrite)
		outside := tokenFor(t, db, c.base, c.outside, access.ScopeWrite)
		asset := func(id, name string, conf int) string {
			return fmt.Sprintf(`{"id":%q,"name":%q,"unit":%q,"kind":"data","confidentiality":%d,"confidentiality_reason":"個人情報","integrity":1,"availability":1,"stage":"use"}`,
				id, name, c.unit, conf)
		}
		status, out, h := member.do("POST", "/api/v1/assets", asset("API-A-1", "API資産", 2))
		if status != http.StatusCreated || out["asset"].(map[string]any)["id"] != "API-A-1" || version(h) != `"1"` {
			t.Fatalf("create: %d %v %s", status, out, version(h))
		}
		if status, out, _ := member.do("POST", "/api/v1/assets/API-A-1", asset("API-A-1", "API資産（改）", 2)); status != http.StatusPreconditionRequired {
			t.Errorf("update without If-Match: %d %v", status, out)
		}
		status, out, h2 := member.do("POST", "/api/v1/assets/API-A-1", asset("API-A-1", "API資産（改）", 2), "If-Match", version(h))
		if status != 200 || out["asset"].(map[string]any)["name"] != "API資産（改）" {
			t.Fatalf("update: %d %v", status, out)
		}
		if status, out, _ := member.do("POST", "/api/v1/assets/API-A-1", asset("API-A-1", "x", 2), "If-Match", version(h)); status != http.StatusPreconditionFailed {
			t.Errorf("update at the version before: %d %v", status, out)
		}
		if status, out, _ := member.do("POST", "/api/v1/assets/API-A-1", asset("API-A-2", "x", 2), "If-Match", version(h2)); status != http.StatusBadRequest {
			t.Errorf("an id not the URL's: %d %v", status, out)
		}

		// 8.2.1ア: a 課 keeps its own assets: refused on the form and here,
		// and nothing written.
		pageStatus, _ := page.post("/assets", url.Values{"id": {"API-A-9"}, "name": {"x"}, "unit": {c.unit}, "kind": {"data"},
			"confidentiality": {"1"}, "integrity": {"1"}, "availability": {"1"}, "stage": {"use"}})
		apiStatus, prob, _ := outside.do("POST", "/api/v1/assets", asset("API-A-9", "x", 1))
		if pageStatus < 400 || apiStatus < 400 {
			t.Errorf("an asset of another 課: page %d, API %d %v; want both refused", pageStatus, apiStatus, prob)
		}
		if _, err := db.Asset(ctx, "API-A-9"); err == nil {
			t.Error("a refused asset was written")
		}
		if status, out, _ := outside.do("POST", "/api/v1/assets/API-A-1/retire", "", "If-Match", version(h2)); status < 400 {
			t.Errorf("another 課 retired the asset: %d %v", status, out)
		}
		// 4.2ケ: retiring is the last stage, reached only with a disposal
		// permit recorded, as on the form.
		status, out, _ = member.do("POST", "/api/v1/assets/API-A-1/retire", "", "If-Match", version(h2))
		if status != 400 || !strings.Contains(fmt.Sprint(out["errors"]), "field:stage") || !strings.Contains(fmt.Sprint(out["detail"]), "4.2.ケ") {
			t.Errorf("retire without a disposal permit: %d %v", status, out)
		}

		before, _, _ := db.ListAssets(ctx, store.AssetFilter{Q: "API-B", Limit: 10})
		bad := fmt.Sprintf(`{"items":[%s,%s,%s]}`, asset("API-B-1", "一", 1), asset("API-B-2", "二", 7), asset("API-B-3", "三", 1))
		status, out, _ = member.do("POST", "/api/v1/assets/bulk", bad)
		rows, _ := out["rows"].([]any)
		if status != 400 || len(rows) != 1 || !strings.Contains(fmt.Sprint(rows[0]), "row:2") || !strings.Contains(fmt.Sprint(rows[0]), "column:confidentiality") {
			t.Errorf("bulk with a bad row 2: %d %v", status, out)
		}
		if after, _, _ := db.ListAssets(ctx, store.AssetFilter{Q: "API-B", Limit: 10}); len(after) != len(before) {
			t.Errorf("a refused bulk write wrote %d assets", len(after)-len(before))
		}
		good := fmt.Sprintf(`{"items":[%s,%s,%s]}`, asset("API-B-1", "一", 1), asset("API-B-2", "二", 2), asset("API-B-3", "三", 1))
		if status, out, _ := member.do("POST", "/api/v1/assets/bulk?dry_run=1", good); status != 200 || out["dry_run"] != true || len(out["added"].([]any)) != 3 {
			t.Errorf("dry run: %d %v", status, out)
		}
		if status, out, _ := outside.do("POST", "/api/v1/assets/bulk", good); status < 400 {
			t.Errorf("bulk of another 課's assets: %d %v", status, out)
		}
		if status, out, _ := member.do("POST", "/api/v1/assets/bulk", good); status != 200 || len(out["added"].([]any)) != 3 {
			t.Errorf("bulk: %d %v", status, out)
		}

		system := func(id, name string, factors int) string {
			return fmt.Sprintf(`{"id":%q,"name":%q,"unit":%q,"zone":"lgwan","hosting":"onsite","auth_factors":%d}`, id, name, c.unit, factors)
		}
		status, out, h = member.do("POST", "/api/v1/systems", system("api-sys", "API系", 2))
		if status != http.StatusCreated {
			t.Fatalf("create a system: %d %v", status, out)
		}
		if status, out, _ := member.do("POST", "/api/v1/systems/api-sys", system("api-sys", "API系（改）", 2), "If-Match", version(h)); status != 200 ||
			out["system"].(map[string]any)["name"] != "API系（改）" {
			t.Errorf("update a system: %d %v", status, out)
		}
		if status, out, _ := outside.do("POST", "/api/v1/systems", system("api-sys-9", "x", 2)); status < 400 {
			t.Errorf("a system of another 課: %d %v", status, out)
		}
		status, out, _ = member.do("POST", "/api/v1/systems/bulk", fmt.Sprintf(`{"items":[%s,%s]}`, system("api-sys-2", "二", 2), system("api-sys-3", "三", 0)))
		if rows, _ := out["rows"].([]any); status != 400 || len(rows) != 1 || !strings.Contains(fmt.Sprint(rows[0]), "column:auth_factors") {
			t.Errorf("systems bulk with a bad row: %d %v", status, out)
		}
		if _, err := db.System(ctx, "api-sys-2"); err == nil {
			t.Error("a refused systems bulk wrote its good row")
		}
	})
}

// The network register is written over the API by its keepers alone
// (8.1.9), as on its page: a member of staff is refused; the
// administrator adds segments and a connection between them, changes one
// at its version, and writes many in one call.
func TestNetworkWritesOverAPI(t *testing.T) {
	eachEngine(t, func(t *testing.T, ts *httptest.Server, db *store.DB) {
		c := carryCaseOn(t, ts.URL, db)
		admin := adminClient(t, c.base)
		page := signedIn(t, db, c.base, auth.Account{ID: c.requester, StaffNo: c.requester, DisplayName: "member"})
		member := tokenFor(t, db, c.base, c.requester, access.ScopeWrite)
		segment := func(id, zone string) string {
			return fmt.Sprintf(`{"id":%q,"name":"API %s","zone":%q,"unit":%q,"address":"10.9.0.0/24"}`, id, id, zone, c.unit)
		}
		pageStatus, _ := page.post("/networks/segments", url.Values{"id": {"api-seg-9"}, "name": {"x"}, "zone": {"lgwan"}, "unit": {c.unit}})
		apiStatus, prob, _ := member.do("POST", "/api/v1/networks/segments", segment("api-seg-9", "lgwan"))
		if pageStatus < 400 || apiStatus != http.StatusForbidden {
			t.Errorf("a segment by a member of staff: page %d, API %d %v; want both refused", pageStatus, apiStatus, prob)
		}
		status, out, h := admin.do("POST", "/api/v1/networks/segments", segment("api-seg-1", "lgwan"))
		if status != http.StatusCreated {
			t.Fatalf("create a segment: %d %v", status, out)
		}
		if status, out, _ := admin.do("POST", "/api/v1/networks/segments/bulk", fmt.Sprintf(`{"items":[%s,%s]}`, segment("api-seg-2", "internet"), segment("api-seg-3", "nowhere"))); status != 400 {
			t.Errorf("segments bulk with a bad zone: %d %v", status, out)
		}
		if status, out, _ := admin.do("POST", "/api/v1/networks/segments/bulk", fmt.Sprintf(`{"items":[%s]}`, segment("api-seg-2", "internet"))); status != 200 || len(out["added"].([]any)) != 1 {
			t.Errorf("segments bulk: %d %v", status, out)
		}
		con := `{"id":"api-con-1","from":"segment:api-seg-1","to":"segment:api-seg-2","channel":"screen","sanitisation":"screen","one_way":true}`
		status, out, _ = admin.do("POST", "/api/v1/networks/connections", con)
		if status != http.StatusCreated || out["connection"].(map[string]any)["to"] != "segment:api-seg-2" {
			t.Fatalf("create a connection: %d %v", status, out)
		}
		if status, out, _ := admin.do("POST", "/api/v1/networks/connections/bulk", `{"items":[{"id":"api-con-2","from":"segment:api-seg-1","to":"segment:nowhere","channel":"network"}]}`); status != 400 {
			t.Errorf("a connection to no segment: %d %v", status, out)
		}
		status, out, _ = admin.do("POST", "/api/v1/networks/segments/api-seg-1", strings.Replace(segment("api-seg-1", "lgwan"), "10.9.0.0/24", "10.9.1.0/24", 1), "If-Match", version(h))
		if status != 200 || out["segment"].(map[string]any)["address"] != "10.9.1.0/24" {
			t.Errorf("update a segment: %d %v", status, out)
		}
		if status, out, _ := member.do("GET", "/api/v1/networks/segments/api-seg-1", ""); status != 200 || out["segment"].(map[string]any)["version"] != 2.0 {
			t.Errorf("read a segment: %d %v", status, out)
		}
		if status, out, _ := member.do("GET", "/api/v1/networks?zone=lgwan", ""); status != 200 || len(out["segments"].([]any)) == 0 {
			t.Errorf("the network register: %d %v", status, out)
		}

		// Retiring: by the keepers alone, a segment only once no
		// connection names it, on the page and over the API alike.
		if status, out, _ := member.do("POST", "/api/v1/networks/connections/api-con-1/retire", "", "If-Match", `"1"`); status != http.StatusForbidden {
			t.Errorf("a member of staff retires a connection: %d %v", status, out)
		}
		if status, out, _ := admin.do("POST", "/api/v1/networks/segments/api-seg-1/retire", "", "If-Match", `"2"`); status != http.StatusConflict || !strings.Contains(fmt.Sprint(out), "api-con-1") {
			t.Errorf("a segment a connection names retired: %d %v", status, out)
		}
		if status, out, _ := admin.do("POST", "/api/v1/networks/connections/api-con-1/retire", "", "If-Match", `"9"`); status != http.StatusPreconditionFailed {
			t.Errorf("a connection retired at a stale version: %d %v", status, out)
		}
		changed := strings.Replace(con, `"one_way":true`, `"one_way":true,"ports":"443"`, 1)
		if status, out, _ := admin.do("POST", "/api/v1/networks/connections/api-con-1", changed, "If-Match", `"1"`); status != 200 || out["connection"].(map[string]any)["ports"] != "443" {
			t.Errorf("update a connection: %d %v", status, out)
		}
		if status, out, _ := admin.do("POST", "/api/v1/networks/connections/api-con-1/retire", "", "If-Match", `"2"`); status != 200 {
			t.Errorf("retire a connection: %d %v", status, out)
		}
		if status, out, _ := member.do("GET", "/api/v1/networks/connections/api-con-1", ""); status != http.StatusNotFound {
			t.Errorf("a retired connection read: %d %v", status, out)
		}
		if status, _ := page.post("/networks/segments/api-seg-1/retire", url.Values{"version": {"2"}}); status < 400 {
			t.Errorf("a member of staff retires a segment on the page: %d", status)
		}
		if status, out, _ := admin.do("POST", "/api/v1/networks/segments/api-seg-1/retire", "", "If-Match", `"2"`); status != 200 {
			t.Errorf("retire the segment once unused: %d %v", status, out)
		}
	})
}
