package store_test

import (
	"context"
	"testing"

	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// Optimize names only tables the schema has, on both engines: a table
// renamed or dropped by a migration would fail every demo and import that
// ends with it.
func TestOptimize(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if err := db.Optimize(context.Background()); err != nil {
			t.Fatal(err)
		}
	})
}
