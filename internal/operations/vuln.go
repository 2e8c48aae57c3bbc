package operations

import (
	"strings"
	"time"
)

// Vuln is one security hole as a feed describes it (8.6.1: セキュリティ
// ホールに関する情報): its identifier, the CVSS base score and the
// products and versions it affects.
type Vuln struct {
	ID       string    `json:"id"`
	Source   string    `json:"source"` // nvd, osv
	Aliases  []string  `json:"aliases,omitempty"`
	Summary  string    `json:"summary,omitempty"`
	Score    float64   `json:"score"`              // CVSS base score, 0 when the feed gives none
	Severity string    `json:"severity,omitempty"` // CRITICAL, HIGH, MEDIUM, LOW as the feed rates it
	Vector   string    `json:"vector,omitempty"`
	Modified time.Time `json:"modified,omitzero"`
	Affects  []Affect  `json:"affects,omitempty"`
}

// Affect is one product a vulnerability affects, and which of its
// versions: a CPE criterion with NVD's version range, or an OSV package
// with its introduced and fixed events.
type Affect struct {
	// CPE is the criterion, for a feed that names products by CPE; Vendor
	// and Product are read from it. An OSV package names only Product
	// (its package name, lower case) and Vendor is "".
	CPE            string `json:"cpe,omitempty"`
	Vendor         string `json:"vendor,omitempty"`
	Product        string `json:"product"`
	StartIncluding string `json:"start_including,omitempty"`
	StartExcluding string `json:"start_excluding,omitempty"`
	EndIncluding   string `json:"end_including,omitempty"`
	EndExcluding   string `json:"end_excluding,omitempty"`
	// Exact is the one version affected when the criterion names one and
	// no range.
	Exact string `json:"exact,omitempty"`
	// Versions lists affected versions one by one (OSV's versions).
	Versions []string `json:"versions,omitempty"`
}

// Fixed returns the first version past the hole, when the feed says so.
func (a Affect) Fixed() string { return a.EndExcluding }

// Installed is one product a system runs, as the inventory records it.
type Installed struct {
	System  string
	Name    string
	Version string
	CPE     CPE
}

// Covers reports whether version v of the product is within a's versions.
func (a Affect) Covers(v string) bool {
	v = strings.TrimSpace(v)
	if v == "" || v == "*" || v == "-" {
		return false // a version not known is not matched: the register must say it
	}
	if len(a.Versions) > 0 {
		for _, x := range a.Versions {
			if CompareVersions(x, v) == 0 {
				return true
			}
		}
		if a.StartIncluding == "" && a.StartExcluding == "" && a.EndIncluding == "" && a.EndExcluding == "" {
			return false
		}
	}
	if a.Exact != "" {
		return CompareVersions(a.Exact, v) == 0
	}
	if a.StartIncluding != "" && CompareVersions(v, a.StartIncluding) < 0 {
		return false
	}
	if a.StartExcluding != "" && CompareVersions(v, a.StartExcluding) <= 0 {
		return false
	}
	if a.EndIncluding != "" && CompareVersions(v, a.EndIncluding) > 0 {
		return false
	}
	if a.EndExcluding != "" && CompareVersions(v, a.EndExcluding) >= 0 {
		return false
	}
	return true
}

// Hits reports whether a affects the installed product p: the criterion
// names p's product (by CPE, or by package name for a feed without CPE)
// and p's version is among those affected.
func (a Affect) Hits(p Installed) bool {
	var c CPE
	if a.CPE != "" {
		var err error
		if c, err = ParseCPE(a.CPE); err != nil {
			return false
		}
	}
	return a.hits(c, p)
}

// hits is Hits with a's criterion already read, as c.
func (a Affect) hits(c CPE, p Installed) bool {
	if a.CPE != "" {
		if p.CPE.attrs == nil || !c.Matches(p.CPE) {
			return false
		}
	} else {
		name := strings.ToLower(p.Name)
		if p.CPE.attrs != nil {
			name = p.CPE.Product()
		}
		if !strings.EqualFold(a.Product, name) && !strings.EqualFold(a.Product, strings.ReplaceAll(name, " ", "_")) {
			return false
		}
	}
	v := p.Version
	if v == "" {
		v = p.CPE.Version()
	}
	return a.Covers(v)
}

// Key returns the product key a criterion is looked up by: vendor and
// product of a CPE criterion, or the package name.
func (a Affect) Key() string { return ProductKey(a.Vendor, a.Product) }

// ProductKey is how the inventory and the feeds meet: lower-case vendor
// and product ("" vendor for a package name).
func ProductKey(vendor, product string) string {
	return strings.ToLower(vendor) + ":" + strings.ToLower(product)
}

// Keys returns the keys an installed product is found by: its CPE's
// vendor and product, and its product alone for feeds without CPE.
func (p Installed) Keys() []string {
	if p.CPE.attrs != nil {
		return []string{ProductKey(p.CPE.Vendor(), p.CPE.Product()), ProductKey("", p.CPE.Product())}
	}
	return []string{ProductKey("", strings.ReplaceAll(strings.ToLower(p.Name), " ", "_")), ProductKey("", strings.ToLower(p.Name))}
}

// Urgency is how soon the city asks an affected system to be fixed
// (8.6.1: 緊急度に応じて), by the CVSS base score.
type Urgency struct {
	// CriticalDays and HighDays are the days allowed for a hole scored
	// 9.0 or more and 7.0 or more; MediumDays for the rest.
	CriticalDays, HighDays, MediumDays int
}

// DefaultUrgency is the city's default: critical within 7 days, high
// within 30, the rest within 90.
func DefaultUrgency() Urgency { return Urgency{CriticalDays: 7, HighDays: 30, MediumDays: 90} }

// Rate returns the urgency's name and the days allowed for score (and
// the feed's severity when it gives no score).
func (u Urgency) Rate(score float64, severity string) (string, int) {
	sev := strings.ToUpper(severity)
	switch {
	case score >= 9 || (score == 0 && sev == "CRITICAL"):
		return "critical", u.CriticalDays
	case score >= 7 || (score == 0 && sev == "HIGH"):
		return "high", u.HighDays
	}
	return "medium", u.MediumDays
}

// UrgencyLabel names an urgency in Japanese.
func UrgencyLabel(u string) string {
	switch u {
	case "critical":
		return "緊急"
	case "high":
		return "重要"
	case "medium":
		return "注意"
	}
	return u
}
