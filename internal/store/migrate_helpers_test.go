package store_test

import (
	"context"
	"maps"
	"slices"
	"testing"

	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// eachAt runs fn on a new database of each engine migrated up to version
// v (every migration when v is 0), as an older Kijun left it, for the
// tests of a migration.
func eachAt(t *testing.T, v int, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	urls := storetest.URLs(t)
	for _, engine := range slices.Sorted(maps.Keys(urls)) {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			db, err := store.Open(ctx, urls[engine], store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			if _, err := db.MigrateUpTo(ctx, v); err != nil {
				t.Fatal(err)
			}
			fn(t, db)
		})
	}
}
