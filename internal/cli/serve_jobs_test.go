package cli_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"kijun/internal/store"
	"kijun/internal/wareki"
)

// The nightly check is a job of the queue: a server started after 2 a.m.
// JST with no run that day makes one, and a second server on the same
// database does not make another.
func TestServeRunsNightlyCheckOnce(t *testing.T) {
	if time.Now().In(wareki.JST()).Hour() < 2 {
		t.Skip("before 2 a.m. JST the nightly check waits for its hour")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "kijun.db")
	startServe(t, dir, nil, "--db", db, "--addr", "127.0.0.1:0")
	startServe(t, dir, nil, "--db", db, "--addr", "127.0.0.1:0")
	ctx := context.Background()
	s, err := store.Open(ctx, db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	runs := func() int {
		var n int
		s.View(ctx, func(tx *store.Tx) error {
			return tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM compliance_runs").Scan(&n)
		})
		return n
	}
	deadline := time.Now().Add(30 * time.Second)
	for runs() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("no nightly check within 30s of the servers starting")
		}
		time.Sleep(100 * time.Millisecond)
	}
	time.Sleep(3 * time.Second)
	if n := runs(); n != 1 {
		t.Errorf("%d check runs, want 1", n)
	}
}
