package separation

import (
	"fmt"
	"testing"
)

// BenchmarkCheck proves a city of the demo's size at city scale: 1,000
// segments, 2,000 systems and some 3,000 connections (more than the demo's
// 2,100), clean and with faults of every kind.
func BenchmarkCheck(b *testing.B) {
	for _, bad := range []int{0, 20} {
		in := generated(40, 1000, 2000, bad)
		b.Run(fmt.Sprintf("connections=%d/faults=%d", len(in.Connections), bad), func(b *testing.B) {
			for b.Loop() {
				Check(in)
			}
		})
	}
}
