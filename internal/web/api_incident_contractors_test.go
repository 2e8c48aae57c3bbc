package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"kijun/internal/access"
	"kijun/internal/contractors"
	"kijun/internal/organisation"
	"kijun/internal/registers"
	"kijun/internal/store"
)

// Over the API a report names the 委託事業者 involved as the page does: one
// not in the register is refused naming contractor_id; the CSIRT's cause
// of 委託先 keeps the contractor the report named when the body leaves it
// out, and is refused when it clears it (10.1).
func TestIncidentContractorOverAPI(t *testing.T) {
	eachEngine(t, func(t *testing.T, ts *httptest.Server, db *store.DB) {
		c := carryCaseOn(t, ts.URL, db)
		ctx := context.Background()
		if _, err := c.db.CreateContractor(ctx, registers.Console(), contractors.Contractor{ID: "A", Name: "株式会社エー"}); err != nil {
			t.Fatal(err)
		}
		ciso, err := c.db.ActingFor(ctx, organisation.RoleCISO, organisation.City(), organisation.Day(c.db.Now()))
		if err != nil {
			t.Fatal(err)
		}
		reporter := tokenFor(t, c.db, c.base, c.requester, access.ScopeWrite)
		csirt := tokenFor(t, c.db, c.base, ciso.Person.StaffNo, access.ScopeWrite)
		report := fmt.Sprintf(`{"title":"委託先での紛失","kind":"loss","unit":%q,"description":"委託先で書類を紛失","discovered_at":%q,"leak":{"state":"suspected"},"contractor_id":"Z"}`,
			c.unit, c.db.Now().Add(-time.Hour).Format(time.RFC3339))
		if status, prob, _ := reporter.do("POST", "/api/v1/incidents", report); status != http.StatusBadRequest || !problemNames(prob, "contractor_id") {
			t.Fatalf("a contractor not in the register: %d %v", status, prob)
		}
		status, out, h := reporter.do("POST", "/api/v1/incidents", strings.Replace(report, `"Z"`, `"A"`, 1))
		if status != http.StatusCreated {
			t.Fatalf("report: %d %v", status, out)
		}
		inc := out["incident"].(map[string]any)
		if inc["contractor_id"] != "A" || inc["contractor_name"] != "株式会社エー" {
			t.Errorf("the report names %v (%v), want A 株式会社エー", inc["contractor_id"], inc["contractor_name"])
		}
		path := fmt.Sprintf("/api/v1/incidents/%v", inc["id"])
		status, prob, _ := csirt.do("POST", path+"/cause", `{"cause_kind":"contractor","root_cause":"作業員の持ち出し","contractor_id":""}`, "If-Match", version(h))
		if status != http.StatusBadRequest || !problemNames(prob, "contractor_id") {
			t.Errorf("a cause of 委託先 naming none: %d %v", status, prob)
		}
		status, out, _ = csirt.do("POST", path+"/cause", `{"cause_kind":"contractor","root_cause":"作業員の持ち出し"}`, "If-Match", version(h))
		if status != http.StatusOK || out["incident"].(map[string]any)["contractor_id"] != "A" {
			t.Errorf("a cause keeping the report's contractor: %d %v", status, out)
		}
	})
}
