package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"kijun/internal/access"
	"kijun/internal/auth"
	"kijun/internal/organisation"
	"kijun/internal/store"
)

// An incident goes from its report to its closing entirely over the API:
// a member of staff reports it for their 課, the 情報管理者 told
// acknowledges the notice, the reporter corrects an item of 7.3.2, and
// the CSIRT (the CISO's office) takes each step to the close, every change
// with If-Match. A step by someone outside the CSIRT and a report for
// another 課 are refused on the page and over the API alike.
func TestIncidentOverAPI(t *testing.T) {
	eachEngine(t, func(t *testing.T, ts *httptest.Server, db *store.DB) {
		c := carryCaseOn(t, ts.URL, db)
		ctx := context.Background()
		ciso, err := c.db.ActingFor(ctx, organisation.RoleCISO, organisation.City(), organisation.Day(c.db.Now()))
		if err != nil {
			t.Fatal(err)
		}
		page := signedIn(t, c.db, c.base, auth.Account{ID: c.requester, StaffNo: c.requester, DisplayName: "reporter"})
		reporter := tokenFor(t, c.db, c.base, c.requester, access.ScopeWrite)
		manager := tokenFor(t, c.db, c.base, c.manager, access.ScopeWrite)
		csirt := tokenFor(t, c.db, c.base, ciso.Person.StaffNo, access.ScopeWrite)

		discovered := c.db.Now().Add(-time.Hour).Format(time.RFC3339)
		report := fmt.Sprintf(`{"title":"USBメモリの紛失","kind":"loss","unit":%q,"description":"帰庁途中に紛失","discovered_at":%q,"leak":{"state":"none"}}`, c.unit, discovered)

		// 7.3.1ア: a report for another 課 is refused on the page and here.
		other := strings.Replace(report, c.unit, "99999", 1)
		pageStatus, _ := page.post("/incidents", url.Values{"title": {"x"}, "kind": {"loss"}, "unit": {"99999"}, "description": {"x"},
			"discovered_at": {c.db.Now().Format("2006-01-02T15:04")}, "leak_state": {"none"}})
		apiStatus, prob, _ := reporter.do("POST", "/api/v1/incidents", other)
		if pageStatus != http.StatusBadRequest || apiStatus != pageStatus || !problemNames(prob, "unit") {
			t.Errorf("a report for another 課: page %d, API %d %v", pageStatus, apiStatus, prob)
		}

		status, out, h := reporter.do("POST", "/api/v1/incidents", report)
		if status != http.StatusCreated {
			t.Fatalf("report: %d %v", status, out)
		}
		inc := out["incident"].(map[string]any)
		id := int64(inc["id"].(float64))
		path := fmt.Sprintf("/api/v1/incidents/%d", id)
		// The 情報管理者 was told, and acknowledges.
		acked := false
		for _, n := range out["notices"].([]any) {
			m := n.(map[string]any)
			if fmt.Sprint(m["staff_no"]) == c.manager || strings.Contains(fmt.Sprint(m), c.manager) {
				status, ack, _ := manager.do("POST", fmt.Sprintf("/api/v1/incidents/notices/%v/ack", m["id"]), "{}")
				if status != 200 {
					t.Errorf("acknowledge: %d %v", status, ack)
				}
				acked = true
			}
		}
		if !acked {
			t.Errorf("the 情報管理者 %s was not told: %v", c.manager, out["notices"])
		}
		status, out, h = reporter.do("GET", path, "")
		if status != 200 {
			t.Fatalf("get: %d", status)
		}
		corrected := strings.Replace(report, `"description":"帰庁途中に紛失"`, `"description":"帰庁途中の電車内で紛失","reason":"場所が分かった"`, 1)
		if status, out, _ := reporter.do("POST", path+"/correct", corrected, "If-Match", `"0"`); status != http.StatusPreconditionFailed {
			t.Errorf("correct at a stale version: %d %v", status, out)
		}
		status, out, h = reporter.do("POST", path+"/correct", corrected, "If-Match", version(h))
		if status != 200 || out["incident"].(map[string]any)["description"] != "帰庁途中の電車内で紛失" {
			t.Fatalf("correct: %d %v", status, out)
		}

		// A step by the reporter, who is not of the CSIRT: refused on both.
		pageStatus, _ = page.post(fmt.Sprintf("/incidents/%d/triage", id), url.Values{"is_incident": {"1"}, "severity": {"1"}, "version": {strings.Trim(version(h), `"`)}})
		apiStatus, _, _ = reporter.do("POST", path+"/triage", `{"is_incident":true,"severity":1}`, "If-Match", version(h))
		if pageStatus != http.StatusForbidden || apiStatus != pageStatus {
			t.Errorf("triage by the reporter: page %d, API %d", pageStatus, apiStatus)
		}
		for _, st := range []struct{ step, body string }{
			{"triage", `{"is_incident":true,"severity":1,"note":"個人情報なし"}`},
			{"ciso", `{"note":"報告"}`},
			{"contain", `{"note":"拡大なし"}`},
			{"cause", `{"cause_kind":"careless","root_cause":"持ち出し時の確認不足"}`},
			{"announce", `{"announce":false,"reason":"個人情報を含まず、公表の必要なし"}`},
			{"close", `{}`},
		} {
			status, out, h = csirt.do("POST", path+"/"+st.step, st.body, "If-Match", version(h))
			if status != 200 {
				t.Fatalf("%s: %d %v", st.step, status, out)
			}
		}
		if got := out["incident"].(map[string]any)["status"]; got != "closed" {
			t.Errorf("after the close the incident is %v", got)
		}
	})
}
