package store_test

import (
	"context"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"kijun/internal/audits"
	"kijun/internal/corrective"
	"kijun/internal/demo"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
	"kijun/internal/wareki"
)

// BenchmarkAudits measures chapter 11's reads and its independence check
// on one city-scale demo city (1,000 課, 20,000 staff) per engine: the
// plan page (plans, audits and each 課's risk), an audit's file, the
// register of corrective actions past due for the CISO's office, and an
// audit refused for an auditor in conflict (the organisation's history
// read and judged; nothing written). The issue sets no target for these;
// the pages are held to the 100 ms p95 of the city-wide progress page.
//
//	go test ./internal/store -run '^$' -bench Audits -benchtime 200x -timeout 60m
func BenchmarkAudits(b *testing.B) {
	urls := storetest.URLs(b)
	for _, engine := range slices.Sorted(maps.Keys(urls)) {
		b.Run(engine, func(b *testing.B) {
			ctx := context.Background()
			db := storetest.Open(b, urls[engine], store.Options{})
			start := time.Now()
			if _, err := demo.Generate(ctx, db, demo.Options{Scale: demo.City, Seed: 1}); err != nil {
				b.Fatal(err)
			}
			b.Logf("%s: city demo generated in %s", engine, time.Since(start))
			console := audits.Actor{Console: true}
			all, err := db.AuditsOf(ctx, console)
			if err != nil || len(all) == 0 {
				b.Fatalf("the demo has no audits (%v)", err)
			}
			b.Run("plan-page", storetest.P95(func() error {
				if _, err := db.Plans(ctx); err != nil {
					return err
				}
				_, err := db.AuditRisk(ctx)
				return err
			}))
			b.Run("audit-file", storetest.P95(func() error { _, err := db.ReadAudit(ctx, console, all[len(all)-1].ID); return err }))
			b.Run("actions-overdue", storetest.P95(func() error {
				_, err := db.CorrectiveActions(ctx, corrective.Officer{City: true}, store.CorrectiveFilter{Overdue: true, Day: db.Now()})
				return err
			}))
			// The next 年度's draft plan, and an audit whose auditor works
			// in the 課 audited: refused every time.
			year := wareki.FiscalYear(db.Now()) + 1
			p, err := db.CreatePlan(ctx, console, year, "")
			if err != nil {
				b.Fatal(err)
			}
			first := all[len(all)-1]
			fs, fe := wareki.FiscalYearRange(year)
			s, e := organisation.Day(fs), organisation.Day(fe)
			conflicted := audits.Audit{Title: "bench", Units: first.Units, Provisions: []string{"6.4"}, PeriodFrom: s.AddDate(-1, 0, 0), PeriodTo: s.AddDate(0, 0, -1),
				Starts: s, Ends: e.AddDate(0, 0, -1)}
			ms, err := db.Members(ctx, first.Units[0], db.Now())
			if err != nil || len(ms) == 0 {
				b.Fatalf("members of %s: %v", first.Units[0], err)
			}
			conflicted.Auditors = []audits.Auditor{{StaffNo: ms[len(ms)-1].StaffNo}}
			b.Run("independence-refusal", storetest.P95(func() error {
				if _, err := db.AddAudit(ctx, console, p.ID, conflicted); kijun.ErrorCode(err) != kijun.EINVALID || !strings.Contains(err.Error(), "11.1.2") {
					b.Fatalf("an auditor from the 課: %v", err)
				}
				return nil
			}))
		})
	}
}
