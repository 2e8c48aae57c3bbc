package web

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"kijun/internal/auth"
	"kijun/internal/incidents"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// incidentClient acts as one signed-in person.
type incidentClient struct {
	t      *testing.T
	base   string
	token  string
	csrf   string
	client *http.Client
}

func newIncidentClient(t *testing.T, db *store.DB, base string, a auth.Account) *incidentClient {
	seedAccount(t, db, a)
	token, csrf := seedSession(t, db, a)
	return &incidentClient{t: t, base: base, token: token, csrf: csrf,
		client: &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (c *incidentClient) do(req *http.Request) (int, string, string) {
	c.t.Helper()
	req.AddCookie(&http.Cookie{Name: "kijun_session", Value: c.token})
	resp, err := c.client.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Location"), string(b)
}

func (c *incidentClient) get(path string) (int, string) {
	req, _ := http.NewRequest("GET", c.base+path, nil)
	status, _, body := c.do(req)
	return status, body
}

func (c *incidentClient) post(path string, form url.Values) (int, string, string) {
	form.Set("csrf", c.csrf)
	req, _ := http.NewRequest("POST", c.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

func TestIncidentPages(t *testing.T) {
	db := storetest.Open(t, filepath.Join(t.TempDir(), "kijun.db"), store.Options{})
	accessOrg(t, db)
	ts, _ := startServer(t, db)
	staff := newIncidentClient(t, db, ts.URL, auth.Account{ID: "1002", StaffNo: "1002", DisplayName: "佐藤 花子"})
	deputy := newIncidentClient(t, db, ts.URL, auth.Account{ID: "1006", StaffNo: "1006", DisplayName: "伊藤 六郎"})
	other := newIncidentClient(t, db, ts.URL, auth.Account{ID: "1004", StaffNo: "1004", DisplayName: "高橋 次郎"})
	csirt := newIncidentClient(t, db, ts.URL, auth.Account{ID: "1003", StaffNo: "1003", DisplayName: "鈴木 一郎"})

	if status, body := staff.get("/incidents/new"); status != 200 || !strings.Contains(body, `name="discovered_at"`) {
		t.Fatalf("report form: %d", status)
	}
	now := db.Now()
	form := url.Values{"title": {"USB メモリの紛失"}, "kind": {"loss"}, "unit": {"111"}, "description": {"帰宅途中に紛失"},
		"discovered_at": {datetimeLocal(now)}, "occurred_at": {datetimeLocal(now.Add(time.Hour))}, "leak_state": {"suspected"}, "leak_people": {"150"}}
	status, _, body := staff.post("/incidents", form)
	if status != http.StatusBadRequest || !strings.Contains(body, `aria-describedby="occurred_at-error"`) || !strings.Contains(body, "発生した日時が") {
		t.Fatalf("発生 after 判明: got %d, want the error beside the field", status)
	}
	form.Set("occurred_at", datetimeLocal(now.Add(-3*time.Hour)))
	status, loc, _ := staff.post("/incidents", form)
	if status != http.StatusSeeOther || !strings.HasPrefix(loc, "/incidents/1") {
		t.Fatalf("file: %d %q", status, loc)
	}
	status, body = staff.get("/incidents/1")
	if status != 200 || !strings.Contains(body, "未報告") || !strings.Contains(body, "個人情報保護委員会") {
		t.Errorf("incident page for the reporter: %d", status)
	}
	if status, _ := other.get("/incidents/1"); status != http.StatusForbidden {
		t.Errorf("someone not involved sees the report: %d", status)
	}
	// The 情報管理者's deputy was told and acknowledges.
	status, body = deputy.get("/incidents")
	ack := regexp.MustCompile(`/incidents/notices/(\d+)/ack`).FindStringSubmatch(body)
	if status != 200 || ack == nil {
		t.Fatalf("the deputy has no notice to acknowledge: %d", status)
	}
	if status, _, _ := deputy.post(ack[0], url.Values{}); status != http.StatusSeeOther {
		t.Errorf("acknowledge: %d", status)
	}
	// The CSIRT sees the board and judges.
	if status, body := csirt.get("/incidents"); status != 200 || !strings.Contains(body, "USB メモリの紛失") {
		t.Errorf("board: %d", status)
	}
	admin := newIncidentClient(t, db, ts.URL, auth.Account{ID: "admin-inc", DisplayName: "管理者", Admin: true})
	if status, _, _ := admin.post("/incidents/1/triage", url.Values{"is_incident": {"0"}, "version": {"1"}}); status != http.StatusForbidden {
		t.Errorf("an administrator without a CSIRT role judged an incident: %d", status)
	}
	if status, _, _ := staff.post("/incidents/1/triage", url.Values{"is_incident": {"1"}, "severity": {"3"}, "version": {"1"}}); status != http.StatusForbidden {
		t.Errorf("staff triaged: %d", status)
	}
	in, _ := db.Incident(context.Background(), 1)
	status, _, body = csirt.post("/incidents/1/triage", url.Values{"is_incident": {"1"}, "severity": {"0"}, "version": {strconv.FormatInt(in.Version, 10)}})
	if status != http.StatusBadRequest || !strings.Contains(body, `aria-describedby="severity-error"`) {
		t.Errorf("triage without severity: %d", status)
	}
	if status, _, _ := csirt.post("/incidents/1/triage", url.Values{"is_incident": {"1"}, "severity": {"3"}, "version": {strconv.FormatInt(in.Version, 10)}}); status != http.StatusSeeOther {
		t.Errorf("triage: %d", status)
	}
	// Evidence: kept with its hash; too large is refused in Japanese.
	status, _, body = postFile(t, csirt, "/incidents/1/evidence", "photo.txt", []byte("写真"))
	if status != http.StatusSeeOther {
		t.Errorf("evidence: %d %s", status, body)
	}
	status, _, body = postFile(t, csirt, "/incidents/1/evidence", "big.bin", make([]byte, incidents.MaxEvidenceBytes+10))
	if status != http.StatusBadRequest || !strings.Contains(body, "ファイルが大きすぎます") || !strings.Contains(body, `aria-describedby="file-error"`) {
		t.Errorf("too large: %d", status)
	}
	// Past the limit of every form, the person is told so, not that the
	// form expired.
	status, _, body = postFile(t, csirt, "/incidents/1/evidence", "huge.bin", make([]byte, 21<<20))
	if status != http.StatusBadRequest || !strings.Contains(body, "送信された内容が大きすぎます（上限 20 MB）") {
		t.Errorf("past the form limit: %d", status)
	}
	if status, body := csirt.get("/incidents/stats"); status != 200 || !strings.Contains(body, `id="count"`) {
		t.Errorf("stats: %d", status)
	}
	req, _ := http.NewRequest("GET", ts.URL+"/incidents/report.xlsx", nil)
	if status, _, body := csirt.do(req); status != 200 || !strings.HasPrefix(body, "PK") {
		t.Errorf("xlsx: %d", status)
	}
	if status, body := staff.get("/incidents/contacts"); status != 200 || strings.Contains(body, `id="contact-form"`) {
		t.Errorf("contacts for staff: %d", status)
	}
	if status, _, _ := csirt.post("/incidents/contacts", url.Values{"order": {"1"}, "name": {"兵庫県警察"}, "unit": {"兵庫県警察"}, "phone": {"078-341-7441"}, "outside": {"1"}}); status != http.StatusSeeOther {
		t.Errorf("add contact: %d", status)
	}
	// 9.4.3: a line is changed at the version read, a stale change is
	// refused with the reason, and a line is removed.
	cs, err := db.Contacts(context.Background())
	if err != nil || len(cs) == 0 {
		t.Fatalf("contacts: %v, %v", cs, err)
	}
	c := cs[len(cs)-1]
	if status, body := csirt.get("/incidents/contacts?edit=" + strconv.FormatInt(c.ID, 10)); status != 200 || !strings.Contains(body, "連絡先を変更する") || !strings.Contains(body, "078-341-7441") {
		t.Errorf("edit form: %d", status)
	}
	change := url.Values{"id": {strconv.FormatInt(c.ID, 10)}, "version": {strconv.FormatInt(c.Version, 10)}, "order": {"1"}, "name": {"兵庫県警察本部"}, "unit": {"兵庫県警察"}, "phone": {"078-341-7441"}, "outside": {"1"}}
	if status, _, _ := csirt.post("/incidents/contacts", change); status != http.StatusSeeOther {
		t.Errorf("change contact: %d", status)
	}
	if status, _, body := csirt.post("/incidents/contacts", change); status != http.StatusConflict || !strings.Contains(body, "他の人が更新しました") {
		t.Errorf("stale change: %d", status)
	}
	remove := url.Values{"id": {strconv.FormatInt(c.ID, 10)}, "version": {strconv.FormatInt(c.Version+1, 10)}, "remove": {"1"}}
	if status, _, _ := csirt.post("/incidents/contacts", remove); status != http.StatusSeeOther {
		t.Errorf("remove contact: %d", status)
	}
	if after, _ := db.Contacts(context.Background()); len(after) != len(cs)-1 {
		t.Errorf("contacts after removal: %d, want %d", len(after), len(cs)-1)
	}
}

func postFile(t *testing.T, c *incidentClient, path, name string, data []byte) (int, string, string) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	mw.WriteField("csrf", c.csrf)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", c.base+path, &b)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

// 9.4.5: a procedure's review is recorded with its new dates; a next
// review not after the review is refused.
func TestProcedureReview(t *testing.T) {
	db := storetest.Open(t, filepath.Join(t.TempDir(), "kijun.db"), store.Options{})
	accessOrg(t, db)
	ts, _ := startServer(t, db)
	csirt := newIncidentClient(t, db, ts.URL, auth.Account{ID: "1003", StaffNo: "1003", DisplayName: "鈴木 一郎"})
	staff := newIncidentClient(t, db, ts.URL, auth.Account{ID: "1002", StaffNo: "1002", DisplayName: "佐藤 花子"})
	if status, _, body := csirt.post("/incidents/procedures", url.Values{"title": {"対応手順書"}, "owner": {"1003"}, "covers": {"ア", "イ"},
		"reviewed_on": {"2025-04-01"}, "next_review": {"2026-04-01"}}); status != http.StatusSeeOther {
		t.Fatalf("add: %d %s", status, body)
	}
	if status, body := csirt.get("/incidents/contacts"); status != 200 || !strings.Contains(body, "見直し期限切れ") || !strings.Contains(body, "9.4.2ウ") {
		t.Errorf("an overdue review and the contents missing are not shown: %d", status)
	}
	if status, _, body := csirt.post("/incidents/procedures", url.Values{"id": {"1"}, "version": {"1"}, "reviewed_on": {"2026-11-01"}, "next_review": {"2026-10-01"}}); status != http.StatusBadRequest || !strings.Contains(body, `id="review-errors"`) {
		t.Errorf("a next review before the review: %d", status)
	}
	if status, _, _ := csirt.post("/incidents/procedures", url.Values{"id": {"1"}, "version": {"1"}, "reviewed_on": {"2026-11-01"}, "next_review": {"2027-11-01"}}); status != http.StatusSeeOther {
		t.Errorf("review: %d", status)
	}
	if status, body := staff.get("/incidents/contacts"); status != 200 || strings.Contains(body, "見直し期限切れ") || strings.Contains(body, `id="review-1"`) {
		t.Errorf("after the review, as staff: %d", status)
	}
	// A report for a 課 the reporter is not in is refused beside the field.
	form := url.Values{"title": {"x"}, "kind": {"loss"}, "unit": {"112"}, "description": {"x"}, "discovered_at": {datetimeLocal(db.Now())}}
	if status, _, body := staff.post("/incidents", form); status != http.StatusBadRequest || !strings.Contains(body, `unit-error`) {
		t.Errorf("a report for another 課: %d", status)
	}
}
