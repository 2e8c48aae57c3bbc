package operations

import "time"

// Hit is one installed product that one vulnerability affects.
type Hit struct {
	System  string
	Vuln    string
	Product string
	Version string
	// Fixed is the first version past the hole when the feed names one.
	Fixed string
}

// Inventory is the software of every system, by the keys feeds find
// products by (vendor and product).
type Inventory struct {
	byKey map[string][]Installed
}

// NewInventory indexes the installed products given.
func NewInventory(ps []Installed) *Inventory {
	inv := &Inventory{byKey: map[string][]Installed{}}
	for _, p := range ps {
		seen := map[string]bool{}
		for _, k := range p.Keys() {
			if !seen[k] {
				seen[k] = true
				inv.byKey[k] = append(inv.byKey[k], p)
			}
		}
	}
	return inv
}

// Match returns every installed product v affects, once per system and
// product.
func (inv *Inventory) Match(v Vuln) []Hit {
	var out []Hit
	seen := map[[2]string]bool{}
	for _, a := range v.Affects {
		ps := inv.byKey[a.Key()]
		if len(ps) == 0 {
			continue
		}
		var c CPE
		if a.CPE != "" {
			var err error
			if c, err = ParseCPE(a.CPE); err != nil {
				continue
			}
		}
		for _, p := range ps {
			k := [2]string{p.System, p.Name}
			if seen[k] || !a.hits(c, p) {
				continue
			}
			seen[k] = true
			out = append(out, Hit{System: p.System, Vuln: v.ID, Product: p.Name, Version: versionOf(p), Fixed: a.Fixed()})
		}
	}
	return out
}

func versionOf(p Installed) string {
	if p.Version != "" {
		return p.Version
	}
	return p.CPE.Version()
}

// VulnFinding is an affected system's finding (8.6.1): the hole, its
// score and urgency, the 業務システム管理者 who must act and by when, and
// when and why it closed.
type VulnFinding struct {
	System   string    `json:"system"`
	Vuln     string    `json:"vuln"`
	Product  string    `json:"product"`
	Version  string    `json:"version"`
	Fixed    string    `json:"fixed,omitempty"`
	Score    float64   `json:"score"`
	Severity string    `json:"severity,omitempty"`
	Urgency  string    `json:"urgency"`
	Due      time.Time `json:"due"`
	// Admin is the staff number of the system's 業務システム管理者 when the
	// finding opened, "" when nobody held the role.
	Admin       string    `json:"admin,omitempty"`
	OpenedAt    time.Time `json:"opened_at"`
	ClosedAt    time.Time `json:"closed_at,omitzero"`
	CloseReason string    `json:"close_reason,omitempty"`
	// Summary is the vulnerability's description, for lists.
	Summary string `json:"-"`
}

// Open reports whether the finding is still open.
func (f VulnFinding) Open() bool { return f.ClosedAt.IsZero() }

// Overdue reports whether the finding is open past its due day on now.
func (f VulnFinding) Overdue(now time.Time) bool { return f.Open() && now.After(f.Due) }

// Reasons a finding closes.
const (
	ClosedFixed     = "fixed"     // the software's version moved past the hole
	ClosedRemoved   = "removed"   // the software is no longer in the register
	ClosedWithdrawn = "withdrawn" // the feed no longer lists the product as affected
	ClosedException = "exception" // an exception (9.5) was accepted
)

// CloseReasonLabel names a reason in Japanese.
func CloseReasonLabel(r string) string {
	switch r {
	case ClosedFixed:
		return "修正済みの版に更新"
	case ClosedRemoved:
		return "ソフトウェアを撤去"
	case ClosedWithdrawn:
		return "脆弱性情報の更新で対象外"
	case ClosedException:
		return "例外措置（9.5）の許可"
	}
	return r
}

// OpenFinding makes the finding of hit h of v, opened at now.
func OpenFinding(h Hit, v Vuln, u Urgency, admin string, now time.Time) VulnFinding {
	urg, days := u.Rate(v.Score, v.Severity)
	return VulnFinding{System: h.System, Vuln: h.Vuln, Product: h.Product, Version: h.Version, Fixed: h.Fixed,
		Score: v.Score, Severity: v.Severity, Urgency: urg, Due: now.AddDate(0, 0, days), Admin: admin, OpenedAt: now}
}
