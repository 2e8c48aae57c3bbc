package store_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"kijun/internal/records"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// BenchmarkLedgerAppend measures single-change transactions, each writing one
// row and its ledger record together. Target: at least 5,000 a second on
// SQLite on a 2-core machine.
func BenchmarkLedgerAppend(b *testing.B) {
	for engine, u := range storetest.URLs(b) {
		b.Run(engine, func(b *testing.B) {
			db := storetest.Open(b, u, store.Options{})
			ctx := context.Background()
			run := time.Now().UnixNano()
			i := 0
			for b.Loop() {
				i++
				err := db.Update(ctx, func(tx *store.Tx) error {
					if _, err := tx.ExecContext(ctx, "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)",
						fmt.Sprintf("bench.%d.%d", run, i), "v", records.FormatTime(time.Now())); err != nil {
						return err
					}
					_, err := tx.Record(ctx, store.Change{Action: "setting.set", Entity: "setting", EntityID: strconv.Itoa(i), State: i, Provisions: []string{"4.4"}})
					return err
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "tx/s")
		})
	}
}

// BenchmarkVerify1M measures verifying a ledger of 1,000,000 records on
// SQLite. Target: at most 2 seconds. The ledger is generated once per run
// (KIJUN_BENCH_DIR keeps it between runs).
func BenchmarkVerify1M(b *testing.B) {
	const n = 1_000_000
	dir := os.Getenv("KIJUN_BENCH_DIR")
	if dir == "" {
		dir = b.TempDir()
	}
	path := filepath.Join(dir, fmt.Sprintf("verify-%d.db", n))
	db := storetest.Open(b, path, store.Options{})
	ctx := context.Background()
	if seq, _, _ := db.Head(ctx); seq < n {
		fillLedger(b, db, n-seq)
	}
	for b.Loop() {
		rep, err := db.VerifyLedger(ctx, store.VerifyOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if rep.Records < n {
			b.Fatalf("verified %d records, want %d", rep.Records, n)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
}

// fillLedger appends n records quickly: in large transactions, through the
// same Record path the application uses.
func fillLedger(b *testing.B, db *store.DB, n int64) {
	b.Helper()
	ctx := context.Background()
	const batch = 20_000
	for done := int64(0); done < n; {
		k := min(batch, n-done)
		err := db.Update(ctx, func(tx *store.Tx) error {
			for i := range k {
				id := strconv.FormatInt(done+i, 10)
				if _, err := tx.Record(ctx, store.Change{Action: "asset.update", Entity: "asset", EntityID: id,
					State: map[string]any{"id": id, "name": "住民基本台帳データ " + id, "confidentiality": 3}, Provisions: []string{"4.1.1", "4.2.ア.(1)"}}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		done += k
	}
}

// BenchmarkEnsureDefaultCatalog measures what every server start does for the
// standard: make sure the embedded catalog is loaded. Target: under 50 ms.
func BenchmarkEnsureDefaultCatalog(b *testing.B) {
	for engine, u := range storetest.URLs(b) {
		b.Run(engine, func(b *testing.B) {
			db := storetest.Open(b, u, store.Options{})
			ctx := context.Background()
			if _, err := db.EnsureDefaultCatalog(ctx); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if _, err := db.EnsureDefaultCatalog(ctx); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkLoadDefaultCatalogCold measures the first load into an empty
// database: parse, validate and store 562 provisions with the ledger record.
func BenchmarkLoadDefaultCatalogCold(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		db := storetest.Open(b, filepath.Join(b.TempDir(), "cold.db"), store.Options{})
		b.StartTimer()
		if _, err := db.EnsureDefaultCatalog(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSearchProvisions measures catalog search with the city's standard
// and NIST SP 800-53 loaded. Target: under 10 ms.
func BenchmarkSearchProvisions(b *testing.B) {
	nist := loadNIST(b)
	for engine, u := range storetest.URLs(b) {
		b.Run(engine, func(b *testing.B) {
			db := storetest.Open(b, u, store.Options{})
			ctx := context.Background()
			if _, err := db.EnsureDefaultCatalog(ctx); err != nil {
				b.Fatal(err)
			}
			if _, _, err := db.LoadCatalog(ctx, nist, "oscal"); err != nil {
				b.Fatal(err)
			}
			queries := []string{"パスワード", "認証", "多要素 認証", "account management", "8.2.6"}
			i := 0
			for b.Loop() {
				if _, err := db.SearchProvisions(ctx, queries[i%len(queries)], "", 100); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}

// BenchmarkLedgerAppendUpdate is BenchmarkLedgerAppend where the change
// updates an existing row, as most edits of a register entry do.
func BenchmarkLedgerAppendUpdate(b *testing.B) {
	for engine, u := range storetest.URLs(b) {
		b.Run(engine, func(b *testing.B) {
			db := storetest.Open(b, u, store.Options{})
			ctx := context.Background()
			if err := db.SetSetting(ctx, "bench.update", "0"); err != nil {
				b.Fatal(err)
			}
			i := 0
			for b.Loop() {
				i++
				err := db.Update(ctx, func(tx *store.Tx) error {
					if _, err := tx.ExecContext(ctx, "UPDATE settings SET value = ?, updated_at = ? WHERE key = ?",
						strconv.Itoa(i), records.FormatTime(time.Now()), "bench.update"); err != nil {
						return err
					}
					_, err := tx.Record(ctx, store.Change{Action: "setting.set", Entity: "setting", EntityID: "bench.update", State: i, Provisions: []string{"4.4"}})
					return err
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "tx/s")
		})
	}
}
