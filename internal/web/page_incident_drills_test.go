package web

import (
	"context"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"kijun/internal/auth"
	"kijun/internal/incidents"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// TestDrillPlanPage drafts a 年度's drill plan and adds a drill as the
// CISO's office, and checks who may not (7.2.3): a member of staff is
// refused by the route, an administrator (who passes the route for the
// HR import) by the store's gate, and neither writes anything.
func TestDrillPlanPage(t *testing.T) {
	db := storetest.Open(t, filepath.Join(t.TempDir(), "kijun.db"), store.Options{})
	accessOrg(t, db)
	ts, _ := startServer(t, db)
	csirt := newIncidentClient(t, db, ts.URL, auth.Account{ID: "1003", StaffNo: "1003", DisplayName: "鈴木 一郎"})
	staff := newIncidentClient(t, db, ts.URL, auth.Account{ID: "1002", StaffNo: "1002", DisplayName: "佐藤 花子"})
	admin := newIncidentClient(t, db, ts.URL, auth.Account{ID: "admin-drills", DisplayName: "管理者", Admin: true})
	plan := url.Values{"year": {"2026"}, "version": {"0"}, "scope": {"全庁"}, "systems": {"住民情報システム"}, "participants": {"CSIRT、各課の情報管理者"}}

	for _, c := range []struct {
		name   string
		client *incidentClient
	}{{"staff", staff}, {"admin", admin}} {
		if status, _, _ := c.client.post("/incidents/drills/plan", plan); status != http.StatusForbidden {
			t.Errorf("%s drafting the plan: got %d, want 403", c.name, status)
		}
	}
	if status, _ := staff.get("/incidents/drills?year=2026"); status != http.StatusForbidden {
		t.Errorf("staff reading the plan page: got %d, want 403", status)
	}
	if status, body := csirt.get("/incidents/drills?year=2026"); status != http.StatusOK || !strings.Contains(body, `id="drills-noplan"`) {
		t.Fatalf("no plan yet: %d", status)
	}
	bad := url.Values{"year": {"2026"}, "version": {"0"}, "scope": {"全庁"}}
	if status, _, body := csirt.post("/incidents/drills/plan", bad); status != http.StatusBadRequest || !strings.Contains(body, `id="plan-errors"`) || !strings.Contains(body, "体制") {
		t.Errorf("a plan without systems or participants: %d", status)
	}
	if status, loc, body := csirt.post("/incidents/drills/plan", plan); status != http.StatusSeeOther || loc != "/incidents/drills?year=2026" {
		t.Fatalf("draft the plan: %d %s %s", status, loc, body)
	}
	entry := url.Values{"year": {"2026"}, "title": {"標的型攻撃によるマルウェア感染"}, "planned_on": {"2027-04-02"}, "participants": {"CSIRT"}}
	if status, _, body := csirt.post("/incidents/drills/entries", entry); status != http.StatusBadRequest || !strings.Contains(body, `id="entry-errors"`) {
		t.Errorf("a drill outside the 年度: %d", status)
	}
	entry.Set("planned_on", "2026-10-01")
	if status, _, body := csirt.post("/incidents/drills/entries", entry); status != http.StatusSeeOther {
		t.Fatalf("add a drill: %d %s", status, body)
	}
	status, body := csirt.get("/incidents/drills?year=2026")
	if status != http.StatusOK || !strings.Contains(body, "住民情報システム") || !strings.Contains(body, `id="result-form-1"`) {
		t.Errorf("the plan with its drill and the result form: %d", status)
	}
	if status, _, _ := admin.post("/incidents/drills/entries/1/result", url.Values{"year": {"2026"}, "held": {"0"}, "lessons": {"x"}}); status != http.StatusForbidden {
		t.Errorf("admin recording a result: got %d, want 403", status)
	}

	// The drill is held as an incident marked as a drill; its result and
	// the improvement the CISO orders go on the plan, and the improvement
	// opens a corrective action.
	ctx := kijun.WithActor(context.Background(), kijun.Actor{ID: "1002"})
	drill, _, err := db.FileIncident(ctx, incidents.Incident{Title: "訓練", Kind: incidents.KindMalware, Reporter: "1002", Unit: "111",
		Description: "訓練", DiscoveredAt: db.Now().Add(-time.Hour), Drill: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.SaveProcedure(ctx, incidents.Procedure{Title: "対応手順書", Owner: "1003", ReviewedOn: db.Now().AddDate(-1, 0, 0), NextReview: db.Now().AddDate(1, 0, 0)}); err != nil {
		t.Fatal(err)
	}
	result := url.Values{"year": {"2026"}, "held": {"1"}, "incident_id": {strconv.FormatInt(drill.ID, 10)}}
	if status, _, body := csirt.post("/incidents/drills/entries/1/result", result); status != http.StatusBadRequest || !strings.Contains(body, `id="result-errors-1"`) {
		t.Errorf("a result without what the drill showed: %d", status)
	}
	result.Set("lessons", "夜間の連絡がつかなかった")
	if status, _, body := csirt.post("/incidents/drills/entries/1/result", result); status != http.StatusSeeOther {
		t.Fatalf("record the result: %d %s", status, body)
	}
	improve := url.Values{"year": {"2026"}, "what": {"連絡網に夜間の連絡先を加える"}, "unit": {"111"}, "owner_role": {string(organisation.RoleSecurityManager)},
		"due": {"2027-01-31"}, "review_by": {"2027-02-28"}}
	if status, _, body := csirt.post("/incidents/drills/entries/1/improvements", improve); status != http.StatusBadRequest || !strings.Contains(body, `id="improve-errors-1"`) || !strings.Contains(body, "9.4.1") {
		t.Errorf("an improvement naming no procedure: %d", status)
	}
	improve.Set("procedure_id", "1")
	if status, _, body := csirt.post("/incidents/drills/entries/1/improvements", improve); status != http.StatusSeeOther {
		t.Fatalf("order the improvement: %d %s", status, body)
	}
	if status, body := csirt.get("/incidents/drills?year=2026"); status != http.StatusOK || !strings.Contains(body, `href="/actions/1"`) || !strings.Contains(body, "夜間の連絡がつかなかった") {
		t.Errorf("the plan with the result and the improvement's corrective action: %d", status)
	}
}
