package store_test

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"

	"kijun/internal/demo"
	"kijun/internal/organisation"
	"kijun/internal/permits"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// BenchmarkPermits measures the permits pages' reads and a request's
// writes on a city-scale demo city with 100,000 past requests: an
// approver's inbox and a requester's list (target p95 ≤ 50 ms), and
// submitting and approving a request, ledger records included (≤ 20 ms).
//
//	go test ./internal/store -run '^$' -bench Permits -benchtime 200x -timeout 60m
func BenchmarkPermits(b *testing.B) {
	reg, err := permits.Default()
	if err != nil {
		b.Fatal(err)
	}
	urls := storetest.URLs(b)
	for _, engine := range slices.Sorted(maps.Keys(urls)) {
		b.Run(engine, func(b *testing.B) {
			ctx := context.Background()
			db := storetest.Open(b, urls[engine], store.Options{})
			start := time.Now()
			if _, err := demo.Generate(ctx, db, demo.Options{Scale: demo.City, Seed: 1}); err != nil {
				b.Fatal(err)
			}
			p := db.Permits(reg)
			have, _ := p.CountPermits(ctx)
			if _, err := demo.PermitHistory(ctx, db, reg, 100_000-have, 0, 2); err != nil {
				b.Fatal(err)
			}
			if err := db.Update(ctx, func(tx *store.Tx) error {
				_, err := tx.ExecContext(ctx, "ANALYZE")
				return err
			}); err != nil {
				b.Fatal(err)
			}
			n, _ := p.CountPermits(ctx)
			b.Logf("%s: city demo with %d requests in %s", engine, n, time.Since(start))

			// The busiest requester and the 情報管理者 of their 課.
			today := organisation.Day(db.Now())
			var requester, unit string
			if err := db.View(ctx, func(tx *store.Tx) error {
				return tx.QueryRowContext(ctx, `SELECT requester, unit_code FROM permit_requests WHERE exception = 0 GROUP BY requester, unit_code ORDER BY COUNT(*) DESC LIMIT 1`).Scan(&requester, &unit)
			}); err != nil {
				b.Fatal(err)
			}
			chief, err := db.HolderOf(ctx, organisation.RoleInfoManager, organisation.UnitScope(unit), today)
			if err != nil {
				b.Fatal(err)
			}
			ciso, err := db.HolderOf(ctx, organisation.RoleCISO, organisation.City(), today)
			if err != nil {
				b.Fatal(err)
			}
			mine, _ := p.Mine(ctx, requester, 100)
			b.Logf("requester %s has %d requests on the first page", requester, len(mine))
			b.Run("inbox-info-manager", storetest.P95(func() error { _, err := p.Inbox(ctx, chief.Person.StaffNo, today, 100); return err }))
			b.Run("inbox-ciso", storetest.P95(func() error { _, err := p.Inbox(ctx, ciso.Person.StaffNo, today, 100); return err }))
			b.Run("requester-list", storetest.P95(func() error { _, err := p.Mine(ctx, requester, 100); return err }))
			b.Run("request-page", storetest.P95(func() error { _, err := p.Get(ctx, mine[0].ID); return err }))
			filing := store.Filing{Type: "carry", Requester: requester, Submit: true,
				Fields:    map[string]string{"asset": fmt.Sprintf("A%s-0001", unit), "destination": "北区役所", "protection": "暗号化"},
				ValidFrom: today, ValidTo: today.AddDate(0, 0, 3)}
			var filed []int64
			b.Run("file-and-submit", storetest.P95(func() error {
				r, err := p.File(ctx, filing)
				filed = append(filed, r.ID)
				return err
			}))
			i := 0
			b.Run("approve", storetest.P95(func() error {
				if i >= len(filed) {
					r, err := p.File(ctx, filing)
					if err != nil {
						return err
					}
					filed = append(filed, r.ID)
				}
				_, err := p.Decide(ctx, filed[i], store.Decision{Approve: true, Decider: chief.Person.StaffNo})
				i++
				return err
			}))
			b.Run("due", storetest.P95(func() error { _, err := p.Due(ctx, db.Now()); return err }))
		})
	}
}
