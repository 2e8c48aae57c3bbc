package web

import (
	"context"
	"net/http"
	"regexp"
	"testing"

	"kijun/internal/auth"
	"kijun/internal/organisation"
	"kijun/internal/permits"
)

// The new-request page offers the types the person may file, the ones
// they file most first: no type comes before one they filed more often,
// and one who holds no role is not offered the types only 情報管理者 and
// system managers file.
func TestPermitTypesByUse(t *testing.T) {
	ts, db, takeOut := demoLateReturn(t)
	ctx := context.Background()
	day := organisation.Day(db.Now())
	types := func(staffNo string) []string {
		t.Helper()
		status, body := signedIn(t, db, ts.URL, auth.Account{ID: staffNo, StaffNo: staffNo, DisplayName: staffNo}).get("/permits/new")
		if status != http.StatusOK {
			t.Fatalf("/permits/new as %s: status %d", staffNo, status)
		}
		var keys []string
		for _, m := range regexp.MustCompile(`href="/permits/form\?type=([a-z_]+)"`).FindAllStringSubmatch(body, -1) {
			keys = append(keys, m[1])
		}
		return keys
	}
	reg, err := permits.Default()
	if err != nil {
		t.Fatal(err)
	}
	use, err := db.Permits(reg).PermitTypeUse(ctx, takeOut.Requester, db.Now().AddDate(-1, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	got := types(takeOut.Requester)
	if use.Mine["take_out"] == 0 {
		t.Fatalf("the requester's 持ち出し is not counted: %v", use.Mine)
	}
	for i := 1; i < len(got); i++ {
		if use.Mine[got[i]] > use.Mine[got[i-1]] {
			t.Errorf("offered %v: %s (filed %d times) after %s (filed %d times)", got, got[i], use.Mine[got[i]], got[i-1], use.Mine[got[i-1]])
		}
	}
	members, err := db.Members(ctx, takeOut.Unit, day)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range members {
		roles, err := db.RolesOf(ctx, m.StaffNo, day)
		if err != nil {
			t.Fatal(err)
		}
		if len(roles) > 0 {
			continue
		}
		for _, k := range types(m.StaffNo) {
			if k == "exception" || k == "mail_address" || k == "exchange" {
				t.Errorf("%s, who holds no role, is offered %s", m.StaffNo, k)
			}
		}
		return
	}
	t.Fatal("no member of staff without a role in the 課")
}
