package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"kijun/internal/corrective"
	"kijun/internal/incidents"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
)

// mayPlanDrills is the gate of every write of the drill plan, asked inside
// its transaction so the page and any other entry point pass the same
// one: 7.2.3 makes the drills the CISO's, planned by the
// 情報セキュリティ統括責任者's office.
func mayPlanDrills(o corrective.Officer) error {
	if o.City || o.Console {
		return nil
	}
	return kijun.Errorf(kijun.EFORBIDDEN, "緊急時対応訓練の計画・結果・改善は CISO の事務局（情報セキュリティ統括責任者）が記録します（7.2.3）")
}

// SaveDrillPlan drafts the 年度's drill plan (version 0) or changes it at
// the version that was read (7.2.3).
func (db *DB) SaveDrillPlan(ctx context.Context, o corrective.Officer, p incidents.DrillPlan) (incidents.DrillPlan, error) {
	p.Scope, p.Systems, p.Participants = strings.TrimSpace(p.Scope), strings.TrimSpace(p.Systems), strings.TrimSpace(p.Participants)
	err := db.Update(ctx, func(tx *Tx) error {
		if err := mayPlanDrills(o); err != nil {
			return err
		}
		if err := (&kijun.FieldErrors{Fields: p.Check()}).AsError(); err != nil {
			return err
		}
		now := tx.db.Now()
		p.DraftedBy = kijun.ActorFrom(ctx).ID
		if p.Version == 0 {
			if _, err := tx.ExecContext(ctx, `INSERT INTO drill_plans (year, scope, systems, participants, drafted_by, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, 1)`,
				p.Year, p.Scope, p.Systems, p.Participants, p.DraftedBy, storedTime(now)); err != nil {
				return kijun.Wrap(kijun.ECONFLICT, err, "%d 年度の訓練計画はすでにあります。読み込み直して変更してください", p.Year)
			}
		} else {
			res, err := tx.ExecContext(ctx, `UPDATE drill_plans SET scope = ?, systems = ?, participants = ?, drafted_by = ?, updated_at = ?, version = version + 1
				WHERE year = ? AND version = ?`, p.Scope, p.Systems, p.Participants, p.DraftedBy, storedTime(now), p.Year, p.Version)
			if err != nil {
				return fmt.Errorf("save drill plan %d: %w", p.Year, err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return kijun.Errorf(kijun.ECONFLICT, "%d 年度の訓練計画は他の人が更新しました。読み込み直してください", p.Year)
			}
		}
		p.Version, p.UpdatedAt = p.Version+1, now
		_, err := tx.Record(ctx, Change{Action: "drill.plan.save", Entity: "drill_plan", EntityID: fmt.Sprint(p.Year), State: p, Provisions: []string{"7.2.3"}})
		return err
	})
	return p, err
}

// AddDrillEntry adds a drill to its 年度's plan.
func (db *DB) AddDrillEntry(ctx context.Context, o corrective.Officer, e incidents.DrillEntry) (incidents.DrillEntry, error) {
	e.Title, e.Participants = strings.TrimSpace(e.Title), strings.TrimSpace(e.Participants)
	err := db.Update(ctx, func(tx *Tx) error {
		if err := mayPlanDrills(o); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM drill_plans WHERE year = ?", e.Year).Scan(&n); err != nil {
			return fmt.Errorf("look up drill plan %d: %w", e.Year, err)
		}
		if n == 0 {
			return kijun.Errorf(kijun.ENOTFOUND, "%d 年度の訓練計画はまだありません。先に計画（範囲・対象・体制）を作成してください", e.Year)
		}
		if err := (&kijun.FieldErrors{Fields: e.Check()}).AsError(); err != nil {
			return err
		}
		var err error
		if e.ID, err = tx.insertReturningID(ctx, `INSERT INTO drill_plan_entries (year, title, planned_on, participants) VALUES (?, ?, ?, ?) RETURNING id`,
			e.Year, e.Title, dateArg(e.PlannedOn), e.Participants); err != nil {
			return fmt.Errorf("add drill to plan %d: %w", e.Year, err)
		}
		_, err = tx.Record(ctx, Change{Action: "drill.entry.add", Entity: "drill_plan", EntityID: fmt.Sprint(e.Year), State: e, Provisions: []string{"7.2.3"}})
		return err
	})
	return e, err
}

// drillEntry reads one entry of a plan, with its result if recorded.
func (tx *Tx) drillEntry(ctx context.Context, id int64) (incidents.DrillEntry, error) {
	var e incidents.DrillEntry
	var planned string
	err := tx.QueryRowContext(ctx, "SELECT id, year, title, planned_on, participants FROM drill_plan_entries WHERE id = ?", id).Scan(&e.ID, &e.Year, &e.Title, &planned, &e.Participants)
	if errors.Is(err, sql.ErrNoRows) {
		return e, kijun.Errorf(kijun.ENOTFOUND, "計画した訓練 %d はありません", id)
	}
	if err != nil {
		return e, fmt.Errorf("load drill %d: %w", id, err)
	}
	e.PlannedOn = organisation.StoredDate(planned)
	rs, err := tx.drillResults(ctx, "entry_id = ?", id)
	if r, ok := rs[id]; ok {
		e.Result = &r
	}
	return e, err
}

// RecordDrillResult records a planned drill's result against the plan:
// held, as the drill incident that ran it, or not held, and what it
// taught or why not (7.2.3). It is recorded once.
func (db *DB) RecordDrillResult(ctx context.Context, o corrective.Officer, r incidents.DrillResult) (incidents.DrillResult, error) {
	r.Lessons = strings.TrimSpace(r.Lessons)
	err := db.Update(ctx, func(tx *Tx) error {
		if err := mayPlanDrills(o); err != nil {
			return err
		}
		e, err := tx.drillEntry(ctx, r.EntryID)
		if err != nil {
			return err
		}
		if e.Result != nil {
			return kijun.Errorf(kijun.ECONFLICT, "訓練「%s」の結果はすでに記録されています", e.Title)
		}
		fe := kijun.FieldErrors{Fields: r.Check()}
		if r.Held && r.IncidentID != 0 {
			in, err := tx.incident(ctx, r.IncidentID)
			switch {
			case kijun.ErrorCode(err) == kijun.ENOTFOUND:
				fe.Add("incident_id", "インシデント %d はありません", r.IncidentID)
			case err != nil:
				return err
			case !in.Drill:
				fe.Add("incident_id", "インシデント %d は訓練ではありません。訓練として報告したものを選んでください", r.IncidentID)
			}
		}
		if err := fe.AsError(); err != nil {
			return err
		}
		r.RecordedBy, r.RecordedAt = kijun.ActorFrom(ctx).ID, tx.db.Now()
		var incident any
		if r.IncidentID != 0 {
			incident = r.IncidentID
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO drill_results (entry_id, held, incident_id, lessons, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?)`,
			r.EntryID, boolInt(r.Held), incident, r.Lessons, r.RecordedBy, storedTime(r.RecordedAt)); err != nil {
			return kijun.Wrap(kijun.ECONFLICT, err, "インシデント %d はすでに他の計画した訓練の結果になっています", r.IncidentID)
		}
		_, err = tx.Record(ctx, Change{Action: "drill.result", Entity: "drill_plan", EntityID: fmt.Sprint(e.Year), State: r, Provisions: []string{"7.2.3"}})
		return err
	})
	return r, err
}

// OrderDrillImprovement records an improvement the CISO orders after a
// held drill (7.2.3: 体制や対応手順の改善), linked to the response
// procedure it changes (9.4.1) and its review (9.4.5), and opens it as a
// corrective action in the register, in the same transaction.
func (db *DB) OrderDrillImprovement(ctx context.Context, o corrective.Officer, m incidents.DrillImprovement) (incidents.DrillImprovement, error) {
	m.What, m.Unit = strings.TrimSpace(m.What), strings.TrimSpace(m.Unit)
	err := db.Update(ctx, func(tx *Tx) error {
		if err := mayPlanDrills(o); err != nil {
			return err
		}
		e, err := tx.drillEntry(ctx, m.EntryID)
		if err != nil {
			return err
		}
		if e.Result == nil || !e.Result.Held {
			return kijun.Errorf(kijun.ECONFLICT, "訓練「%s」は実施の結果がまだないため、改善を指示できません", e.Title)
		}
		fe := kijun.FieldErrors{Fields: m.Check()}
		if m.ProcedureID != 0 {
			err := tx.QueryRowContext(ctx, "SELECT title FROM incident_procedures WHERE id = ?", m.ProcedureID).Scan(&m.ProcedureTitle)
			if errors.Is(err, sql.ErrNoRows) {
				fe.Add("procedure_id", "対応手順書 %d はありません", m.ProcedureID)
			} else if err != nil {
				return fmt.Errorf("look up procedure %d: %w", m.ProcedureID, err)
			}
		}
		if err := fe.AsError(); err != nil {
			return err
		}
		a, err := tx.CreateCorrective(ctx, o, corrective.Action{Source: corrective.Source{Kind: corrective.SourceDrillImprovement, ID: fmt.Sprint(e.ID)},
			Unit: m.Unit, OwnerRole: m.OwnerRole, OwnerScope: m.OwnerScope(), Title: m.What, Provisions: []string{"7.2.3", "9.4.5"}, Due: m.Due,
			Plan: fmt.Sprintf("対応手順書「%s」を %s までに見直す（9.4.5）", m.ProcedureTitle, dateArg(m.ReviewBy))})
		if err != nil {
			return err
		}
		m.CorrectiveID, m.OrderedBy, m.OrderedAt = a.ID, kijun.ActorFrom(ctx).ID, tx.db.Now()
		if m.ID, err = tx.insertReturningID(ctx, `INSERT INTO drill_improvements (entry_id, what, unit_code, owner_role, due, procedure_id, review_by, corrective_id, ordered_by, ordered_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, m.EntryID, m.What, m.Unit, m.OwnerRole, dateArg(m.Due), m.ProcedureID, dateArg(m.ReviewBy),
			m.CorrectiveID, m.OrderedBy, storedTime(m.OrderedAt)); err != nil {
			return fmt.Errorf("order drill improvement: %w", err)
		}
		_, err = tx.Record(ctx, Change{Action: "drill.improvement", Entity: "drill_plan", EntityID: fmt.Sprint(e.Year), State: m, Provisions: []string{"7.2.3", "9.4.5"}})
		return err
	})
	return m, err
}
