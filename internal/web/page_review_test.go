package web

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"kijun/internal/auth"
	"kijun/internal/records"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
	"kijun/internal/wareki"
)

// The review's page (11.3): the auditors read it, a member of staff does
// not; the CISO's office is refused with the undecided provision named
// beside its field, then decides, and the page shows the decision and the
// edition that follows.
func TestReviewPage(t *testing.T) {
	db := storetest.Open(t, filepath.Join(t.TempDir(), "kijun.db"), store.Options{})
	ctx := context.Background()
	if _, err := db.EnsureDefaultCatalog(ctx); err != nil {
		t.Fatal(err)
	}
	accessOrg(t, db)
	fy := wareki.FiscalYear(db.Now())
	start, _ := wareki.FiscalYearRange(fy)
	at := records.FormatTime(start.AddDate(0, 0, 1))
	if err := db.Update(ctx, func(tx *store.Tx) error {
		for _, subject := range []string{"medium:M-1", "medium:M-2"} {
			if _, err := tx.ExecContext(ctx, `INSERT INTO compliance_findings (rule, subject, provision, severity, kind, subject_name, unit_code, message, first_seen, last_seen)
				VALUES ('media.encrypt', ?, '6.4.3', 'high', 'medium', 'x', '111', 'x', ?, ?)`, subject, at, at); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	cats, err := db.Catalogs(ctx)
	if err != nil || len(cats) == 0 {
		t.Fatal(err)
	}
	ts, _ := startServer(t, db)
	for _, no := range []string{"1002", "1003", "1005"} {
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
	page := "/reviews/" + strconv.Itoa(fy)
	if code, _ := do("1002", "GET", page, nil); code != http.StatusForbidden {
		t.Errorf("a member of staff reads the review: %d", code)
	}
	if code, body := do("1005", "GET", page, nil); code != http.StatusOK || !strings.Contains(body, `id="row-6.4.3"`) || strings.Contains(body, `id="review-decide"`) {
		t.Errorf("the audit director's view: %d", code)
	}
	next := cats[0].Key + "|" + cats[0].Edition
	if code, body := do("1003", "POST", page, url.Values{"next": {next}}); code != http.StatusBadRequest || !strings.Contains(body, `href="#decision-6.4.3"`) {
		t.Errorf("6.4.3 undecided: %d", code)
	}
	if code, body := do("1003", "POST", page, url.Values{"next": {next}, "decision-6.4.3": {"add_rule"}, "note-6.4.3": {"暗号化の点検を毎日に"}}); code != http.StatusSeeOther {
		t.Fatalf("deciding: %d %s", code, body)
	}
	if _, body := do("1005", "GET", page, nil); !strings.Contains(body, `id="next-edition"`) || !strings.Contains(body, "点検ルールを追加する") {
		t.Error("the decided review does not show its decision and the next edition")
	}
}
