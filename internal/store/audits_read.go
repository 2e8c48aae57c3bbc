package store

import (
	"context"
	"fmt"
	"slices"

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
	Unit string `json:"unit"`
	Name string `json:"name"`
	Risk
}

// AuditRisk returns, per 課 with anything to show, the figures the
// planner chooses by: the 課 with the most serious open findings first,
// then those audited longest ago.
func (db *DB) AuditRisk(ctx context.Context) ([]UnitRisk, error) {
	rows := map[string]*UnitRisk{}
	get := func(u string) *Risk {
		r, ok := rows[u]
		if !ok {
			r = &UnitRisk{Unit: u, Name: u}
			rows[u] = r
		}
		return &r.Risk
	}
	err := db.View(ctx, func(tx *Tx) error {
		if err := tx.countOpenFindings(ctx, "unit_code", "unit_code <> ''", get); err != nil {
			return err
		}
		// The last audit of each 課 whose report went to the CISO: by its
		// units in scope.
		if err := tx.lastAudits(ctx, func(a audits.Audit, found map[string]int) {
			for _, u := range a.Units {
				get(u).lastAudit(a, found[u])
			}
		}); err != nil {
			return err
		}
		if err := tx.countOpenActions(ctx, "unit_code", "1 = 1", get); err != nil {
			return err
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
	return sortedRisks(rows, func(r UnitRisk) (Risk, string) { return r.Risk, r.Unit }), err
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
