package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// The ledger is searched by who, what action (or every action under a
// prefix), entity and days, newest first and in pages, on both engines.
func TestRecordSearch(t *testing.T) {
	for engine, u := range storetest.URLs(t) {
		t.Run(engine, func(t *testing.T) {
			clock := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
			db := storetest.Open(t, u, store.Options{Now: func() time.Time { return clock }})
			// Ten days, a record a day by person:1 and one by person:2.
			for day := range 10 {
				clock = time.Date(2026, 4, 1+day, 3, 0, 0, 0, time.UTC) // 12:00 JST
				for _, who := range []string{"person:1", "person:2"} {
					ctx := kijun.WithActor(context.Background(), kijun.Actor{ID: who})
					if err := db.SetSetting(ctx, fmt.Sprintf("%s-%d", who, day), "v"); err != nil {
						t.Fatal(err)
					}
				}
			}
			jst := time.FixedZone("JST", 9*3600)
			seqs := func(f store.RecordFilter) []string {
				t.Helper()
				recs, err := db.Records(context.Background(), f)
				if err != nil {
					t.Fatal(err)
				}
				var out []string
				for _, r := range recs {
					if r.Action == "setting.set" {
						out = append(out, strings.TrimPrefix(r.Actor, "person:")+"@"+r.At.In(jst).Format("0102"))
					}
				}
				return out
			}
			for _, tc := range []struct {
				name string
				f    store.RecordFilter
				want []string
			}{
				{"by actor, a page of 3", store.RecordFilter{Actor: "person:2", Limit: 3}, []string{"2@0410", "2@0409", "2@0408"}},
				{"by days", store.RecordFilter{From: time.Date(2026, 4, 3, 0, 0, 0, 0, jst), To: time.Date(2026, 4, 5, 0, 0, 0, 0, jst)},
					[]string{"2@0404", "1@0404", "2@0403", "1@0403"}},
				{"by actor and day", store.RecordFilter{Actor: "person:1", From: time.Date(2026, 4, 10, 0, 0, 0, 0, jst)}, []string{"1@0410"}},
				{"by action prefix", store.RecordFilter{Action: "setting.", Actor: "person:1", Limit: 2}, []string{"1@0410", "1@0409"}},
				{"by exact action", store.RecordFilter{Action: "setting.se", Actor: "person:1"}, nil},
				{"by entity", store.RecordFilter{Entity: "setting", EntityID: "person:1-0"}, []string{"1@0401"}},
			} {
				if got := seqs(tc.f); !slices.Equal(got, tc.want) {
					t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
				}
			}
			// Paging: the next page starts below the last seq shown.
			first, _ := db.Records(context.Background(), store.RecordFilter{Actor: "person:2", Limit: 3})
			next, _ := db.Records(context.Background(), store.RecordFilter{Actor: "person:2", Limit: 3, Before: first[2].Seq})
			if len(next) != 3 || next[0].At.In(jst).Format("0102") != "0407" {
				t.Errorf("second page starts at %v, want 04-07", next)
			}
		})
	}
}

// Each filter of the ledger search walks an index rather than the table,
// so that it stays fast at ledger scale (SQLite's plan).
func TestRecordSearchUsesIndexes(t *testing.T) {
	db := storetest.Open(t, t.TempDir()+"/kijun.db", store.Options{})
	for _, q := range []string{
		"SELECT seq FROM ledger_records WHERE actor = 'person:1' ORDER BY seq DESC LIMIT 50",
		"SELECT seq FROM ledger_records WHERE action >= 'permit.' AND action < 'permit/' ORDER BY seq DESC LIMIT 50",
		"SELECT seq FROM ledger_records WHERE at >= '2026-04-01' AND at < '2026-04-02' ORDER BY seq DESC LIMIT 50",
	} {
		var plan []string
		err := db.View(context.Background(), func(tx *store.Tx) error {
			rows, err := tx.QueryContext(context.Background(), "EXPLAIN QUERY PLAN "+q)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var id, parent, unused int
				var detail string
				if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
					return err
				}
				plan = append(plan, detail)
			}
			return rows.Err()
		})
		if err != nil {
			t.Fatal(err)
		}
		if p := strings.Join(plan, "; "); !strings.Contains(p, "USING INDEX") && !strings.Contains(p, "USING COVERING INDEX") {
			t.Errorf("%s: plan %q walks no index", q, p)
		}
	}
}
