package align

import (
	"slices"
	"testing"

	"kijun/internal/catalog"
)

// A city provision is its own when neither it, nor one below it, nor an
// aligned article above it has a reference; a chapter aligned as a frame
// does not make its articles carried.
func TestOwn(t *testing.T) {
	ref, err := catalog.Default()
	if err != nil {
		t.Fatal(err)
	}
	city := asahi(t)
	cw := NewCrosswalk(city, ref, map[string][]string{
		"第34条":    {"8.2.6"},
		"第28条第3項": {"8.1.17.エ"},
		"第3章":     {"5"}, // a frame: its chapter holds 条
		"第19条":    {"5.1"},
	})
	own := cw.Own()
	for _, want := range []string{"第1章", "第2章", "第20条", "第21条", "第33条", "第28条第2項", "第4章第3節"} {
		if !slices.Contains(own, want) {
			t.Errorf("Own lacks %s: %v", want, own)
		}
	}
	for _, not := range []string{"第34条", "第34条第3項", "第28条", "第28条第3項", "第3章", "第19条", "第19条第2項", "第4章", "第2条"} {
		if slices.Contains(own, not) {
			t.Errorf("Own lists %s, which has a reference (or lies under one listed)", not)
		}
	}
}
