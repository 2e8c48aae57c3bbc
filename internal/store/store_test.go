package store_test

import (
	"context"
	"testing"

	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// Kijun's connections to PostgreSQL run without parallel workers, which
// on two cores cost more than its queries take.
func TestPostgresRunsWithoutParallelWorkers(t *testing.T) {
	u, ok := storetest.URLs(t)["postgres"]
	if !ok {
		t.Skip("KIJUN_TEST_POSTGRES is not set")
	}
	db := storetest.Open(t, u, store.Options{})
	ctx := context.Background()
	var workers string
	if err := db.View(ctx, func(tx *store.Tx) error {
		return tx.QueryRowContext(ctx, "SHOW max_parallel_workers_per_gather").Scan(&workers)
	}); err != nil {
		t.Fatal(err)
	}
	if workers != "0" {
		t.Errorf("max_parallel_workers_per_gather = %s, want 0", workers)
	}
}
