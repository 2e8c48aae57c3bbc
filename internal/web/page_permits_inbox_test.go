package web

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"kijun/internal/access"
	"kijun/internal/auth"
	"kijun/internal/demo"
	"kijun/internal/organisation"
	"kijun/internal/permits"
	"kijun/internal/store"
)

// The inbox lists a take-out not returned in time (7.1.1キ) to its
// requester, to the 情報管理者 of its 課 and to the CISO's office, and to
// no one else.
func TestInboxLateReturns(t *testing.T) {
	ts, db := newTestServer(t)
	ctx := context.Background()
	if _, err := demo.Generate(ctx, db, demo.Options{Scale: demo.Small, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	reg, err := permits.Default()
	if err != nil {
		t.Fatal(err)
	}
	late, err := db.Permits(reg).Overdue(ctx, db.Now(), store.LateFor{City: true})
	if err != nil || len(late) == 0 {
		t.Fatalf("the demo planted no late return (%v)", err)
	}
	takeOut := late[0]
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
		token := seedToken(t, db, auth.Account{ID: c.staff, StaffNo: c.staff, DisplayName: c.who}, access.ScopeRead)
		req, _ := http.NewRequest("GET", ts.URL+"/permits/inbox", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		_, late, _ := strings.Cut(string(body), `id="late-h"`)
		late, _, _ = strings.Cut(late, "</section>")
		if resp.StatusCode != http.StatusOK || strings.Contains(late, link) != c.sees {
			t.Errorf("%s (%s): status %d, sees the late return: %v, want %v", c.who, c.staff, resp.StatusCode, !c.sees, c.sees)
		}
	}
}
