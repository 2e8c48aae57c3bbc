package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"kijun/internal/assets"
	"kijun/internal/kijun"
	"kijun/internal/registers"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

func asset(id, unit, name string, c int) assets.Asset {
	a := assets.Asset{ID: id, Unit: unit, Name: name, Kind: assets.KindData, Stage: assets.StageUse,
		Classification: assets.Classification{Confidentiality: assets.Confidentiality(c), Integrity: 1, Availability: 1}}
	if c >= 2 {
		a.ConfidentialityReason = "個人情報"
	}
	return a
}

// The list filters, searches, sorts and pages on both engines, and counts
// what the filter matches in all.
func TestListAssets(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		smallOrg(t, db)
		var rows []store.AssetRow
		for i := range 30 {
			unit := "111"
			if i%3 == 0 {
				unit = "112"
			}
			rows = append(rows, store.AssetRow{Line: i + 2, Asset: asset(fmt.Sprintf("X-%02d", i), unit, fmt.Sprintf("台帳%02d号 %s", 30-i, []string{"住民", "税務", "福祉"}[i%3]), 1+i%3)})
		}
		if _, err := db.ImportAssets(ctx, registers.Console(), "t", rows, assets.KobeScales(), nil, false); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name      string
			f         store.AssetFilter
			total     int
			first     string
			pageCount int
		}{
			{"all", store.AssetFilter{Limit: 10}, 30, "X-00", 10},
			{"one unit", store.AssetFilter{Units: []string{"112"}}, 10, "X-00", 10},
			{"no units", store.AssetFilter{Units: []string{}}, 0, "", 0},
			{"c3", store.AssetFilter{MinConfidentiality: 3}, 10, "X-02", 10},
			{"a reading does not find kanji", store.AssetFilter{Q: "ぜいむ"}, 0, "", 0},
			{"search", store.AssetFilter{Q: "税務"}, 10, "X-01", 10},
			{"search two words", store.AssetFilter{Q: "税務 台帳29"}, 1, "X-01", 1},
			{"by name desc", store.AssetFilter{Sort: "name", Desc: true, Limit: 5}, 30, "X-00", 5},
			{"by name", store.AssetFilter{Sort: "name", Limit: 5}, 30, "X-29", 5},
			{"last page", store.AssetFilter{Limit: 10, Offset: 25}, 30, "X-25", 5},
			{"past the end with a search", store.AssetFilter{Q: "台帳", Offset: 100}, 30, "", 0},
			{"in scope", store.AssetFilter{InScope: true}, 20, "X-01", 20},
		}
		for _, tt := range tests {
			list, total, err := db.ListAssets(ctx, tt.f)
			if err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			first := ""
			if len(list) > 0 {
				first = list[0].ID
			}
			if total != tt.total || first != tt.first || len(list) != tt.pageCount {
				t.Errorf("%s: total %d, first %q, %d on the page; want %d, %q, %d", tt.name, total, first, len(list), tt.total, tt.first, tt.pageCount)
			}
		}
	})
}

// Saving checks every field, refuses a second asset with the same ID,
// and refuses a change made from a version someone else has changed since.
func TestSaveAsset(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		smallOrg(t, db)
		ss := assets.KobeScales()
		bad := asset("bad id!", "999", "", 4)
		bad.Kind, bad.Stage = "scroll", assets.StageObtain
		_, err := db.CreateAsset(ctx, registers.Console(), bad, ss)
		var ae *store.FieldErrors
		if !errors.As(err, &ae) {
			t.Fatalf("bad asset: %v", err)
		}
		fields := map[string]bool{}
		for _, f := range ae.Fields {
			fields[f.Field] = true
		}
		for _, f := range []string{"id", "name", "kind", "confidentiality", "origin"} {
			if !fields[f] {
				t.Errorf("no error for field %s: %v", f, ae.Fields)
			}
		}
		if _, err := db.CreateAsset(ctx, registers.Console(), asset("A-1", "999", "名簿", 2), ss); !errors.As(err, &ae) || ae.Fields[0].Field != "unit" {
			t.Errorf("unknown unit: %v", err)
		}
		a, err := db.CreateAsset(ctx, registers.Console(), asset("A-1", "111", "名簿", 2), ss)
		if err != nil || a.Version != 1 {
			t.Fatalf("save: %+v, %v", a, err)
		}
		if _, err := db.CreateAsset(ctx, registers.Console(), asset("A-1", "111", "名簿", 2), ss); !errors.As(err, &ae) || ae.Fields[0].Field != "id" {
			t.Errorf("second asset with the same ID: %v", err)
		}
		first, second := a, a
		first.Name, second.Name = "名簿（改）", "名簿（別案）"
		if _, err := db.UpdateAsset(ctx, registers.Console(), first, ss); err != nil {
			t.Fatal(err)
		}
		if _, err := db.UpdateAsset(ctx, registers.Console(), second, ss); kijun.ErrorCode(err) != kijun.ECONFLICT {
			t.Errorf("a change from a stale version: %v, want ECONFLICT", err)
		}
		got, _ := db.Asset(ctx, "A-1")
		if got.Name != "名簿（改）" || got.Version != 2 {
			t.Errorf("after the conflict: %+v", got)
		}
		// A change of holders replaces them (4.2オ(4) reads them).
		got.Holders = []string{"device:PC-2"}
		if got, err = db.UpdateAsset(ctx, registers.Console(), got, ss); err != nil {
			t.Fatal(err)
		}
		got.Holders = []string{"device:PC-3", "system:juki"}
		if _, err := db.UpdateAsset(ctx, registers.Console(), got, ss); err != nil {
			t.Fatal(err)
		}
		if a, _ := db.Asset(ctx, "A-1"); strings.Join(a.Holders, " ") != "device:PC-3 system:juki" {
			t.Errorf("holders after two changes: %v", a.Holders)
		}
		stages, _ := db.AssetStages(ctx, "A-1")
		if len(stages) != 1 {
			t.Errorf("lifecycle after a change of name only: %+v", stages)
		}
	})
}

// HolderClasses gives, in one read, what HolderClass gives one holder at a
// time: the highest class of each scale among the assets held (4.2オ(4)),
// and nothing for a holder that holds nothing.
func TestHolderClasses(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		smallOrg(t, db)
		ss := assets.KobeScales()
		for _, a := range []struct {
			id      string
			c       int
			i       assets.Integrity
			holders []string
		}{
			{"A-1", 3, 1, []string{"device:PC-1", "medium:M-1"}},
			{"A-2", 2, 2, []string{"device:PC-1"}},
			{"A-3", 1, 1, []string{"device:PC-2"}},
		} {
			as := asset(a.id, "111", "名簿 "+a.id, a.c)
			as.Integrity, as.Holders = a.i, a.holders
			if a.i >= 2 {
				as.IntegrityReason = "住民への影響"
			}
			if _, err := db.CreateAsset(ctx, registers.Console(), as, ss); err != nil {
				t.Fatal(err)
			}
		}
		holders := []string{"device:PC-1", "device:PC-2", "medium:M-1", "device:PC-9"}
		got, err := db.HolderClasses(ctx, holders)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 3 {
			t.Errorf("got %d holders, want 3 (PC-9 holds nothing): %v", len(got), got)
		}
		for _, h := range holders {
			want, n, err := db.HolderClass(ctx, h)
			if err != nil {
				t.Fatal(err)
			}
			g, ok := got[h]
			if n == 0 {
				if ok {
					t.Errorf("%s holds nothing but has a class: %+v", h, g)
				}
				continue
			}
			if g.Held != n || g.Class.Confidentiality != want.Confidentiality || g.Class.Integrity != want.Integrity || g.Class.Availability != want.Availability {
				t.Errorf("%s: got %d held, %+v; want %d, %+v", h, g.Held, g.Class, n, want)
			}
		}
		if got["device:PC-1"].Class.Confidentiality != 3 || got["device:PC-1"].Class.Integrity != 2 {
			t.Errorf("device:PC-1: got %+v, want 機密性3 完全性2", got["device:PC-1"].Class)
		}
		if none, err := db.HolderClasses(ctx, nil); err != nil || len(none) != 0 {
			t.Errorf("no holders: got %v, %v", none, err)
		}
	})
}
