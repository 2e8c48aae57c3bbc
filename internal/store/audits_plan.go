package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"kijun/internal/audits"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/wareki"
)

const planColumns = "id, fiscal_year, state, note, drafted_by, drafted_at, approved_by, approved_at, version"

func scanPlan(sc scanner) (audits.Plan, error) {
	var p audits.Plan
	var drafted, approved string
	err := sc.Scan(&p.ID, &p.Year, &p.State, &p.Note, &p.DraftedBy, &drafted, &p.ApprovedBy, &approved, &p.Version)
	p.DraftedAt, p.ApprovedAt = parseStoredTime(drafted), parseStoredTime(approved)
	return p, err
}

const auditColumns = `id, plan_id, title, units, systems, contractor, provisions, criteria, external_allowed, period_from, period_to,
	starts, ends, state, summary, submitted_by, submitted_at, created_at, version`

func scanAudit(sc scanner) (audits.Audit, error) {
	var a audits.Audit
	var units, systems, provisions, pf, pt, starts, ends, submitted, created string
	var ext int
	err := sc.Scan(&a.ID, &a.PlanID, &a.Title, &units, &systems, &a.Contractor, &provisions, &a.Criteria, &ext, &pf, &pt,
		&starts, &ends, &a.State, &a.Summary, &a.SubmittedBy, &submitted, &created, &a.Version)
	a.Units, a.Systems, a.Provisions = strings.Fields(units), strings.Fields(systems), strings.Fields(provisions)
	a.ExternalAllowed = ext != 0
	a.PeriodFrom, a.PeriodTo = organisation.StoredDate(pf), organisation.StoredDate(pt)
	a.Starts, a.Ends = organisation.StoredDate(starts), organisation.StoredDate(ends)
	a.SubmittedAt, a.CreatedAt = parseStoredTime(submitted), parseStoredTime(created)
	return a, err
}

var auditProvisions = []string{"11.1.3"}

// CreatePlan drafts the audit plan of 年度 year (11.1.3): by the audit
// director only; one plan a year.
func (db *DB) CreatePlan(ctx context.Context, who audits.Actor, year int, note string) (audits.Plan, error) {
	p := audits.Plan{Year: year, Note: strings.TrimSpace(note), State: audits.PlanDraft}
	if !who.Plans() {
		return p, kijun.Errorf(kijun.EFORBIDDEN, "監査計画を起案できるのは情報セキュリティ監査統括責任者です（11.1.3）")
	}
	var fe kijun.FieldErrors
	if year < 2000 || year > 2200 {
		fe.Add("year", "年度を西暦の 4 桁（例: 2026）で入力してください")
	}
	fe.Text("note", "方針", p.Note, 4000, true)
	if err := fe.AsError(); err != nil {
		return p, err
	}
	err := db.Update(ctx, func(tx *Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM audit_plans WHERE fiscal_year = ?", year).Scan(&n); err != nil {
			return fmt.Errorf("look up plan of %d: %w", year, err)
		}
		if n > 0 {
			return kijun.Errorf(kijun.ECONFLICT, "%s の監査計画は既にあります", fiscalName(year))
		}
		now := tx.db.Now()
		p.DraftedBy, p.DraftedAt, p.Version = kijun.ActorFrom(ctx).ID, now, 1
		var err error
		if p.ID, err = tx.insertReturningID(ctx, "INSERT INTO audit_plans (fiscal_year, state, note, drafted_by, drafted_at, version) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
			year, p.State, p.Note, p.DraftedBy, storedTime(now), p.Version); err != nil {
			return fmt.Errorf("draft plan of %d: %w", year, err)
		}
		_, err = tx.Record(ctx, Change{Action: "audit.plan.draft", Entity: "audit_plan", EntityID: fmt.Sprint(p.ID), State: p, Provisions: auditProvisions})
		return err
	})
	return p, err
}

func fiscalName(year int) string {
	start, _ := wareki.FiscalYearRange(year)
	return wareki.FiscalYearName(start)
}

func (tx *Tx) plan(ctx context.Context, id int64) (audits.Plan, error) {
	p, err := scanPlan(tx.QueryRowContext(ctx, "SELECT "+planColumns+" FROM audit_plans WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return p, kijun.Errorf(kijun.ENOTFOUND, "監査計画 %d はありません", id)
	}
	if err != nil {
		return p, fmt.Errorf("load audit plan %d: %w", id, err)
	}
	return p, nil
}

// AddAudit adds an audit to a draft plan, checking each auditor's
// independence of its subject over the period audited (11.1.2): a
// conflict refuses the audit, naming the auditor and the conflict.
func (db *DB) AddAudit(ctx context.Context, who audits.Actor, planID int64, a audits.Audit) (audits.Audit, error) {
	a.Normalise()
	if !who.Plans() {
		return a, kijun.Errorf(kijun.EFORBIDDEN, "監査計画に監査を加えられるのは情報セキュリティ監査統括責任者です（11.1.3）")
	}
	// The criteria: the catalog edition in force when the audit is planned.
	info, err := db.DefaultCatalog(ctx)
	if err != nil {
		return a, fmt.Errorf("read the catalog in force: %w", err)
	}
	err = db.Update(ctx, func(tx *Tx) error {
		p, err := tx.plan(ctx, planID)
		if err != nil {
			return err
		}
		if p.State != audits.PlanDraft {
			return kijun.Errorf(kijun.ECONFLICT, "%s の監査計画は承認済みです。監査を加えるには新しい計画案が必要です", fiscalName(p.Year))
		}
		fe := kijun.FieldErrors{Fields: a.Check()}
		if err := tx.checkAuditScope(ctx, &a, &fe); err != nil {
			return err
		}
		if len(fe.Fields) == 0 {
			start, end := wareki.FiscalYearRange(p.Year)
			if err := a.InPlanYear(p.Year, start, end); err != nil {
				return err
			}
		}
		if err := fe.AsError(); err != nil {
			return err
		}
		// 11.1.2: every auditor independent of the subject, or nothing is written.
		if err := tx.checkIndependence(ctx, a, a.Auditors); err != nil {
			return err
		}
		now := tx.db.Now()
		a.PlanID, a.Criteria, a.State, a.CreatedAt, a.Version = planID, info.Ref(), audits.StatePlanned, now, 1
		if a.ID, err = tx.insertReturningID(ctx, `INSERT INTO audits (plan_id, title, units, systems, contractor, provisions, criteria, external_allowed,
			period_from, period_to, starts, ends, state, created_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			planID, a.Title, strings.Join(a.Units, " "), strings.Join(a.Systems, " "), a.Contractor, strings.Join(a.Provisions, " "), a.Criteria,
			boolInt(a.ExternalAllowed), dateArg(a.PeriodFrom), dateArg(a.PeriodTo), dateArg(a.Starts), dateArg(a.Ends), a.State, storedTime(now), a.Version); err != nil {
			return fmt.Errorf("add audit: %w", err)
		}
		for i, x := range a.Auditors {
			if _, err := tx.ExecContext(ctx, "INSERT INTO audit_auditors (audit_id, seq, staff_no, name, organisation, external) VALUES (?, ?, ?, ?, ?, ?)",
				a.ID, i+1, x.StaffNo, x.Name, x.Organisation, boolInt(x.External)); err != nil {
				return fmt.Errorf("name auditor of audit %d: %w", a.ID, err)
			}
		}
		_, err = tx.Record(ctx, Change{Action: "audit.plan.add", Entity: "audit", EntityID: fmt.Sprint(a.ID), State: a, Provisions: []string{"11.1.2", "11.1.3"}})
		return err
	})
	return a, err
}

// checkAuditScope adds to fe the units, systems and auditors of a that
// are not in the organisation or the registers, and fills the names of
// the auditors on the staff.
func (tx *Tx) checkAuditScope(ctx context.Context, a *audits.Audit, fe *kijun.FieldErrors) error {
	for _, u := range a.Units {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM org_units WHERE code = ?", u).Scan(&n); err != nil {
			return fmt.Errorf("look up unit %s: %w", u, err)
		}
		if n == 0 {
			fe.Add(audits.FieldUnits, "課 %s は組織にありません", u)
		}
	}
	for _, s := range a.Systems {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM systems WHERE id = ?", s).Scan(&n); err != nil {
			return fmt.Errorf("look up system %s: %w", s, err)
		}
		if n == 0 {
			fe.Add(audits.FieldSystems, "情報システム %s は情報システム台帳にありません", s)
		}
	}
	for i, x := range a.Auditors {
		if x.External || x.StaffNo == "" {
			continue
		}
		err := tx.QueryRowContext(ctx, "SELECT name FROM org_people WHERE staff_no = ?", x.StaffNo).Scan(&a.Auditors[i].Name)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			fe.Add(audits.FieldAuditors, "監査人の職員番号 %s の職員はいません", x.StaffNo)
		case err != nil:
			return fmt.Errorf("look up auditor %s: %w", x.StaffNo, err)
		}
	}
	return nil
}

// ApprovePlan approves a draft plan: by the CISO (3.2.11: or whoever acts
// for the CISO), at the version that was read (11.1.3).
func (db *DB) ApprovePlan(ctx context.Context, who audits.Actor, id, version int64) (audits.Plan, error) {
	var p audits.Plan
	if !who.CISO && !who.Console {
		return p, kijun.Errorf(kijun.EFORBIDDEN, "監査計画を承認できるのは CISO です（11.1.3）")
	}
	err := db.Update(ctx, func(tx *Tx) (err error) {
		if p, err = tx.plan(ctx, id); err != nil {
			return err
		}
		if version != 0 && p.Version != version {
			return kijun.Errorf(kijun.ECONFLICT, "この監査計画は他の人が更新しました。読み込み直してください")
		}
		if p.State != audits.PlanDraft {
			return kijun.Errorf(kijun.ECONFLICT, "%s の監査計画は既に承認されています", fiscalName(p.Year))
		}
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM audits WHERE plan_id = ?", id).Scan(&n); err != nil {
			return fmt.Errorf("count audits of plan %d: %w", id, err)
		}
		if n == 0 {
			return kijun.Errorf(kijun.EINVALID, "監査が一つもない計画は承認できません")
		}
		now := tx.db.Now()
		p.State, p.ApprovedBy, p.ApprovedAt, p.Version = audits.PlanApproved, kijun.ActorFrom(ctx).ID, now, p.Version+1
		if _, err := tx.ExecContext(ctx, "UPDATE audit_plans SET state = ?, approved_by = ?, approved_at = ?, version = ? WHERE id = ?",
			p.State, p.ApprovedBy, storedTime(now), p.Version, id); err != nil {
			return fmt.Errorf("approve plan %d: %w", id, err)
		}
		_, err = tx.Record(ctx, Change{Action: "audit.plan.approve", Entity: "audit_plan", EntityID: fmt.Sprint(id), State: p, Provisions: auditProvisions})
		return err
	})
	return p, err
}

// Plans returns every plan, newest 年度 first, with its audits.
func (db *DB) Plans(ctx context.Context) ([]audits.Plan, error) {
	var out []audits.Plan
	err := db.View(ctx, func(tx *Tx) error {
		if err := tx.each(ctx, "SELECT "+planColumns+" FROM audit_plans ORDER BY fiscal_year DESC", nil, func(sc scanner) error {
			p, err := scanPlan(sc)
			out = append(out, p)
			return err
		}); err != nil {
			return fmt.Errorf("list audit plans: %w", err)
		}
		for i := range out {
			var err error
			if out[i].Audits, err = tx.planAudits(ctx, out[i].ID); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// PlanOf returns the plan of 年度 year with its audits.
func (db *DB) PlanOf(ctx context.Context, year int) (audits.Plan, error) {
	var p audits.Plan
	err := db.View(ctx, func(tx *Tx) (err error) {
		p, err = scanPlan(tx.QueryRowContext(ctx, "SELECT "+planColumns+" FROM audit_plans WHERE fiscal_year = ?", year))
		if errors.Is(err, sql.ErrNoRows) {
			return kijun.Errorf(kijun.ENOTFOUND, "%s の監査計画はありません", fiscalName(year))
		}
		if err != nil {
			return err
		}
		p.Audits, err = tx.planAudits(ctx, p.ID)
		return err
	})
	return p, err
}

func (tx *Tx) planAudits(ctx context.Context, planID int64) ([]audits.Audit, error) {
	var out []audits.Audit
	if err := tx.each(ctx, "SELECT "+auditColumns+" FROM audits WHERE plan_id = ? ORDER BY starts, id", []any{planID}, func(sc scanner) error {
		a, err := scanAudit(sc)
		out = append(out, a)
		return err
	}); err != nil {
		return nil, fmt.Errorf("list audits of plan %d: %w", planID, err)
	}
	for i := range out {
		var err error
		if out[i].Auditors, err = tx.auditors(ctx, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (tx *Tx) auditors(ctx context.Context, auditID int64) ([]audits.Auditor, error) {
	var out []audits.Auditor
	err := tx.each(ctx, "SELECT staff_no, name, organisation, external FROM audit_auditors WHERE audit_id = ? ORDER BY seq", []any{auditID}, func(sc scanner) error {
		var x audits.Auditor
		var ext int
		err := sc.Scan(&x.StaffNo, &x.Name, &x.Organisation, &ext)
		x.External = ext != 0
		out = append(out, x)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list auditors of audit %d: %w", auditID, err)
	}
	return out, nil
}

func (tx *Tx) audit(ctx context.Context, id int64) (audits.Audit, error) {
	a, err := scanAudit(tx.QueryRowContext(ctx, "SELECT "+auditColumns+" FROM audits WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return a, kijun.Errorf(kijun.ENOTFOUND, "監査 %d はありません", id)
	}
	if err != nil {
		return a, fmt.Errorf("load audit %d: %w", id, err)
	}
	a.Auditors, err = tx.auditors(ctx, id)
	return a, err
}
