package store_test

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"kijun/internal/assets"
	"kijun/internal/registers"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// scanPage is the page a plain scan finds: the assets whose search key
// contains every word of q, sorted as the list sorts them, from offset.
func scanPage(as []assets.Asset, q, sort string, desc bool, offset, limit int) (ids []string, total int) {
	found := map[string]bool{}
	for _, id := range scanFinds(as, q) {
		found[id] = true
	}
	var m []assets.Asset
	for _, a := range as {
		if found[a.ID] {
			m = append(m, a)
		}
	}
	slices.SortFunc(m, func(x, y assets.Asset) int {
		c := 0
		switch sort {
		case "name":
			c = strings.Compare(x.Name, y.Name)
		case "updated":
			c = x.UpdatedAt.Compare(y.UpdatedAt)
		case "confidentiality":
			c = cmp.Or(cmp.Compare(x.Confidentiality, y.Confidentiality), cmp.Compare(x.Integrity, y.Integrity), cmp.Compare(x.Availability, y.Availability))
		}
		if c == 0 {
			c = strings.Compare(x.ID, y.ID)
		}
		if desc {
			c = -c
		}
		return c
	})
	for _, a := range m[min(offset, len(m)):min(offset+limit, len(m))] {
		ids = append(ids, a.ID)
	}
	return ids, len(m)
}

// commonAssets are n assets, nearly all of whose keys hold 課 and the
// letter x, in an order by name and by update time unlike their IDs'.
func commonAssets(n int) []assets.Asset {
	var as []assets.Asset
	t0 := time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		name := fmt.Sprintf("%03d課x台帳", (i*37)%n)
		if i%10 == 0 {
			name = fmt.Sprintf("%03d会議録", (i*37)%n)
		}
		a := asset(fmt.Sprintf("C-%05d", i), "111", name, 1+i%3)
		a.UpdatedAt = t0.Add(time.Duration((i*53)%n) * time.Minute)
		a.CreatedAt = t0
		as = append(as, a)
	}
	return as
}

// importCommon imports commonAssets(n) and returns them as stored, with
// the times the import gave them.
func importCommon(t *testing.T, db *store.DB, n int) []assets.Asset {
	t.Helper()
	ctx := context.Background()
	if _, err := db.ImportAssets(ctx, registers.Console(), "t", assetRows(commonAssets(n)), assets.KobeScales(), nil, false); err != nil {
		t.Fatal(err)
	}
	var as []assets.Asset
	if err := db.EachAsset(ctx, store.AssetFilter{}, func(a assets.Asset) error {
		as = append(as, a)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return as
}

// A whole-city search for a word most assets hold, found by walking the
// page's order, finds the page a scan finds, counted exactly, in every
// order and from any offset; so does one for a word no asset holds, and
// for a word of one Latin letter or digit, which the index holds on its
// own.
func TestSearchCommonWordPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		smallOrg(t, db)
		as := importCommon(t, db, 300)
		for _, q := range []string{"課", "課x", "x", "X 課", "0", "c-0", "会議録", "議", "d", "課 d", "税"} {
			for _, tt := range []struct {
				sort          string
				desc          bool
				offset, limit int
			}{
				{"", false, 0, 50},
				{"name", false, 0, 20},
				{"name", true, 100, 50},
				{"updated", true, 30, 50},
				{"updated", false, 250, 50},
				{"id", true, 0, 500},
				{"name", false, 400, 50},
				{"confidentiality", true, 0, 50},
				{"confidentiality", false, 120, 50},
			} {
				want, wantTotal := scanPage(as, q, tt.sort, tt.desc, tt.offset, tt.limit)
				f := store.AssetFilter{Q: q, Sort: tt.sort, Desc: tt.desc, Offset: tt.offset, Limit: tt.limit}
				p, err := db.ListAssetPage(ctx, f)
				if err != nil {
					t.Fatalf("%+v: %v", f, err)
				}
				var got []string
				for _, a := range p.Assets {
					got = append(got, a.ID)
				}
				if !slices.Equal(got, want) || p.Total != wantTotal || p.AtLeast {
					t.Errorf("%+v: got %v (total %d, at least %v), want %v (total %d)", f, got, p.Total, p.AtLeast, want, wantTotal)
				}
				list, total, err := db.ListAssets(ctx, f)
				if err != nil || len(list) != len(want) || total != wantTotal {
					t.Errorf("ListAssets %+v: %d rows (total %d), %v; want %d (total %d)", f, len(list), total, err, len(want), wantTotal)
				}
			}
		}
	})
}

// An asset deleted by hand leaves nothing in the index, which counts a
// word of one term alone.
func TestSearchCountsNoAssetDeletedByHand(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		smallOrg(t, db)
		as := commonAssets(40)
		if _, err := db.ImportAssets(ctx, registers.Console(), "t", assetRows(as), assets.KobeScales(), nil, false); err != nil {
			t.Fatal(err)
		}
		err := db.Update(ctx, func(tx *store.Tx) error {
			for _, q := range []string{"DELETE FROM asset_holders WHERE asset_id < 'C-00010'", "DELETE FROM asset_stages WHERE asset_id < 'C-00010'", "DELETE FROM assets WHERE id < 'C-00010'"} {
				if _, err := tx.ExecContext(ctx, q); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{"課", "x", "会議録"} {
			checkSearch(t, db, q, scanFinds(as[10:], q))
		}
	})
}

// A whole-city search for a word in more than 20,000 assets counts them
// exactly on SQLite, from its index, and on PostgreSQL, whose statistics
// say the word is common, only up to 10,000, which the page says is a
// lower bound; the page is the scan's either way.
func TestSearchCountsCommonWordAtLeast(t *testing.T) {
	if testing.Short() {
		t.Skip("imports 25,000 assets")
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		smallOrg(t, db)
		as := importCommon(t, db, 25000)
		if db.Dialect == store.Postgres {
			// What autovacuum would do after an import.
			if err := db.Update(ctx, func(tx *store.Tx) error {
				_, err := tx.ExecContext(ctx, "ANALYZE assets")
				return err
			}); err != nil {
				t.Fatal(err)
			}
		}
		for _, tt := range []struct {
			f       store.AssetFilter
			atLeast int // the total a bounded count reports, 0 for exact
		}{
			{store.AssetFilter{Q: "課", Sort: "name", Desc: true, Offset: 100}, 10000},
			{store.AssetFilter{Q: "x", Sort: "updated", Desc: true, Offset: 10000, Limit: 100}, 10100},
			{store.AssetFilter{Q: "会議録"}, 0},
			{store.AssetFilter{Q: "課", Kind: assets.KindData}, 0},
		} {
			want, wantTotal := scanPage(as, tt.f.Q, tt.f.Sort, tt.f.Desc, tt.f.Offset, max(tt.f.Limit, 50))
			p, err := db.ListAssetPage(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, a := range p.Assets {
				got = append(got, a.ID)
			}
			total, atLeast := wantTotal, false
			if db.Dialect == store.Postgres && tt.atLeast > 0 {
				total, atLeast = tt.atLeast, true
			}
			if !slices.Equal(got, want) || p.Total != total || p.AtLeast != atLeast {
				t.Errorf("%+v: got %d rows (total %d, at least %v), want %d (total %d, at least %v)", tt.f, len(got), p.Total, p.AtLeast, len(want), total, atLeast)
			}
			if _, total, err := db.ListAssets(ctx, tt.f); err != nil || total != wantTotal {
				t.Errorf("ListAssets %+v: total %d, %v, want %d", tt.f, total, err, wantTotal)
			}
		}
	})
}
