package web

import (
	"context"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"kijun/internal/access"
	"kijun/internal/auth"
	"kijun/internal/operations"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// A system is moved through its life and abolished (8.3.1ウ) over the API
// by the same service as the page: another 課 is refused, a stale version
// is a 412, and an abolished system is refused a further move on the page
// and over the API alike.
func TestSystemStageOverAPI(t *testing.T) {
	db := storetest.Open(t, filepath.Join(t.TempDir(), "kijun.db"), store.Options{})
	ctx := context.Background()
	db.EnsureDefaultCatalog(ctx)
	accessOrg(t, db)
	opsSystems(t, db)
	ts, _ := startServer(t, db)
	page := signedIn(t, db, ts.URL, auth.Account{ID: "1001", StaffNo: "1001", DisplayName: "山田 太郎"})
	chief := tokenFor(t, db, ts.URL, "1001", access.ScopeWrite)
	other := tokenFor(t, db, ts.URL, "1004", access.ScopeWrite)

	status, out, h := chief.do("GET", "/api/v1/systems/A/stage", "")
	if status != 200 || out["stage"] != "" || version(h) != `"0"` {
		t.Fatalf("a system never moved: %d %v %q", status, out, version(h))
	}
	if status, out, _ := other.do("POST", "/api/v1/systems/A/stage", `{"stage":"abolish"}`, "If-Match", `"0"`); status != http.StatusForbidden {
		t.Errorf("another 課 abolishes the system: %d %v", status, out)
	}
	if status, out, _ := chief.do("POST", "/api/v1/systems/A/stage", `{"stage":"gone"}`, "If-Match", `"0"`); status != http.StatusBadRequest || !problemNames(out, operations.FieldStage) {
		t.Errorf("an unknown stage: %d %v", status, out)
	}
	if status, out, h = chief.do("POST", "/api/v1/systems/A/stage", `{"stage":"operate"}`, "If-Match", `"0"`); status != 200 || out["stage"] != "operate" {
		t.Fatalf("operate: %d %v", status, out)
	}
	// A system put in operation with its checklists open is found at once
	// (8.3.1 to 8.3.5); abolished, it is no longer (8.3.1ウ).
	checklistFindings := func() int {
		t.Helper()
		fs, _, err := db.ListFindings(ctx, store.FindingFilter{Subject: "system:A"})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, f := range fs {
			if strings.HasPrefix(f.Rule, "system.checklist-") {
				n++
			}
		}
		return n
	}
	if checklistFindings() == 0 {
		t.Error("a system in operation with its checklists open has no finding")
	}
	if status, out, _ := chief.do("POST", "/api/v1/systems/A/stage", `{"stage":"abolish"}`, "If-Match", `"0"`); status != http.StatusPreconditionFailed {
		t.Errorf("a stale version: %d %v", status, out)
	}
	if status, out, h = chief.do("POST", "/api/v1/systems/A/stage", `{"stage":"abolish"}`, "If-Match", version(h)); status != 200 || out["stage"] != "abolish" {
		t.Fatalf("abolish: %d %v", status, out)
	}
	if n := checklistFindings(); n != 0 {
		t.Errorf("an abolished system still has %d checklist findings open", n)
	}
	pageStatus, _ := page.post("/systems/A/stage", url.Values{"stage": {"operate"}, "version": {trimETag(version(h))}})
	apiStatus, prob, _ := chief.do("POST", "/api/v1/systems/A/stage", `{"stage":"operate"}`, "If-Match", version(h))
	if pageStatus != http.StatusBadRequest || apiStatus != pageStatus || !problemNames(prob, operations.FieldStage) {
		t.Errorf("an abolished system moved back: page %d, API %d %v", pageStatus, apiStatus, prob)
	}
	recs, err := db.Records(ctx, store.RecordFilter{Entity: "system_stage"})
	if err != nil || len(recs) != 2 {
		t.Errorf("got %d stage records (%v), want 2", len(recs), err)
	}
}

// TestSystemPageValuesInEnglish: in English the system page names its
// stage, the stages to move to, its zone and its hosting in English; in
// Japanese as before.
func TestSystemPageValuesInEnglish(t *testing.T) {
	db := storetest.Open(t, filepath.Join(t.TempDir(), "kijun.db"), store.Options{})
	db.EnsureDefaultCatalog(context.Background())
	accessOrg(t, db)
	opsSystems(t, db)
	ts, _ := startServer(t, db)
	chief := signedIn(t, db, ts.URL, auth.Account{ID: "1001", StaffNo: "1001", DisplayName: "山田 太郎"})
	if status, _ := chief.post("/systems/A/stage", url.Values{"stage": {"operate"}, "version": {"0"}}); status != http.StatusSeeOther {
		t.Fatalf("operate: %d", status)
	}
	for lang, want := range map[string][]string{
		"en": {"<strong>In operation</strong>", ">Abolished</option>", "<td>Procurement</td>"},
		"ja": {"<strong>稼働</strong>", ">廃止</option>", "<td>調達</td>"},
	} {
		status, body := chief.get("/systems/A?lang=" + lang)
		if status != 200 {
			t.Fatalf("%s: %d", lang, status)
		}
		for _, w := range want {
			if !strings.Contains(body, w) {
				t.Errorf("%s: the system page lacks %q", lang, w)
			}
		}
	}
}
