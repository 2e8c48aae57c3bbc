package web

import (
	"context"
	"io"
	"kijun/internal/kijun"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"kijun/internal/auth"
	"kijun/internal/corrective"
	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// The register's pages pass its gate: a 課 sees its own actions and not
// another's, whose pages answer not found; a member of staff cannot
// verify; the CISO's office can, and the page says so (11.1.7).
func TestActionPagesByRecord(t *testing.T) {
	db := storetest.Open(t, filepath.Join(t.TempDir(), "kijun.db"), store.Options{})
	ctx := context.Background()
	if _, err := db.EnsureDefaultCatalog(ctx); err != nil {
		t.Fatal(err)
	}
	accessOrg(t, db)
	ts, _ := startServer(t, db)
	console := corrective.Officer{Console: true, StaffNo: "1001"}
	a, err := db.CreateCorrective(ctx, console, corrective.Action{Source: corrective.Source{Kind: corrective.SourceComplianceFinding, ID: "media.encrypt|M-1"},
		Unit: "111", OwnerRole: organisation.RoleInfoManager, OwnerScope: organisation.UnitScope("111"), Title: "媒体の暗号化の是正", Due: organisation.Day(db.Now())})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddCorrectiveEvidence(ctx, console, corrective.Evidence{ActionID: a.ID, File: kijun.File{Name: "r.txt"}}, []byte("r")); err != nil {
		t.Fatal(err)
	}
	if a, err = db.CompleteCorrective(ctx, console, a.ID, 0, "済み"); err != nil {
		t.Fatal(err)
	}
	for _, no := range []string{"1002", "1003", "1004"} {
		seedAccount(t, db, auth.Account{ID: no, StaffNo: no, DisplayName: no})
	}
	do := func(no, method, path string, form url.Values) (int, string) {
		t.Helper()
		token, csrf := seedSession(t, db, auth.Account{ID: no, StaffNo: no, DisplayName: no})
		req, _ := http.NewRequest(method, ts.URL+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-CSRF-Token", csrf)
		req.AddCookie(&http.Cookie{Name: "kijun_session", Value: token})
		resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	page := "/actions/" + strconv.FormatInt(a.ID, 10)
	if _, body := do("1002", "GET", "/actions", nil); !strings.Contains(body, "媒体の暗号化の是正") {
		t.Error("a member of 111 does not see 111's action")
	}
	if _, body := do("1004", "GET", "/actions", nil); strings.Contains(body, "媒体の暗号化の是正") {
		t.Error("the 課長 of 112 sees 111's action")
	}
	if code, _ := do("1004", "GET", page, nil); code != http.StatusNotFound {
		t.Errorf("112 opens 111's action: %d", code)
	}
	verify := url.Values{"effective": {"1"}, "verify_note": {"抜き取りで確認"}, "version": {strconv.FormatInt(a.Version, 10)}}
	if code, body := do("1002", "POST", page+"/verify", verify); code != http.StatusForbidden || !strings.Contains(body, "11.1.7") {
		t.Errorf("a member of staff verified: %d", code)
	}
	if code, _ := do("1003", "POST", page+"/verify", url.Values{"verify_note": {"x"}}); code != http.StatusBadRequest {
		t.Errorf("a verification saying neither effective nor not: %d", code)
	}
	if code, _ := do("1003", "POST", page+"/verify", verify); code != http.StatusSeeOther {
		t.Errorf("the 情報セキュリティ管理者 could not verify: %d", code)
	}
	// From a finding of the continuous checks, the form comes filled in.
	if _, body := do("1003", "GET", "/actions?source_kind=compliance_finding&source_id=media.encrypt%7CM-2&unit=111&title=%E5%B9%B3%E6%96%87", nil); !strings.Contains(body, `value="media.encrypt|M-2"`) || !strings.Contains(body, `value="平文"`) {
		t.Error("the form opened from a finding is not filled in")
	}
	if _, body := do("1002", "GET", page, nil); !strings.Contains(body, "有効性確認済み") {
		t.Error("the action's page does not say it is verified")
	}
}
