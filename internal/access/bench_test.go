package access_test

import (
	"context"
	"maps"
	"slices"
	"testing"

	"kijun/internal/access"
	"kijun/internal/auth"
	"kijun/internal/demo"
	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// BenchmarkAccess measures, on city-scale demo data (about 20,000 staff
// in 1,000 課), what sign-in costs: a password sign-in with the default
// argon2id (target 50 to 100 ms, the hash's own cost), working out a 課長's
// roles, and the check every request makes of its session (target under
// 2 ms), which reuses the roles for 30 seconds.
//
//	go test ./internal/access -run '^$' -bench Access -benchtime 50x
func BenchmarkAccess(b *testing.B) {
	urls := storetest.URLs(b)
	for _, engine := range slices.Sorted(maps.Keys(urls)) {
		b.Run(engine, func(b *testing.B) {
			ctx := context.Background()
			db := storetest.Open(b, urls[engine], store.Options{})
			if _, err := demo.Generate(ctx, db, demo.Options{Scale: demo.City, Seed: 1}); err != nil {
				b.Fatal(err)
			}
			svc, err := access.New(ctx, access.Config{DB: db, Policy: access.DefaultPolicy(), SealKey: make([]byte, auth.KeySize)})
			if err != nil {
				b.Fatal(err)
			}
			// A 課長: an account with a role held by post.
			units, _ := db.UnitsOn(ctx, organisation.Day(db.Now()))
			var chief string
			for _, u := range units {
				if u.Kind == organisation.KindSection {
					h, err := db.HolderOf(ctx, organisation.RoleInfoManager, organisation.UnitScope(u.Code), organisation.Day(db.Now()))
					if err == nil {
						chief = h.Person.StaffNo
						break
					}
				}
			}
			pw, err := svc.CreateAccount(ctx, &access.Principal{AccountID: "bench", Admin: true}, chief, false)
			if err != nil {
				b.Fatal(err)
			}
			cur, err := svc.SignIn(ctx, chief, pw, "")
			if err != nil {
				b.Fatal(err)
			}
			b.Run("SignIn", func(b *testing.B) {
				for b.Loop() {
					if _, err := svc.SignIn(ctx, chief, pw, ""); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("RolesOf", func(b *testing.B) {
				for b.Loop() {
					if _, err := db.RolesOf(ctx, chief, organisation.Day(db.Now())); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("Authenticate", func(b *testing.B) {
				for b.Loop() {
					c, err := svc.Authenticate(ctx, cur.Token)
					if err != nil || len(c.Principal.Roles) == 0 {
						b.Fatalf("%+v, %v", c, err)
					}
				}
			})
		})
	}
}
