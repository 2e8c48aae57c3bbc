package web

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"kijun/internal/access"
	"kijun/internal/permits"
	"kijun/internal/store"
)

// A request filed as a draft is submitted and then withdrawn over the API
// by its requester, each step at the version read; another person cannot
// submit it, and a stale version is a 412.
func TestPermitDraftSubmitWithdrawOverAPI(t *testing.T) {
	eachEngine(t, func(t *testing.T, ts *httptest.Server, db *store.DB) {
		c := carryCaseOn(t, ts.URL, db)
		requester := tokenFor(t, c.db, c.base, c.requester, access.ScopeWrite)
		outside := tokenFor(t, c.db, c.base, c.outside, access.ScopeWrite)
		draft := strings.Replace(c.filing(), `{"type"`, `{"draft":true,"type"`, 1)
		status, out, h := requester.do("POST", "/api/v1/permits", draft)
		if status != http.StatusCreated || out["state"] != string(permits.StateDrafted) {
			t.Fatalf("file a draft: %d %v", status, out)
		}
		path := fmt.Sprintf("/api/v1/permits/%v", out["id"])
		if status, out, _ := outside.do("POST", path+"/submit", `{}`, "If-Match", version(h)); status < 400 {
			t.Errorf("another person submits the draft: %d %v", status, out)
		}
		if status, out, _ := requester.do("POST", path+"/submit", `{}`, "If-Match", `"99"`); status != http.StatusPreconditionFailed {
			t.Errorf("submit at a stale version: %d %v", status, out)
		}
		if status, out, h = requester.do("POST", path+"/submit", `{}`, "If-Match", version(h)); status != 200 || out["state"] != string(permits.StateSubmitted) {
			t.Fatalf("submit: %d %v", status, out)
		}
		if status, out, _ = requester.do("POST", path+"/withdraw", `{"reason":"予定の取りやめ"}`, "If-Match", version(h)); status != 200 || out["state"] != string(permits.StateWithdrawn) {
			t.Fatalf("withdraw: %d %v", status, out)
		}
	})
}
