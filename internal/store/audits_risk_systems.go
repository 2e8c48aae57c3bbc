package store

import (
	"context"
	"fmt"
	"strings"

	"kijun/internal/audits"
)

// SystemRisk is what the planner sees of one information system (11.1.3,
// risk-based), beside each 課's: the continuous checks' open findings on
// it, the last audit whose scope named it and what that audit found in
// the 課 that keeps it, and the open corrective actions owned for it.
type SystemRisk struct {
	System string `json:"system"`
	Name   string `json:"name"`
	Unit   string `json:"unit"`
	Risk
}

// AuditSystemRisk returns, per system with anything to show, the figures
// the planner chooses by, most serious open findings first, then those
// audited longest ago.
func (db *DB) AuditSystemRisk(ctx context.Context) ([]SystemRisk, error) {
	rows := map[string]*SystemRisk{}
	get := func(id string) *Risk {
		id = strings.TrimPrefix(id, "system:")
		r, ok := rows[id]
		if !ok {
			r = &SystemRisk{System: id, Name: id}
			rows[id] = r
		}
		return &r.Risk
	}
	err := db.View(ctx, func(tx *Tx) error {
		if err := tx.countOpenFindings(ctx, "subject", "subject LIKE 'system:%'", get); err != nil {
			return err
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
		// What the audit found is counted in the 課 that keeps the system.
		if err := tx.lastAudits(ctx, func(a audits.Audit, found map[string]int) {
			for _, id := range a.Systems {
				get(id).lastAudit(a, found[keeper[id]])
			}
		}); err != nil {
			return err
		}
		if err := tx.countOpenActions(ctx, "owner_scope", "owner_scope LIKE 'system:%'", get); err != nil {
			return err
		}
		for id, r := range rows {
			if n, ok := names[id]; ok {
				r.Name, r.Unit = n, keeper[id]
			}
		}
		return nil
	})
	return sortedRisks(rows, func(r SystemRisk) (Risk, string) { return r.Risk, r.System }), err
}
