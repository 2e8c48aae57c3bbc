package web

import (
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
	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// An administrator appoints from the roles page; an appointment that
// breaks 3.2.10 or names no one is refused beside the form with the
// reason, and changes nothing; a member of staff sees no form and cannot
// post one.
func TestAppointFromRolesPage(t *testing.T) {
	db := storetest.Open(t, filepath.Join(t.TempDir(), "kijun.db"), store.Options{})
	ctx := context.Background()
	db.EnsureDefaultCatalog(ctx)
	accessOrg(t, db)
	ts, _ := startServer(t, db)
	admin := signedIn(t, db, ts.URL, auth.Account{ID: "admin-appoint", DisplayName: "管理者", Admin: true})
	staff := signedIn(t, db, ts.URL, auth.Account{ID: "1002", StaffNo: "1002", DisplayName: "佐藤 花子"})
	today := organisation.FormatDate(organisation.Day(db.Now()))

	if status, body := staff.get("/org/roles"); status != 200 || strings.Contains(body, `id="appoint"`) {
		t.Errorf("a member of staff's roles page: %d, form shown %v; want 200 and no form", status, strings.Contains(body, `id="appoint"`))
	}
	if status, _ := staff.post("/org/roles", url.Values{"role": {"ciso"}, "staff_no": {"1002"}, "from": {today}}); status != http.StatusForbidden {
		t.Errorf("a member of staff appointing: %d, want 403", status)
	}
	status, _ := admin.post("/org/roles", url.Values{"role": {"audit_director"}, "staff_no": {"1002"}, "from": {today}})
	if status != http.StatusSeeOther {
		t.Fatalf("appoint the audit director: %d, want 303", status)
	}
	for _, tt := range []struct {
		form   url.Values
		status int
		want   string
	}{
		{url.Values{"role": {"csirt_member"}, "staff_no": {"1002"}, "from": {today}}, http.StatusForbidden, "3.2.10イ"},
		{url.Values{"role": {"ciso"}, "staff_no": {"9999"}, "from": {today}}, http.StatusBadRequest, "9999"},
		{url.Values{"role": {"ciso"}, "staff_no": {"1003"}, "from": {"2026/13/45"}}, http.StatusBadRequest, "開始日"},
		{url.Values{"role": {"system_owner"}, "staff_no": {"1003"}, "from": {today}}, http.StatusBadRequest, "対象"},
		{url.Values{"role": {"boss"}, "staff_no": {"1003"}, "from": {today}}, http.StatusBadRequest, "役割を選んでください"},
	} {
		status, body := admin.post("/org/roles", tt.form)
		if status != tt.status || !strings.Contains(body, tt.want) || !strings.Contains(body, `id="appoint-error"`) {
			t.Errorf("appoint %v: %d, want %d saying %q beside the form", tt.form, status, tt.status, tt.want)
		}
	}
	as, err := db.RoleAssignments(ctx, store.RoleFilter{StaffNo: "1002"})
	if err != nil || len(as) != 1 || as[0].Role != organisation.RoleAuditDirector {
		t.Fatalf("1002's appointments after the refusals: %+v, %v; want the audit director alone", as, err)
	}
	if status, body := admin.get("/org/roles"); status != 200 || !strings.Contains(body, `id="appointments"`) || !strings.Contains(body, "佐藤 花子") {
		t.Errorf("the roles page does not list the appointment in force")
	}
	// An end before the start is refused; ended today, the role is not
	// held tomorrow.
	yesterday := organisation.FormatDate(organisation.Day(db.Now()).Add(-24 * time.Hour))
	if status, _ := admin.post("/org/roles/"+itoa(as[0].ID)+"/end", url.Values{"last_day": {yesterday}}); status != http.StatusBadRequest {
		t.Errorf("end an appointment before its start: %d, want 400", status)
	}
	if status, _ := admin.post("/org/roles/"+itoa(as[0].ID)+"/end", url.Values{"last_day": {today}}); status != http.StatusSeeOther {
		t.Fatalf("end the appointment: %d", status)
	}
	tomorrow := organisation.Day(db.Now()).Add(24 * time.Hour)
	if _, err := db.HolderOf(ctx, organisation.RoleAuditDirector, organisation.City(), tomorrow); err == nil {
		t.Errorf("the ended appointment still holds the role tomorrow")
	}
}

// The setup page lists each step in order with its state; a step not done
// links to where it is done.
func TestSetupPage(t *testing.T) {
	db := storetest.Open(t, filepath.Join(t.TempDir(), "kijun.db"), store.Options{})
	db.EnsureDefaultCatalog(context.Background())
	accessOrg(t, db)
	ts, _ := startServer(t, db)
	admin := signedIn(t, db, ts.URL, auth.Account{ID: "admin-setup", DisplayName: "管理者", Admin: true})
	status, body := admin.get("/admin/setup")
	if status != 200 {
		t.Fatalf("GET /admin/setup: %d", status)
	}
	for _, want := range []string{`id="step-city" class="todo"`, `id="step-standard" class="done"`, `id="step-organisation" class="done"`, `href="/org/roles#appoint"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the setup page lacks %s", want)
		}
	}
	if i, j := strings.Index(body, `id="step-city"`), strings.Index(body, `id="step-registers"`); i < 0 || j < i {
		t.Errorf("the steps are not in order")
	}
}

// 5.2イ: a connection is one way only when the form says so, and the
// network import and export carry it.
func TestConnectionOneWay(t *testing.T) {
	db := storetest.Open(t, filepath.Join(t.TempDir(), "kijun.db"), store.Options{})
	ctx := context.Background()
	db.EnsureDefaultCatalog(ctx)
	accessOrg(t, db)
	ts, _ := startServer(t, db)
	admin := signedIn(t, db, ts.URL, auth.Account{ID: "admin-net", DisplayName: "管理者", Admin: true})
	for _, id := range []string{"both", "diode"} {
		form := url.Values{"id": {id}, "from": {"external:internet"}, "to": {"external:lgwan"}, "channel": {"file"}, "sanitisation": {"none"}}
		if id == "diode" {
			form.Set("one_way", "1")
		}
		if status, body := admin.post("/networks/connections", form); status != http.StatusSeeOther {
			t.Fatalf("save connection %s: %d %s", id, status, body)
		}
	}
	n, err := db.NetworkRegister(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, c := range n.Connections {
		got[c.ID] = c.OneWay
	}
	if got["both"] || !got["diode"] {
		t.Errorf("one way as saved: %v; want only diode", got)
	}
	status, body := admin.get("/networks/connections/export?format=csv")
	if status != 200 || !strings.Contains(body, "一方向") {
		t.Errorf("the connections export lacks the 一方向 column: %d", status)
	}
}

// The API appoints through the same service: a write token of an
// administrator appoints; a 3.2.10 refusal and a read token are refused as
// the page refuses them.
func TestAppointOverAPI(t *testing.T) {
	db := storetest.Open(t, filepath.Join(t.TempDir(), "kijun.db"), store.Options{})
	db.EnsureDefaultCatalog(context.Background())
	accessOrg(t, db)
	ts, _ := startServer(t, db)
	admin := auth.Account{ID: "admin-api", DisplayName: "管理者", Admin: true}
	write, read := seedToken(t, db, admin, "write"), seedToken(t, db, admin, "read")
	today := organisation.FormatDate(organisation.Day(db.Now()))
	post := func(token, body string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest("POST", ts.URL+"/api/v1/org/roles", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		checkAgainstOpenAPI(t, ts.URL, exchange{req: req, body: []byte(body), status: resp.StatusCode, header: resp.Header, answer: b})
		return resp.StatusCode, string(b)
	}
	if status, body := post(write, `{"role":"audit_director","staff_no":"1002","from":"`+today+`"}`); status != 200 || !strings.Contains(body, `"staff_no": "1002"`) {
		t.Fatalf("appoint over the API: %d %s", status, body)
	}
	if status, body := post(write, `{"role":"csirt_member","staff_no":"1002","from":"`+today+`"}`); status != http.StatusForbidden || !strings.Contains(body, "3.2.10イ") {
		t.Errorf("a 3.2.10イ appointment over the API: %d %s, want 403 citing 3.2.10イ", status, body)
	}
	if status, _ := post(read, `{"role":"ciso","staff_no":"1003","from":"`+today+`"}`); status != http.StatusForbidden {
		t.Errorf("a read token appointing: %d, want 403", status)
	}
	if status, _ := post(write, `{"role":"ciso","staff_no":"1003","from":"`+today+`","extra":1}`); status != http.StatusBadRequest {
		t.Errorf("an unknown field: %d, want 400", status)
	}
}

// A workbook of appointments uploaded on the roles page is made whole or
// refused whole, its rows in error shown beside the file field.
func TestAppointFromWorkbookPage(t *testing.T) {
	db := storetest.Open(t, filepath.Join(t.TempDir(), "kijun.db"), store.Options{})
	db.EnsureDefaultCatalog(context.Background())
	accessOrg(t, db)
	ts, _ := startServer(t, db)
	admin := signedIn(t, db, ts.URL, auth.Account{ID: "admin-roles-file", DisplayName: "管理者", Admin: true})
	today := organisation.FormatDate(organisation.Day(db.Now()))
	upload := func(body string) (int, string) {
		t.Helper()
		var b strings.Builder
		mw := multipart.NewWriter(&b)
		mw.WriteField("csrf", admin.csrf)
		fw, _ := mw.CreateFormFile("file", "roles.csv")
		fw.Write([]byte(body))
		mw.Close()
		req, _ := http.NewRequest("POST", ts.URL+"/org/roles/import", strings.NewReader(b.String()))
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.AddCookie(&http.Cookie{Name: "kijun_session", Value: admin.token})
		resp, err := admin.client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		out, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(out)
	}
	head := "役割コード,対象,職員番号,開始日,終了日,兼務の理由,備考\n"
	status, body := upload(head + "audit_director,,1002," + today + ",,,\ncsirt_member,,1002," + today + ",,,\n")
	if status != http.StatusBadRequest || !strings.Contains(body, `id="row-errors"`) || !strings.Contains(body, "3.2.10イ") {
		t.Errorf("a workbook breaking 3.2.10イ in row 3: %d, want 400 with its row beside the field", status)
	}
	if as, _ := db.RoleAssignments(context.Background(), store.RoleFilter{StaffNo: "1002"}); len(as) != 0 {
		t.Fatalf("a refused workbook made %d appointments", len(as))
	}
	if status, _ := upload(head + "audit_director,,1002," + today + ",,,\n"); status != http.StatusSeeOther {
		t.Errorf("a good workbook: %d, want 303", status)
	}
	if as, _ := db.RoleAssignments(context.Background(), store.RoleFilter{StaffNo: "1002"}); len(as) != 1 {
		t.Errorf("after a good workbook: %d appointments of 1002, want 1", len(as))
	}
}
