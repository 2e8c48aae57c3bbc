package web

import (
	"context"
	"io"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"kijun/internal/access"
	"kijun/internal/auth"
	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
	"kijun/internal/training"
)

// pledgeOffice is the 統括責任者's office registering the pledge.
type pledgeOffice struct{}

func (pledgeOffice) Plans() bool         { return true }
func (pledgeOffice) Records(string) bool { return true }
func (pledgeOffice) Person() string      { return "" }

// fetch sends a request without following redirects.
func (s *session) fetch(path string, header ...string) (*http.Response, string) {
	s.t.Helper()
	req, _ := http.NewRequest("GET", s.base+path, nil)
	req.AddCookie(&http.Cookie{Name: "kijun_session", Value: s.token})
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := s.client.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// TestPledgePage: a 臨時の任用職員 who has not pledged is sent to the
// pledge from every page, and the API refuses them naming 7.1.2; once
// they pledge, Kijun works for them (7.1.2).
func TestPledgePage(t *testing.T) {
	urls := storetest.URLs(t)
	for _, engine := range slices.Sorted(maps.Keys(urls)) {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			db := storetest.Open(t, urls[engine], store.Options{})
			accessOrg(t, db)
			ts, _ := startServer(t, db)
			err := db.Update(ctx, func(tx *store.Tx) error {
				_, err := tx.ExecContext(ctx, "UPDATE org_people SET employment = ? WHERE staff_no = '1002'", string(organisation.EmployTemporary))
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			p := store.Pledge{Edition: training.Edition{ID: "pledge-2026", Title: "情報セキュリティに関する誓約書", InForce: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)},
				Body: "私は対策基準を遵守します。"}
			if err := db.SavePledge(ctx, pledgeOffice{}, p); err != nil {
				t.Fatal(err)
			}
			me := signedIn(t, db, ts.URL, auth.Account{ID: "1002", StaffNo: "1002", DisplayName: "佐藤 花子"})
			if resp, _ := me.fetch("/training"); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/pledge" {
				t.Errorf("GET /training before the pledge: %d to %q, want 303 to /pledge", resp.StatusCode, resp.Header.Get("Location"))
			}
			token := seedToken(t, db, auth.Account{ID: "1002", StaffNo: "1002"}, access.ScopeRead)
			if resp, body := me.fetch("/api/v1/org/units/111", "Authorization", "Bearer "+token); resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "7.1.2") {
				t.Errorf("API before the pledge: %d %s, want 403 naming 7.1.2", resp.StatusCode, body)
			}
			if resp, body := me.fetch("/pledge"); resp.StatusCode != 200 || !strings.Contains(body, "私は対策基準を遵守します。") {
				t.Errorf("GET /pledge: %d, want the pledge's text", resp.StatusCode)
			}
			if status, body := me.post("/pledge", url.Values{}); status != http.StatusBadRequest || !strings.Contains(body, "誓約します") {
				t.Errorf("pledge unticked: %d, want 400 saying to tick it", status)
			}
			if status, _ := me.post("/pledge", url.Values{"agree": {"1"}}); status != http.StatusSeeOther {
				t.Errorf("pledge: %d, want 303", status)
			}
			if resp, _ := me.fetch("/training"); resp.StatusCode != 200 {
				t.Errorf("GET /training after the pledge: %d, want 200", resp.StatusCode)
			}
			if resp, _ := me.fetch("/api/v1/org/units/111", "Authorization", "Bearer "+token); resp.StatusCode != 200 {
				t.Errorf("API after the pledge: %d, want 200", resp.StatusCode)
			}
		})
	}
}

// TestSharedSignInForm: the sign-in form of a shared account must name a
// permitted user (7.4.2イ).
func TestSharedSignInForm(t *testing.T) {
	db := storetest.Open(t, t.TempDir()+"/kijun.db", store.Options{})
	accessOrg(t, db)
	ts, svc := startServer(t, db)
	ctx := context.Background()
	pw, err := svc.CreateSharedAccount(ctx, &access.Principal{AccountID: "admin-x", Admin: true}, "counter-1", "窓口端末", []string{"1001"})
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, c := range []struct {
		user string
		want int
	}{{"", http.StatusUnauthorized}, {"1002", http.StatusUnauthorized}, {"1001", http.StatusSeeOther}} {
		resp, err := client.PostForm(ts.URL+"/signin", url.Values{"id": {"counter-1"}, "password": {pw}, "user": {c.user}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != c.want {
			t.Errorf("sign-in as %q: %d, want %d", c.user, resp.StatusCode, c.want)
		}
	}
}
