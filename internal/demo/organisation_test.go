package demo_test

import (
	"context"
	"testing"
	"time"

	"kijun/internal/demo"
	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// dump reads back what the demo wrote that a seed decides.
func dump(t *testing.T, db *store.DB, d time.Time) []string {
	t.Helper()
	ctx := context.Background()
	units, err := db.UnitsOn(ctx, d)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, u := range units {
		out = append(out, u.Code+" "+u.Name+" "+u.Parent)
		ms, err := db.Members(ctx, u.Code, d)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			out = append(out, "  "+m.StaffNo+" "+m.Name+" "+m.Kana+" "+string(m.Employment)+" "+string(m.Assignment.Post))
		}
	}
	return out
}

func TestSmallDemoIsDeterministicAndEveryRoleIsHeld(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := demo.Generate(ctx, db, demo.Options{Scale: demo.Small, Seed: 7}); err != nil {
			t.Fatal(err)
		}
		other := storetest.Open(t, t.TempDir()+"/other.db", store.Options{})
		if _, err := demo.Generate(ctx, other, demo.Options{Scale: demo.Small, Seed: 7}); err != nil {
			t.Fatal(err)
		}
		d := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
		a, b := dump(t, db, d), dump(t, other, d)
		if len(a) != len(b) {
			t.Fatalf("same seed, %d and %d lines", len(a), len(b))
		}
		for i := range a {
			if a[i] != b[i] {
				t.Fatalf("same seed differs at line %d: %q vs %q", i, a[i], b[i])
			}
		}
		people, _ := db.CountPeople(ctx)
		if people < 40 || people > 70 {
			t.Errorf("small demo has %d people, want about 50", people)
		}
		// A second run changes nothing.
		seq, _, _ := db.Head(ctx)
		if _, err := demo.Generate(ctx, db, demo.Options{Scale: demo.Small, Seed: 7}); err != nil {
			t.Fatal(err)
		}
		if again, _, _ := db.Head(ctx); again != seq {
			t.Errorf("second run wrote %d records", again-seq)
		}
		checkEveryRoleHeld(t, db, d)
	})
}

func checkEveryRoleHeld(t *testing.T, db *store.DB, d time.Time) {
	t.Helper()
	ctx := context.Background()
	units, err := db.UnitsOn(ctx, d)
	if err != nil {
		t.Fatal(err)
	}
	kinds, _ := db.UnitKinds(ctx)
	var scopes []struct {
		role  organisation.Role
		scope organisation.Scope
	}
	add := func(r organisation.Role, s organisation.Scope) {
		scopes = append(scopes, struct {
			role  organisation.Role
			scope organisation.Scope
		}{r, s})
	}
	for _, s := range organisation.RoleSpecs() {
		if s.ScopeKind == organisation.ScopeCity {
			add(s.Role, organisation.City())
		}
	}
	for _, u := range units {
		if kinds[u.Kind].InfoOfficer {
			add(organisation.RoleInfoOfficer, organisation.UnitScope(u.Code))
		}
		if kinds[u.Kind].InfoManager {
			add(organisation.RoleInfoManager, organisation.UnitScope(u.Code))
		}
	}
	// Every system's roles are held but those left vacant on purpose,
	// which TestSmallDemoFindsExactlyWhatWasPlanted checks.
	for _, sys := range []string{"juki", "zeimu", "yoyaku", "bunsho"} {
		add(organisation.RoleSystemOwner, organisation.SystemScope(sys))
		add(organisation.RoleSystemAdmin, organisation.SystemScope(sys))
	}
	for _, s := range scopes {
		hs, err := db.Holders(ctx, s.role, s.scope, d)
		if err != nil || len(hs) == 0 {
			t.Errorf("%s for %s on %s: %v", s.role, s.scope, organisation.FormatDate(d), err)
		}
	}
	// 3.2.11: during the CISO's absence the 企画調整局長 acts.
	a, err := db.ActingFor(ctx, organisation.RoleCISO, organisation.City(), time.Date(2025, 8, 5, 0, 0, 0, 0, time.UTC))
	if err != nil || a.Basis != organisation.BasisStanding {
		t.Errorf("CISO during absence: %+v (%v), want the standing rule", a, err)
	}
}

func TestCityDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("city-scale demo skipped in -short mode")
	}
	db := storetest.Open(t, t.TempDir()+"/city.db", store.Options{})
	ctx := context.Background()
	start := time.Now()
	if _, err := demo.Generate(ctx, db, demo.Options{Scale: demo.City, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	t.Logf("city demo generated in %s", time.Since(start))
	people, _ := db.CountPeople(ctx)
	d := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	units, _ := db.UnitsOn(ctx, d)
	sections := 0
	for _, u := range units {
		if u.Kind == organisation.KindSection {
			sections++
		}
	}
	if people < 18000 || people > 22000 || sections < 950 || sections > 1100 {
		t.Errorf("city demo: %d people, %d 課; want about 20,000 and 1,000", people, sections)
	}
	checkEveryRoleHeld(t, db, d)
}
