package web

import (
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"kijun/internal/auth"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// TestEvidenceNameLosesDirectionControls checks that a file named
// "gpj<U+202E>.html", which a page would show as "lmth.jpg", is kept and
// shown as what it is: gpj.html.
func TestEvidenceNameLosesDirectionControls(t *testing.T) {
	db := storetest.Open(t, filepath.Join(t.TempDir(), "kijun.db"), store.Options{})
	accessOrg(t, db)
	ts, _ := startServer(t, db)
	staff := newIncidentClient(t, db, ts.URL, auth.Account{ID: "1002", StaffNo: "1002", DisplayName: "佐藤 花子"})
	csirt := newIncidentClient(t, db, ts.URL, auth.Account{ID: "1003", StaffNo: "1003", DisplayName: "鈴木 一郎"})
	now := db.Now()
	form := url.Values{"title": {"不審なメール"}, "kind": {"loss"}, "unit": {"111"}, "description": {"添付ファイルを開いた"},
		"discovered_at": {datetimeLocal(now)}, "occurred_at": {datetimeLocal(now.Add(-time.Hour))}, "leak_state": {"none"}}
	if status, loc, body := staff.post("/incidents", form); status != http.StatusSeeOther || !strings.HasPrefix(loc, "/incidents/1") {
		t.Fatalf("file the incident: %d %s", status, body)
	}
	if status, _, body := postFile(t, csirt, "/incidents/1/evidence", "gpj\u202e.html", []byte("<html>")); status != http.StatusSeeOther {
		t.Fatalf("evidence: %d %s", status, body)
	}
	status, body := csirt.get("/incidents/1")
	if status != 200 || !strings.Contains(body, "gpj.html") || strings.Contains(body, "\u202e") {
		t.Errorf("incident page (%d) shows the evidence's name with its direction control, or not at all", status)
	}
	link := regexp.MustCompile(`/incidents/1/evidence/\d+`).FindString(body)
	if link == "" {
		t.Fatal("no link to the evidence")
	}
	req, _ := http.NewRequest("GET", ts.URL+link, nil)
	req.AddCookie(&http.Cookie{Name: "kijun_session", Value: csirt.token})
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if cd := resp.Header.Get("Content-Disposition"); !strings.Contains(cd, "gpj.html") || strings.Contains(cd, "%E2%80%AE") {
		t.Errorf("download named %q, want gpj.html", cd)
	}
}
