package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kijun/internal/store"
)

// The owner of a finding attaches a file on its page; the page lists it
// with its name, SHA-256, who and when, and a link that gives back the
// same bytes to a member of the 課, who may read but not attach.
func TestFindingEvidenceOnItsPage(t *testing.T) {
	db := homeCityDB(t)
	ts, _ := startServer(t, db)
	chief, unit, member := chiefWithFindings(t, db)
	fs, _, err := db.ListFindings(context.Background(), store.FindingFilter{Units: []string{unit}, Limit: 1})
	if err != nil || len(fs) == 0 {
		t.Fatalf("no finding of %s: %v", unit, err)
	}
	f := fs[0]
	page := "/compliance/finding?" + url.Values{"rule": {f.Rule}, "subject": {f.Subject}}.Encode()
	key := map[string]string{"rule": f.Rule, "subject": f.Subject, "evidence_note": "再設定の画面"}
	data := []byte("screenshot bytes")
	sum := sha256.Sum256(data)

	m := personSession(t, db, ts.URL, member)
	if status, body := m.get(page); status != 200 || strings.Contains(body, `id="evidence-form"`) {
		t.Errorf("a member who does not own the finding is offered the form: %d", status)
	}
	if status, _ := m.upload("/compliance/finding/evidence", "file", "x.png", data, key); status != http.StatusForbidden {
		t.Errorf("a member who does not own the finding attached: %d", status)
	}

	c := personSession(t, db, ts.URL, chief)
	if status, body := c.get(page); status != 200 || !strings.Contains(body, `id="evidence-form"`) || !strings.Contains(body, `id="no-evidence"`) {
		t.Fatalf("the owner opens the finding: %d, no form or no empty list", status)
	}
	if status, body := c.upload("/compliance/finding/evidence", "file", "", nil, key); status != http.StatusBadRequest || !strings.Contains(body, `id="file-error"`) {
		t.Errorf("no file: %d, want 400 with the file's error", status)
	}
	if status, _ := c.upload("/compliance/finding/evidence", "file", "設定画面.png", data, key); status != http.StatusSeeOther {
		t.Fatalf("the owner attaches: %d", status)
	}

	status, body := m.get(page)
	if status != 200 || !strings.Contains(body, "設定画面.png") || !strings.Contains(body, hex.EncodeToString(sum[:])) || !strings.Contains(body, "再設定の画面") || !strings.Contains(body, "person:"+chief) {
		t.Fatalf("the member reads the finding: %d, the file, its SHA-256, note or who is missing", status)
	}
	i := strings.Index(body, `href="/compliance/finding/evidence?`)
	if i < 0 {
		t.Fatal("no download link")
	}
	link := strings.ReplaceAll(body[i+6:i+strings.Index(body[i+6:], `"`)+6], "&amp;", "&")
	if status, got := m.get(link); status != 200 || got != string(data) {
		t.Errorf("download %s: %d %q", link, status, got)
	}
}
