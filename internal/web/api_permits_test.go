package web

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"kijun/internal/access"
	"kijun/internal/auth"
	"kijun/internal/demo"
	"kijun/internal/organisation"
	"kijun/internal/store"
)

// apiClient calls the JSON API with one person's token.
type apiClient struct {
	t     *testing.T
	base  string
	token string
}

// exchange is one request the tests sent and the answer they got.
type exchange struct {
	req    *http.Request
	body   []byte
	status int
	header http.Header
	answer []byte
}

func tokenFor(t *testing.T, db *store.DB, base, staffNo, scope string) *apiClient {
	t.Helper()
	tok := seedToken(t, db, auth.Account{ID: staffNo, StaffNo: staffNo, DisplayName: staffNo}, scope)
	return &apiClient{t: t, base: base, token: tok}
}

// do sends method path with body (a JSON string, or "" for none) and the
// headers given as name, value pairs.
func (c *apiClient) do(method, path, body string, header ...string) (int, map[string]any, http.Header) {
	c.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, c.base+path, rd)
	req.Header.Set("Authorization", "Bearer "+c.token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	// Every answer the API tests get is checked against the OpenAPI
	// document, so the document cannot drift from the code.
	checkAgainstOpenAPI(c.t, c.base, exchange{req: req, body: []byte(body), status: resp.StatusCode, header: resp.Header, answer: b})
	var out map[string]any
	_ = json.Unmarshal(b, &out)
	return resp.StatusCode, out, resp.Header
}

// carryCase is a demo city with a person who may file a carry request
// (4.2キ) for an asset of 機密性 2 of their 課, the 情報管理者 who decides
// it and a member of staff of another 課.
type carryCase struct {
	base                        string
	db                          *store.DB
	asset, unit                 string
	requester, manager, outside string
}

func newCarryCase(t *testing.T) carryCase {
	t.Helper()
	ts, db := newTestServer(t)
	return carryCaseOn(t, ts.URL, db)
}

// carryCaseOn is newCarryCase on the server at base over db, of either
// engine.
func carryCaseOn(t *testing.T, base string, db *store.DB) carryCase {
	t.Helper()
	ctx := context.Background()
	if _, err := demo.Generate(ctx, db, demo.Options{Scale: demo.Small, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	day := organisation.Day(db.Now())
	list, _, err := db.ListAssets(ctx, store.AssetFilter{MinConfidentiality: 2, Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range list {
		mgr, err := db.ActingFor(ctx, organisation.RoleInfoManager, organisation.UnitScope(a.Unit), day)
		if err != nil || mgr.Person.StaffNo == "" {
			continue
		}
		members, err := db.Members(ctx, a.Unit, day)
		if err != nil {
			t.Fatal(err)
		}
		c := carryCase{base: base, db: db, asset: a.ID, unit: a.Unit, manager: mgr.Person.StaffNo}
		for _, m := range members {
			if roles, _ := db.RolesOf(ctx, m.StaffNo, day); len(roles) == 0 && m.StaffNo != c.manager {
				c.requester = m.StaffNo
				break
			}
		}
		units, _ := db.UnitsOn(ctx, day)
		for _, u := range units {
			if u.Code == a.Unit || c.outside != "" {
				continue
			}
			ms, _ := db.Members(ctx, u.Code, day)
			for _, m := range ms {
				if roles, _ := db.RolesOf(ctx, m.StaffNo, day); len(roles) == 0 {
					c.outside = m.StaffNo
					break
				}
			}
		}
		if c.requester != "" && c.outside != "" {
			return c
		}
	}
	t.Fatal("the demo has no asset of 機密性 2 with a 情報管理者 and a member of staff to carry it")
	return carryCase{}
}

func (c carryCase) filing() string {
	return fmt.Sprintf(`{"type":"carry","fields":{"asset":%q,"destination":"本庁舎3階会議室","protection":"鍵付きケース"},"valid_from":%q,"valid_to":%q}`,
		c.asset, organisation.Day(c.db.Now()).Format(time.DateOnly), organisation.Day(c.db.Now()).AddDate(0, 0, 3).Format(time.DateOnly))
}

func version(h http.Header) string { return h.Get("ETag") }

// A carry request (4.2キ) goes from filing to its record entirely over the
// API, each step by the token of the person whose step it is, each update
// with If-Match; a retried filing with its Idempotency-Key files once.
func TestPermitOverAPI(t *testing.T) {
	eachEngine(t, func(t *testing.T, ts *httptest.Server, db *store.DB) {
		c := carryCaseOn(t, ts.URL, db)
		requester := tokenFor(t, c.db, c.base, c.requester, access.ScopeWrite)
		manager := tokenFor(t, c.db, c.base, c.manager, access.ScopeWrite)

		status, out, h := requester.do("POST", "/api/v1/permits", c.filing(), "Idempotency-Key", "carry-1")
		if status != http.StatusCreated || out["state"] != "submitted" {
			t.Fatalf("file: %d %v", status, out)
		}
		id := int64(out["id"].(float64))
		again, out2, h2 := requester.do("POST", "/api/v1/permits", c.filing(), "Idempotency-Key", "carry-1")
		if again != http.StatusCreated || out2["id"] != out["id"] || h2.Get("Idempotent-Replayed") != "true" {
			t.Fatalf("retried filing: %d %v %v, want the first answer again", again, out2["id"], h2)
		}

		path := fmt.Sprintf("/api/v1/permits/%d", id)
		// The 情報管理者 finds it in their inbox.
		_, inbox, _ := manager.do("GET", "/api/v1/permits/inbox", "")
		if !strings.Contains(fmt.Sprint(inbox["to_decide"]), fmt.Sprintf("id:%d ", id)) {
			t.Errorf("the 情報管理者's inbox lacks request %d: %v", id, inbox)
		}
		// Deciding without If-Match is 428; with a stale version 412; neither decides.
		if status, out, _ := manager.do("POST", path+"/decide", `{"decision":"approve"}`); status != http.StatusPreconditionRequired || !problemNames(out, "If-Match") {
			t.Errorf("decide without If-Match: %d %v", status, out)
		}
		if status, out, _ := manager.do("POST", path+"/decide", `{"decision":"approve"}`, "If-Match", `"99"`); status != http.StatusPreconditionFailed || !problemNames(out, "If-Match") {
			t.Errorf("decide at a stale version: %d %v", status, out)
		}
		status, out, h = manager.do("POST", path+"/decide", `{"decision":"approve","note":"鍵付きケースで"}`, "If-Match", version(h))
		if status != http.StatusOK || out["state"] != "approved" {
			t.Fatalf("decide: %d %v", status, out)
		}
		today := organisation.Day(c.db.Now()).Format(time.DateOnly)
		status, out, _ = requester.do("POST", path+"/record", fmt.Sprintf(`{"fields":{"carried_on":%q,"carried_by":%q}}`, today, c.requester), "If-Match", version(h))
		if status != http.StatusOK || (out["state"] != "closed" && out["state"] != "carried_out") {
			t.Fatalf("record: %d %v", status, out)
		}
		if n := len(out["timeline"].([]any)); n < 3 {
			t.Errorf("timeline has %d entries, want filing, decision and record", n)
		}
	})
}

// problemNames reports whether a problem names the field.
func problemNames(p map[string]any, field string) bool {
	errs, _ := p["errors"].([]any)
	for _, e := range errs {
		if m, _ := e.(map[string]any); m["field"] == field {
			return true
		}
	}
	return false
}

// Bad input over the API is a problem naming the field, and writes
// nothing: the ledger's head does not move.
func TestAPIBadInput(t *testing.T) {
	eachEngine(t, func(t *testing.T, ts *httptest.Server, db *store.DB) {
		c := carryCaseOn(t, ts.URL, db)
		requester := tokenFor(t, c.db, c.base, c.requester, access.ScopeWrite)
		reader := tokenFor(t, c.db, c.base, c.requester, access.ScopeRead)
		status, _, _ := requester.do("POST", "/api/v1/permits", c.filing(), "Idempotency-Key", "k1")
		if status != http.StatusCreated {
			t.Fatalf("file: %d", status)
		}
		head := func() int64 {
			n, _, err := c.db.Head(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		before := head()
		big := `{"type":"carry","fields":{"destination":"` + strings.Repeat("あ", maxAPIBody) + `"}}`
		for _, tt := range []struct {
			name    string
			client  *apiClient
			body    string
			header  []string
			status  int
			field   string
			english string
		}{
			{"malformed JSON", requester, `{"type":"carry",`, nil, 400, "", "ends too early"},
			{"syntax", requester, `{"type" "carry"}`, nil, 400, "", "malformed"},
			{"unknown field", requester, `{"type":"carry","colour":"red"}`, nil, 400, "colour", "no field colour"},
			{"wrong type", requester, `{"type":"carry","draft":"yes"}`, nil, 400, "draft", "must be boolean"},
			{"wrong type inside", requester, `{"type":"carry","fields":{"asset":3}}`, nil, 400, "fields", "must be string"},
			{"trailing data", requester, `{"type":"carry"} {}`, nil, 400, "", "more data"},
			{"oversize body", requester, big, nil, 413, "", "over the limit"},
			{"not JSON", requester, `type=carry`, []string{"Content-Type", "application/x-www-form-urlencoded"}, 415, "Content-Type", "as JSON"},
			{"reused idempotency key", requester, strings.Replace(c.filing(), "本庁舎", "別館", 1), []string{"Idempotency-Key", "k1"}, 422, "Idempotency-Key", "another body"},
			{"unknown type", requester, `{"type":"teleport"}`, nil, 400, "type", "no request type"},
			{"field refused by the service", requester, `{"type":"carry","fields":{"asset":"` + c.asset + `"}}`, nil, 400, "destination", ""},
			{"read-only token", reader, c.filing(), nil, 403, "", ""},
		} {
			t.Run(tt.name, func(t *testing.T) {
				h := append([]string{"Accept-Language", "en-GB,en;q=0.9"}, tt.header...)
				status, out, hdr := tt.client.do("POST", "/api/v1/permits", tt.body, h...)
				if status != tt.status || hdr.Get("Content-Type") != "application/problem+json" || out["status"] != float64(tt.status) {
					t.Fatalf("%d %s %v, want a %d problem", status, hdr.Get("Content-Type"), out, tt.status)
				}
				if tt.field != "" && !problemNames(out, tt.field) {
					t.Errorf("problem %v does not name %q", out, tt.field)
				}
				if !strings.Contains(fmt.Sprint(out["detail"]), tt.english) {
					t.Errorf("detail %q, want it to say %q in English", out["detail"], tt.english)
				}
			})
		}
		if got := head(); got != before {
			t.Errorf("refused requests wrote %d ledger records", got-before)
		}
		// Japanese by default.
		_, out, _ := requester.do("POST", "/api/v1/permits", `{"type":"carry","colour":"red"}`)
		if !strings.Contains(fmt.Sprint(out["detail"]), "という項目はありません") || out["title"] != "入力に誤りがあります" {
			t.Errorf("Japanese problem: %v", out)
		}
	})
}

// A rule the page refuses is refused over the API, because both call the
// same service: a member of staff of another 課 may not decide a request,
// and a requester may not decide their own without 3.2.10ア's reason.
func TestPermitRulesSameOnPageAndAPI(t *testing.T) {
	eachEngine(t, func(t *testing.T, ts *httptest.Server, db *store.DB) {
		c := carryCaseOn(t, ts.URL, db)
		pages := map[string]*session{}
		for _, who := range []string{c.outside, c.requester} {
			pages[who] = signedIn(t, c.db, c.base, auth.Account{ID: who, StaffNo: who, DisplayName: who})
		}
		requester := tokenFor(t, c.db, c.base, c.requester, access.ScopeWrite)
		status, out, h := requester.do("POST", "/api/v1/permits", c.filing())
		if status != http.StatusCreated {
			t.Fatalf("file: %d %v", status, out)
		}
		id := int64(out["id"].(float64))
		for _, who := range []string{c.outside, c.requester} {
			pageStatus, _ := pages[who].post(fmt.Sprintf("/permits/%d/decide", id), url.Values{"decision": {"approve"}})
			api := requester
			if who != c.requester {
				api = tokenFor(t, c.db, c.base, who, access.ScopeWrite)
			}
			apiStatus, prob, _ := api.do("POST", fmt.Sprintf("/api/v1/permits/%d/decide", id), `{"decision":"approve"}`, "If-Match", version(h))
			if pageStatus < 400 || apiStatus != pageStatus {
				t.Errorf("%s deciding: page %d, API %d %v; want the same refusal", who, pageStatus, apiStatus, prob)
			}
		}
		// Filing a carry of an asset that does not exist: refused on both.
		page := pages[c.requester]
		form := url.Values{"type": {"carry"}, "f_asset": {"NO-SUCH"}, "f_destination": {"x"}, "f_protection": {"暗号化"}}
		pageStatus, _ := page.post("/permits", form)
		apiStatus, prob, _ := requester.do("POST", "/api/v1/permits", `{"type":"carry","fields":{"asset":"NO-SUCH","destination":"x","protection":"暗号化"}}`)
		if pageStatus < 400 || apiStatus != pageStatus || !problemNames(prob, "asset") {
			t.Errorf("carrying an unknown asset: page %d, API %d %v", pageStatus, apiStatus, prob)
		}
	})
}
