package demo_test

import (
	"context"
	"maps"
	"slices"
	"testing"
	"time"

	"kijun/internal/demo"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// The demo city has the CISO's 2025 plan of 緊急時対応訓練 (7.2.3): a drill
// held as a drill incident, one put off with its reason, and the CISO's
// improvement after the drill held, open as a corrective action; a
// second run adds none.
func TestDemoDrillPlan(t *testing.T) {
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
			p, err := db.DrillPlan(ctx, 2025)
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Entries) != 2 {
				t.Fatalf("entries: %d, want 2", len(p.Entries))
			}
			held, putOff := p.Entries[0], p.Entries[1]
			if held.Result == nil || !held.Result.Held || held.Result.IncidentID == 0 {
				t.Errorf("the drill of October: %+v, want held as a drill incident", held.Result)
			}
			if putOff.Result == nil || putOff.Result.Held || putOff.Result.Lessons == "" {
				t.Errorf("the drill of February: %+v, want put off with its reason", putOff.Result)
			}
			if len(held.Improvements) != 1 || held.Improvements[0].CorrectiveID == 0 || held.Improvements[0].ProcedureID == 0 {
				t.Fatalf("improvements: %+v, want one, with its corrective action and procedure", held.Improvements)
			}
			if !held.Improvements[0].Due.After(checkDay) {
				t.Errorf("the improvement is due %v, before the demo's day: it would plant a shortfall", held.Improvements[0].Due)
			}
		})
	}
}
