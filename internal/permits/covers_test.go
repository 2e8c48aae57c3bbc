package permits

import "testing"

func TestCovers(t *testing.T) {
	for _, c := range []struct {
		stated, id string
		want       bool
	}{
		{"8.2.6.ウ", "8.2.6.ウ", true},
		{"8.2.6ウ", "8.2.6.ウ", true},
		{"８．２．６ウ", "8.2.6.ウ", true},
		{"8.2.6", "8.2.6.ウ", true},  // the whole item covers its parts
		{"8.2.6.ウ", "8.2.6", false}, // a part does not cover the whole
		{"8.1.1", "8.1.10", false},  // numbers compare part by part
		{"8.1.1", "8.1.1.ア", true},
		{"5.1イ(1)", "5.1.イ.(1)", true},
		{"5.1.イ.(1)", "5.1.イ.(2)", false},
		{"8.2.6.ウ、8.1.3", "8.1.3", true}, // several provisions
		{"8.2.6.ウ・6.1.2", "6.1.2", true},
		{"", "8.1.3", false},
		{"8.1.3", "", false},
	} {
		if got := Covers(c.stated, c.id); got != c.want {
			t.Errorf("Covers(%q, %q) = %v, want %v", c.stated, c.id, got, c.want)
		}
	}
}
