package work

import "kijun/internal/compliance"

// Weights of the severities in the score: one high finding counts as much
// as ten low ones.
const (
	WeightHigh   = 10
	WeightMedium = 3
	WeightLow    = 1
)

// Points are a 課's open findings weighted by severity.
func Points(high, medium, low int) int {
	return WeightHigh*high + WeightMedium*medium + WeightLow*low
}

// Score is how well a 課 (or a 局, or the city) meets the standard, from 0
// to 100: 100 / (1 + points per person), where points weigh its open
// findings by severity (high 10, medium 3, low 1) and people are the staff
// assigned to it (at least 1). A 課 of 20 with no finding scores 100; with
// one high finding, 67; with ten, 17. The city is scored the same way
// over all its findings and all its staff, so a city of 10,000 with 882
// high findings scores 53, not 99.9: the count of checks passed no longer
// hides what is left. Findings accepted under an exception are not counted.
func Score(high, medium, low, staff int) float64 {
	staff = max(staff, 1)
	return 100 / (1 + float64(Points(high, medium, low))/float64(staff))
}

// Weight is the weight of one finding of severity sev.
func Weight(sev compliance.Severity) int {
	switch sev {
	case compliance.SeverityHigh:
		return WeightHigh
	case compliance.SeverityMedium:
		return WeightMedium
	}
	return WeightLow
}
