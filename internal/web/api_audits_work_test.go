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
	"kijun/internal/devices"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/registers"
	"kijun/internal/store"
	"kijun/internal/wareki"
)

// An auditor of 課 111 works on an audit of 112 over the API: notes work,
// draws a sample of 112's media once, and records a verdict on the
// sampled medium, through the services the page's forms use. A member of
// staff not on the audit is refused; once the auditor joins 112 they are
// no longer independent (11.1.2), and the page and the API refuse their
// verdict alike, writing nothing.
func TestAuditWorkOverAPI(t *testing.T) {
	eachEngine(t, func(t *testing.T, ts *httptest.Server, db *store.DB) {
		ctx := context.Background()
		accessOrg(t, db)
		if _, err := db.CreateMedium(ctx, registers.Console(), devices.Medium{Entry: devices.Entry{ID: "M-2", Name: "USB メモリ", Unit: "112"},
			Kind: devices.MediumUSB, Encrypted: true}); err != nil {
			t.Fatal(err)
		}
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
		outsider := tokenFor(t, db, ts.URL, "1004", access.ScopeWrite)
		path := fmt.Sprintf("/api/v1/audits/%d", a.ID)

		if status, _, _ := outsider.do("POST", path+"/work", `{"note":"面談"}`); status != http.StatusForbidden {
			t.Errorf("work by a member of staff not on the audit: %d", status)
		}
		if status, out, _ := auditor.do("POST", path+"/work", `{"note":" "}`); status != 400 || !problemNames(out, "note") {
			t.Errorf("work without a note: %d %v", status, out)
		}
		if status, out, _ := auditor.do("POST", path+"/work", `{"note":"情報システム課長と面談"}`); status != http.StatusCreated || out["staff_no"] != "1002" {
			t.Errorf("work: %d %v", status, out)
		}
		status, out, _ := auditor.do("POST", path+"/samples", `{"register":"media","size":1}`)
		if drawn, _ := out["drawn"].([]any); status != http.StatusCreated || len(drawn) != 1 || drawn[0] != "M-2" {
			t.Fatalf("a sample: %d %v", status, out)
		}
		if status, _, _ := auditor.do("POST", path+"/samples", `{"register":"media","size":1}`); status != http.StatusConflict {
			t.Errorf("a second sample of the media: %d", status)
		}
		if status, out, _ := auditor.do("POST", path+"/verdicts", `{"register":"media","record_id":"M-2","conforms":false}`); status != 400 || !problemNames(out, "note") {
			t.Errorf("a nonconformity without its reason: %d %v", status, out)
		}
		if status, out, _ := auditor.do("POST", path+"/verdicts", `{"register":"media","record_id":"M-2"}`); status != 400 || !problemNames(out, "conforms") {
			t.Errorf("a verdict without conforms: %d %v", status, out)
		}
		if status, out, _ := auditor.do("POST", path+"/verdicts", `{"register":"media","record_id":"M-9","conforms":true}`); status != 400 {
			t.Errorf("a verdict on a record not sampled: %d %v", status, out)
		}
		if status, out, _ := auditor.do("POST", path+"/verdicts", `{"register":"media","record_id":"M-2","conforms":true}`); status != 200 || out["conforms"] != true {
			t.Errorf("a verdict: %d %v", status, out)
		}

		// 11.1.2: the auditor joins 112; the page and the API refuse alike.
		if _, err := db.Assign(ctx, organisation.Assignment{StaffNo: "1002", Unit: "112", Post: organisation.PostStaff,
			Period: organisation.Period{From: organisation.Day(db.Now())}}); err != nil {
			t.Fatal(err)
		}
		seq0, _, _ := db.Head(ctx)
		pageStatus, _ := page.post(fmt.Sprintf("/audits/%d/verdicts", a.ID), url.Values{"register": {"media"}, "record": {"M-2"}, "conforms": {"0"}, "verdict_note": {"暗号化なし"}})
		apiStatus, prob, _ := auditor.do("POST", path+"/verdicts", `{"register":"media","record_id":"M-2","conforms":false,"note":"暗号化なし"}`)
		if pageStatus != http.StatusForbidden || apiStatus != pageStatus || !strings.Contains(fmt.Sprint(prob["detail"]), "11.1.2") {
			t.Errorf("a verdict by a conflicted auditor: page %d, API %d %v", pageStatus, apiStatus, prob)
		}
		if status, _, _ := auditor.do("POST", path+"/work", `{"note":"追加の面談"}`); status != http.StatusForbidden {
			t.Errorf("work by a conflicted auditor: %d", status)
		}
		if seq, _, _ := db.Head(ctx); seq != seq0 {
			t.Errorf("the refused writes wrote %d ledger records", seq-seq0)
		}
	})
}

// The bodies of the audit work are outside input: decoding them gives a
// body or an EINVALID error, never a panic; a verdict decoded without
// conforms is refused, never read as nonconforming.
func FuzzAuditWorkBodies(f *testing.F) {
	f.Add(`{"note":"面談"}`)
	f.Add(`{"register":"media","size":3}`)
	f.Add(`{"register":"media","record_id":"M-2","conforms":false,"note":"x"}`)
	f.Add(`{"register":"media","record_id":"M-2"}`)
	f.Fuzz(func(t *testing.T, body string) {
		for _, v := range []any{&auditWorkJSON{}, &auditSampleJSON{}, &auditVerdictJSON{}} {
			r, _ := http.NewRequest("POST", "/", strings.NewReader(body))
			if err := decodeBody(r, v); err != nil {
				if kijun.ErrorCode(err) != kijun.EINVALID {
					t.Fatalf("decode: %v, want EINVALID", err)
				}
				continue
			}
			if j, ok := v.(*auditVerdictJSON); ok {
				if _, err := j.verdictOf(); (err == nil) != (j.Conforms != nil) {
					t.Fatalf("conforms %v read with error %v", j.Conforms, err)
				}
			}
		}
	})
}
