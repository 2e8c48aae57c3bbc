package store_test

import (
	"testing"

	"kijun/internal/store"
)

// BenchmarkChecklists is the cost of the checklist items for one system
// page: read once, then kept.
func BenchmarkChecklists(b *testing.B) {
	for b.Loop() {
		if _, err := store.Checklists(); err != nil {
			b.Fatal(err)
		}
	}
}
