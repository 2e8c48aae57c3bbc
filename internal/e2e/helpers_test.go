package e2e

import (
	"context"
	"strings"
	"testing"

	"kijun/internal/browsertest"
	"kijun/internal/cli"
	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// seedLogin gives the person staffNo ("" for a new administrator) an
// account in the SQLite database at dbPath, ready to sign in with a
// password and TOTP. Call it before the server starts.
func seedLogin(t *testing.T, dbPath, staffNo string, admin bool) *browsertest.Login {
	t.Helper()
	db := storetest.Open(t, dbPath, store.Options{})
	defer db.Close()
	return browsertest.SeedAccount(t, db, dbPath, staffNo, admin)
}

// holder returns the staff number of whoever holds role for scope today in
// the database at dbPath.
func holder(t *testing.T, dbPath string, role organisation.Role, scope organisation.Scope) string {
	t.Helper()
	db := storetest.Open(t, dbPath, store.Options{})
	defer db.Close()
	h, err := db.HolderOf(context.Background(), role, scope, organisation.Day(db.Now()))
	if err != nil {
		t.Fatal(err)
	}
	return h.Person.StaffNo
}

// cityOffice is the demo city's 情報セキュリティ管理者 (3.1.3).
func cityOffice(t *testing.T, dbPath string) string {
	return holder(t, dbPath, organisation.RoleSecurityManager, organisation.City())
}

// plainStaff returns someone who holds no role at all today: a member of
// staff whom nothing makes privileged.
func plainStaff(t *testing.T, dbPath string) string {
	t.Helper()
	db := storetest.Open(t, dbPath, store.Options{})
	defer db.Close()
	ctx := context.Background()
	today := organisation.Day(db.Now())
	units, err := db.UnitsOn(ctx, today)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range units {
		ms, err := db.Members(ctx, u.Code, today)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			if roles, err := db.RolesOf(ctx, m.StaffNo, today); err == nil && len(roles) == 0 && m.Assignment.Post == organisation.PostStaff {
				return m.StaffNo
			}
		}
	}
	t.Fatal("no member of staff without a role")
	return ""
}

// plainChief returns a 課長 who holds the 情報管理者 role of their 課 and no
// city-wide role, and the 課. Being 業務システム管理者 of the 課's own
// systems (3.1.8), as every 課長 of the demo is, gives no other access.
func plainChief(t *testing.T, dbPath string) (staffNo, unit string) {
	t.Helper()
	db := storetest.Open(t, dbPath, store.Options{})
	defer db.Close()
	ctx := context.Background()
	today := organisation.Day(db.Now())
	units, err := db.UnitsOn(ctx, today)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range units {
		if u.Kind != organisation.KindSection {
			continue
		}
		h, err := db.HolderOf(ctx, organisation.RoleInfoManager, organisation.UnitScope(u.Code), today)
		if err != nil {
			continue
		}
		roles, err := db.RolesOf(ctx, h.Person.StaffNo, today)
		if err != nil {
			t.Fatal(err)
		}
		city, others := false, 0
		for _, r := range roles {
			city = city || r.Holder.Scope.Kind == organisation.ScopeCity
			if r.Holder.Scope.Kind != organisation.ScopeSystem {
				others++
			}
		}
		if !city && others == 1 {
			return h.Person.StaffNo, u.Code
		}
	}
	t.Fatal("no 課長 without a city-wide role")
	return "", ""
}

// kijunCmd runs a kijun command in this process, as a city's operator
// would from the console, and fails the test with its output if it fails.
func kijunCmd(t *testing.T, args ...string) string {
	t.Helper()
	var out strings.Builder
	if err := cli.Run(t.Context(), args, func(string) string { return "" }, nil, &out, &out); err != nil {
		t.Fatalf("kijun %s: %v\n%s", strings.Join(args, " "), err, out.String())
	}
	return out.String()
}
