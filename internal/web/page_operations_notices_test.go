package web

import (
	"context"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"kijun/internal/auth"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// The CISO's office sends a notice to 課 111; a 課 cannot send one; a
// member of 111 reads it and confirms, someone of 112 cannot see it, and
// the office sees the reads counted per 課 (8.6.2).
func TestNoticePages(t *testing.T) {
	db := storetest.Open(t, filepath.Join(t.TempDir(), "kijun.db"), store.Options{})
	db.EnsureDefaultCatalog(context.Background())
	accessOrg(t, db)
	ts, _ := startServer(t, db)
	chief := signedIn(t, db, ts.URL, auth.Account{ID: "1001", StaffNo: "1001", DisplayName: "山田 太郎"})
	other := signedIn(t, db, ts.URL, auth.Account{ID: "1004", StaffNo: "1004", DisplayName: "高橋 次郎"})
	office := signedIn(t, db, ts.URL, auth.Account{ID: "1003", StaffNo: "1003", DisplayName: "鈴木 一郎"})
	form := func() url.Values {
		return url.Values{"title": {"Emotet の再流行"}, "body": {"マクロを有効にしないでください。"}, "audience": {"unit"}, "target": {"111"}}
	}
	if status, _ := chief.post("/notices", form()); status != http.StatusForbidden {
		t.Errorf("a 課 sends a notice: %d", status)
	}
	if status, body := office.post("/notices", withValues(url.Values{}, "title", "x", "body", "y", "audience", "unit", "target", "999")); status != http.StatusBadRequest || !strings.Contains(body, `id="target-error"`) {
		t.Errorf("a notice to no 課: %d", status)
	}
	if status, body := office.post("/notices", form()); status != http.StatusSeeOther {
		t.Fatalf("send: %d %s", status, body[strings.Index(body, "<main"):])
	}
	ns, _ := db.Notices(context.Background(), "", 0)
	if len(ns) != 1 {
		t.Fatalf("notices: %+v", ns)
	}
	path := "/notices/" + itoa(ns[0].ID)
	if status, _ := other.get(path); status != http.StatusForbidden {
		t.Errorf("someone of 112 opens it: %d", status)
	}
	if status, body := chief.get("/notices"); status != 200 || !strings.Contains(body, "Emotet の再流行") {
		t.Errorf("the member's list: %d", status)
	}
	if status, _ := other.post(path+"/read", url.Values{}); status != http.StatusForbidden {
		t.Errorf("someone of 112 confirms: %d", status)
	}
	if status, _ := chief.post(path+"/read", url.Values{}); status != http.StatusSeeOther {
		t.Fatalf("confirm: %d", status)
	}
	if status, body := chief.get(path); status != 200 || !strings.Contains(body, `id="read-at"`) {
		t.Errorf("after confirming: %d", status)
	}
	if status, body := office.get(path); status != 200 || !strings.Contains(body, `id="reads"`) || !strings.Contains(body, "（1 / 3）") {
		t.Errorf("the office's count: %d %s", status, body[strings.Index(body, "<main"):])
	}
}
