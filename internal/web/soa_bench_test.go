package web

import (
	"context"
	"path/filepath"
	"testing"

	"kijun/internal/compliance/monitor"
	"kijun/internal/permits"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// BenchmarkSoA measures computing the statement of applicability as the
// page does (target 200 ms at the 95th percentile, reported as p95-ms):
// the rules in force, permit types, record kinds, pages and the
// self-check questions, matched to the catalog's 562 provisions.
//
//	go test ./internal/web -run '^$' -bench SoA -benchtime 200x
func BenchmarkSoA(b *testing.B) {
	db := storetest.Open(b, filepath.Join(b.TempDir(), "kijun.db"), store.Options{})
	preg, err := permits.Default()
	if err != nil {
		b.Fatal(err)
	}
	m := monitor.New(db)
	ctx := context.Background()
	b.Run("statement", storetest.P95(func() error { _, err := Statement(ctx, db, m, preg, nil); return err }))
}
