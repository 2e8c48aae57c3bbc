package web

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"kijun/internal/auth"
	"kijun/internal/compliance/monitor"
	"kijun/internal/demo"
	"kijun/internal/organisation"
	"kijun/internal/selfcheck"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// The self-check through its pages: only the 統括責任者's office launches,
// once a 年度; a question citing no provision of the standard is refused
// beside its field; the 情報管理者 of the 課 with an unencrypted medium
// answers, an answer not offered is refused beside its question, and the
// report cannot be submitted while the medium contradicts it; someone
// else may not read it; the progress and the report to the CISO show.
func TestSelfcheckPages(t *testing.T) {
	db := storetest.Open(t, filepath.Join(t.TempDir(), "kijun.db"), store.Options{})
	ctx := context.Background()
	if _, err := demo.Generate(ctx, db, demo.Options{Scale: demo.Small, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := monitor.New(db).Run(ctx, db.Now()); err != nil {
		t.Fatal(err)
	}
	ts, _ := startServer(t, db)
	director, err := db.HolderOf(ctx, organisation.RoleSecurityDirector, organisation.City(), db.Now())
	if err != nil {
		t.Fatal(err)
	}
	admin := signedIn(t, db, ts.URL, auth.Account{ID: "admin-sc", DisplayName: "管理者", Admin: true})
	dir := signedIn(t, db, ts.URL, auth.Account{ID: "dir-sc", DisplayName: "統括責任者", StaffNo: director.Person.StaffNo})

	if status, _ := admin.post("/selfcheck/launch", url.Values{"year": {"2026"}}); status != 403 {
		t.Errorf("launch by an account of no member of staff: %d, want 403", status)
	}
	if status, body := dir.post("/selfcheck/launch", url.Values{"year": {"令和8"}}); status != 400 || !strings.Contains(body, "年度を 2026 のように") {
		t.Errorf("launch with a bad year: %d", status)
	}
	if status, _ := dir.post("/selfcheck/launch", url.Values{"year": {"2026"}, "due": {"2027-01-31"}}); status != 303 {
		t.Fatalf("launch: %d, want 303", status)
	}
	if status, body := dir.post("/selfcheck/launch", url.Values{"year": {"2026"}}); status != 409 || !strings.Contains(body, "実施済み") {
		t.Errorf("second launch: %d, want 409 saying it was launched", status)
	}
	if status, body := dir.get("/selfcheck/years/2026"); status != 200 || !strings.Contains(body, `id="progress"`) {
		t.Errorf("progress: %d", status)
	}

	if status, body := dir.post("/selfcheck/questions", url.Values{"key": {"city-1"}, "provision": {"99.9"}, "audience": {"staff"}, "text": {"守っていますか"}}); status != 400 || !strings.Contains(body, "99.9") {
		t.Errorf("a question citing 99.9: %d, want 400 naming the provision", status)
	}
	if status, _ := dir.post("/selfcheck/questions", url.Values{"key": {"city-1"}, "provision": {"7.1.1"}, "audience": {"staff"}, "text": {"離席時に画面をロックしていますか"}}); status != 303 {
		t.Errorf("the city's own question: %d, want 303", status)
	}
	if _, body := dir.get("/selfcheck/questions"); !strings.Contains(body, "離席時に画面をロックしていますか") {
		t.Error("the city's own question is not listed")
	}

	found, _, err := db.ListFindings(ctx, store.FindingFilter{Rule: "medium.encryption", Limit: 1})
	if err != nil || len(found) == 0 {
		t.Fatal("no medium.encryption finding")
	}
	c, err := db.SelfcheckCampaign(ctx, 2026)
	if err != nil {
		t.Fatal(err)
	}
	units, err := db.SelfcheckReports(ctx, c.ID, selfcheck.Unit, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var rep selfcheck.Report
	for _, r := range units {
		if r.Subject == found[0].Unit {
			rep = r
		}
	}
	manager := signedIn(t, db, ts.URL, auth.Account{ID: "im-sc", DisplayName: "情報管理者", StaffNo: rep.Respondent})
	path := fmt.Sprintf("/selfcheck/reports/%d", rep.ID)
	other := units[0]
	if other.ID == rep.ID {
		other = units[1]
	}
	if status, _ := manager.get(fmt.Sprintf("/selfcheck/reports/%d", other.ID)); status != 403 && other.Respondent != rep.Respondent {
		t.Errorf("another 課's report: %d, want 403", status)
	}
	form := url.Values{}
	for _, q := range c.For(selfcheck.Unit) {
		form.Set("v:"+q.Key, "yes")
	}
	form.Set("v:6.4.3.devices", "maybe")
	if status, body := manager.post(path, form); status != 400 || !strings.Contains(body, "回答は「はい」") {
		t.Errorf("an answer not offered: %d, want 400 beside the question", status)
	}
	form.Set("v:6.4.3.devices", "yes")
	if status, _ := manager.post(path, form); status != 303 {
		t.Errorf("answers: %d, want 303", status)
	}
	status, body := manager.get(path)
	if status != 200 || !strings.Contains(body, "台帳と矛盾しています") || !strings.Contains(body, found[0].Subject) {
		t.Errorf("the report does not flag the contradiction naming %s", found[0].Subject)
	}
	// Evidence: a file kept with its SHA-256, one past the limit refused.
	upload := func(question string, data []byte) (int, string) {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		mw.WriteField("csrf", manager.csrf)
		mw.WriteField("question", question)
		fw, _ := mw.CreateFormFile("file", "暗号化設定.pdf")
		fw.Write(data)
		mw.Close()
		req, _ := http.NewRequest("POST", ts.URL+path+"/evidence", &b)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.AddCookie(&http.Cookie{Name: "kijun_session", Value: manager.token})
		resp, err := manager.client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	if status, _ := upload("6.4.3.devices", []byte("%PDF-1.4 設定の写し")); status != 303 {
		t.Errorf("evidence upload: %d, want 303", status)
	}
	if status, body := upload("6.4.3.devices", bytes.Repeat([]byte("x"), selfcheck.MaxEvidenceBytes+1)); status != 400 || !strings.Contains(body, "大きすぎます") {
		t.Errorf("evidence over the limit: %d, want 400 saying so", status)
	}
	files, err := db.SelfcheckEvidence(ctx, rep.ID)
	if err != nil || len(files) != 1 {
		t.Fatalf("evidence kept: %+v, %v", files, err)
	}
	if status, got := manager.get(fmt.Sprintf("%s/evidence/%d", path, files[0].ID)); status != 200 || got != "%PDF-1.4 設定の写し" {
		t.Errorf("evidence download: %d %q", status, got)
	}
	if status, body := manager.post(path+"/submit", url.Values{}); status != 409 || !strings.Contains(body, "6.4.3.media") {
		t.Errorf("submit with the contradiction unexplained: %d, want 409 naming 6.4.3.media", status)
	}
	if status, body := dir.get("/selfcheck/years/2026/report"); status != 200 || !strings.Contains(body, `id="by-provision"`) {
		t.Errorf("results: %d", status)
	}
	if status, x := dir.get("/selfcheck/years/2026/report.xlsx"); status != 200 || !strings.HasPrefix(x, "PK") {
		t.Errorf("results.xlsx: %d", status)
	}
}
