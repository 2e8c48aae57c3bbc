package monitor_test

import (
	"context"
	"maps"
	"os"
	"slices"
	"testing"

	"kijun/internal/catalog/align"
	"kijun/internal/catalog/convert"
	"kijun/internal/compliance/monitor"
	"kijun/internal/demo"
	"kijun/internal/kijun"
	"kijun/internal/registers"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// BenchmarkComplianceThroughAlignment measures, on the city-scale demo
// city, putting the city's own 訓令 in force and running every rule over
// the city through its confirmed alignment (target 1 s, as the full run
// with Kobe's standard): each iteration switches the edition in force
// from Kobe's to the city's, starts a monitor that reads the standard,
// the alignment and the rules afresh, and evaluates the whole city;
// kobe-full-run-fresh-monitor is the same run with Kobe's standard.
//
//	go test ./internal/compliance/monitor -run '^$' -bench ComplianceThroughAlignment -benchtime 20x -timeout 60m
func BenchmarkComplianceThroughAlignment(b *testing.B) {
	urls := storetest.URLs(b)
	for _, engine := range slices.Sorted(maps.Keys(urls)) {
		b.Run(engine, func(b *testing.B) {
			ctx := kijun.WithActor(context.Background(), kijun.Actor{ID: "ciso-office"})
			db := storetest.Open(b, urls[engine], store.Options{})
			if _, err := demo.Generate(ctx, db, demo.Options{Scale: demo.City, Seed: 1}); err != nil {
				b.Fatal(err)
			}
			city := confirmedCity(b, ctx, db)
			kobe, err := db.DefaultCatalog(ctx)
			if err != nil {
				b.Fatal(err)
			}
			// The same full run with Kobe's standard in force and a fresh
			// monitor, to tell what the alignment costs.
			b.Run("kobe-full-run-fresh-monitor", storetest.P95(func() error {
				_, err := monitor.New(db).Evaluate(ctx, db.Now())
				return err
			}))
			b.Run("switch-and-full-run", storetest.P95After(func() error {
				return db.SetSetting(ctx, store.DefaultCatalogSetting, kobe.Ref())
			}, func() error {
				if err := db.SetSetting(ctx, store.DefaultCatalogSetting, city); err != nil {
					return err
				}
				res, err := monitor.New(db).Evaluate(ctx, db.Now())
				if err == nil && len(res.Findings) == 0 {
					b.Fatal("no findings through the alignment")
				}
				return err
			}))
		})
	}
}

// confirmedCity loads the test 訓令, confirms every proposed alignment as
// the CISO's office would and returns its key@edition.
func confirmedCity(tb testing.TB, ctx context.Context, db *store.DB) string {
	tb.Helper()
	data, err := os.ReadFile("../../catalog/convert/testdata/asahi-kijun.txt")
	if err != nil {
		tb.Fatal(err)
	}
	city, _, err := convert.Convert(data, convert.Options{Key: "asahi-kijun"})
	if err != nil {
		tb.Fatal(err)
	}
	if _, _, err := db.LoadCatalog(ctx, city, "kijun"); err != nil {
		tb.Fatal(err)
	}
	ref, err := db.Catalog(ctx, "kobe-kijun", "5.5")
	if err != nil {
		tb.Fatal(err)
	}
	props := align.Align(city, ref, align.Options{Normalize: convert.DefaultRoles().Canonical})
	office := registers.Console()
	if err := db.SaveAlignmentProposals(ctx, office, city.Key, city.Edition, ref.Key, ref.Edition, props); err != nil {
		tb.Fatal(err)
	}
	for _, p := range props {
		if len(p.Candidates) == 0 {
			continue
		}
		if _, err := db.DecideAlignment(ctx, office, city.Key, city.Edition, p.From, ref.Key, store.AlignmentDecision{Action: "accept"}); err != nil {
			tb.Fatal(err)
		}
	}
	return city.Key + "@" + city.Edition
}
