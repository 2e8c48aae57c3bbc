package access_test

import (
	"testing"

	"kijun/internal/access"
	"kijun/internal/organisation"
)

// TestNamesDeputies: the 情報管理者 in person, the 情報責任者 above and the
// CISO's office name a 課's deputy; the deputy acting for the 課長, the
// 課長 next door and the CSIRT do not (9.3).
func TestNamesDeputies(t *testing.T) {
	holder := func(no string) organisation.Holder {
		return organisation.Holder{Person: organisation.PersonRef{StaffNo: no}}
	}
	acting := func(r organisation.Role, s organisation.Scope, holderNo, personNo string, b organisation.Basis) organisation.Acting {
		h := holder(holderNo)
		h.Role, h.Scope = r, s
		return organisation.Acting{Holder: h, Person: organisation.PersonRef{StaffNo: personNo}, Basis: b}
	}
	u111, u100, u112 := organisation.UnitScope("111"), organisation.UnitScope("100"), organisation.UnitScope("112")
	for _, tc := range []struct {
		name string
		p    access.Principal
		want bool
	}{
		{"the 課長 (at his desk or away)", access.Principal{StaffNo: "2002", Roles: []organisation.Acting{acting(organisation.RoleInfoManager, u111, "2002", "2002", organisation.BasisSelf)}}, true},
		{"the deputy acting for him", access.Principal{StaffNo: "2003", Roles: []organisation.Acting{acting(organisation.RoleInfoManager, u111, "2002", "2003", organisation.BasisDeputy)}}, false},
		{"the 局長 above", access.Principal{StaffNo: "2001", Roles: []organisation.Acting{acting(organisation.RoleInfoOfficer, u100, "2001", "2001", organisation.BasisSelf)}}, true},
		{"the 課長 next door", access.Principal{StaffNo: "2005", Roles: []organisation.Acting{acting(organisation.RoleInfoManager, u112, "2005", "2005", organisation.BasisSelf)}}, false},
		{"the 情報セキュリティ管理者", access.Principal{StaffNo: "2007", Roles: []organisation.Acting{acting(organisation.RoleSecurityManager, organisation.City(), "2007", "2007", organisation.BasisSelf)}}, true},
		{"a CSIRT member", access.Principal{StaffNo: "2009", Roles: []organisation.Acting{acting(organisation.RoleCSIRTMember, organisation.City(), "2009", "2009", organisation.BasisSelf)}}, false},
		{"an administrator", access.Principal{Admin: true}, false},
	} {
		if got := tc.p.NamesDeputies("111", []string{"110", "100"}); got != tc.want {
			t.Errorf("%s names the deputy of 111: %v, want %v", tc.name, got, tc.want)
		}
	}
}
