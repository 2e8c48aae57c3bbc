package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"testing"
	"time"

	"kijun/internal/access"
	"kijun/internal/auth"
	"kijun/internal/operations"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// A change goes from its plan to its confirmation over the API through
// the same operations service as the pages: the one who carried it out
// confirming it is refused on the page and over the API alike, and the
// colleague who was there confirms it (8.1.5ウ). A work record in the
// future and a write to another 課's system are refused.
func TestOperationsOverAPI(t *testing.T) {
	db := storetest.Open(t, filepath.Join(t.TempDir(), "kijun.db"), store.Options{})
	ctx := context.Background()
	db.EnsureDefaultCatalog(ctx)
	accessOrg(t, db)
	opsSystems(t, db)
	ts, _ := startServer(t, db)
	// The page session first: the token reuses its account.
	page := signedIn(t, db, ts.URL, auth.Account{ID: "1001", StaffNo: "1001", DisplayName: "山田 太郎"})
	chief := tokenFor(t, db, ts.URL, "1001", access.ScopeWrite)
	staff := tokenFor(t, db, ts.URL, "1002", access.ScopeWrite)
	other := tokenFor(t, db, ts.URL, "1004", access.ScopeWrite)
	ago := db.Now().Add(-time.Hour).Format(time.RFC3339)

	work := fmt.Sprintf(`{"at":%q,"workers":["1001"],"summary":"ログ確認","outcome":"done"}`, ago)
	if status, out, _ := other.do("POST", "/api/v1/systems/A/work", work); status != http.StatusForbidden {
		t.Errorf("another 課 records work: %d %v", status, out)
	}
	future := fmt.Sprintf(`{"at":%q,"workers":["1001"],"summary":"x","outcome":"done"}`, db.Now().Add(48*time.Hour).Format(time.RFC3339))
	if status, out, _ := chief.do("POST", "/api/v1/systems/A/work", future); status != http.StatusBadRequest || !problemNames(out, operations.FieldAt) {
		t.Errorf("work in the future: %d %v", status, out)
	}
	if status, out, _ := chief.do("POST", "/api/v1/systems/A/work", work); status != http.StatusCreated {
		t.Fatalf("work: %d %v", status, out)
	}
	if status, out, _ := staff.do("GET", "/api/v1/systems/A/work", ""); status != 200 || len(out["work_records"].([]any)) != 1 {
		t.Errorf("list work: %d %v", status, out)
	}

	status, out, h := chief.do("POST", "/api/v1/systems/A/changes", `{"title":"httpd 更新","reason":"脆弱性対応","risk":"停止","rollback":"旧版へ戻す",
		"versions":[{"product":"Apache httpd","before":"2.4.57","after":"2.4.62"}]}`)
	if status != http.StatusCreated {
		t.Fatalf("plan: %d %v", status, out)
	}
	path := fmt.Sprintf("/api/v1/systems/A/changes/%v", out["id"])
	if status, out, _ := staff.do("POST", path+"/approve", "{}"); status != http.StatusPreconditionRequired {
		t.Errorf("approve without If-Match: %d %v", status, out)
	}
	if status, out, h = staff.do("POST", path+"/approve", "{}", "If-Match", version(h)); status != 200 {
		t.Fatalf("approve: %d %v", status, out)
	}
	if status, out, h = chief.do("POST", path+"/carry", fmt.Sprintf(`{"at":%q,"others":["1002"],"outcome":"done"}`, ago), "If-Match", version(h)); status != 200 {
		t.Fatalf("carry: %d %v", status, out)
	}
	// 8.1.5ウ: the doer's own confirmation, on the page and over the API.
	cid := fmt.Sprint(out["id"])
	pageStatus, _ := page.post("/systems/A/changes/"+cid+"/confirm", url.Values{"version": {trimETag(version(h))}})
	apiStatus, prob, _ := chief.do("POST", path+"/confirm", "{}", "If-Match", version(h))
	if pageStatus != http.StatusBadRequest || apiStatus != pageStatus {
		t.Errorf("the doer confirms: page %d, API %d %v", pageStatus, apiStatus, prob)
	}
	if status, out, _ = staff.do("POST", path+"/confirm", "{}", "If-Match", version(h)); status != 200 || out["state"] != string(operations.ChangeConfirmed) || out["confirmed_by"] != "1002" {
		t.Fatalf("the colleague confirms: %d %v", status, out)
	}
	if status, out, _ := other.do("GET", "/api/v1/systems/A/changes", ""); status != http.StatusForbidden {
		t.Errorf("another 課 reads the changes: %d %v", status, out)
	}
	if status, out, _ := chief.do("GET", "/api/v1/systems/A/changes", ""); status != 200 || len(out["changes"].([]any)) != 1 {
		t.Errorf("list changes: %d %v", status, out)
	}
	if status, out, _ := chief.do("GET", "/api/v1/systems/A/vulns?all=1", ""); status != 200 || out["vulns"] == nil {
		t.Errorf("list vulns: %d %v", status, out)
	}
}
