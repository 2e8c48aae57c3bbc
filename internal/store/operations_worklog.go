package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"kijun/internal/kijun"
	"kijun/internal/operations"
	"kijun/internal/records"
)

// systemUnit returns the 課 of system id, or an ENOTFOUND error.
func (tx *Tx) systemUnit(ctx context.Context, id string) (string, error) {
	var unit string
	err := tx.QueryRowContext(ctx, "SELECT unit_code FROM systems WHERE id = ?", id).Scan(&unit)
	if errors.Is(err, sql.ErrNoRows) {
		return "", kijun.Errorf(kijun.ENOTFOUND, "情報システム %s はありません", id)
	}
	if err != nil {
		return "", fmt.Errorf("read system %s: %w", id, err)
	}
	return unit, nil
}

// errNotOperated is the refusal of a write to the operations records of a
// system the writer neither keeps nor administers.
func errNotOperated(id string) error {
	return kijun.Errorf(kijun.EFORBIDDEN, "情報システム %s の運用記録を登録する権限がありません（所管課・業務システム管理者・情報基盤管理者のみ。8.1.5）", id)
}

// gateSystem checks inside tx that g may write the operations records of
// system id.
func (tx *Tx) gateSystem(ctx context.Context, g OpsGate, id string) error {
	unit, err := tx.systemUnit(ctx, id)
	if err != nil {
		return err
	}
	if !operates(g, id, unit) {
		return errNotOperated(id)
	}
	return nil
}

// AddWorkRecord records one operation on a system (8.1.5ア) for g, with its
// ledger record; a record of an operation in the future is refused.
func (db *DB) AddWorkRecord(ctx context.Context, g OpsGate, w operations.WorkRecord) (operations.WorkRecord, error) {
	now := db.Now()
	if fe := w.Check(now); len(fe) > 0 {
		return w, (&kijun.FieldErrors{Fields: fe}).AsError()
	}
	err := db.Update(ctx, func(tx *Tx) error {
		if err := tx.gateSystem(ctx, g, w.System); err != nil {
			return err
		}
		w.EnteredBy, w.CreatedAt = kijun.ActorFrom(ctx).ID, now
		id, err := tx.insertWorkRecord(ctx, w)
		if err != nil {
			return err
		}
		w.ID = id
		_, err = tx.Record(ctx, workChange(w))
		return err
	})
	return w, err
}

func workChange(w operations.WorkRecord) Change {
	return Change{Action: "work.record", Entity: "work_record", EntityID: strconv.FormatInt(w.ID, 10), State: w, Provisions: []string{"8.1.5.ア"}}
}

func (tx *Tx) insertWorkRecord(ctx context.Context, w operations.WorkRecord) (int64, error) {
	workers, err := json.Marshal(w.Workers)
	if err != nil {
		return 0, err
	}
	var id int64
	err = tx.QueryRowContext(ctx, `INSERT INTO work_records (system_id, done_at, workers, summary, components, outcome, ticket, entered_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, w.System, records.FormatTime(w.At), string(workers), w.Summary, w.Components,
		string(w.Outcome), w.Ticket, w.EnteredBy, records.FormatTime(w.CreatedAt)).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert work record: %w", err)
	}
	return id, nil
}

// WorkImport is what an import of work records did, or would do.
type WorkImport struct {
	Added int
	// Unchanged counts rows whose ticket is already recorded: the same
	// export imported again adds nothing.
	Unchanged int
	DryRun    bool
}

// ImportWorkRecords records the rows of a ticket system's export for g in
// one transaction, with a ledger record each, or none of them: a row of a
// system that does not exist or that g does not keep or administer makes
// the whole file an EINVALID error listing every such row. A row whose
// ticket is already recorded for its system is left as it is.
func (db *DB) ImportWorkRecords(ctx context.Context, g OpsGate, rows []operations.WorkRow, dryRun bool) (*WorkImport, error) {
	out := &WorkImport{DryRun: dryRun}
	now := db.Now()
	err := db.Update(ctx, func(tx *Tx) error {
		ie := &kijun.ImportError{What: "作業記録ファイル"}
		units := map[string]string{}
		var add []operations.WorkRecord
		for _, r := range rows {
			w := r.Record
			for _, f := range w.Check(now) {
				ie.Add("", r.Line, f.Field, "%s", f.Message)
			}
			unit, ok := units[w.System]
			if !ok {
				u, err := tx.systemUnit(ctx, w.System)
				if kijun.ErrorCode(err) == kijun.ENOTFOUND {
					ie.Add("", r.Line, "システムID", "情報システム %s は台帳にありません", w.System)
					continue
				}
				if err != nil {
					return err
				}
				unit, units[w.System] = u, u
			}
			if !operates(g, w.System, unit) {
				ie.Add("", r.Line, "システムID", "情報システム %s の運用記録を登録する権限がありません（8.1.5）", w.System)
				continue
			}
			if w.Ticket != "" {
				var n int
				if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM work_records WHERE system_id = ? AND ticket = ?", w.System, w.Ticket).Scan(&n); err != nil {
					return fmt.Errorf("look up ticket: %w", err)
				}
				if n > 0 {
					out.Unchanged++
					continue
				}
			}
			add = append(add, w)
		}
		if err := ie.AsError(); err != nil {
			return err
		}
		out.Added = len(add)
		if dryRun {
			return nil
		}
		actor := kijun.ActorFrom(ctx).ID
		changes := make([]Change, 0, len(add))
		for _, w := range add {
			w.EnteredBy, w.CreatedAt = actor, now
			id, err := tx.insertWorkRecord(ctx, w)
			if err != nil {
				return err
			}
			w.ID = id
			changes = append(changes, workChange(w))
		}
		return tx.RecordMany(ctx, changes)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// WorkRecords returns a system's work records, newest first, at most
// limit of them.
func (db *DB) WorkRecords(ctx context.Context, system string, limit int) ([]operations.WorkRecord, error) {
	if limit <= 0 || limit > 1000 {
		limit = 50
	}
	var out []operations.WorkRecord
	err := db.View(ctx, func(tx *Tx) error {
		return tx.each(ctx, `SELECT id, system_id, done_at, workers, summary, components, outcome, ticket, entered_by, created_at
			FROM work_records WHERE system_id = ? ORDER BY done_at DESC, id DESC LIMIT ?`, []any{system, limit}, func(sc scanner) error {
			var w operations.WorkRecord
			var at, workers, outcome, created string
			if err := sc.Scan(&w.ID, &w.System, &at, &workers, &w.Summary, &w.Components, &outcome, &w.Ticket, &w.EnteredBy, &created); err != nil {
				return err
			}
			w.At, w.CreatedAt, w.Outcome = parseStoredTime(at), parseStoredTime(created), operations.Outcome(outcome)
			if err := json.Unmarshal([]byte(workers), &w.Workers); err != nil {
				return fmt.Errorf("read work record %d: %w", w.ID, err)
			}
			out = append(out, w)
			return nil
		})
	})
	return out, err
}
