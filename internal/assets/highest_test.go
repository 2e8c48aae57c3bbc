package assets

import (
	"strings"
	"testing"
)

func cls(c, i, a int) Classification {
	return Classification{Confidentiality: Confidentiality(c), Integrity: Integrity(i), Availability: Availability(a)}
}

func TestHighest(t *testing.T) {
	many := make([]Held, 8)
	for i := range many {
		many[i] = Held{AssetID: string(rune('A' + i)), Classification: cls(2, 1, 1)}
	}
	tests := []struct {
		name    string
		held    []Held
		want    Classification
		reasons [3][]string // words each reason must contain
		not     [3][]string // words each reason must not contain
	}{
		{"nothing held", nil, cls(1, 1, 1),
			[3][]string{{"4.2.オ.(4)", "ない", "機密性1"}, {"ない", "完全性1"}, {"ない", "可用性1"}}, [3][]string{}},
		{"one asset", []Held{{"A-1", cls(3, 2, 1)}}, cls(3, 2, 1),
			[3][]string{{"4.2.オ.(4)", "A-1", "機密性3"}, {"A-1", "完全性2"}, {"A-1", "可用性1"}}, [3][]string{}},
		{"each scale set by a different asset", []Held{
			{"A-1", cls(3, 1, 1)},
			{"A-2", cls(1, 2, 1)},
			{"A-3", cls(2, 1, 2)},
		}, cls(3, 2, 2),
			[3][]string{{"A-1", "機密性3"}, {"A-2", "完全性2"}, {"A-3", "可用性2"}},
			[3][]string{{"A-2", "A-3"}, {"A-1", "A-3"}, {"A-1", "A-2"}}},
		{"ties name every asset once", []Held{
			{"A-1", cls(2, 1, 1)},
			{"A-2", cls(2, 1, 1)},
			{"A-1", cls(2, 1, 1)},
		}, cls(2, 1, 1),
			[3][]string{{"A-1、A-2 の機密性2"}, {"A-1、A-2 の完全性1"}, {"A-1、A-2 の可用性1"}}, [3][]string{{"A-1、A-2、A-1"}}},
		{"many assets are counted", many, cls(2, 1, 1),
			[3][]string{{"A、B、C、D、E ほか 3 件"}}, [3][]string{{"F"}}},
		{"an unclassified asset counts as 1", []Held{{"A-1", cls(0, 0, 0)}}, cls(1, 1, 1),
			[3][]string{{"A-1", "機密性1"}}, [3][]string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Highest(tt.held...)
			if got.Confidentiality != tt.want.Confidentiality || got.Integrity != tt.want.Integrity || got.Availability != tt.want.Availability {
				t.Errorf("Highest = %s, want %s", Label(got), Label(tt.want))
			}
			reasons := [3]string{got.ConfidentialityReason, got.IntegrityReason, got.AvailabilityReason}
			for i, r := range reasons {
				for _, w := range tt.reasons[i] {
					if !strings.Contains(r, w) {
						t.Errorf("reason %d = %q, want it to contain %q", i, r, w)
					}
				}
				for _, w := range tt.not[i] {
					if strings.Contains(r, w) {
						t.Errorf("reason %d = %q, want it not to contain %q", i, r, w)
					}
				}
			}
			if err := got.Validate(KobeScales()); err != nil {
				t.Errorf("Highest result does not validate: %v", err)
			}
		})
	}
}
