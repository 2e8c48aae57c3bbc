package store

import (
	"context"
	"fmt"
	"slices"
	"time"

	"kijun/internal/audits"
	"kijun/internal/corrective"
)

// Risk is what the audit planner chooses by (11.1.3, risk-based), for a
// 課 or a system: the continuous checks' open findings, the last audit
// that named it and what that audit found, and the corrective actions
// still open.
type Risk struct {
	OpenFindings    int       `json:"open_findings"`
	HighFindings    int       `json:"high_findings"`
	LastAudit       int64     `json:"last_audit,omitempty"`
	LastAuditEnds   time.Time `json:"last_audit_ends,omitzero"`
	LastAuditResult int       `json:"last_audit_findings"`
	OpenActions     int       `json:"open_actions"`
}

func (r *Risk) lastAudit(a audits.Audit, found int) {
	r.LastAudit, r.LastAuditEnds, r.LastAuditResult = a.ID, a.Ends, found
}

// countOpenFindings counts the open findings, and the high ones, by the
// column by (of those where holds), into get's rows.
func (tx *Tx) countOpenFindings(ctx context.Context, by, where string, get func(string) *Risk) error {
	q := "SELECT " + by + ", COUNT(*), SUM(CASE WHEN severity = 'high' THEN 1 ELSE 0 END) FROM compliance_findings WHERE closed_at = '' AND " + where + " GROUP BY " + by
	err := tx.each(ctx, q, nil, func(sc scanner) error {
		var key string
		var n, high int
		if err := sc.Scan(&key, &n, &high); err != nil {
			return err
		}
		r := get(key)
		r.OpenFindings, r.HighFindings = n, high
		return nil
	})
	if err != nil {
		return fmt.Errorf("count open findings by %s: %w", by, err)
	}
	return nil
}

// countOpenActions counts the corrective actions not yet verified by the
// column by (of those where holds), into get's rows.
func (tx *Tx) countOpenActions(ctx context.Context, by, where string, get func(string) *Risk) error {
	q := "SELECT " + by + ", COUNT(*) FROM corrective_actions WHERE state <> ? AND " + where + " GROUP BY " + by
	err := tx.each(ctx, q, []any{string(corrective.StateVerified)}, func(sc scanner) error {
		var key string
		var n int
		if err := sc.Scan(&key, &n); err != nil {
			return err
		}
		get(key).OpenActions = n
		return nil
	})
	if err != nil {
		return fmt.Errorf("count open actions by %s: %w", by, err)
	}
	return nil
}

// lastAudits calls each with every audit whose report went to the CISO,
// by its end (so the last one to name a 課 or system wins), and what it
// found per 課.
func (tx *Tx) lastAudits(ctx context.Context, each func(a audits.Audit, found map[string]int)) error {
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
	err := tx.each(ctx, "SELECT "+auditColumns+" FROM audits WHERE state = ? ORDER BY ends", []any{string(audits.StateSubmitted)}, func(sc scanner) error {
		a, err := scanAudit(sc)
		if err == nil {
			each(a, found[a.ID])
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("list audits: %w", err)
	}
	return nil
}

// sortedRisks lists rows most serious first: the most high findings, then
// the most open ones, then those audited longest ago, then by key.
func sortedRisks[T any](rows map[string]*T, of func(T) (Risk, string)) []T {
	out := make([]T, 0, len(rows))
	for _, r := range rows {
		out = append(out, *r)
	}
	slices.SortFunc(out, func(x, y T) int {
		a, ak := of(x)
		b, bk := of(y)
		switch {
		case a.HighFindings != b.HighFindings:
			return b.HighFindings - a.HighFindings
		case a.OpenFindings != b.OpenFindings:
			return b.OpenFindings - a.OpenFindings
		case !a.LastAuditEnds.Equal(b.LastAuditEnds):
			return a.LastAuditEnds.Compare(b.LastAuditEnds)
		}
		return compareStrings(ak, bk)
	})
	return out
}
