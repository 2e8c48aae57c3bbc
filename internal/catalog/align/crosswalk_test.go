package align

import (
	"slices"
	"testing"

	"kijun/internal/catalog"
)

// Through the confirmed alignments a reference provision is carried by the
// city's provision aligned with it, above it or below it, and cited as the
// city's article with the reference in brackets; one with none is a gap.
func TestCrosswalk(t *testing.T) {
	ref, err := catalog.Default()
	if err != nil {
		t.Fatal(err)
	}
	city := asahi(t)
	cw := NewCrosswalk(city, ref, map[string][]string{
		"第34条":    {"8.2.6"},
		"第28条第3項": {"8.1.17.エ"},
		"第19条":    {"5.1"},
		"第20条":    {"5.2"},
		"第3条":     {"3.1.1"},
		"第99条":    {"8.1.1"}, // not in the city's standard: ignored
	})
	tests := []struct {
		ref, cite string
		applies   bool
	}{
		{"8.2.6", "第34条［8.2.6］", true},
		{"8.2.6.エ", "第34条［8.2.6.エ］", true},  // under an aligned provision
		{"8.1.17", "第28条第3項［8.1.17］", true}, // over an aligned provision
		{"5", "第19条・第20条［5］", true},         // two below it, in the city's order
		{"8.1.1", "［8.1.1］", false},         // a gap
		{"7.3.1", "［7.3.1］", false},
	}
	for _, tt := range tests {
		if got := cw.Cite(tt.ref); got != tt.cite {
			t.Errorf("Cite(%s) = %q, want %q", tt.ref, got, tt.cite)
		}
		if got := cw.Applies(tt.ref); got != tt.applies {
			t.Errorf("Applies(%s) = %v, want %v", tt.ref, got, tt.applies)
		}
	}
	gaps := cw.Gaps()
	for _, want := range []string{"4", "7", "8.1.1", "5.3"} {
		if !slices.Contains(gaps, want) {
			t.Errorf("gaps lack %s: %v", want, gaps)
		}
	}
	for _, not := range []string{"8.2.6", "8.2.6.エ", "5.1", "3.1.1"} {
		if slices.Contains(gaps, not) {
			t.Errorf("gaps list %s, which is aligned", not)
		}
	}
}
