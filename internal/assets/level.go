package assets

// Confidentiality is a class on the 機密性 scale (4.1.1): 1 to 3 in Kobe's
// scale. It is its own type so that a class on one scale cannot be given
// where another scale's class is meant.
type Confidentiality int

// Integrity is a class on the 完全性 scale (4.1.2): 1 or 2 in Kobe's scale.
type Integrity int

// Availability is a class on the 可用性 scale (4.1.3): 1 or 2 in Kobe's scale.
type Availability int

// Axis names one of the three scales an asset is classified on (4.1).
type Axis string

// The three scales of 4.1.
const (
	AxisConfidentiality Axis = "confidentiality" // 4.1.1 機密性
	AxisIntegrity       Axis = "integrity"       // 4.1.2 完全性
	AxisAvailability    Axis = "availability"    // 4.1.3 可用性
)

// Axes returns the three scales in the standard's order.
func Axes() []Axis {
	return []Axis{AxisConfidentiality, AxisIntegrity, AxisAvailability}
}
