package web

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"kijun/internal/access"
	"kijun/internal/store"
)

// A finding goes from open to closed entirely over the API, on both
// engines, each step by the token of the person whose step it is: the
// CISO's office runs the check (9.2.1), the 課's 情報管理者 names a member
// of staff its owner (9.2.1ア), the owner works on it and closes it with a
// comment saying what was done (9.2.1イ). A member of another 課 may
// neither read nor change it, and a change at a stale version is refused.
func TestFindingOpenToClosedOverAPI(t *testing.T) {
	eachEngine(t, func(t *testing.T, ts *httptest.Server, db *store.DB) {
		c := carryCaseOn(t, ts.URL, db)
		admin := adminClient(t, c.base)
		manager := tokenFor(t, db, c.base, c.manager, access.ScopeWrite)
		member := tokenFor(t, db, c.base, c.requester, access.ScopeWrite)
		outside := tokenFor(t, db, c.base, c.outside, access.ScopeWrite)

		if status, out, _ := manager.do("POST", "/api/v1/compliance/run", ""); status != http.StatusForbidden {
			t.Errorf("a 情報管理者 ran the city's check: %d %v", status, out)
		}
		status, out, _ := admin.do("POST", "/api/v1/compliance/run", "")
		if status != 200 || out["findings"].(float64) == 0 {
			t.Fatalf("run: %d %v", status, out)
		}
		status, out, _ = manager.do("GET", "/api/v1/findings?"+url.Values{"unit": {c.unit}, "state": {"open"}}.Encode(), "")
		if status != 200 {
			t.Fatalf("list: %d %v", status, out)
		}
		var rule, subject string
		for _, f := range out["findings"].([]any) {
			if f := f.(map[string]any); f["unit"] == c.unit {
				rule, subject = f["rule"].(string), f["subject"].(string)
				break
			}
		}
		if rule == "" {
			t.Fatalf("no open finding of %s in %v", c.unit, out)
		}
		path := "/api/v1/findings/" + url.PathEscape(rule) + "/" + url.PathEscape(subject)

		if status, out, _ := outside.do("GET", path, ""); status != http.StatusForbidden {
			t.Errorf("another 課 read the finding: %d %v", status, out)
		}
		if status, out, _ := outside.do("POST", path, `{"comment":"見ました"}`, "If-Match", `"0"`); status != http.StatusForbidden {
			t.Errorf("another 課 commented: %d %v", status, out)
		}
		status, out, h := manager.do("GET", path, "")
		if status != 200 || out["may_reassign"] != true {
			t.Fatalf("the 情報管理者 reads: %d %v", status, out)
		}
		status, out, h = manager.do("POST", path, fmt.Sprintf(`{"owner":%q,"comment":"対応をお願いします"}`, c.requester), "If-Match", version(h))
		if status != 200 || out["finding"].(map[string]any)["work"].(map[string]any)["owner"] != c.requester {
			t.Fatalf("assign: %d %v", status, out)
		}
		if status, out, _ := member.do("GET", "/api/v1/findings?owner=me", ""); status != 200 || !strings.Contains(fmt.Sprint(out["findings"]), subject) {
			t.Errorf("the owner's own findings: %d %v", status, out)
		}
		if status, out, _ := member.do("POST", path, fmt.Sprintf(`{"owner":%q}`, c.manager), "If-Match", version(h)); status != http.StatusForbidden {
			t.Errorf("the owner named another owner: %d %v", status, out)
		}
		status, out, h2 := member.do("POST", path, `{"state":"in_progress","comment":"着手しました"}`, "If-Match", version(h))
		if status != 200 {
			t.Fatalf("start: %d %v", status, out)
		}
		if status, out, _ := member.do("POST", path, `{"state":"closed","comment":"x"}`, "If-Match", version(h)); status != http.StatusPreconditionFailed {
			t.Errorf("a change at the version before: %d %v", status, out)
		}
		if status, out, _ := member.do("POST", path, `{"state":"closed"}`, "If-Match", version(h2)); status != 400 || !strings.Contains(fmt.Sprint(out["errors"]), "field:comment") {
			t.Errorf("closing without saying what was done: %d %v", status, out)
		}
		if status, out, _ := member.do("POST", path, `{"state":"closed","colour":"red"}`, "If-Match", version(h2)); status != 400 {
			t.Errorf("an unknown member: %d %v", status, out)
		}
		status, out, _ = member.do("POST", path, `{"state":"closed","comment":"設定を直し、再点検で確かめました"}`, "If-Match", version(h2))
		if status != 200 || out["finding"].(map[string]any)["work"].(map[string]any)["state"] != "closed" {
			t.Fatalf("close: %d %v", status, out)
		}
		if comments := out["comments"].([]any); len(comments) != 3 {
			t.Errorf("%d comments, want 3: %v", len(comments), comments)
		}
		if status, out, _ := admin.do("POST", path+"/accept", `{"request":999999}`); status < 400 {
			t.Errorf("accepted under no exception: %d %v", status, out)
		}
	})
}
