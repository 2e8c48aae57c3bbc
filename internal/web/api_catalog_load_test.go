package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"kijun/internal/access"
	"kijun/internal/organisation"
	"kijun/internal/store"
)

// An edition of a standard is loaded over the API by the CISO's office
// through the same parse and store call as kijun catalog load: a file with
// a problem is refused naming its line and provision with nothing loaded,
// a member of staff is refused, and loading the same content again
// changes nothing; on both engines, each answer checked against OpenAPI.
func TestCatalogEditionOverAPI(t *testing.T) {
	data, err := os.ReadFile("../catalog/data/kobe-kijun-5.5.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// A new edition of the city's standard: the same text under 5.6.
	next := strings.Replace(string(data), "edition: \"5.5\"", "edition: \"5.6\"", 1)
	if next == string(data) {
		next = strings.Replace(string(data), "edition: 5.5", "edition: \"5.6\"", 1)
	}
	if next == string(data) {
		t.Fatal("the catalog's edition line was not found")
	}
	body := func(format, content string) string {
		b, _ := json.Marshal(map[string]string{"format": format, "content": content})
		return string(b)
	}
	eachEngine(t, func(t *testing.T, ts *httptest.Server, db *store.DB) {
		c := carryCaseOn(t, ts.URL, db)
		ctx := context.Background()
		ciso, err := db.ActingFor(ctx, organisation.RoleCISO, organisation.City(), organisation.Day(db.Now()))
		if err != nil {
			t.Fatal(err)
		}
		office := tokenFor(t, db, ts.URL, ciso.Person.StaffNo, access.ScopeWrite)
		staff := tokenFor(t, db, ts.URL, c.requester, access.ScopeWrite)

		if status, out, _ := staff.do("POST", "/api/v1/catalog/editions", body("kijun", next)); status != http.StatusForbidden {
			t.Errorf("a member of staff loaded an edition: %d %v", status, out)
		}
		// A provision with no text: refused, naming its line and ID.
		broken := strings.Replace(next, "edition: \"5.6\"", "edition: \"5.6\"\nprovisions:\n  - id: \"\"\n    kind: clause", 1)
		status, out, _ := office.do("POST", "/api/v1/catalog/editions", body("kijun", broken))
		if status != http.StatusBadRequest || !problemNames(out, "content") || !strings.Contains(detailOf(out), "catalog.yaml:") {
			t.Errorf("a broken file: %d %v; want 400 naming the line", status, out)
		}
		if status, out, _ := office.do("POST", "/api/v1/catalog/editions", `{"format":"word","content":"x"}`); status != http.StatusBadRequest || !problemNames(out, "format") {
			t.Errorf("an unknown format: %d %v", status, out)
		}
		if _, err := db.Catalog(ctx, "kobe-kijun", "5.6"); err == nil {
			t.Fatal("a refused file was loaded")
		}
		status, out, _ = office.do("POST", "/api/v1/catalog/editions", body("kijun", next))
		if status != http.StatusOK || out["edition"] != "5.6" || out["changed"] != true || out["provisions"].(float64) < 100 {
			t.Fatalf("load: %d %v", status, out)
		}
		if status, out, _ := office.do("POST", "/api/v1/catalog/editions", body("kijun", next)); status != http.StatusOK || out["changed"] != false {
			t.Errorf("the same content again: %d %v, want nothing changed", status, out)
		}
		if _, err := db.Catalog(ctx, "kobe-kijun", "5.6"); err != nil {
			t.Errorf("the loaded edition: %v", err)
		}
	})
}

// detailOf is a problem's detail with its errors' reasons.
func detailOf(p map[string]any) string {
	b, _ := json.Marshal(p)
	return string(b)
}
