package store

import (
	"context"
	"fmt"
	"slices"
	"time"

	"kijun/internal/audits"
	"kijun/internal/corrective"
)

// SystemRisk is what the planner sees of one information system (11.1.3,
// risk-based), beside each 課's: the continuous checks' open findings on
// it, the last audit whose scope named it and what that audit found in
// the 課 that keeps it, and the open corrective actions owned for it.
type SystemRisk struct {
	System          string    `json:"system"`
	Name            string    `json:"name"`
	Unit            string    `json:"unit"`
	OpenFindings    int       `json:"open_findings"`
	HighFindings    int       `json:"high_findings"`
	LastAudit       int64     `json:"last_audit,omitempty"`
	LastAuditEnds   time.Time `json:"last_audit_ends,omitzero"`
	LastAuditResult int       `json:"last_audit_findings"`
	OpenActions     int       `json:"open_actions"`
}

// AuditSystemRisk returns, per system with anything to show, the figures
// the planner chooses by, most serious open findings first, then those
// audited longest ago.
func (db *DB) AuditSystemRisk(ctx context.Context) ([]SystemRisk, error) {
	rows := map[string]*SystemRisk{}
	get := func(id string) *SystemRisk {
		if r, ok := rows[id]; ok {
			return r
		}
		r := &SystemRisk{System: id, Name: id}
		rows[id] = r
		return r
	}
	err := db.View(ctx, func(tx *Tx) error {
		if err := tx.each(ctx, `SELECT subject, COUNT(*), SUM(CASE WHEN severity = 'high' THEN 1 ELSE 0 END) FROM compliance_findings
			WHERE closed_at = '' AND subject LIKE 'system:%' GROUP BY subject`, nil, func(sc scanner) error {
			var subject string
			var n, high int
			if err := sc.Scan(&subject, &n, &high); err != nil {
				return err
			}
			r := get(subject[len("system:"):])
			r.OpenFindings, r.HighFindings = n, high
			return nil
		}); err != nil {
			return fmt.Errorf("count open findings per system: %w", err)
		}
		keeper := map[string]string{}
		names := map[string]string{}
		if err := tx.each(ctx, "SELECT id, name, unit_code FROM systems", nil, func(sc scanner) error {
			var id, name, unit string
			err := sc.Scan(&id, &name, &unit)
			keeper[id], names[id] = unit, name
			return err
		}); err != nil {
			return fmt.Errorf("list systems: %w", err)
		}
		found := map[int64]map[string]int{}
		if err := tx.each(ctx, "SELECT audit_id, unit_code, COUNT(*) FROM audit_findings GROUP BY audit_id, unit_code", nil, func(sc scanner) error {
			var id int64
			var u string
			var n int
			if err := sc.Scan(&id, &u, &n); err != nil {
				return err
			}
			if found[id] == nil {
				found[id] = map[string]int{}
			}
			found[id][u] = n
			return nil
		}); err != nil {
			return fmt.Errorf("count audit findings: %w", err)
		}
		// Audits by their end, so the last one named wins.
		if err := tx.each(ctx, "SELECT "+auditColumns+" FROM audits WHERE state = ? ORDER BY ends", []any{string(audits.StateSubmitted)}, func(sc scanner) error {
			a, err := scanAudit(sc)
			if err != nil {
				return err
			}
			for _, id := range a.Systems {
				r := get(id)
				r.LastAudit, r.LastAuditEnds, r.LastAuditResult = a.ID, a.Ends, found[a.ID][keeper[id]]
			}
			return nil
		}); err != nil {
			return fmt.Errorf("list audits: %w", err)
		}
		if err := tx.each(ctx, `SELECT owner_scope, COUNT(*) FROM corrective_actions WHERE state <> ? AND owner_scope LIKE 'system:%' GROUP BY owner_scope`,
			[]any{string(corrective.StateVerified)}, func(sc scanner) error {
				var scope string
				var n int
				if err := sc.Scan(&scope, &n); err != nil {
					return err
				}
				get(scope[len("system:"):]).OpenActions = n
				return nil
			}); err != nil {
			return fmt.Errorf("count open actions per system: %w", err)
		}
		for id, r := range rows {
			if n, ok := names[id]; ok {
				r.Name, r.Unit = n, keeper[id]
			}
		}
		return nil
	})
	out := make([]SystemRisk, 0, len(rows))
	for _, r := range rows {
		out = append(out, *r)
	}
	slices.SortFunc(out, func(a, b SystemRisk) int {
		switch {
		case a.HighFindings != b.HighFindings:
			return b.HighFindings - a.HighFindings
		case a.OpenFindings != b.OpenFindings:
			return b.OpenFindings - a.OpenFindings
		case !a.LastAuditEnds.Equal(b.LastAuditEnds):
			return a.LastAuditEnds.Compare(b.LastAuditEnds)
		}
		return compareStrings(a.System, b.System)
	})
	return out, err
}
