package store

import (
	"context"
	"fmt"
	"slices"

	"kijun/internal/organisation"
)

// BureauExposure is how many open security holes the systems of one 局
// (or 室, 区: a unit at the top of the organisation) carry, by the CVSS
// severity of their base score (8.6.1).
type BureauExposure struct {
	Code, Name                  string
	Critical, High, Medium, Low int
}

// Total is the bureau's open holes.
func (b BureauExposure) Total() int { return b.Critical + b.High + b.Medium + b.Low }

// VulnExposure counts the open vulnerability findings per 局 on today's
// organisation, by CVSS v3 severity band (critical 9.0 or more, high 7.0,
// medium 4.0, low below); units limits it to the systems of those 課
// (nil: the whole city). Bureaus without an open hole are left out.
func (db *DB) VulnExposure(ctx context.Context, units []string) ([]BureauExposure, error) {
	day := organisation.Day(db.Now())
	us, err := db.UnitsOn(ctx, day)
	if err != nil {
		return nil, err
	}
	parent, name := map[string]string{}, map[string]string{}
	for _, u := range us {
		parent[u.Code], name[u.Code] = u.Parent, u.Name
	}
	top := func(code string) string {
		for range 32 { // a loop in the data stops here rather than hanging
			p, ok := parent[code]
			if !ok || p == "" {
				return code
			}
			code = p
		}
		return code
	}
	by := map[string]*BureauExposure{}
	err = db.View(ctx, func(tx *Tx) error {
		return tx.each(ctx, `SELECT s.unit_code, f.score FROM vuln_findings f JOIN systems s ON s.id = f.system_id WHERE f.closed_at = ''`, nil,
			func(sc scanner) error {
				var unit string
				var score float64
				if err := sc.Scan(&unit, &score); err != nil {
					return err
				}
				if units != nil && !slices.Contains(units, unit) {
					return nil
				}
				code := top(unit)
				b := by[code]
				if b == nil {
					b = &BureauExposure{Code: code, Name: name[code]}
					if b.Name == "" {
						b.Name = code
					}
					by[code] = b
				}
				switch {
				case score >= 9:
					b.Critical++
				case score >= 7:
					b.High++
				case score >= 4:
					b.Medium++
				default:
					b.Low++
				}
				return nil
			})
	})
	if err != nil {
		return nil, fmt.Errorf("count open vulnerabilities per bureau: %w", err)
	}
	out := make([]BureauExposure, 0, len(by))
	for _, b := range by {
		out = append(out, *b)
	}
	slices.SortFunc(out, func(a, b BureauExposure) int {
		if a.Total() != b.Total() {
			return b.Total() - a.Total()
		}
		if a.Code < b.Code {
			return -1
		}
		return 1
	})
	return out, nil
}
