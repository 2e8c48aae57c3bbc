package web

import (
	"net/http"
	"strings"
	"testing"

	"kijun/internal/contractors"
	"kijun/internal/kijun"
)

// The JSON bodies of chapter 10's API are outside input: whatever a body
// holds, decoding it as a contractor, a contract, a 再委託 link, a member
// of staff or an external service gives the record or an EINVALID
// problem, never a panic; and a record the register's own check passes
// keeps its rules (a 法人番号 with its check digit, a period in order, a
// link between two contractors, a service in a 課).
func FuzzContractorBodies(f *testing.F) {
	f.Add(`{"id":"F-1","name":"株式会社エフ","corporate_no":"7000012050002","certifications":[{"kind":"isms","number":"IS 1","expires":"2030-03-31T00:00:00Z"}],"selection":{}}`)
	f.Add(`{"id":"K-1","name":"入力業務","unit":"111","contractor":"F-1","from":"2026-04-01T00:00:00Z","to":"2027-03-31T00:00:00Z","state":"active","articles":{"a1":"第1条"}}`)
	f.Add(`{"id":"L-1","from":"F-1","to":"F-2","part":"データ入力","state":"requested","permit":3}`)
	f.Add(`{"id":"S-1","name":"電子申請","provider":"F-1","kind":"contract","unit":"111","ismap_number":"C21-0001","ismap_expires":"2027-01-01T00:00:00Z"}`)
	f.Add(`{"id":"K-2","from":"2027-04-01T00:00:00Z","to":"2026-04-01T00:00:00Z","colour":"red"}`)
	f.Add(`{"selection":{"checked_on":"x"}}`)
	f.Add(`{"id":"W-1","name":"委託 一郎","affiliation":"F-1","workplace":"本庁舎","from":"2026-04-01T00:00:00Z","to":"2027-03-31T00:00:00Z","checks":[{"on":"2026-04-01T00:00:00Z","checker":"1002","shown":"社員証"}]}`)
	f.Fuzz(func(t *testing.T, body string) {
		decode := func(v any) bool {
			r, _ := http.NewRequest("POST", "/", strings.NewReader(body))
			err := decodeBody(r, v)
			if err != nil && kijun.ErrorCode(err) != kijun.EINVALID {
				t.Fatalf("decode %T: %v, want EINVALID", v, err)
			}
			return err == nil
		}
		var c contractors.Contractor
		if decode(&c) && len(c.Check()) == 0 && c.CorporateNo != "" && contractors.CheckCorporateNo(c.CorporateNo) != "" {
			t.Fatalf("a contractor passed with the 法人番号 %q", c.CorporateNo)
		}
		var k contractors.Contract
		if decode(&k) && len(k.Check()) == 0 && (k.From.IsZero() || k.To.Before(k.From)) {
			t.Fatalf("a contract passed with the period %v to %v", k.From, k.To)
		}
		var l contractors.Link
		if decode(&l) && len(l.Check()) == 0 && (l.From == "" || l.From == l.To) {
			t.Fatalf("a link passed from %q to %q", l.From, l.To)
		}
		var st contractors.Staff
		if decode(&st) && len(st.Check()) == 0 && (st.From.IsZero() || st.To.Before(st.From) || st.Affiliation == "") {
			t.Fatalf("a member of staff passed: %+v", st)
		}
		var es contractors.ExternalService
		if decode(&es) && len(es.Check()) == 0 && es.Unit == "" {
			t.Fatalf("a service passed without its 課: %+v", es)
		}
	})
}
