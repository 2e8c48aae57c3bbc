package align

import (
	"testing"

	"kijun/internal/catalog"
	"kijun/internal/catalog/convert"
)

// BenchmarkCrosswalk measures what the alignment adds to a full check of
// the city: building the crosswalk of the test 訓令 from its confirmed
// alignment, and carrying 50,000 findings over Kobe's provisions through
// it (Applies and Cite of each), as the monitor does after the rules.
//
//	go test ./internal/catalog/align -run '^$' -bench Crosswalk -benchtime 20x
func BenchmarkCrosswalk(b *testing.B) {
	ref, err := catalog.Default()
	if err != nil {
		b.Fatal(err)
	}
	city := asahi(b)
	confirmed := map[string][]string{}
	for _, p := range Align(city, ref, Options{Normalize: convert.DefaultRoles().Canonical}) {
		if len(p.Candidates) > 0 {
			confirmed[p.From] = []string{p.Candidates[0].To}
		}
	}
	ids := make([]string, 50000)
	for i := range ids {
		ids[i] = ref.Provisions[i%len(ref.Provisions)].ID
	}
	b.ResetTimer()
	for b.Loop() {
		cw := NewCrosswalk(city, ref, confirmed)
		for _, id := range ids {
			if cw.Applies(id) {
				_ = cw.Cite(id)
			}
		}
	}
}
