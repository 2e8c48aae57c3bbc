package store_test

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"kijun/internal/operations"
	"kijun/internal/registers"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
	"kijun/internal/systems"
)

// benchProducts is the catalogue of products the generated feed names:
// the city runs the first benchInstalled of them.
const (
	benchProducts  = 5000
	benchInstalled = 300
	benchSystems   = 2000
	benchCVEs      = 40000
)

func benchCPE(i int) string {
	return fmt.Sprintf("cpe:2.3:a:vendor%d:product%d:*:*:*:*:*:*:*:*", i%700, i)
}

// benchCity registers benchSystems systems in 課 111, each running three
// products of the catalogue at versions 1.0 to 3.9.
func benchCity(b *testing.B, db *store.DB) {
	rng := rand.New(rand.NewPCG(1, 2))
	var rows []store.SystemRow
	for i := 0; i < benchSystems; i++ {
		s := systems.System{ID: fmt.Sprintf("S%04d", i), Name: fmt.Sprintf("システム %d", i), Unit: "111", Zone: systems.ZoneLGWAN,
			Hosting: systems.HostOnsite, AuthFactors: 2}
		for k := 0; k < 3; k++ {
			p := rng.IntN(benchInstalled)
			s.Software = append(s.Software, systems.Software{Name: fmt.Sprintf("Product %d", p), Version: fmt.Sprintf("%d.%d", 1+rng.IntN(3), rng.IntN(10)), CPE: benchCPE(p)})
		}
		rows = append(rows, store.SystemRow{Line: i + 2, System: s})
	}
	if _, err := db.ImportSystems(context.Background(), registers.Console(), "bench", rows, nil, false); err != nil {
		b.Fatal(err)
	}
}

// benchFeed writes a year of NVD-shaped CVEs (benchCVEs, each naming one
// to three products of the catalogue with a version range, and an
// English description of NVD's usual length) to a file, streamed.
func benchFeed(b *testing.B) (string, int64) {
	path := filepath.Join(b.TempDir(), "nvdcve-2.0-2026.json")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	desc := strings.Repeat("A crafted request to the affected component may allow a remote attacker to execute code or read data. ", 12)
	err = operations.WriteNVDFunc(f, benchCVEs, func(i int) operations.Vuln {
		v := operations.Vuln{ID: fmt.Sprintf("CVE-2026-%05d", 10000+i), Summary: desc, Score: float64(rng.IntN(100)) / 10}
		for k := 0; k <= rng.IntN(3); k++ {
			p := rng.IntN(benchProducts)
			a := operations.Affect{CPE: benchCPE(p), StartIncluding: "1.0", EndExcluding: fmt.Sprintf("%d.%d", 1+rng.IntN(3), rng.IntN(10))}
			v.Affects = append(v.Affects, a)
		}
		return v
	}, time.Now())
	if err != nil {
		b.Fatal(err)
	}
	st, _ := f.Stat()
	f.Close()
	return path, st.Size()
}

// peakHeap samples the heap in use every 20 ms until stop is called, and
// returns the highest seen, in MiB.
func peakHeap() (stop func() float64) {
	var peak atomic.Uint64
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	return func() float64 {
		close(done)
		<-finished
		return float64(peak.Load()) / (1 << 20)
	}
}

// BenchmarkVulnFeed imports a year of NVD (40,000 generated CVEs) into a
// city of 2,000 systems and matches it (target ≤ 60 s, ≤ 1 GiB), then
// changes one system's software and re-matches it (p95 ≤ 50 ms, the save
// with its match, as the form and the import do).
//
//	go test ./internal/store -run '^$' -bench 'VulnFeed/.*/import' -benchtime 1x -timeout 60m
//	go test ./internal/store -run '^$' -bench 'VulnFeed/.*/rematch' -benchtime 200x -timeout 60m
func BenchmarkVulnFeed(b *testing.B) {
	urls := storetest.URLs(b)
	feed, size := benchFeed(b)
	for _, engine := range slices.Sorted(maps.Keys(urls)) {
		b.Run(engine, func(b *testing.B) {
			ctx := context.Background()
			db := storetest.Open(b, urls[engine], store.Options{})
			smallOrg(b, db)
			benchCity(b, db)
			imported := false
			importFeed := func(b *testing.B) {
				{
					f, err := os.Open(feed)
					if err != nil {
						b.Fatal(err)
					}
					runtime.GC()
					stop := peakHeap()
					t0 := time.Now()
					res, err := db.ImportFeed(ctx, registers.Console(), f, operations.FormatNVD)
					took := time.Since(t0)
					peak := stop()
					f.Close()
					if err != nil {
						b.Fatal(err)
					}
					imported = true
					b.ReportMetric(took.Seconds(), "s/import")
					b.ReportMetric(peak, "peak-heap-MiB")
					b.Logf("%s: %d CVEs (%.0f MB), %d affected products; %d findings opened, %d closed on %d systems in %s, heap peak %.0f MiB, process peak RSS %s",
						engine, res.Vulns, float64(size)/1e6, res.Affects, res.Opened, res.Closed, res.Systems, took, peak, peakRSS())
				}
			}
			b.Run("import", func(b *testing.B) {
				for b.Loop() {
					importFeed(b)
				}
			})
			sys, err := db.System(ctx, "S0001")
			if err != nil {
				b.Fatal(err)
			}
			if !imported {
				importFeed(b) // the rematch alone, after the feed
			}
			n := 0
			b.Run("rematch-one-system", storetest.P95(func() error {
				n++
				sys.Software[0].Version = fmt.Sprintf("%d.%d", 1+n%3, n%10)
				saved, err := db.UpdateSystem(ctx, registers.Console(), sys)
				sys = saved
				return err
			}))
		})
	}
}

// peakRSS is the process's peak resident memory (VmHWM), as Linux reports
// it.
func peakRSS() string {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "unknown"
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}
