package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"kijun/internal/access"
	"kijun/internal/catalog"
	"kijun/internal/kijun"
	"kijun/internal/store"
)

// The CISO's office puts a newly loaded edition in force over the API at
// the version read; a member of staff, an edition not loaded, a missing or
// stale If-Match are refused and write nothing.
func TestCatalogInForceOverAPI(t *testing.T) {
	eachEngine(t, func(t *testing.T, ts *httptest.Server, db *store.DB) {
		ctx := context.Background()
		accessOrg(t, db)
		c, err := catalog.Default()
		if err != nil {
			t.Fatal(err)
		}
		c.Edition = "5.6"
		if _, _, err := db.LoadCatalog(ctx, c, "kijun"); err != nil {
			t.Fatal(err)
		}
		office := tokenFor(t, db, ts.URL, "1003", access.ScopeWrite)
		staff := tokenFor(t, db, ts.URL, "1002", access.ScopeWrite)
		status, out, h := staff.do("GET", "/api/v1/catalog/in-force", "")
		if status != 200 || out["edition"] != "5.5" || version(h) == "" {
			t.Fatalf("the edition in force: %d %v", status, out)
		}
		etag := version(h)
		body := `{"key":"kobe-kijun","edition":"5.6"}`
		seq0, _, _ := db.Head(ctx)
		if status, _, _ := staff.do("POST", "/api/v1/catalog/in-force", body, "If-Match", etag); status != http.StatusForbidden {
			t.Errorf("a member of staff changed the standard in force: %d", status)
		}
		if status, out, _ := office.do("POST", "/api/v1/catalog/in-force", `{"key":"kobe-kijun","edition":"9.9"}`, "If-Match", etag); status != 400 || !problemNames(out, "edition") {
			t.Errorf("an edition not loaded: %d %v", status, out)
		}
		if status, _, _ := office.do("POST", "/api/v1/catalog/in-force", body); status != http.StatusPreconditionRequired {
			t.Errorf("no If-Match: %d", status)
		}
		if status, _, _ := office.do("POST", "/api/v1/catalog/in-force", body, "If-Match", `"99"`); status != http.StatusPreconditionFailed {
			t.Errorf("a stale If-Match: %d", status)
		}
		if seq, _, _ := db.Head(ctx); seq != seq0 {
			t.Errorf("the refusals wrote %d ledger records", seq-seq0)
		}
		status, out, _ = office.do("POST", "/api/v1/catalog/in-force", body, "If-Match", etag)
		if status != 200 || out["edition"] != "5.6" {
			t.Fatalf("put 5.6 in force: %d %v", status, out)
		}
		if def, err := db.DefaultCatalog(ctx); err != nil || def.Edition != "5.6" {
			t.Errorf("the standard in force after the change: %+v, %v", def, err)
		}
		if recs, err := db.Records(ctx, store.RecordFilter{Entity: "catalog", EntityID: "kobe-kijun@5.6"}); err != nil || len(recs) == 0 || recs[0].Action != "catalog.in_force" {
			t.Errorf("the ledger of the change: %v, %v", recs, err)
		}
		if status, _, _ := office.do("POST", "/api/v1/catalog/in-force", body, "If-Match", etag); status != http.StatusPreconditionFailed {
			t.Errorf("the same change at the old version: %d", status)
		}
	})
}

// The in-force body is outside input: it decodes and checks to an
// EINVALID error or a key and edition, never a panic.
func FuzzCatalogInForceBody(f *testing.F) {
	f.Add(`{"key":"kobe-kijun","edition":"5.5"}`)
	f.Add(`{"key":" ","edition":""}`)
	f.Add(`{"key":1}`)
	f.Fuzz(func(t *testing.T, body string) {
		r, _ := http.NewRequest("POST", "/", strings.NewReader(body))
		var j catalogInForceJSON
		err := decodeBody(r, &j)
		if err == nil {
			err = j.check()
			if err == nil && (strings.TrimSpace(j.Key) == "" || strings.TrimSpace(j.Edition) == "") {
				t.Fatalf("an empty key or edition passed: %+v", j)
			}
		}
		if err != nil && kijun.ErrorCode(err) != kijun.EINVALID {
			t.Fatalf("%v, want EINVALID", err)
		}
	})
}
