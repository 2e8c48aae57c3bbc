package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/operations"
	"kijun/internal/records"
)

// SettingChangeApproval is the setting that says whether a システム変更等の
// 作業 needs approval before it is carried out (8.3.4イ): "required" (the
// default) or "none".
const SettingChangeApproval = "operations.change_approval"

// PlanChange records a planned change to a system for g, by person who,
// with its ledger record (8.1.5イ).
func (db *DB) PlanChange(ctx context.Context, g OpsGate, who string, c operations.Change) (operations.Change, error) {
	if who == "" {
		return c, kijun.Errorf(kijun.EFORBIDDEN, "変更を計画できるのは職員番号のある職員です")
	}
	now := db.Now()
	err := db.Update(ctx, func(tx *Tx) error {
		if err := tx.gateSystem(ctx, g, c.System); err != nil {
			return err
		}
		var approval string
		err := tx.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", SettingChangeApproval).Scan(&approval)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("read %s: %w", SettingChangeApproval, err)
		}
		planned, err := operations.Plan(c, who, approval != "none", now)
		if err != nil {
			return err
		}
		planned.Version = 1
		body, err := json.Marshal(planned)
		if err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO system_changes (system_id, state, workers, done_at, updated_at, version, body)
			VALUES (?, ?, 0, '', ?, 1, ?) RETURNING id`, planned.System, planned.State, records.FormatTime(now), string(body)).Scan(&planned.ID); err != nil {
			return fmt.Errorf("insert change: %w", err)
		}
		if err := tx.writeChange(ctx, planned); err != nil { // the body now carries its ID
			return err
		}
		c = planned
		_, err = tx.Record(ctx, changeRecord("change.plan", c))
		return err
	})
	return c, err
}

func changeRecord(action string, c operations.Change) Change {
	return Change{Action: action, Entity: "system_change", EntityID: strconv.FormatInt(c.ID, 10), State: c,
		Provisions: []string{"8.1.5.イ", "8.1.5.ウ", "8.3.6"}}
}

// ChangeStep is one step of a change after its plan, taken by a person.
type ChangeStep struct {
	ID int64
	// Version is the change's version the person saw: a change moved on
	// meanwhile is an ECONFLICT, not overwritten.
	Version int
	Who     string
	// For Carry: the others present, when it was done, how it ended.
	Others  []string
	At      time.Time
	Outcome operations.Outcome
	Note    string
}

// ApproveChange records the approval of a planned change (8.3.4イ).
func (db *DB) ApproveChange(ctx context.Context, g OpsGate, s ChangeStep) (operations.Change, error) {
	return db.stepChange(ctx, g, s, "change.approve", func(c operations.Change, now time.Time) (operations.Change, error) {
		return operations.Approve(c, s.Who, now)
	})
}

// CarryChange records that a change was carried out, by s.Who with
// s.Others present (8.1.5ウ).
func (db *DB) CarryChange(ctx context.Context, g OpsGate, s ChangeStep) (operations.Change, error) {
	return db.stepChange(ctx, g, s, "change.carry", func(c operations.Change, now time.Time) (operations.Change, error) {
		return operations.Carry(c, s.Who, s.Others, s.At, s.Outcome, s.Note, now)
	})
}

// ConfirmChange records the second person's confirmation of a change
// carried out (8.1.5ウ: 互いにその作業を確認); the one who carried it out,
// or someone not recorded present, is refused.
func (db *DB) ConfirmChange(ctx context.Context, g OpsGate, s ChangeStep) (operations.Change, error) {
	return db.stepChange(ctx, g, s, "change.confirm", func(c operations.Change, now time.Time) (operations.Change, error) {
		return operations.Confirm(c, s.Who, now)
	})
}

// CancelChange withdraws a change not carried out.
func (db *DB) CancelChange(ctx context.Context, g OpsGate, s ChangeStep) (operations.Change, error) {
	return db.stepChange(ctx, g, s, "change.cancel", func(c operations.Change, now time.Time) (operations.Change, error) {
		return operations.Cancel(c, now)
	})
}

// stepChange takes one step of a change in one transaction with its
// ledger record: the change as it is is read, g asked about its system,
// its version compared, and step applied.
func (db *DB) stepChange(ctx context.Context, g OpsGate, s ChangeStep, action string, step func(operations.Change, time.Time) (operations.Change, error)) (operations.Change, error) {
	var out operations.Change
	if s.Who == "" {
		return out, kijun.Errorf(kijun.EFORBIDDEN, "変更の作業を記録できるのは職員番号のある職員です")
	}
	err := db.Update(ctx, func(tx *Tx) error {
		c, err := tx.change(ctx, s.ID)
		if err != nil {
			return err
		}
		if err := tx.gateSystem(ctx, g, c.System); err != nil {
			return err
		}
		if s.Version != 0 && s.Version != c.Version {
			return kijun.Errorf(kijun.ECONFLICT, "変更 %d は他の人が更新しました（版 %d → %d）。読み込み直してください", c.ID, s.Version, c.Version)
		}
		next, err := step(c, db.Now())
		if err != nil {
			return err
		}
		next.Version = c.Version + 1
		if err := tx.writeChange(ctx, next); err != nil {
			return err
		}
		out = next
		_, err = tx.Record(ctx, changeRecord(action, next))
		return err
	})
	return out, err
}

func (tx *Tx) writeChange(ctx context.Context, c operations.Change) error {
	body, err := json.Marshal(c)
	if err != nil {
		return err
	}
	done := ""
	if !c.DoneAt.IsZero() {
		done = records.FormatTime(c.DoneAt)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE system_changes SET state = ?, workers = ?, done_at = ?, updated_at = ?, version = ?, body = ? WHERE id = ?`,
		c.State, len(c.Workers), done, records.FormatTime(c.UpdatedAt), c.Version, string(body), c.ID); err != nil {
		return fmt.Errorf("write change %d: %w", c.ID, err)
	}
	return nil
}

func (tx *Tx) change(ctx context.Context, id int64) (operations.Change, error) {
	var c operations.Change
	var body string
	err := tx.QueryRowContext(ctx, "SELECT body FROM system_changes WHERE id = ?", id).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return c, kijun.Errorf(kijun.ENOTFOUND, "変更 %d はありません", id)
	}
	if err != nil {
		return c, fmt.Errorf("read change %d: %w", id, err)
	}
	if err := json.Unmarshal([]byte(body), &c); err != nil {
		return c, fmt.Errorf("read change %d: %w", id, err)
	}
	return c, nil
}

// SystemChange returns one change.
func (db *DB) SystemChange(ctx context.Context, id int64) (operations.Change, error) {
	var c operations.Change
	err := db.View(ctx, func(tx *Tx) (err error) {
		c, err = tx.change(ctx, id)
		return err
	})
	return c, err
}

// SystemChanges returns a system's change history (8.3.6), newest first.
func (db *DB) SystemChanges(ctx context.Context, system string, limit int) ([]operations.Change, error) {
	if limit <= 0 || limit > 1000 {
		limit = 50
	}
	var out []operations.Change
	err := db.View(ctx, func(tx *Tx) error {
		return tx.each(ctx, "SELECT body FROM system_changes WHERE system_id = ? ORDER BY id DESC LIMIT ?", []any{system, limit}, func(sc scanner) error {
			var body string
			var c operations.Change
			if err := sc.Scan(&body); err != nil {
				return err
			}
			if err := json.Unmarshal([]byte(body), &c); err != nil {
				return err
			}
			out = append(out, c)
			return nil
		})
	})
	return out, err
}

// ChangesAlone returns, per system, how many changes stand on now as done
// by one person alone (8.1.5ウ): carried out with nobody else present, or
// not confirmed by the second person within operations.ConfirmWithin.
func (tx *Tx) changesAlone(ctx context.Context, now time.Time) (map[string]int, error) {
	out := map[string]int{}
	late := records.FormatTime(now.Add(-operations.ConfirmWithin))
	err := tx.each(ctx, `SELECT system_id, COUNT(*) FROM system_changes WHERE state = 'done' AND (workers < 2 OR done_at < ?) GROUP BY system_id`,
		[]any{late}, func(sc scanner) error {
			var id string
			var n int
			if err := sc.Scan(&id, &n); err != nil {
				return err
			}
			out[id] = n
			return nil
		})
	return out, err
}
