package web

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"kijun/internal/access"
	"kijun/internal/kijun"
	"kijun/internal/store"
)

// Evidence of the work on a finding is attached over the API, on both
// engines, by its owner alone of the 課 (9.2.1ア, イ): the 情報管理者 who
// named another owner, a member of another 課 and a file that is not
// base64 are refused; the finding then lists the file with the SHA-256
// of the bytes sent, and its ledger record.
func TestFindingEvidenceOverAPI(t *testing.T) {
	eachEngine(t, func(t *testing.T, ts *httptest.Server, db *store.DB) {
		c := carryCaseOn(t, ts.URL, db)
		admin := adminClient(t, c.base)
		manager := tokenFor(t, db, c.base, c.manager, access.ScopeWrite)
		owner := tokenFor(t, db, c.base, c.requester, access.ScopeWrite)
		outside := tokenFor(t, db, c.base, c.outside, access.ScopeWrite)
		if status, out, _ := admin.do("POST", "/api/v1/compliance/run", ""); status != 200 {
			t.Fatalf("run: %d %v", status, out)
		}
		fs, _, err := db.ListFindings(context.Background(), store.FindingFilter{Units: []string{c.unit}, Limit: 1})
		if err != nil || len(fs) == 0 {
			t.Fatalf("no finding of %s: %v", c.unit, err)
		}
		path := "/api/v1/findings/" + url.PathEscape(fs[0].Rule) + "/" + url.PathEscape(fs[0].Subject)
		_, _, h := manager.do("GET", path, "")
		if status, out, _ := manager.do("POST", path, fmt.Sprintf(`{"owner":%q}`, c.requester), "If-Match", version(h)); status != 200 {
			t.Fatalf("assign: %d %v", status, out)
		}

		data := []byte("設定変更の記録 — 2026-12-01")
		body := fmt.Sprintf(`{"name":"変更記録.txt","content_type":"text/plain","note":"設定を直した記録","content":%q}`, base64.StdEncoding.EncodeToString(data))
		if status, out, _ := manager.do("POST", path+"/evidence", body); status != http.StatusForbidden {
			t.Errorf("the 情報管理者, not the owner, attached: %d %v", status, out)
		}
		if status, out, _ := outside.do("POST", path+"/evidence", body); status != http.StatusForbidden {
			t.Errorf("another 課 attached: %d %v", status, out)
		}
		if status, out, _ := owner.do("POST", path+"/evidence", `{"name":"x.txt","content":"not base64!"}`); status != 400 || !strings.Contains(fmt.Sprint(out["errors"]), "field:content") {
			t.Errorf("content not in base64: %d %v", status, out)
		}
		if status, out, _ := owner.do("POST", path+"/evidence", `{"name":"x.txt","content":""}`); status != 400 || !strings.Contains(fmt.Sprint(out["errors"]), "field:file") {
			t.Errorf("an empty file: %d %v", status, out)
		}
		sum := sha256.Sum256(data)
		status, out, _ := owner.do("POST", path+"/evidence", body)
		if status != http.StatusCreated || out["sha256"] != hex.EncodeToString(sum[:]) || out["name"] != "変更記録.txt" || out["uploaded_by"] != "person:"+c.requester {
			t.Fatalf("the owner attaches: %d %v", status, out)
		}
		status, out, _ = manager.do("GET", path, "")
		ev, _ := out["evidence"].([]any)
		if status != 200 || len(ev) != 1 || ev[0].(map[string]any)["sha256"] != hex.EncodeToString(sum[:]) {
			t.Errorf("the finding's evidence: %d %v", status, out["evidence"])
		}
		if out["may_attach"] != false {
			t.Errorf("the 情報管理者 who is not the owner may attach: %v", out["may_attach"])
		}
		if status, out, _ := outside.do("GET", path, ""); status != http.StatusForbidden {
			t.Errorf("another 課 read the finding and its evidence: %d %v", status, out)
		}
		_, got, err := db.FindingEvidenceFile(context.Background(), fs[0].Rule, fs[0].Subject, int64(ev[0].(map[string]any)["id"].(float64)))
		if err != nil || string(got) != string(data) {
			t.Errorf("the bytes kept: %q, %v", got, err)
		}
		recs, err := db.Records(context.Background(), store.RecordFilter{Entity: "compliance_finding_evidence"})
		if err != nil || len(recs) != 1 || recs[0].Action != "compliance.finding.evidence" {
			t.Errorf("ledger records of the evidence: %v, %v", recs, err)
		}
	})
}

// Any body the attachment's decoder is given ends in a file to keep or a
// refusal naming what is wrong, never a panic or another kind of error.
func FuzzFindingEvidenceBody(f *testing.F) {
	f.Add(`{"name":"a.txt","content":"aGVsbG8="}`)
	f.Add(`{"name":"a.txt","content_type":"text/plain","note":"n","content":"!!"}`)
	f.Add(`{"name":"","content":"","colour":"red"}`)
	f.Add(`{"name":"../../etc/passwd","content":"AA=="}`)
	f.Fuzz(func(t *testing.T, body string) {
		r, _ := http.NewRequest("POST", "/", strings.NewReader(body))
		e, data, err := decodeFindingEvidence(r, "role.ciso", "system:juki")
		if err != nil {
			if kijun.ErrorCode(err) != kijun.EINVALID {
				t.Fatalf("decode: %v, want EINVALID", err)
			}
			return
		}
		if e.Rule != "role.ciso" || e.Subject != "system:juki" || strings.ContainsAny(e.Name, "/\\") {
			t.Fatalf("decoded %+v", e)
		}
		_ = data
	})
}
