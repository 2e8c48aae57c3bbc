package cardkeeper

import (
	"testing"

	"kijun/internal/access"
	"kijun/internal/organisation"
)

// Who issues cards (7.4.1ア) and who may report one lost (イ(3)).
func TestKeeperOf(t *testing.T) {
	manager := &access.Principal{StaffNo: "2", Roles: []organisation.Acting{{Holder: organisation.Holder{Role: organisation.RoleInfoManager, Scope: organisation.UnitScope("111")}}}}
	office := &access.Principal{StaffNo: "9", Roles: []organisation.Acting{{Holder: organisation.Holder{Role: organisation.RoleInfraManager, Scope: organisation.City()}}}}
	staff := &access.Principal{StaffNo: "3"}
	for _, tc := range []struct {
		name          string
		k             *Keeper
		issues        bool
		own, mgr, any bool
	}{
		{"情報基盤管理者", KeeperOf(office), true, true, true, true},
		{"情報管理者 of 111", KeeperOf(manager), false, false, true, false},
		{"member of staff", KeeperOf(staff), false, true, false, false},
		{"read-only token", KeeperOf(&access.Principal{StaffNo: "3", Scope: access.ScopeRead}), false, false, false, false},
	} {
		if got := tc.k.Issues(); got != tc.issues {
			t.Errorf("%s issues: %v", tc.name, got)
		}
		if got := tc.k.ReportsFor("3", "112"); got != tc.own {
			t.Errorf("%s reports 3's card of 112: %v", tc.name, got)
		}
		if got := tc.k.ReportsFor("4", "111"); got != tc.mgr {
			t.Errorf("%s reports 4's card of 111: %v", tc.name, got)
		}
		if got := tc.k.ReportsFor("", "113"); got != tc.any {
			t.Errorf("%s reports a shared card of 113: %v", tc.name, got)
		}
	}
}
