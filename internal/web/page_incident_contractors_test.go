package web

import (
	"context"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"kijun/internal/auth"
	"kijun/internal/contractors"
	"kijun/internal/registers"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// A report names the 委託事業者 involved (10.1): one not in the register is
// refused beside the field; the statistics count the year's incidents by
// contractor, linking to its page, and that page lists the incident for
// the CSIRT but not for other staff.
func TestIncidentContractorPages(t *testing.T) {
	db := storetest.Open(t, filepath.Join(t.TempDir(), "kijun.db"), store.Options{})
	accessOrg(t, db)
	if _, err := db.CreateContractor(context.Background(), registers.Console(), contractors.Contractor{ID: "A", Name: "株式会社エー"}); err != nil {
		t.Fatal(err)
	}
	ts, _ := startServer(t, db)
	staff := newIncidentClient(t, db, ts.URL, auth.Account{ID: "1002", StaffNo: "1002", DisplayName: "佐藤 花子"})
	csirt := newIncidentClient(t, db, ts.URL, auth.Account{ID: "1003", StaffNo: "1003", DisplayName: "鈴木 一郎"})

	form := url.Values{"title": {"委託先での書類紛失"}, "kind": {"loss"}, "unit": {"111"}, "description": {"委託先の作業員が書類を紛失"},
		"discovered_at": {datetimeLocal(db.Now())}, "leak_state": {"suspected"}, "contractor_id": {"Z"}}
	status, _, body := staff.post("/incidents", form)
	if status != http.StatusBadRequest || !strings.Contains(body, `id="contractor_id-error"`) || !strings.Contains(body, "事業者ID Z の委託事業者は台帳にありません") {
		t.Fatalf("unknown contractor: got %d, want 400 beside the field", status)
	}
	form.Set("contractor_id", "A")
	status, loc, _ := staff.post("/incidents", form)
	if status != http.StatusSeeOther || !strings.HasPrefix(loc, "/incidents/") {
		t.Fatalf("report: got %d %q", status, loc)
	}
	id := strings.TrimPrefix(strings.SplitN(loc, "?", 2)[0], "/incidents/")

	if _, body := csirt.get("/incidents/" + id); !strings.Contains(body, `<a href="/contractors/A">株式会社エー（A）</a>`) {
		t.Errorf("the report's page does not name the contractor")
	}
	_, body = csirt.get("/incidents/stats")
	table := regexp.MustCompile(`(?s)<table id="by-contractor">.*?</table>`).FindString(body)
	if !strings.Contains(table, "事業者別") || !strings.Contains(table, `<a href="/contractors/A">株式会社エー</a></th><td>1</td>`) {
		t.Errorf("by-contractor table: got %q", table)
	}
	if _, body := csirt.get("/contractors/A"); !strings.Contains(body, `<a href="/incidents/`+id+`">No.`+id+` 委託先での書類紛失</a>`) {
		t.Errorf("the contractor's page does not list the incident for the CSIRT")
	}
	if status, body := staff.get("/contractors/A"); status != http.StatusOK || strings.Contains(body, "委託先での書類紛失") {
		t.Errorf("the contractor's page lists the incident to staff outside the CSIRT")
	}
}
