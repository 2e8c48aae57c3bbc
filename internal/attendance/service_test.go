package attendance

import (
	"context"
	"testing"

	"kijun/internal/access"
	"kijun/internal/organisation"
)

func acting(role organisation.Role, scope organisation.Scope) organisation.Acting {
	return organisation.Acting{Holder: organisation.Holder{Role: role, Scope: scope}}
}

// Who may plan, and whose attendance each person records (7.2.2ア, オ).
func TestTrainerOf(t *testing.T) {
	for _, tc := range []struct {
		name           string
		p              *access.Principal
		plans          bool
		rec111, rec112 bool
		person         string
	}{
		{"administrator", &access.Principal{Admin: true}, true, true, true, ""},
		{"統括責任者", &access.Principal{StaffNo: "1", Roles: []organisation.Acting{acting(organisation.RoleSecurityDirector, organisation.City())}}, true, true, true, "1"},
		{"情報管理者 of 111", &access.Principal{StaffNo: "2", Roles: []organisation.Acting{acting(organisation.RoleInfoManager, organisation.UnitScope("111"))}}, false, true, false, "2"},
		{"member of staff", &access.Principal{StaffNo: "3", Units: []string{"111"}}, false, false, false, "3"},
		{"read-only token", &access.Principal{StaffNo: "1", Scope: access.ScopeRead, Roles: []organisation.Acting{acting(organisation.RoleSecurityDirector, organisation.City())}}, false, false, false, ""},
	} {
		tr, err := TrainerOf(context.Background(), nil, tc.p)
		if err != nil {
			t.Fatal(err)
		}
		if tr.Plans() != tc.plans || tr.Records("111") != tc.rec111 || tr.Records("112") != tc.rec112 || tr.Person() != tc.person {
			t.Errorf("%s: plans %v, records 111 %v, 112 %v, person %q; want %v, %v, %v, %q", tc.name, tr.Plans(), tr.Records("111"), tr.Records("112"), tr.Person(),
				tc.plans, tc.rec111, tc.rec112, tc.person)
		}
		if tr.Records("") && !tr.Plans() {
			t.Errorf("%s records people of no 課", tc.name)
		}
	}
}
