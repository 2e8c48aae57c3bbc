package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"kijun/internal/assets"
	"kijun/internal/organisation"
	"kijun/internal/registers"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// reorgCity loads 50 局 of 20 課 each (1,000 課) from 2024-04-01, with
// perSection assets in each 課, and returns the rows of a 組織改正 on
// 2027-04-01: 20% of the 課 renamed or moved to another 局, 5% merged into
// the next 課 with their assets moving.
func reorgCity(tb testing.TB, db *store.DB, perSection int) []organisation.UnitRow {
	tb.Helper()
	ctx := context.Background()
	from := day("2024-04-01")
	var units []organisation.Unit
	var sections []organisation.Unit
	for k := range 50 {
		bureau := organisation.Unit{Code: fmt.Sprintf("B%02d", k), Kind: organisation.KindBureau, Name: fmt.Sprintf("第%d局", k), Kana: "キョク", Period: organisation.Period{From: from}}
		units = append(units, bureau)
		for s := range 20 {
			u := organisation.Unit{Code: fmt.Sprintf("S%02d%02d", k, s), Kind: organisation.KindSection, Name: fmt.Sprintf("第%d局第%d課", k, s),
				Kana: "カ", Parent: bureau.Code, Period: organisation.Period{From: from}}
			units = append(units, u)
			sections = append(sections, u)
		}
	}
	if err := db.LoadOrganisation(ctx, store.OrganisationData{Units: units}); err != nil {
		tb.Fatal(err)
	}
	var rows []store.AssetRow
	for _, u := range sections {
		for i := range perSection {
			rows = append(rows, store.AssetRow{Line: len(rows) + 2, Asset: asset(fmt.Sprintf("%s-%03d", u.Code, i), u.Code, "台帳 "+u.Name, 1+i%3)})
		}
	}
	if _, err := db.ImportAssets(ctx, registers.Console(), "t", rows, assets.KobeScales(), nil, false); err != nil {
		tb.Fatal(err)
	}
	var out []organisation.UnitRow
	line := 2
	for i, u := range sections {
		switch {
		case i%20 == 19: // 5%: merged into the 課 before it
			out = append(out, unitRow(line, u.Code, u.Name, u.Parent, u.Kind, "2024-04-01", "2027-03-31", sections[i-1].Code))
		case i%10 == 3: // 10%: renamed
			out = append(out, unitRow(line, u.Code, u.Name+"（新）", u.Parent, u.Kind, "2027-04-01", "", ""))
		case i%10 == 7: // 10%: moved to the next 局
			out = append(out, unitRow(line, u.Code, u.Name, fmt.Sprintf("B%02d", (i/20+1)%50), u.Kind, "2027-04-01", "", ""))
		default:
			continue
		}
		line++
	}
	return out
}

// BenchmarkReorganisation measures a 組織改正 of a city-scale organisation:
// 1,000 課 with 10 assets each, 20% renamed or moved, 5% merged with their
// assets moving. Targets: preview under 5 s, apply under 30 s, in one
// transaction.
//
//	go test ./internal/store -run '^$' -bench Reorganisation -benchtime 1x
func BenchmarkReorganisation(b *testing.B) {
	for engine, u := range storetest.URLs(b) {
		b.Run(engine, func(b *testing.B) {
			ctx := context.Background()
			db := storetest.Open(b, u, store.Options{})
			start := time.Now()
			rows := reorgCity(b, db, 10)
			b.Logf("%s: 1,000 課 and 10,000 assets generated in %s; %d rows", engine, time.Since(start), len(rows))
			b.Run("Preview", func(b *testing.B) {
				for b.Loop() {
					plan, err := db.ImportUnits(ctx, rows, true)
					if err != nil {
						b.Fatal(err)
					}
					if n := plan.Successors(); len(n) != 50 {
						b.Fatalf("%d successors, want 50", len(n))
					}
				}
			})
			b.Run("Apply", func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					if i > 0 {
						b.StopTimer()
						db = storetest.Open(b, u, store.Options{})
						rows = reorgCity(b, db, 10)
						b.StartTimer()
					}
					plan, err := db.ImportUnits(ctx, rows, false)
					if err != nil {
						b.Fatal(err)
					}
					if got := plan.Counts[organisation.ReorgAbolished]; got != 50 {
						b.Fatalf("%d abolished, want 50", got)
					}
				}
			})
		})
	}
}
