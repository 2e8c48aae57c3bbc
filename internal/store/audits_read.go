package store

import (
	"context"
	"fmt"
	"slices"
	"time"

	"kijun/internal/audits"
	"kijun/internal/corrective"
	"kijun/internal/kijun"
)

// AuditFile is an audit with everything recorded on it: the page and the
// report read it.
type AuditFile struct {
	audits.Audit
	Plan     audits.Plan         `json:"plan"`
	Work     []Work              `json:"work"`
	Samples  []audits.Sample     `json:"samples"`
	Evidence []audits.Evidence   `json:"evidence"`
	Findings []audits.Finding    `json:"findings"`
	Actions  []corrective.Action `json:"actions"` // the findings' corrective actions
	// Conflicts are the independence conflicts of the audit's auditors
	// today: an auditor transferred into the 課 since the plan shows here
	// and is refused when they record work.
	Conflicts []audits.Conflict `json:"conflicts,omitempty"`
}

// MayRead reports whether who reads the audit: the director, the CISO's
// office, the console, or an auditor named on it.
func (f AuditFile) MayRead(who audits.Actor) bool {
	return who.Reads() || (who.StaffNo != "" && slices.ContainsFunc(f.Auditors, func(x audits.Auditor) bool { return x.StaffNo == who.StaffNo }))
}

// ReadAudit returns an audit's file, if who may read it.
func (db *DB) ReadAudit(ctx context.Context, who audits.Actor, id int64) (AuditFile, error) {
	var f AuditFile
	err := db.View(ctx, func(tx *Tx) (err error) {
		if f.Audit, err = tx.audit(ctx, id); err != nil {
			return err
		}
		if !f.MayRead(who) {
			return kijun.Errorf(kijun.ENOTFOUND, "監査 %d はありません", id)
		}
		if f.Plan, err = tx.plan(ctx, f.PlanID); err != nil {
			return err
		}
		if err := tx.each(ctx, "SELECT id, audit_id, staff_no, note, at FROM audit_work WHERE audit_id = ? ORDER BY id", []any{id}, func(sc scanner) error {
			var w Work
			var at string
			err := sc.Scan(&w.ID, &w.AuditID, &w.StaffNo, &w.Note, &at)
			w.At = parseStoredTime(at)
			f.Work = append(f.Work, w)
			return err
		}); err != nil {
			return fmt.Errorf("list work of audit %d: %w", id, err)
		}
		if f.Samples, err = tx.samples(ctx, id); err != nil {
			return err
		}
		if err := tx.eachEvidence(ctx, auditEvidence, auditEvidence.owner, []any{id}, func(sc scanner) error {
			e, err := scanAuditEvidence(sc, nil)
			f.Evidence = append(f.Evidence, e)
			return err
		}); err != nil {
			return fmt.Errorf("list evidence of audit %d: %w", id, err)
		}
		if err := tx.each(ctx, "SELECT "+auditFindingColumns+" FROM audit_findings f WHERE f.audit_id = ? ORDER BY f.id", []any{id}, func(sc scanner) error {
			x, err := scanAuditFinding(sc)
			f.Findings = append(f.Findings, x)
			return err
		}); err != nil {
			return fmt.Errorf("list findings of audit %d: %w", id, err)
		}
		for _, x := range f.Findings {
			if x.ActionID == 0 {
				continue
			}
			a, err := scanCorrective(tx.QueryRowContext(ctx, "SELECT "+correctiveColumns+" FROM corrective_actions a WHERE a.id = ?", x.ActionID))
			if err != nil {
				return fmt.Errorf("load action of finding %d: %w", x.ID, err)
			}
			tx.fillOwner(ctx, &a)
			f.Actions = append(f.Actions, a)
		}
		if f.State != audits.StateSubmitted {
			if f.Conflicts, err = tx.conflicts(ctx, f.Audit, f.Auditors); err != nil {
				return err
			}
		}
		return nil
	})
	return f, err
}

// AuditsOf lists the audits who reads, newest first: every audit for the
// director and the CISO's office, the audits they are named on for an
// auditor.
func (db *DB) AuditsOf(ctx context.Context, who audits.Actor) ([]audits.Audit, error) {
	q, args := "SELECT "+auditColumns+" FROM audits ORDER BY starts DESC, id DESC", []any(nil)
	if !who.Reads() {
		if who.StaffNo == "" {
			return nil, nil
		}
		q, args = "SELECT "+auditColumns+" FROM audits WHERE id IN (SELECT audit_id FROM audit_auditors WHERE staff_no = ?) ORDER BY starts DESC, id DESC", []any{who.StaffNo}
	}
	var out []audits.Audit
	err := db.View(ctx, func(tx *Tx) error {
		if err := tx.each(ctx, q, args, func(sc scanner) error {
			a, err := scanAudit(sc)
			out = append(out, a)
			return err
		}); err != nil {
			return fmt.Errorf("list audits: %w", err)
		}
		for i := range out {
			var err error
			if out[i].Auditors, err = tx.auditors(ctx, out[i].ID); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// UnitRisk is what the planner sees of one 課 (11.1.3, risk-based): the
// continuous checks' open findings, its last audit and what it found, and
// its corrective actions still open.
type UnitRisk struct {
	Unit            string    `json:"unit"`
	Name            string    `json:"name"`
	OpenFindings    int       `json:"open_findings"`
	HighFindings    int       `json:"high_findings"`
	LastAudit       int64     `json:"last_audit,omitempty"`
	LastAuditEnds   time.Time `json:"last_audit_ends,omitzero"`
	LastAuditResult int       `json:"last_audit_findings"`
	OpenActions     int       `json:"open_actions"`
}

// AuditRisk returns, per 課 with anything to show, the figures the
// planner chooses by: the 課 with the most serious open findings first,
// then those audited longest ago.
func (db *DB) AuditRisk(ctx context.Context) ([]UnitRisk, error) {
	rows := map[string]*UnitRisk{}
	get := func(u string) *UnitRisk {
		if r, ok := rows[u]; ok {
			return r
		}
		r := &UnitRisk{Unit: u, Name: u}
		rows[u] = r
		return r
	}
	err := db.View(ctx, func(tx *Tx) error {
		if err := tx.each(ctx, "SELECT unit_code, COUNT(*), SUM(CASE WHEN severity = 'high' THEN 1 ELSE 0 END) FROM compliance_findings WHERE closed_at = '' AND unit_code <> '' GROUP BY unit_code", nil, func(sc scanner) error {
			var u string
			var n, high int
			if err := sc.Scan(&u, &n, &high); err != nil {
				return err
			}
			r := get(u)
			r.OpenFindings, r.HighFindings = n, high
			return nil
		}); err != nil {
			return fmt.Errorf("count open findings per unit: %w", err)
		}
		// The last audit of each 課 whose report went to the CISO: by its
		// units in scope.
		var all []audits.Audit
		if err := tx.each(ctx, "SELECT "+auditColumns+" FROM audits WHERE state = ? ORDER BY ends", []any{string(audits.StateSubmitted)}, func(sc scanner) error {
			a, err := scanAudit(sc)
			all = append(all, a)
			return err
		}); err != nil {
			return fmt.Errorf("list audits: %w", err)
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
		for _, a := range all {
			for _, u := range a.Units {
				r := get(u)
				r.LastAudit, r.LastAuditEnds, r.LastAuditResult = a.ID, a.Ends, found[a.ID][u]
			}
		}
		if err := tx.each(ctx, "SELECT unit_code, COUNT(*) FROM corrective_actions WHERE state <> ? GROUP BY unit_code", []any{string(corrective.StateVerified)}, func(sc scanner) error {
			var u string
			var n int
			if err := sc.Scan(&u, &n); err != nil {
				return err
			}
			get(u).OpenActions = n
			return nil
		}); err != nil {
			return fmt.Errorf("count open actions per unit: %w", err)
		}
		return tx.each(ctx, "SELECT code, "+unitNameOf("code")+" FROM org_units", nil, func(sc scanner) error {
			var u, name string
			if err := sc.Scan(&u, &name); err != nil {
				return err
			}
			if r, ok := rows[u]; ok {
				r.Name = name
			}
			return nil
		})
	})
	out := make([]UnitRisk, 0, len(rows))
	for _, r := range rows {
		out = append(out, *r)
	}
	slices.SortFunc(out, func(a, b UnitRisk) int {
		switch {
		case a.HighFindings != b.HighFindings:
			return b.HighFindings - a.HighFindings
		case a.OpenFindings != b.OpenFindings:
			return b.OpenFindings - a.OpenFindings
		case !a.LastAuditEnds.Equal(b.LastAuditEnds):
			return a.LastAuditEnds.Compare(b.LastAuditEnds)
		}
		return compareStrings(a.Unit, b.Unit)
	})
	return out, err
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
