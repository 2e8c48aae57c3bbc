package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"kijun/internal/auth"
	"kijun/internal/organisation"
)

// The inbox lists a take-out not returned in time (7.1.1キ) to its
// requester, to the 情報管理者 of its 課 and to the CISO's office, and to
// no one else.
func TestInboxLateReturns(t *testing.T) {
	ts, db, takeOut := demoLateReturn(t)
	ctx := context.Background()
	day := organisation.Day(db.Now())
	holder := func(r organisation.Role, s organisation.Scope) string {
		a, err := db.ActingFor(ctx, r, s, day)
		if err != nil {
			t.Fatalf("%s of %s: %v", r, s, err)
		}
		return a.Person.StaffNo
	}
	chief := holder(organisation.RoleInfoManager, organisation.UnitScope(takeOut.Unit))
	ciso := holder(organisation.RoleCISO, organisation.City())
	var outsider string
	// Someone of another 課 who holds no role.
	units, err := db.UnitsOn(ctx, day)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range units {
		if u.Code == takeOut.Unit {
			continue
		}
		members, err := db.Members(ctx, u.Code, day)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range members {
			roles, err := db.RolesOf(ctx, m.StaffNo, day)
			if err != nil {
				t.Fatal(err)
			}
			if m.StaffNo != takeOut.Requester && len(roles) == 0 {
				outsider = m.StaffNo
				break
			}
		}
		if outsider != "" {
			break
		}
	}
	if outsider == "" {
		t.Fatal("no member of staff outside the request's 課")
	}
	link := fmt.Sprintf(`href="/permits/%d"`, takeOut.ID)
	for _, c := range []struct {
		who   string
		staff string
		sees  bool
	}{
		{"requester", takeOut.Requester, true},
		{"情報管理者", chief, true},
		{"CISO", ciso, true},
		{"another member of staff", outsider, false},
	} {
		status, body := signedIn(t, db, ts.URL, auth.Account{ID: c.staff, StaffNo: c.staff, DisplayName: c.who}).get("/permits/inbox")
		_, late, _ := strings.Cut(body, `id="late-h"`)
		late, _, _ = strings.Cut(late, "</section>")
		if status != http.StatusOK || strings.Contains(late, link) != c.sees {
			t.Errorf("%s (%s): status %d, sees the late return: %v, want %v", c.who, c.staff, status, !c.sees, c.sees)
		}
	}
}
