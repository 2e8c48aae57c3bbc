package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"kijun/internal/auth"
	"kijun/internal/organisation"
	"kijun/internal/store"
)

// A token limited to some registers reaches only those parts of the API
// and no page; a token limited to a 課 sees only that 課's records, even
// for someone of the CISO's office, and loses the city-wide rules (the
// event feed); each refusal is a problem naming the Authorization header.
func TestTokenLimits(t *testing.T) {
	eachEngine(t, func(t *testing.T, ts *httptest.Server, db *store.DB) {
		c := carryCaseOn(t, ts.URL, db)
		ctx := context.Background()
		day := organisation.Day(c.db.Now())
		ciso, err := c.db.ActingFor(ctx, organisation.RoleCISO, organisation.City(), day)
		if err != nil {
			t.Fatal(err)
		}
		who := ciso.Person.StaffNo
		// The tokens are made on the account page, as a person makes them.
		page := signedIn(t, c.db, c.base, auth.Account{ID: who, StaffNo: who, DisplayName: "CISO"})
		mint := func(form url.Values) *apiClient {
			t.Helper()
			form.Set("name", "integration")
			form.Set("days", "30")
			status, body := page.post("/account/tokens", form)
			m := regexp.MustCompile(`kjn_[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+`).FindString(body)
			if status != 200 || m == "" {
				t.Fatalf("make token %v: %d, no token shown", form, status)
			}
			return &apiClient{t: t, base: c.base, token: m}
		}
		permitsOnly := mint(url.Values{"scope": {"read"}, "registers": {"permits,events"}})
		if status, out, _ := permitsOnly.do("GET", "/api/v1/permits/inbox", ""); status != 200 {
			t.Errorf("permits token on the inbox: %d %v", status, out)
		}
		if status, out, _ := permitsOnly.do("GET", "/api/v1/assets", ""); status != http.StatusForbidden || !problemNames(out, "Authorization") {
			t.Errorf("permits token on assets: %d %v, want 403 naming Authorization", status, out)
		}
		req, _ := http.NewRequest("GET", c.base+"/assets", nil)
		req.Header.Set("Authorization", "Bearer "+permitsOnly.token)
		if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusForbidden {
			t.Errorf("permits token on the assets page: %v %v, want 403", resp.StatusCode, err)
		}

		full := mint(url.Values{"scope": {"read"}})
		unitOnly := mint(url.Values{"scope": {"read"}, "unit": {c.unit}})
		_, all, _ := full.do("GET", "/api/v1/assets", "")
		_, mine, _ := unitOnly.do("GET", "/api/v1/assets", "")
		if all["total"].(float64) <= mine["total"].(float64) || mine["total"].(float64) == 0 {
			t.Errorf("the CISO sees %v assets with a full token, %v with one limited to %s; want fewer but some", all["total"], mine["total"], c.unit)
		}
		for _, a := range mine["assets"].([]any) {
			if u := a.(map[string]any)["unit"]; u != c.unit {
				t.Errorf("a token limited to %s lists an asset of %v", c.unit, u)
			}
		}
		if status, _, _ := full.do("GET", "/api/v1/events", ""); status != 200 {
			t.Errorf("the CISO's full token on the event feed: %d", status)
		}
		if status, _, _ := unitOnly.do("GET", "/api/v1/events", ""); status != http.StatusForbidden {
			t.Errorf("the CISO's token limited to %s on the event feed: %d, want 403", c.unit, status)
		}
		status, body := page.post("/account/tokens", url.Values{"name": {"x"}, "days": {"3"}, "scope": {"read"}, "unit": {"nope"}, "registers": {"Assets!"}})
		if status != 400 || !strings.Contains(body, "nope") || !strings.Contains(body, "Assets!") {
			t.Errorf("a token for an unknown unit and a bad register name: %d, want 400 naming both", status)
		}
	})
}
