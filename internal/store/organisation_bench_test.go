package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"kijun/internal/demo"
	"kijun/internal/hrimport"
	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// BenchmarkOrganisation measures, on city-scale demo data (about 20,000
// staff in 1,000 課), the calls the rest of Kijun makes most. Targets:
// HolderOf under 1 ms, person search under 20 ms, the HR import of 20,000
// people under 20 s.
//
//	go test ./internal/store -run '^$' -bench Organisation
//
// Each import moves every person, so it takes seconds and runs once at
// the default -benchtime.
func BenchmarkOrganisation(b *testing.B) {
	for engine, u := range storetest.URLs(b) {
		b.Run(engine, func(b *testing.B) {
			ctx := context.Background()
			db := storetest.Open(b, u, store.Options{})
			start := time.Now()
			if _, err := demo.Generate(ctx, db, demo.Options{Scale: demo.City, Seed: 1}); err != nil {
				b.Fatal(err)
			}
			b.Logf("%s: city demo generated in %s", engine, time.Since(start))
			d := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
			units, err := db.UnitsOn(ctx, d)
			if err != nil {
				b.Fatal(err)
			}
			var sections []string
			for _, u := range units {
				if u.Kind == organisation.KindSection {
					sections = append(sections, u.Code)
				}
			}
			b.Run("HolderOf", func(b *testing.B) {
				i := 0
				for b.Loop() {
					i++
					if _, err := db.HolderOf(ctx, organisation.RoleInfoManager, organisation.UnitScope(sections[i%len(sections)]), d); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("HolderOfCity", func(b *testing.B) {
				for b.Loop() {
					if _, err := db.HolderOf(ctx, organisation.RoleCSIRTLead, organisation.City(), d); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("SearchPeople", func(b *testing.B) {
				queries := []string{"やまだ", "佐藤", "タカハシ ユ", "100777", "美咲"}
				i := 0
				for b.Loop() {
					i++
					if _, err := db.SearchPeople(ctx, queries[i%len(queries)], d, 50); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("ImportHR20000", func(b *testing.B) {
				year := 2026
				for range b.N {
					b.StopTimer()
					data, n := transferEveryone(b, db, sections, year)
					b.StartTimer()
					plan, err := hrimport.Import(ctx, db, "idou.csv", data, false)
					if err != nil {
						b.Fatal(err)
					}
					if plan.Counts[organisation.HRChanged] < n*9/10 {
						b.Fatalf("import changed %d of %d people", plan.Counts[organisation.HRChanged], n)
					}
					year++
				}
			})
		})
	}
}

// transferEveryone writes an HR file moving every active person's primary
// post to another 課 on 1 April of year.
func transferEveryone(b *testing.B, db *store.DB, sections []string, year int) ([]byte, int) {
	b.Helper()
	ctx := context.Background()
	d := time.Date(year, 4, 1, 0, 0, 0, 0, time.UTC)
	var sb strings.Builder
	sb.WriteString(strings.Join(hrimport.Columns(), ",") + "\n")
	n := 0
	for i, sec := range sections {
		ms, err := db.Members(ctx, sec, organisation.DayBefore(d))
		if err != nil {
			b.Fatal(err)
		}
		to := sections[(i+1)%len(sections)]
		for _, m := range ms {
			if !m.Assignment.Primary {
				continue
			}
			fmt.Fprintf(&sb, "%s,%s,%s,%s,%s,%s,,%s,異動\n", m.StaffNo, m.Name, m.Kana, m.Employment.Label(), to, m.Assignment.Post, organisation.FormatDate(d))
			n++
		}
	}
	return []byte(sb.String()), n
}
