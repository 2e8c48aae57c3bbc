package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"kijun/internal/incidents"
	"kijun/internal/kijun"
)

const actionColumns = `a.id, a.incident_id, a.kind, a.text, a.assignee, COALESCE(p.name, ''), a.state, a.due, a.check_due, a.effective, a.result,
	a.created_at, a.updated_at, a.version`

func scanAction(sc scanner) (incidents.Action, error) {
	var a incidents.Action
	var due, check, created, updated string
	err := sc.Scan(&a.ID, &a.IncidentID, &a.Kind, &a.Text, &a.Assignee, &a.AssigneeName, &a.State, &due, &check, &a.Effective, &a.Result,
		&created, &updated, &a.Version)
	a.Due, a.CheckDue, a.CreatedAt, a.UpdatedAt = parseStoredTime(due), parseStoredTime(check), parseStoredTime(created), parseStoredTime(updated)
	return a, err
}

func (tx *Tx) actions(ctx context.Context, incidentID int64) ([]incidents.Action, error) {
	var out []incidents.Action
	err := tx.each(ctx, "SELECT "+actionColumns+" FROM incident_actions a LEFT JOIN org_people p ON p.staff_no = a.assignee WHERE a.incident_id = ? ORDER BY a.id",
		[]any{incidentID}, func(sc scanner) error {
			a, err := scanAction(sc)
			out = append(out, a)
			return err
		})
	if err != nil {
		return nil, fmt.Errorf("load actions of incident %d: %w", incidentID, err)
	}
	return out, nil
}

func actionProvisions(k incidents.ActionKind) []string {
	if k == incidents.ActionMeasure {
		return []string{"7.3.3.エ", "7.3.3.オ"}
	}
	return []string{"7.3.3.ウ"}
}

// AddAction adds an instruction (7.3.3ウ) or a proposed prevention measure
// (7.3.3エ) to an incident.
func (db *DB) AddAction(ctx context.Context, a incidents.Action) (incidents.Action, error) {
	a.Text = strings.TrimSpace(a.Text)
	if fe := a.Check(); len(fe) > 0 {
		return a, (&kijun.FieldErrors{Fields: fe}).AsError()
	}
	err := db.Update(ctx, func(tx *Tx) error {
		in, err := tx.incident(ctx, a.IncidentID)
		if err != nil {
			return err
		}
		if !in.Status.Open() || in.Status == incidents.StatusReported {
			return kijun.Errorf(kijun.ECONFLICT, "評価済みで対応中のインシデントにだけ指示や再発防止策を追加できます")
		}
		if a.Assignee != "" {
			var n int
			if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM org_people WHERE staff_no = ?", a.Assignee).Scan(&n); err != nil || n == 0 {
				return (&kijun.FieldErrors{Fields: []kijun.FieldError{{Field: "assignee", Message: "職員番号 " + a.Assignee + " の職員はいません"}}}).AsError()
			}
		}
		now := tx.db.Now()
		a.State, a.CreatedAt, a.UpdatedAt, a.Version = a.Kind.FirstState(), now, now, 1
		if a.ID, err = tx.insertReturningID(ctx, `INSERT INTO incident_actions (incident_id, kind, text, assignee, state, due, created_at, updated_at, version)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, a.IncidentID, a.Kind, a.Text, a.Assignee, a.State, storedTime(a.Due),
			storedTime(now), storedTime(now), a.Version); err != nil {
			return fmt.Errorf("add action: %w", err)
		}
		if err := tx.incidentEvent(ctx, a.IncidentID, incidents.EventAction, a.Kind.Label()+"（"+a.State.Label()+"）: "+a.Text); err != nil {
			return err
		}
		_, err = tx.Record(ctx, Change{Action: "incident.action.add", Entity: "incident_action", EntityID: fmt.Sprint(a.ID), State: a, Provisions: actionProvisions(a.Kind)})
		return err
	})
	return a, err
}

// AdvanceAction moves an action one step on (see incidents.Action.Advance)
// at the version that was read.
func (db *DB) AdvanceAction(ctx context.Context, id, version int64, to incidents.ActionState, effective bool, result string) (incidents.Action, error) {
	var a incidents.Action
	err := db.Update(ctx, func(tx *Tx) error {
		var err error
		a, err = scanAction(tx.QueryRowContext(ctx, "SELECT "+actionColumns+" FROM incident_actions a LEFT JOIN org_people p ON p.staff_no = a.assignee WHERE a.id = ?", id))
		if err != nil {
			return kijun.Wrap(kijun.ENOTFOUND, err, "指示・再発防止策 %d はありません", id)
		}
		if version != 0 && a.Version != version {
			return kijun.Errorf(kijun.ECONFLICT, "この指示・再発防止策は他の人が更新しました。読み込み直してください")
		}
		now := tx.db.Now()
		if a, err = a.Advance(to, now, effective, result); err != nil {
			return err
		}
		a.Version++
		if _, err := tx.ExecContext(ctx, "UPDATE incident_actions SET state = ?, check_due = ?, effective = ?, result = ?, updated_at = ?, version = ? WHERE id = ?",
			a.State, storedTime(a.CheckDue), boolInt(a.Effective), a.Result, storedTime(now), a.Version, id); err != nil {
			return fmt.Errorf("advance action %d: %w", id, err)
		}
		text := a.Kind.Label() + "「" + a.Text + "」を" + a.State.Label() + "にしました"
		if a.State == incidents.StateChecked {
			verdict := "効果あり"
			if !a.Effective {
				verdict = "効果なし"
			}
			text += "（" + verdict + ": " + a.Result + "）"
		}
		if err := tx.incidentEvent(ctx, a.IncidentID, incidents.EventAction, text); err != nil {
			return err
		}
		_, err = tx.Record(ctx, Change{Action: "incident.action." + string(to), Entity: "incident_action", EntityID: fmt.Sprint(id), State: a, Provisions: actionProvisions(a.Kind)})
		return err
	})
	return a, err
}

// MeasuresToCheck returns the done prevention measures whose check of
// effect falls due by day: the follow-up of 7.3.3オ.
func (db *DB) MeasuresToCheck(ctx context.Context, day time.Time) ([]incidents.Action, error) {
	var out []incidents.Action
	err := db.View(ctx, func(tx *Tx) error {
		return tx.each(ctx, "SELECT "+actionColumns+" FROM incident_actions a LEFT JOIN org_people p ON p.staff_no = a.assignee WHERE a.kind = 'measure' AND a.state = 'done' AND a.check_due <> '' AND a.check_due <= ? ORDER BY a.check_due",
			[]any{storedTime(day)}, func(sc scanner) error {
				a, err := scanAction(sc)
				out = append(out, a)
				return err
			})
	})
	return out, err
}
