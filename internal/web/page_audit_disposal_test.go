package web

import (
	"context"
	"fmt"
	"kijun/internal/kijun"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"kijun/internal/audits"
	"kijun/internal/auth"
	"kijun/internal/organisation"
	"kijun/internal/permits"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
	"kijun/internal/wareki"
)

// On the plan page the audit director sees evidence past its retention
// (11.1.6) and disposes of it under the request the CISO approved: a
// refusal is shown beside the form, a disposal leaves the file's record
// in the table of disposed evidence and the file cannot be read again.
func TestEvidenceDisposalPage(t *testing.T) {
	for engine, u := range storetest.URLs(t) {
		t.Run(engine, func(t *testing.T) { testEvidenceDisposalPage(t, u) })
	}
}

func testEvidenceDisposalPage(t *testing.T, u string) {
	clock := time.Date(2026, 6, 1, 3, 0, 0, 0, time.UTC)
	db := storetest.Open(t, u, store.Options{Now: func() time.Time { return clock }})
	ctx := context.Background()
	if _, err := db.EnsureDefaultCatalog(ctx); err != nil {
		t.Fatal(err)
	}
	accessOrg(t, db)
	if _, err := db.AppointRole(ctx, organisation.RoleAssignment{Role: organisation.RoleCISO, Scope: organisation.City(), StaffNo: "1003",
		Period: organisation.Period{From: organisation.Day(clock)}}); err != nil {
		t.Fatal(err)
	}
	ts, _ := startServer(t, db)
	console := audits.Actor{Console: true}
	year := wareki.FiscalYear(clock)
	start, end := wareki.FiscalYearRange(year)
	p, err := db.CreatePlan(ctx, console, year, "")
	if err != nil {
		t.Fatal(err)
	}
	a, err := db.AddAudit(ctx, console, p.ID, audits.Audit{Title: "情報政策課の監査", Units: []string{"111"}, Provisions: []string{"6.4"},
		Auditors: []audits.Auditor{{StaffNo: "1004"}}, PeriodFrom: organisation.Day(start).AddDate(-1, 0, 0), PeriodTo: organisation.Day(start).AddDate(0, 0, -1),
		Starts: organisation.Day(start), Ends: organisation.Day(end).AddDate(0, 0, -1)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ApprovePlan(ctx, audits.Actor{StaffNo: "1003", CISO: true}, p.ID, 0); err != nil {
		t.Fatal(err)
	}
	e, err := db.AddAuditEvidence(ctx, console, audits.Evidence{AuditID: a.ID, File: kijun.File{Name: "照合表.xlsx"}}, []byte("working paper"))
	if err != nil {
		t.Fatal(err)
	}
	reg, err := permits.Default()
	if err != nil {
		t.Fatal(err)
	}
	pm := db.Permits(reg)
	r, err := pm.File(ctx, store.Filing{Type: audits.DisposalPermitType, Requester: "1005", Submit: true,
		Fields: map[string]string{audits.DisposalField: fmt.Sprint(e.ID), "reason": "保存期限の経過"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pm.Decide(ctx, r.ID, store.Decision{Approve: true, Decider: "1003"}); err != nil {
		t.Fatal(err)
	}
	clock = e.KeepUntil.AddDate(0, 0, 1).Add(3 * time.Hour)

	director := signedIn(t, db, ts.URL, auth.Account{ID: "1005", StaffNo: "1005", DisplayName: "監査統括責任者"})
	status, body := director.get("/audits")
	if status != http.StatusOK || !strings.Contains(body, `id="dispose-form"`) || !strings.Contains(body, "照合表.xlsx") {
		t.Fatalf("the plan page lists no evidence to dispose of: %d\n%s", status, body)
	}
	staff := signedIn(t, db, ts.URL, auth.Account{ID: "1002", StaffNo: "1002", DisplayName: "職員"})
	if status, _ := staff.post("/audits/evidence/dispose", url.Values{"permit": {fmt.Sprint(r.ID)}, "evidence": {fmt.Sprint(e.ID)}}); status != http.StatusForbidden {
		t.Errorf("a member of staff disposed of evidence: %d", status)
	}
	for _, c := range []struct {
		name string
		form url.Values
		want string
	}{
		{"no request", url.Values{"evidence": {fmt.Sprint(e.ID)}}, "申請番号を入力してください"},
		{"not a number", url.Values{"permit": {"abc"}, "evidence": {fmt.Sprint(e.ID)}}, "申請番号は数字"},
		{"a file the request does not name", url.Values{"permit": {fmt.Sprint(r.ID)}, "evidence": {fmt.Sprint(e.ID), "999"}}, "挙げられていません"},
	} {
		if status, body := director.post("/audits/evidence/dispose", c.form); status != http.StatusBadRequest || !strings.Contains(body, c.want) {
			t.Errorf("%s: status %d, want 400 saying %q", c.name, status, c.want)
		}
	}
	if status, body := director.post("/audits/evidence/dispose", url.Values{"permit": {fmt.Sprint(r.ID)}, "evidence": {fmt.Sprint(e.ID)}}); status != http.StatusSeeOther {
		t.Fatalf("disposal: status %d\n%s", status, body)
	}
	status, body = director.get("/audits")
	if status != http.StatusOK || !strings.Contains(body, `id="disposed"`) || !strings.Contains(body, e.SHA256) || strings.Contains(body, `id="dispose-form"`) {
		t.Errorf("after the disposal the page keeps no record or still offers the file: %d", status)
	}
	if status, _ := director.get(fmt.Sprintf("/audits/%d/evidence/%d", a.ID, e.ID)); status != http.StatusNotFound {
		t.Errorf("a disposed file was served: %d", status)
	}
}
