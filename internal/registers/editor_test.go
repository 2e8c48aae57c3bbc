package registers_test

import (
	"context"
	"testing"
	"time"

	"kijun/internal/access"
	"kijun/internal/organisation"
	"kijun/internal/registers"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// Who keeps which 課's records: the units a person works in and those
// they hold a role for, with every unit below (3.1.5); the city office and
// administrators every 課 and the network; the audit director and a
// read-only token nothing; the console, explicitly, everything.
func TestEditorKeeps(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		from := organisation.Period{From: time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)}
		unit := func(code, parent string, kind organisation.UnitKind) organisation.Unit {
			return organisation.Unit{Code: code, Kind: kind, Name: "課" + code, Kana: "カ", Parent: parent, Period: from}
		}
		if err := db.LoadOrganisation(ctx, store.OrganisationData{Units: []organisation.Unit{
			unit("100", "", organisation.KindBureau), unit("110", "100", organisation.KindDepartment),
			unit("111", "110", organisation.KindSection), unit("112", "110", organisation.KindSection), unit("200", "", organisation.KindBureau),
		}}); err != nil {
			t.Fatal(err)
		}
		acts := func(r organisation.Role, s organisation.Scope) []organisation.Acting {
			return []organisation.Acting{{Holder: organisation.Holder{Role: r, Scope: s}}}
		}
		tests := []struct {
			who     string
			p       *access.Principal
			keeps   []string
			not     []string
			network bool
		}{
			{"a member of 111's staff", &access.Principal{StaffNo: "1", Units: []string{"111"}}, []string{"111"}, []string{"112", "110", "200"}, false},
			{"111's 情報管理者", &access.Principal{StaffNo: "2", Units: []string{"111"}, Roles: acts(organisation.RoleInfoManager, organisation.UnitScope("111"))},
				[]string{"111"}, []string{"112", "200"}, false},
			{"the 情報責任者 of 100", &access.Principal{StaffNo: "3", Units: []string{"111"}, Roles: acts(organisation.RoleInfoOfficer, organisation.UnitScope("100"))},
				[]string{"100", "110", "111", "112"}, []string{"200"}, false},
			{"the 情報セキュリティ管理者", &access.Principal{StaffNo: "4", Units: []string{"200"}, Roles: acts(organisation.RoleSecurityManager, organisation.City())},
				[]string{"111", "112", "200"}, nil, true},
			{"the audit director", &access.Principal{StaffNo: "5", Units: []string{"200"}, Roles: acts(organisation.RoleAuditDirector, organisation.City())},
				nil, []string{"111", "200"}, false},
			{"an administrator", &access.Principal{AccountID: "admin", Admin: true}, []string{"111", "200"}, nil, true},
			{"111's staff with a read-only token", &access.Principal{StaffNo: "1", Units: []string{"111"}, Scope: access.ScopeRead}, nil, []string{"111"}, false},
			{"nobody signed in", nil, nil, []string{"111"}, false},
		}
		for _, tt := range tests {
			ed, err := registers.EditorOf(ctx, db, tt.p)
			if err != nil {
				t.Fatalf("%s: %v", tt.who, err)
			}
			for _, u := range tt.keeps {
				if !ed.Keeps(u) {
					t.Errorf("%s does not keep %s's records; want them kept", tt.who, u)
				}
			}
			for _, u := range tt.not {
				if ed.Keeps(u) {
					t.Errorf("%s keeps %s's records; want them refused", tt.who, u)
				}
			}
			if got := ed.KeepsNetwork(); got != tt.network {
				t.Errorf("%s keeps the network: %v, want %v", tt.who, got, tt.network)
			}
		}
		console := registers.Console()
		if !console.Keeps("111") || !console.Keeps("200") || !console.KeepsNetwork() {
			t.Errorf("the console does not keep every register")
		}
	})
}
