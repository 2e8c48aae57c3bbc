package web

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"kijun/internal/auth"
	"kijun/internal/organisation"
	"kijun/internal/training"
)

// A member of staff's home lists the self-check report they are to
// answer, due within the week, with a link to it (11.2.2ア); the menu and
// the page link nothing that answers 403 (the menu asks each route's
// rule), and a member of staff's menu has no ledger or administration.
func TestHomeShowsSelfcheckDue(t *testing.T) {
	db := homeCityDB(t)
	ts, _ := startServer(t, db)
	ctx := context.Background()
	_, _, member := chiefWithFindings(t, db)
	today := organisation.Day(db.Now())
	director, err := db.HolderOf(ctx, organisation.RoleSecurityDirector, organisation.City(), today)
	if err != nil {
		t.Fatal(err)
	}
	dir := signedIn(t, db, ts.URL, auth.Account{ID: "dir-home", DisplayName: "統括責任者", StaffNo: director.Person.StaffNo})
	year := strconv.Itoa(training.FiscalYear(today))
	due := organisation.FormatDate(today.AddDate(0, 0, 3))
	if status, body := dir.post("/selfcheck/launch", url.Values{"year": {year}, "due": {due}}); status != 303 {
		t.Fatalf("launch: %d %.500s", status, body)
	}
	owed, err := db.SelfcheckOwedBy(ctx, member)
	if err != nil || len(owed) == 0 {
		t.Fatalf("reports owed by %s: %v, %v", member, owed, err)
	}
	m := personSession(t, db, ts.URL, member)
	status, body := m.get("/")
	link := `href="/selfcheck/reports/` + strconv.FormatInt(owed[0].Report.ID, 10) + `"`
	if status != 200 || !strings.Contains(body, "自己点検：") || !strings.Contains(body, link) {
		t.Errorf("member of staff's home: %d, no self-check due with %s", status, link)
	}
	// In English the line says what is due in English (issue 23).
	if status, en := m.get("/?lang=en"); status != 200 || !strings.Contains(en, "Self-check: ") || strings.Contains(en, "自己点検：") {
		t.Errorf("member of staff's home in English: %d, the self-check due is not in English", status)
	}
	for _, l := range []string{`href="/records"`, `href="/admin/accounts"`} {
		if strings.Contains(body, l) {
			t.Errorf("member of staff's menu has %s", l)
		}
	}
	noLinkForbidden(t, m, "member of staff", body)
}
