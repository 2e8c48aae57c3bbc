package store_test

import (
	"context"
	"maps"
	"slices"
	"testing"
	"time"

	"kijun/internal/compliance/monitor"
	"kijun/internal/demo"
	"kijun/internal/selfcheck"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// BenchmarkSelfcheck measures the self-check of 11.2 on one city-scale
// demo city per engine (about 1,000 課 and 20,000 staff), checked once by
// the rules: launching a campaign for every person (target 10 s a
// launch), the progress per 局 and 課 of the whole city (100 ms at the
// 95th percentile) and checking one 課's answers against the registers
// (50 ms at the 95th percentile), reported as p95-ms.
//
//	go test ./internal/store -run '^$' -bench 'Selfcheck/.*/launch' -benchtime 5x -timeout 60m
//	go test ./internal/store -run '^$' -bench 'Selfcheck/.*/(progress|check)' -benchtime 200x -timeout 60m
func BenchmarkSelfcheck(b *testing.B) {
	urls := storetest.URLs(b)
	for _, engine := range slices.Sorted(maps.Keys(urls)) {
		b.Run(engine, func(b *testing.B) {
			ctx := context.Background()
			db := storetest.Open(b, urls[engine], store.Options{})
			if _, err := demo.Generate(ctx, db, demo.Options{Scale: demo.City, Seed: 1}); err != nil {
				b.Fatal(err)
			}
			m := monitor.New(db)
			if _, err := m.Run(ctx, db.Now()); err != nil {
				b.Fatal(err)
			}
			cat, err := m.Catalog(ctx)
			if err != nil {
				b.Fatal(err)
			}
			// The campaign the progress and the check read, launched
			// untimed, so those run without the launches.
			const measured = 2150
			if _, _, err := db.LaunchSelfcheck(ctx, store.Launch{FiscalYear: measured, Catalog: cat}); err != nil {
				b.Fatal(err)
			}
			year := 2000
			var reports int
			// Each launch is a new 年度: a 年度 is launched once.
			b.Run("launch", func(b *testing.B) {
				var times []time.Duration
				for b.Loop() {
					year++
					t0 := time.Now()
					_, n, err := db.LaunchSelfcheck(ctx, store.Launch{FiscalYear: year, Catalog: cat})
					if err != nil {
						b.Fatal(err)
					}
					times = append(times, time.Since(t0))
					reports = n
				}
				b.ReportMetric(storetest.Millis(storetest.Percentile(times, 95)), "p95-ms")
				b.ReportMetric(float64(reports), "reports")
			})
			c, err := db.SelfcheckCampaign(ctx, measured)
			if err != nil {
				b.Fatal(err)
			}
			// A 課 with an unencrypted medium answers every question yes.
			found, _, err := db.ListFindings(ctx, store.FindingFilter{Rule: "medium.encryption", Limit: 1})
			if err != nil || len(found) == 0 {
				b.Fatalf("no medium.encryption finding: %v", err)
			}
			units, err := db.SelfcheckReports(ctx, c.ID, selfcheck.Unit, 1<<20)
			if err != nil {
				b.Fatal(err)
			}
			var rep selfcheck.Report
			for _, r := range units {
				if r.Subject == found[0].Unit {
					rep = r
				}
			}
			for _, q := range c.For(selfcheck.Unit) {
				if _, err := db.AnswerSelfcheck(ctx, rep.ID, "", selfcheck.Answer{Question: q.Key, Value: selfcheck.Yes}); err != nil {
					b.Fatal(err)
				}
			}
			b.Run("progress", storetest.P95(func() error { _, err := db.SelfcheckProgress(ctx, measured); return err }))
			b.Run("check-unit", storetest.P95(func() error {
				v, err := db.SelfcheckReport(ctx, rep.ID)
				if err == nil && len(v.Unexplained()) == 0 {
					b.Fatal("the 課's yes to 6.4.3 was not contradicted")
				}
				return err
			}))
		})
	}
}
