package storetest

import (
	"slices"
	"testing"
	"time"
)

// P95 is a benchmark of fn that also reports its 95th percentile, in
// milliseconds, as p95-ms: the figure the speed targets are set in.
func P95(fn func() error) func(b *testing.B) {
	return P95After(nil, fn)
}

// P95After is P95 for fn run after prepare (when not nil) each time, only
// fn timed: a re-check after the change it checks, say.
func P95After(prepare, fn func() error) func(b *testing.B) {
	return func(b *testing.B) {
		var times []time.Duration
		for b.Loop() {
			if prepare != nil {
				if err := prepare(); err != nil {
					b.Fatal(err)
				}
			}
			t0 := time.Now()
			if err := fn(); err != nil {
				b.Fatal(err)
			}
			times = append(times, time.Since(t0))
		}
		b.ReportMetric(Millis(Percentile(times, 95)), "p95-ms")
	}
}

// Percentile returns the pct-th percentile of times.
func Percentile(times []time.Duration, pct int) time.Duration {
	s := slices.Clone(times)
	slices.Sort(s)
	return s[min(len(s)-1, len(s)*pct/100)]
}

// Millis is d in milliseconds, for a benchmark's metric.
func Millis(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
