package web

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kijun/internal/auth"
	"kijun/internal/operations"
	"kijun/internal/registers"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
	"kijun/internal/systems"
)

// upload posts a file as multipart form data with the session's CSRF
// token.
func (s *session) upload(path, field, name string, data []byte, fields map[string]string) (int, string) {
	s.t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	mw.WriteField("csrf", s.csrf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	fw, _ := mw.CreateFormFile(field, name)
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", s.base+path, &b)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("X-CSRF-Token", s.csrf)
	req.AddCookie(&http.Cookie{Name: "kijun_session", Value: s.token})
	resp, err := s.client.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func opsSystems(t testing.TB, db *store.DB) {
	for _, s := range []systems.System{
		{ID: "A", Name: "ホームページ", Unit: "111", Zone: systems.ZoneInternet, Hosting: systems.HostOnsite, AuthFactors: 2,
			Software: []systems.Software{{Name: "Apache httpd", Version: "2.4.57", CPE: "cpe:2.3:a:apache:http_server:*:*:*:*:*:*:*:*"}}},
		{ID: "B", Name: "他課の秘密システム", Unit: "112", Zone: systems.ZoneLGWAN, Hosting: systems.HostOnsite, AuthFactors: 2},
	} {
		if _, err := db.CreateSystem(context.Background(), registers.Console(), s); err != nil {
			t.Fatal(err)
		}
	}
}

// A system's operations records are written by its 課 (and its
// administrator, and the city office) through the operations service:
// another 課 is refused on every route, and nothing is written; a work
// record in the future, a change confirmed by its own doer or by someone
// not present are refused beside their fields; the feed import is the
// CISO's office's, and a file that is not a feed is refused with the
// reason.
func TestOperationsPages(t *testing.T) {
	db := storetest.Open(t, filepath.Join(t.TempDir(), "kijun.db"), store.Options{})
	ctx := context.Background()
	db.EnsureDefaultCatalog(ctx)
	accessOrg(t, db)
	opsSystems(t, db)
	ts, _ := startServer(t, db)
	chief := signedIn(t, db, ts.URL, auth.Account{ID: "1001", StaffNo: "1001", DisplayName: "山田 太郎"})
	staff := signedIn(t, db, ts.URL, auth.Account{ID: "1002", StaffNo: "1002", DisplayName: "佐藤 花子"})
	other := signedIn(t, db, ts.URL, auth.Account{ID: "1006", StaffNo: "1006", DisplayName: "伊藤 六郎"})
	office := signedIn(t, db, ts.URL, auth.Account{ID: "1003", StaffNo: "1003", DisplayName: "鈴木 一郎"})
	when := db.Now().Add(-time.Hour).In(operations.JST()).Format("2006-01-02T15:04")
	work := url.Values{"at": {when}, "workers": {"1001, 1002"}, "summary": {"パッチ適用"}, "outcome": {"done"}}

	// Another 課's system: every write refused, nothing written.
	for _, path := range []string{"/systems/B/work", "/systems/B/logs", "/systems/B/logs/reviews", "/systems/B/changes"} {
		form := withValues(url.Values{}, "at", when, "workers", "1001", "summary", "x", "outcome", "done", "reviewer", "1001", "every_days", "30",
			"on_failure", "x", "reviewed_at", when, "title", "x", "reason", "x", "risk", "x", "rollback", "x")
		if status, body := chief.post(path, form); status != http.StatusForbidden || strings.Contains(body, "他課の秘密") {
			t.Errorf("%s by another 課: %d", path, status)
		}
	}
	if ws, _ := db.WorkRecords(ctx, "B", 0); len(ws) != 0 {
		t.Errorf("a refused write left %d work records", len(ws))
	}
	if cs, _ := db.SystemChanges(ctx, "B", 0); len(cs) != 0 {
		t.Errorf("a refused write left %d changes", len(cs))
	}

	// 8.1.5ア: a record in the future is refused beside its field.
	future := withValues(url.Values{}, "at", db.Now().Add(48*time.Hour).In(operations.JST()).Format("2006-01-02T15:04"), "workers", "1001", "summary", "x", "outcome", "done")
	if status, body := chief.post("/systems/A/work", future); status != http.StatusBadRequest || !strings.Contains(body, `id="at-error"`) || !strings.Contains(body, "未来") {
		t.Errorf("a work record in the future: %d", status)
	}
	if status, _ := chief.post("/systems/A/work", work); status != http.StatusSeeOther {
		t.Fatalf("a work record: %d", status)
	}
	if status, body := chief.get("/systems/A"); status != 200 || !strings.Contains(body, "パッチ適用") {
		t.Errorf("the system page shows its work records: %d", status)
	}

	// 8.1.5イ,ウ: planned, approved by another, carried out by two,
	// confirmed by the second; the doer and someone absent are refused.
	status, _ := chief.post("/systems/A/changes", url.Values{"title": {"httpd 更新"}, "reason": {"脆弱性対応"}, "risk": {"停止"},
		"rollback": {"旧版へ戻す"}, "versions": {"Apache httpd 2.4.57 -> 2.4.62"}})
	if status != http.StatusSeeOther {
		t.Fatalf("plan: %d", status)
	}
	if status, body := chief.post("/systems/A/changes", url.Values{"title": {"x"}}); status != http.StatusBadRequest || !strings.Contains(body, `id="rollback-error"`) {
		t.Errorf("a plan without its way back: %d", status)
	}
	cs, _ := db.SystemChanges(ctx, "A", 0)
	if len(cs) != 1 {
		t.Fatalf("changes: %+v", cs)
	}
	c := cs[0]
	path := "/systems/A/changes/" + itoa(c.ID)
	v := func(n int) string { return itoa(int64(n)) }
	if status, body := chief.post(path+"/approve", url.Values{"version": {v(c.Version)}}); status != http.StatusBadRequest || !strings.Contains(body, "承認できません") {
		t.Errorf("the planner approves: %d", status)
	}
	if status, _ := staff.post(path+"/approve", url.Values{"version": {v(1)}}); status != http.StatusSeeOther {
		t.Fatalf("approve: %d", status)
	}
	if status, _ := chief.post(path+"/carry", url.Values{"version": {v(2)}, "at": {when}, "others": {"1002"}, "outcome": {"done"}}); status != http.StatusSeeOther {
		t.Fatalf("carry: %d", status)
	}
	if status, body := chief.post(path+"/confirm", url.Values{"version": {v(3)}}); status != http.StatusBadRequest || !strings.Contains(body, `id="confirm-error"`) || !strings.Contains(body, "本人は確認者になれません") {
		t.Errorf("the doer confirms: %d", status)
	}
	if status, body := other.post(path+"/confirm", url.Values{"version": {v(3)}}); status != http.StatusBadRequest || !strings.Contains(body, "立ち会った者だけ") {
		t.Errorf("someone not present confirms: %d", status)
	}
	if status, _ := staff.post(path+"/confirm", url.Values{"version": {v(3)}}); status != http.StatusSeeOther {
		t.Fatalf("confirm: %d", status)
	}
	if c, _ := db.SystemChange(ctx, c.ID); c.State != operations.ChangeConfirmed || c.ConfirmedBy != "1002" {
		t.Errorf("after confirmation: %+v", c)
	}
	if status, body := chief.get(path); status != 200 || !strings.Contains(body, "相互確認済み") {
		t.Errorf("the change page: %d", status)
	}

	// 8.1.7: the policy, then a review; one in the future is refused.
	if status, _ := chief.post("/systems/A/logs", url.Values{"reviewer": {"1001"}, "every_days": {"30"}, "on_failure": {"業者へ連絡"}, "version": {"0"}}); status != http.StatusSeeOther {
		t.Fatalf("log policy: %d", status)
	}
	if status, body := chief.post("/systems/A/logs/reviews", url.Values{"reviewed_at": {future.Get("at")}}); status != http.StatusBadRequest || !strings.Contains(body, "未来") {
		t.Errorf("a review in the future: %d", status)
	}
	if status, _ := chief.post("/systems/A/logs/reviews", url.Values{"reviewed_at": {when}, "findings": {"異常なし"}}); status != http.StatusSeeOther {
		t.Errorf("a review: %d", status)
	}

	// 8.6.1: the feed import is the CISO's office's.
	var feed bytes.Buffer
	operations.WriteNVD(&feed, []operations.Vuln{{ID: "CVE-2026-40001", Summary: "httpd", Score: 9.8,
		Affects: []operations.Affect{{CPE: "cpe:2.3:a:apache:http_server:*:*:*:*:*:*:*:*", EndExcluding: "2.4.62"}}}}, db.Now())
	if status, _ := chief.upload("/vulns/import", "file", "feed.json", feed.Bytes(), nil); status != http.StatusForbidden {
		t.Errorf("a 課 imports a feed: %d", status)
	}
	for _, bad := range []struct{ data, want string }{{"{oops", "正しい JSON ではありません"}, {"<xml/>", "JVNRSS"}, {`{"a":1}`, "形式がわかりません"}} {
		if status, body := office.upload("/vulns/import", "file", "bad.json", []byte(bad.data), nil); status != http.StatusBadRequest || !strings.Contains(body, bad.want) {
			t.Errorf("feed %q: %d, want the reason %q", bad.data, status, bad.want)
		}
	}
	if status, body := office.upload("/vulns/import", "file", "feed.json", feed.Bytes(), map[string]string{"format": "nvd"}); status != 200 || !strings.Contains(body, `id="imported"`) || !strings.Contains(body, "CVE-2026-40001") {
		t.Fatalf("import: %d", status)
	}
	if status, body := chief.get("/systems/A"); status != 200 || !strings.Contains(body, "CVE-2026-40001") {
		t.Errorf("the system page shows the hole: %d", status)
	}
	if status, body := chief.get("/vulns"); status != 200 || !strings.Contains(body, "CVE-2026-40001") {
		t.Errorf("the 課 sees its own system's hole: %d", status)
	}
	// 9.5: closing it under an exception needs one in force for 8.6.1.
	for _, tt := range []struct{ request, want string }{{"abc", "数字で"}, {"999", "申請番号 999 の申請はありません"}} {
		if status, body := chief.post("/systems/A/vulns/CVE-2026-40001/exception", url.Values{"request": {tt.request}}); status != http.StatusBadRequest ||
			!strings.Contains(body, `id="request-error"`) || !strings.Contains(body, tt.want) {
			t.Errorf("exception %q: %d, want %q beside the field", tt.request, status, tt.want)
		}
	}
	if status, _ := chief.post("/systems/B/vulns/CVE-2026-40001/exception", url.Values{"request": {"1"}}); status != http.StatusForbidden {
		t.Errorf("another 課's system: %d", status)
	}
}
