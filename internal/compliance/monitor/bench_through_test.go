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
// city with the test 訓令's alignment confirmed, the full run of every
// rule over the city through the alignment (target 1 s, as the full run
// with Kobe's standard, measured beside it), and switching the edition in
// force: a monitor started after the switch reads the standard, the
// alignment and the rules afresh and checks the city (beside the same
// cold start with Kobe's standard).
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
			// The full run as the budget counts it, on a monitor that has
			// run before: with Kobe's standard, then with the city's.
			warm := func(b *testing.B) {
				m := monitor.New(db)
				if _, err := m.Evaluate(ctx, db.Now()); err != nil {
					b.Fatal(err)
				}
				storetest.P95(func() error { _, err := m.Evaluate(ctx, db.Now()); return err })(b)
			}
			if err := db.SetSetting(ctx, store.DefaultCatalogSetting, kobe.Ref()); err != nil {
				b.Fatal(err)
			}
			b.Run("kobe-full-run", warm)
			if err := db.SetSetting(ctx, store.DefaultCatalogSetting, city); err != nil {
				b.Fatal(err)
			}
			b.Run("city-full-run-through-alignment", warm)
			// Switching: a monitor started after the edition in force
			// changed reads the standard, the alignment and the rules and
			// checks the city; the same cold start with Kobe's standard
			// tells what the alignment adds.
			cold := func(ref string) func() error {
				return func() error {
					if err := db.SetSetting(ctx, store.DefaultCatalogSetting, ref); err != nil {
						return err
					}
					_, err := monitor.New(db).Evaluate(ctx, db.Now())
					return err
				}
			}
			b.Run("kobe-cold-start", storetest.P95(cold(kobe.Ref())))
			b.Run("switch-to-city-cold-start", storetest.P95(cold(city)))
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
