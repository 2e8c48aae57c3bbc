package store_test

import (
	"context"
	"maps"
	"slices"
	"testing"
	"time"

	"kijun/internal/demo"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// BenchmarkDeviceList measures pages of the device register on city-scale
// demo data (about 50,000 devices in 1,019 課): the target is 50 ms at the
// 95th percentile, reported as p95-ms.
//
//	go test ./internal/store -run '^$' -bench DeviceList -benchtime 200x -timeout 30m
func BenchmarkDeviceList(b *testing.B) {
	urls := storetest.URLs(b)
	for _, engine := range slices.Sorted(maps.Keys(urls)) {
		b.Run(engine, func(b *testing.B) {
			ctx := context.Background()
			db := storetest.Open(b, urls[engine], store.Options{})
			start := time.Now()
			if _, err := demo.Generate(ctx, db, demo.Options{Scale: demo.City, Seed: 1}); err != nil {
				b.Fatal(err)
			}
			n, _ := db.CountDevices(ctx)
			b.Logf("%s: city demo with %d devices generated in %s", engine, n, time.Since(start))
			filters := []struct {
				name string
				f    store.RegisterFilter
			}{
				{"city-by-name", store.RegisterFilter{Sort: "name"}},
				{"city-unencrypted-by-updated-desc-page-20", store.RegisterFilter{Lacking: "disk_encryption", Sort: "updated", Desc: true, Offset: 1000}},
				{"city-mobile", store.RegisterFilter{Kind: "mobile", Sort: "unit"}},
				{"one-section", store.RegisterFilter{Units: []string{"10101"}}},
				{"server-room", store.RegisterFilter{Area: "AREA-DC1"}},
				{"city-search", store.RegisterFilter{Q: "モバイル 10101"}},
			}
			for _, tt := range filters {
				b.Run(tt.name, func(b *testing.B) {
					var times []time.Duration
					for b.Loop() {
						t0 := time.Now()
						if _, _, err := db.ListDevices(ctx, tt.f); err != nil {
							b.Fatal(err)
						}
						times = append(times, time.Since(t0))
					}
					slices.Sort(times)
					b.ReportMetric(float64(times[len(times)*95/100].Microseconds())/1000, "p95-ms")
				})
			}
		})
	}
}
