package demo_test

import (
	"context"
	"maps"
	"slices"
	"testing"
	"time"

	"kijun/internal/demo"
	"kijun/internal/incidents"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
	"kijun/internal/wareki"
)

// One of the demo city's past incidents names the 再々委託先 of the
// 尼崎-style chain (F0005, contract K0001): the contractor's page lists it,
// the statistics of the year it came to light count it under 事業者別, and
// a second run names no other.
func TestDemoIncidentNamesTheChainsContractor(t *testing.T) {
	urls := storetest.URLs(t)
	for _, engine := range slices.Sorted(maps.Keys(urls)) {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			db := storetest.Open(t, urls[engine], store.Options{Now: func() time.Time { return checkDay }})
			for range 2 {
				if _, err := demo.Generate(ctx, db, demo.Options{Scale: demo.Small, Seed: 1}); err != nil {
					t.Fatal(err)
				}
			}
			list, err := db.ContractorIncidents(ctx, "F0005", 10)
			if err != nil {
				t.Fatal(err)
			}
			if len(list) != 1 || list[0].ContractID != "K0001" || list[0].Cause != incidents.CauseContractor {
				t.Fatalf("the chain's contractor's incidents: %+v, want one under K0001 caused by the 委託先", list)
			}
			in, err := db.Incident(ctx, list[0].ID)
			if err != nil {
				t.Fatal(err)
			}
			from, to := wareki.FiscalYearRange(wareki.FiscalYear(in.DiscoveredAt))
			rows, err := db.IncidentStatRows(ctx, from, to)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.ContainsFunc(incidents.Compute(rows).ByContractor, func(c incidents.Count) bool { return c.Key == "F0005" && c.N == 1 }) {
				t.Errorf("the statistics of %s do not count the incident under F0005: %+v", wareki.FiscalYearName(from), incidents.Compute(rows).ByContractor)
			}
		})
	}
}
