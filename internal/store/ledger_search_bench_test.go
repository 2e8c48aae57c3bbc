package store_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// BenchmarkRecordSearch searches a ledger of 300,000 records made by 3,000
// people over a year, as the ledger page does: a page of 50 by person, by
// action prefix, by a day, and a person over a month.
func BenchmarkRecordSearch(b *testing.B) {
	const n, people = 300_000, 3_000
	clock := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	db := storetest.Open(b, filepath.Join(b.TempDir(), "kijun.db"), store.Options{Now: func() time.Time { return clock }})
	actions := []string{"asset.update", "permit.approve", "permit.submit", "device.update", "auth.factor.enrol"}
	for done := 0; done < n; {
		err := db.Update(context.Background(), func(tx *store.Tx) error {
			// A batch per actor: RecordMany records one actor per call.
			for range 20 {
				who := fmt.Sprintf("person:%06d", done%people)
				ctx := kijun.WithActor(context.Background(), kijun.Actor{ID: who})
				cs := make([]store.Change, 100)
				for i := range cs {
					cs[i] = store.Change{Action: actions[(done+i)%len(actions)], Entity: "asset", EntityID: fmt.Sprint(done + i), State: done + i, Provisions: []string{"4.4"}}
				}
				if err := tx.RecordMany(ctx, cs); err != nil {
					return err
				}
				done += len(cs)
				clock = clock.Add(time.Duration(len(cs)) * 365 * 24 * time.Hour / n)
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	jst := time.FixedZone("JST", 9*3600)
	for name, f := range map[string]store.RecordFilter{
		"actor":        {Actor: "person:001200", Limit: 50},
		"action":       {Action: "auth.", Limit: 50},
		"day":          {From: time.Date(2026, 9, 1, 0, 0, 0, 0, jst), To: time.Date(2026, 9, 2, 0, 0, 0, 0, jst), Limit: 50},
		"actor+month":  {Actor: "person:001200", From: time.Date(2026, 9, 1, 0, 0, 0, 0, jst), To: time.Date(2026, 10, 1, 0, 0, 0, 0, jst), Limit: 50},
		"newest":       {Limit: 50},
		"action+older": {Action: "permit.approve", Before: 150_000, Limit: 50},
	} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				recs, err := db.Records(context.Background(), f)
				if err != nil {
					b.Fatal(err)
				}
				if len(recs) == 0 {
					b.Fatal("found nothing")
				}
			}
		})
	}
}
