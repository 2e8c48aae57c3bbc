package store_test

import (
	"context"
	"testing"

	"kijun/internal/assets"
	"kijun/internal/registers"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// A register's count is kept between requests (shared.go) but never shown
// stale: an asset added by this process, or by another process writing
// the same database (a CLI import while the server runs), is counted by
// the next page.
func TestSharedCountFollowsChanges(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		smallOrg(t, db)
		ss := assets.KobeScales()
		count := func(db *store.DB) int {
			t.Helper()
			p, err := db.ListAssetPage(ctx, store.AssetFilter{Sort: "updated", Desc: true})
			if err != nil {
				t.Fatal(err)
			}
			return p.Total
		}
		add := func(db *store.DB, id string) {
			t.Helper()
			if _, err := db.CreateAsset(ctx, registers.Console(), asset(id, "111", "名簿 "+id, 1), ss); err != nil {
				t.Fatal(err)
			}
		}
		add(db, "S-1")
		if got := count(db); got != 1 {
			t.Fatalf("got %d, want 1", got)
		}
		if got := count(db); got != 1 { // from what was kept
			t.Fatalf("again: got %d, want 1", got)
		}
		add(db, "S-2")
		if got := count(db); got != 2 {
			t.Errorf("after an asset added here: got %d, want 2", got)
		}
		if db.Dialect != store.SQLite {
			return
		}
		other, err := store.Open(ctx, db.Path, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		add(other, "S-3")
		if got := count(db); got != 3 {
			t.Errorf("after an asset added by another process: got %d, want 3", got)
		}
	})
}
