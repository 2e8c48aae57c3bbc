package web

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"testing"

	"kijun/internal/auth"
	"kijun/internal/demo"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// BenchmarkAssetPageBigHolder measures the page of an asset held by the
// city demo's largest holder (a system of some 40,000 assets), signed in
// as an administrator: the page shows each holder's class and count
// (4.2オ(4)), which before migration 0120 read every asset the holder
// holds (116 ms). Target: p95 ≤ 5 ms, reported as p95-ms.
//
//	go test ./internal/web -run '^$' -bench AssetPageBigHolder -benchtime 200x -timeout 30m
func BenchmarkAssetPageBigHolder(b *testing.B) {
	urls := storetest.URLs(b)
	for _, engine := range slices.Sorted(maps.Keys(urls)) {
		b.Run(engine, func(b *testing.B) {
			ctx := context.Background()
			db := storetest.Open(b, urls[engine], store.Options{})
			if _, err := demo.Generate(ctx, db, demo.Options{Scale: demo.City, Seed: 1}); err != nil {
				b.Fatal(err)
			}
			var holder, id string
			var held int
			if err := db.View(ctx, func(tx *store.Tx) error {
				if err := tx.QueryRowContext(ctx, `SELECT holder, SUM(assets) FROM holder_classes GROUP BY holder ORDER BY 2 DESC LIMIT 1`).Scan(&holder, &held); err != nil {
					return err
				}
				return tx.QueryRowContext(ctx, `SELECT MIN(asset_id) FROM asset_holders WHERE holder = ?`, holder).Scan(&id)
			}); err != nil {
				b.Fatal(err)
			}
			b.Logf("%s: asset %s on %s, which holds %d assets", engine, id, holder, held)
			ts, _ := startServer(b, db)
			admin := signedIn(b, db, ts.URL, auth.Account{ID: "bench-admin", DisplayName: "管理者", Admin: true})
			b.Run("asset-on-largest-holder", storetest.P95(func() error {
				if status, body := admin.get("/assets/" + id); status != http.StatusOK {
					return fmt.Errorf("asset page: %d %.200s", status, body)
				}
				return nil
			}))
		})
	}
}
