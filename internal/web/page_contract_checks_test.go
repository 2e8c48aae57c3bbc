package web

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"kijun/internal/auth"
	"kijun/internal/contractors"
	"kijun/internal/organisation"
	"kijun/internal/registers"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// A member of the contract's 課 sets the interval of checks (10.1.3), sees
// the check past due, is refused beside the field for a 要是正 result
// without its finding, records it, and sees it linked to the corrective
// action it opened; a member of another 課 may do neither.
func TestContractChecksPage(t *testing.T) {
	db := storetest.Open(t, filepath.Join(t.TempDir(), "kijun.db"), store.Options{})
	accessOrg(t, db)
	ts, _ := startServer(t, db)
	ctx, con := context.Background(), registers.Console()
	if _, err := db.CreateContractor(ctx, con, contractors.Contractor{ID: "F-1", Name: "株式会社エフ"}); err != nil {
		t.Fatal(err)
	}
	arts := map[string]string{}
	for _, cl := range contractors.Clauses() {
		if cl.Obligatory {
			arts[cl.Key] = "第1条"
		}
	}
	today := organisation.Day(db.Now())
	if _, err := db.CreateContract(ctx, con, contractors.Contract{ID: "K-1", Name: "入力業務", Unit: "111", Contractor: "F-1",
		From: today.AddDate(-1, 0, 0), To: today.AddDate(1, 0, 0), State: contractors.StateActive, Articles: arts}); err != nil {
		t.Fatal(err)
	}
	member := seedToken(t, db, auth.Account{ID: "1002", StaffNo: "1002", DisplayName: "佐藤 花子"}, "write")
	other := seedToken(t, db, auth.Account{ID: "1004", StaffNo: "1004", DisplayName: "他課 職員"}, "write")
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	do := func(token, method, path string, v url.Values) (int, string) {
		t.Helper()
		req, _ := http.NewRequest(method, ts.URL+path, strings.NewReader(v.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, _ := do(other, http.MethodPost, "/contracts/K-1/checkplan", url.Values{"sc_months": {"6"}}); code != http.StatusForbidden {
		t.Fatalf("another 課 sets the interval: %d, want 403", code)
	}
	if code, body := do(member, http.MethodPost, "/contracts/K-1/checkplan", url.Values{"sc_months": {"0"}}); code != http.StatusBadRequest || !strings.Contains(body, `id="sc_months-error"`) {
		t.Fatalf("an interval of 0: %d, want 400 beside the field", code)
	}
	if code, _ := do(member, http.MethodPost, "/contracts/K-1/checkplan", url.Values{"sc_months": {"6"}}); code != http.StatusSeeOther {
		t.Fatalf("the interval set: %d, want 303", code)
	}
	if code, body := do(member, http.MethodGet, "/contracts/K-1", nil); code != http.StatusOK || !strings.Contains(body, `id="check-plan"`) || !strings.Contains(body, "期日超過") {
		t.Fatalf("the contract's page (%d) shows no overdue check", code)
	}
	check := url.Values{"sc_on": {today.AddDate(0, 0, -1).Format(time.DateOnly)}, "sc_kind": {"inspection"}, "sc_checker": {"佐藤 花子"}, "sc_result": {"corrective"}}
	if code, _ := do(other, http.MethodPost, "/contracts/K-1/checks", check); code != http.StatusForbidden {
		t.Fatalf("another 課 records a check: %d, want 403", code)
	}
	if code, body := do(member, http.MethodPost, "/contracts/K-1/checks", check); code != http.StatusBadRequest || !strings.Contains(body, `id="sc_note-error"`) {
		t.Fatalf("要是正 without the finding: %d, want 400 beside the note", code)
	}
	check.Set("sc_note", "持出し記録の不備")
	if code, _ := do(member, http.MethodPost, "/contracts/K-1/checks", check); code != http.StatusSeeOther {
		t.Fatalf("the check recorded: %d, want 303", code)
	}
	code, body := do(member, http.MethodGet, "/contracts/K-1", nil)
	if code != http.StatusOK || strings.Contains(body, "期日超過") || !regexp.MustCompile(`<a href="/actions/\d+">`).MatchString(body) || !strings.Contains(body, "要是正") {
		t.Fatalf("the contract's page (%d) after the check shows no action, or the check still overdue", code)
	}
}
