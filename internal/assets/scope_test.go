package assets

import (
	"strings"
	"testing"
)

func TestInScope(t *testing.T) {
	tests := []struct {
		name   string
		c      Classification
		want   bool
		clause string
	}{
		{"all 1", Classification{Confidentiality: 1, Integrity: 1, Availability: 1}, false, "4.1.4.イ"},
		{"confidentiality 2", Classification{Confidentiality: 2, Integrity: 1, Availability: 1}, true, "4.1.4.ア"},
		{"confidentiality 3", Classification{Confidentiality: 3, Integrity: 1, Availability: 1}, true, "4.1.4.ア"},
		{"integrity 2", Classification{Confidentiality: 1, Integrity: 2, Availability: 1}, true, "4.1.4.ア"},
		{"availability 2", Classification{Confidentiality: 1, Integrity: 1, Availability: 2}, true, "4.1.4.ア"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := InScope(tt.c); got != tt.want {
				t.Errorf("InScope = %v, want %v", got, tt.want)
			}
			if got := ScopeNote(tt.c); !strings.HasPrefix(got, tt.clause+": ") {
				t.Errorf("ScopeNote = %q, want it to start with %q", got, tt.clause)
			}
		})
	}
}
