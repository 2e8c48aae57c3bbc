package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"kijun/internal/access"
	"kijun/internal/audits"
	"kijun/internal/auth"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/wareki"
)

// An audit of 課 112 read and worked on over the API: the director sees
// the year's plan, the auditor (of 課 111) the audit they are named on
// with its checklist, and records a finding through the service the page
// uses. Once the auditor is also assigned to 112 they are no longer
// independent (11.1.2): the page's form and the API refuse their finding
// alike, naming the conflict, and write nothing.
func TestAuditOverAPI(t *testing.T) {
	eachEngine(t, func(t *testing.T, ts *httptest.Server, db *store.DB) {
		ctx := context.Background()
		accessOrg(t, db)
		year := wareki.FiscalYear(db.Now())
		start, end := wareki.FiscalYearRange(year)
		director := audits.Actor{StaffNo: "1005", Director: true}
		byDirector := kijun.WithActor(ctx, kijun.Actor{ID: organisation.ActorID("1005")})
		p, err := db.CreatePlan(byDirector, director, year, "")
		if err != nil {
			t.Fatal(err)
		}
		a, err := db.AddAudit(byDirector, director, p.ID, audits.Audit{Title: "情報システム課の媒体管理", Units: []string{"112"}, Provisions: []string{"6.4"},
			Auditors:   []audits.Auditor{{StaffNo: "1002"}},
			PeriodFrom: organisation.Day(start).AddDate(-1, 0, 0), PeriodTo: organisation.Day(start).AddDate(0, 0, -1),
			Starts: organisation.Day(start), Ends: organisation.Day(end).AddDate(0, 0, -1)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.ApprovePlan(kijun.WithActor(ctx, kijun.Actor{ID: organisation.ActorID("1003")}), audits.Actor{StaffNo: "1003", CISO: true}, p.ID, p.Version); err != nil {
			t.Fatal(err)
		}
		page := signedIn(t, db, ts.URL, auth.Account{ID: "1002", StaffNo: "1002", DisplayName: "佐藤 花子"})
		auditor := tokenFor(t, db, ts.URL, "1002", access.ScopeWrite)
		reader := tokenFor(t, db, ts.URL, "1002", access.ScopeRead)
		head := tokenFor(t, db, ts.URL, "1005", access.ScopeRead)
		outsider := tokenFor(t, db, ts.URL, "1004", access.ScopeWrite)
		path := fmt.Sprintf("/api/v1/audits/%d", a.ID)

		// The plan of the 年度 for the director; only their audit for the auditor.
		if status, out, _ := head.do("GET", fmt.Sprintf("/api/v1/audits?year=%d", year), ""); status != 200 || out["plan"] == nil || len(out["audits"].([]any)) != 1 {
			t.Errorf("the director's list: %d %v", status, out)
		}
		if status, out, _ := auditor.do("GET", "/api/v1/audits", ""); status != 200 || out["plan"] != nil || len(out["audits"].([]any)) != 1 {
			t.Errorf("the auditor's list: %d %v", status, out)
		}
		if status, out, _ := auditor.do("GET", "/api/v1/audits?year=x", ""); status != 400 || !problemNames(out, "year") {
			t.Errorf("a list for year x: %d %v", status, out)
		}
		status, out, h := auditor.do("GET", path, "")
		if status != 200 || len(out["checklist"].([]any)) == 0 || out["may_work"] != true || version(h) == "" {
			t.Fatalf("the audit: %d %v (ETag %q)", status, out, version(h))
		}
		if status, _, _ := outsider.do("GET", path, ""); status != http.StatusNotFound {
			t.Errorf("a member of staff not on the audit read it: %d", status)
		}

		due := organisation.Day(db.Now()).AddDate(0, 2, 0).Format("2006-01-02")
		finding := fmt.Sprintf(`{"provisions":["6.4.3"],"severity":"high","unit":"112","text":"暗号化されていない USB メモリ","due":%q}`, due)
		if status, out, _ := auditor.do("POST", path+"/findings", strings.Replace(finding, `"unit":"112"`, `"unit":"111"`, 1)); status != 400 || !problemNames(out, "unit") {
			t.Errorf("a finding for a 課 outside the audit: %d %v", status, out)
		}
		if status, _, _ := reader.do("POST", path+"/findings", finding); status != http.StatusForbidden {
			t.Errorf("a finding with a read token: %d", status)
		}
		if status, _, _ := outsider.do("POST", path+"/findings", finding); status != http.StatusForbidden {
			t.Errorf("a finding by a member of staff not on the audit: %d", status)
		}
		status, out, h = auditor.do("POST", path+"/findings", finding)
		if status != http.StatusCreated || out["action_id"] == float64(0) || h.Get("Location") != path {
			t.Fatalf("a finding: %d %v", status, out)
		}

		// 11.1.2: the auditor joins 112; the page and the API refuse alike.
		if _, err := db.Assign(ctx, organisation.Assignment{StaffNo: "1002", Unit: "112", Post: organisation.PostStaff,
			Period: organisation.Period{From: organisation.Day(db.Now())}}); err != nil {
			t.Fatal(err)
		}
		seq0, _, _ := db.Head(ctx)
		pageStatus, body := page.post(fmt.Sprintf("/audits/%d/findings", a.ID), url.Values{"finding_provisions": {"6.4.3"}, "severity": {"high"},
			"finding_unit": {"112"}, "finding_text": {"暗号化されていない USB メモリ"}, "finding_due": {due}})
		apiStatus, prob, _ := auditor.do("POST", path+"/findings", finding)
		detail, _ := prob["detail"].(string)
		if pageStatus != http.StatusForbidden || apiStatus != pageStatus {
			t.Errorf("a finding by a conflicted auditor: page %d, API %d %v", pageStatus, apiStatus, prob)
		}
		if !strings.Contains(detail, "11.1.2") || !strings.Contains(detail, "課 112 に所属") || !strings.Contains(body, detail) {
			t.Errorf("the refusals differ or do not name the conflict: API %q, page has it: %v", detail, strings.Contains(body, detail))
		}
		if seq, _, _ := db.Head(ctx); seq != seq0 {
			t.Errorf("the refused findings wrote %d ledger records", seq-seq0)
		}
		if _, out, _ := head.do("GET", path, ""); len(out["findings"].([]any)) != 1 || len(out["conflicts"].([]any)) != 1 {
			t.Errorf("after the refusals: %v findings, %v conflicts", out["findings"], out["conflicts"])
		}
	})
}

// A finding's body is outside input: whatever it holds, decoding it and
// reading the finding gives a finding, or an EINVALID error, never a
// panic; a due date given is read or refused, never dropped.
func FuzzAuditFindingBody(f *testing.F) {
	f.Add(`{"provisions":["6.4.3"],"severity":"high","unit":"112","text":"暗号化なし","due":"2026-09-30"}`)
	f.Add(`{"provisions":["6.4.3"],"severity":"low","unit":"112","text":"x","owner_role":"system_owner","owner_scope":"juki","due":"2026/13/01"}`)
	f.Add(`{"provisions":"6.4.3","colour":"red"}`)
	f.Fuzz(func(t *testing.T, body string) {
		r, _ := http.NewRequest("POST", "/", strings.NewReader(body))
		var j auditFindingJSON
		if err := decodeBody(r, &j); err != nil {
			if kijun.ErrorCode(err) != kijun.EINVALID {
				t.Fatalf("decode: %v, want EINVALID", err)
			}
			return
		}
		_, fa, err := auditFindingInput(j.Provisions, j.Severity, j.Unit, j.Text, j.OwnerRole, j.OwnerScope, j.Due)
		switch {
		case err != nil && kijun.ErrorCode(err) != kijun.EINVALID:
			t.Fatalf("finding: %v, want EINVALID", err)
		case err == nil && strings.TrimSpace(j.Due) != "" && fa.Due.IsZero():
			t.Fatalf("due %q dropped", j.Due)
		}
	})
}
