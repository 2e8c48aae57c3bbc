package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"kijun/internal/incidents"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
)

// DrillPlan returns the 年度's drill plan with its drills, their results
// and the improvements ordered after each (7.2.3); a 年度 with no plan is
// not found.
func (db *DB) DrillPlan(ctx context.Context, year int) (incidents.DrillPlan, error) {
	var p incidents.DrillPlan
	err := db.View(ctx, func(tx *Tx) error {
		var updated string
		err := tx.QueryRowContext(ctx, "SELECT year, scope, systems, participants, drafted_by, updated_at, version FROM drill_plans WHERE year = ?", year).
			Scan(&p.Year, &p.Scope, &p.Systems, &p.Participants, &p.DraftedBy, &updated, &p.Version)
		if errors.Is(err, sql.ErrNoRows) {
			return kijun.Errorf(kijun.ENOTFOUND, "%d 年度の訓練計画はまだありません", year)
		}
		if err != nil {
			return fmt.Errorf("load drill plan %d: %w", year, err)
		}
		p.UpdatedAt = parseStoredTime(updated)
		if err := tx.each(ctx, "SELECT id, year, title, planned_on, participants FROM drill_plan_entries WHERE year = ? ORDER BY planned_on, id", []any{year}, func(sc scanner) error {
			var e incidents.DrillEntry
			var planned string
			if err := sc.Scan(&e.ID, &e.Year, &e.Title, &planned, &e.Participants); err != nil {
				return err
			}
			e.PlannedOn = organisation.StoredDate(planned)
			p.Entries = append(p.Entries, e)
			return nil
		}); err != nil {
			return fmt.Errorf("load drills of plan %d: %w", year, err)
		}
		in := "entry_id IN (SELECT id FROM drill_plan_entries WHERE year = ?)"
		results, err := tx.drillResults(ctx, in, year)
		if err != nil {
			return err
		}
		improvements := map[int64][]incidents.DrillImprovement{}
		if err := tx.each(ctx, `SELECT m.id, m.entry_id, m.what, m.unit_code, m.owner_role, m.due, m.procedure_id, COALESCE(r.title, ''), m.review_by,
			m.corrective_id, m.ordered_by, m.ordered_at FROM drill_improvements m LEFT JOIN incident_procedures r ON r.id = m.procedure_id
			WHERE m.`+in+` ORDER BY m.id`, []any{year}, func(sc scanner) error {
			var m incidents.DrillImprovement
			var due, review, ordered string
			if err := sc.Scan(&m.ID, &m.EntryID, &m.What, &m.Unit, &m.OwnerRole, &due, &m.ProcedureID, &m.ProcedureTitle, &review, &m.CorrectiveID, &m.OrderedBy, &ordered); err != nil {
				return err
			}
			m.Due, m.ReviewBy, m.OrderedAt = organisation.StoredDate(due), organisation.StoredDate(review), parseStoredTime(ordered)
			improvements[m.EntryID] = append(improvements[m.EntryID], m)
			return nil
		}); err != nil {
			return fmt.Errorf("load drill improvements of plan %d: %w", year, err)
		}
		for i, e := range p.Entries {
			if r, ok := results[e.ID]; ok {
				p.Entries[i].Result = &r
			}
			p.Entries[i].Improvements = improvements[e.ID]
		}
		return nil
	})
	return p, err
}

// drillResults reads the results of the entries where says, by entry.
func (tx *Tx) drillResults(ctx context.Context, where string, args ...any) (map[int64]incidents.DrillResult, error) {
	out := map[int64]incidents.DrillResult{}
	err := tx.each(ctx, "SELECT entry_id, held, COALESCE(incident_id, 0), lessons, recorded_by, recorded_at FROM drill_results WHERE "+where, args, func(sc scanner) error {
		var r incidents.DrillResult
		var held int
		var at string
		if err := sc.Scan(&r.EntryID, &held, &r.IncidentID, &r.Lessons, &r.RecordedBy, &at); err != nil {
			return err
		}
		r.Held, r.RecordedAt = held != 0, parseStoredTime(at)
		out[r.EntryID] = r
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load drill results: %w", err)
	}
	return out, nil
}
