package store_test

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
)

// BenchmarkIncidents measures the CSIRT's board, an incident's page and
// filing a report on one city-scale demo city per engine, with its 10,000
// past incidents: the targets are 50 ms at the 95th percentile, reported
// as p95-ms.
//
//	go test ./internal/store -run '^$' -bench Incidents -benchtime 200x -timeout 60m
func BenchmarkIncidents(b *testing.B) {
	urls := storetest.URLs(b)
	for _, engine := range slices.Sorted(maps.Keys(urls)) {
		b.Run(engine, func(b *testing.B) {
			ctx := context.Background()
			db := storetest.Open(b, urls[engine], store.Options{})
			start := time.Now()
			if _, err := demo.Generate(ctx, db, demo.Options{Scale: demo.City, Seed: 1}); err != nil {
				b.Fatal(err)
			}
			n, _ := db.CountIncidents(ctx)
			b.Logf("%s: city demo with %d incidents generated in %s", engine, n, time.Since(start))
			now := db.Now()
			b.Run("board", storetest.P95(func() error { _, err := db.IncidentBoard(ctx, now); return err }))
			// What the incident's page reads: the file and its history.
			b.Run("incident-page", storetest.P95(func() error {
				if _, err := db.IncidentFile(ctx, 5000); err != nil {
					return err
				}
				_, err := db.IncidentHistory(ctx, 5000)
				return err
			}))
			// A new report: checks, the incident and its first version,
			// routing through the organisation (holders and deputies of
			// each role), the notices and the ledger records.
			past, err := db.IncidentFile(ctx, 5000)
			if err != nil {
				b.Fatal(err)
			}
			report := incidents.Incident{Title: "USB メモリの紛失", Kind: incidents.KindLoss, DiscoveredAt: now.Add(-time.Hour),
				Reporter: past.Incident.Reporter, Unit: past.Incident.Unit, Description: "帰宅途中に紛失した", Urgent: true,
				Leak: incidents.Leak{State: incidents.LeakSuspected, People: 150}}
			b.Run("file-report", storetest.P95(func() error {
				_, ns, err := db.FileIncident(ctx, report)
				if err == nil && len(ns) < 3 {
					b.Fatalf("a report told only %d people", len(ns))
				}
				return err
			}))
		})
	}
}
