package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"kijun/internal/incidents"
	"kijun/internal/kijun"
)

const failureColumns = `f.id, f.system_id, COALESCE(s.name, f.system_id), f.unit_code, f.reported_by, f.occurred_at, f.description, f.handling, f.problems,
	f.resolved, COALESCE(f.incident_id, 0), f.created_at, f.updated_at, f.version`

func scanFailure(sc scanner) (incidents.Failure, error) {
	var f incidents.Failure
	var occ, created, updated string
	err := sc.Scan(&f.ID, &f.System, &f.SystemName, &f.Unit, &f.ReportedBy, &occ, &f.Description, &f.Handling, &f.Problems,
		&f.Resolved, &f.IncidentID, &created, &updated, &f.Version)
	f.OccurredAt, f.CreatedAt, f.UpdatedAt = parseStoredTime(occ), parseStoredTime(created), parseStoredTime(updated)
	return f, err
}

// SaveFailure adds a 障害記録 (8.1.8, version 0) or records its handling
// at the version that was read.
func (db *DB) SaveFailure(ctx context.Context, f incidents.Failure) (incidents.Failure, error) {
	f.Description, f.Handling, f.Problems = strings.TrimSpace(f.Description), strings.TrimSpace(f.Handling), strings.TrimSpace(f.Problems)
	err := db.Update(ctx, func(tx *Tx) error {
		now := tx.db.Now()
		fe := kijun.FieldErrors{Fields: f.Check(now)}
		var n int
		if f.System != "" {
			if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM systems WHERE id = ?", f.System).Scan(&n); err != nil || n == 0 {
				fe.Add("system", "情報システム %s は台帳にありません", f.System)
			}
		}
		if err := fe.AsError(); err != nil {
			return err
		}
		if f.Version == 0 {
			f.CreatedAt, f.UpdatedAt, f.Version = now, now, 1
			var err error
			if f.ID, err = tx.insertReturningID(ctx, `INSERT INTO failure_records (system_id, unit_code, reported_by, occurred_at, description, handling, problems, resolved, created_at, updated_at, version)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, f.System, f.Unit, f.ReportedBy, storedTime(f.OccurredAt), f.Description, f.Handling, f.Problems,
				boolInt(f.Resolved), storedTime(now), storedTime(now), f.Version); err != nil {
				return fmt.Errorf("add failure record: %w", err)
			}
		} else {
			res, err := tx.ExecContext(ctx, `UPDATE failure_records SET description = ?, handling = ?, problems = ?, resolved = ?, updated_at = ?, version = version + 1
				WHERE id = ? AND version = ?`, f.Description, f.Handling, f.Problems, boolInt(f.Resolved), storedTime(now), f.ID, f.Version)
			if err != nil {
				return fmt.Errorf("save failure record %d: %w", f.ID, err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return kijun.Errorf(kijun.ECONFLICT, "障害記録 %d は他の人が更新しました。読み込み直してください", f.ID)
			}
			f.UpdatedAt, f.Version = now, f.Version+1
		}
		_, err := tx.Record(ctx, Change{Action: "failure.save", Entity: "failure_record", EntityID: fmt.Sprint(f.ID), State: f, Provisions: []string{"8.1.8"}})
		return err
	})
	return f, err
}

// Failures returns the 障害記録 of the period, newest first.
func (db *DB) Failures(ctx context.Context, from, to time.Time, limit int) ([]incidents.Failure, error) {
	var out []incidents.Failure
	err := db.View(ctx, func(tx *Tx) error {
		return tx.each(ctx, "SELECT "+failureColumns+" FROM failure_records f LEFT JOIN systems s ON s.id = f.system_id WHERE f.occurred_at >= ? AND f.occurred_at < ? ORDER BY f.occurred_at DESC, f.id DESC LIMIT ?",
			[]any{storedTime(from), storedTime(to), limit}, func(sc scanner) error {
				f, err := scanFailure(sc)
				out = append(out, f)
				return err
			})
	})
	if err != nil {
		return nil, fmt.Errorf("load failure records: %w", err)
	}
	return out, nil
}

// Failure returns one 障害記録, or an ENOTFOUND error.
func (db *DB) Failure(ctx context.Context, id int64) (incidents.Failure, error) {
	var f incidents.Failure
	err := db.View(ctx, func(tx *Tx) (err error) {
		f, err = scanFailure(tx.QueryRowContext(ctx, "SELECT "+failureColumns+" FROM failure_records f LEFT JOIN systems s ON s.id = f.system_id WHERE f.id = ?", id))
		if err != nil {
			return kijun.Wrap(kijun.ENOTFOUND, err, "障害記録 %d はありません", id)
		}
		return nil
	})
	return f, err
}

// PromoteFailure files the incident a 障害記録 turns out to be, routed as
// any report, and links the two, in one transaction.
func (db *DB) PromoteFailure(ctx context.Context, id int64, reporter, unit string) (incidents.Incident, error) {
	var in incidents.Incident
	err := db.Update(ctx, func(tx *Tx) error {
		f, err := scanFailure(tx.QueryRowContext(ctx, "SELECT "+failureColumns+" FROM failure_records f LEFT JOIN systems s ON s.id = f.system_id WHERE f.id = ?", id))
		if err != nil {
			return kijun.Wrap(kijun.ENOTFOUND, err, "障害記録 %d はありません", id)
		}
		if f.IncidentID != 0 {
			return kijun.Errorf(kijun.ECONFLICT, "障害記録 %d はすでにインシデント %d に格上げされています", id, f.IncidentID)
		}
		if in, _, err = tx.fileIncident(ctx, f.Promote(reporter, unit)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE failure_records SET incident_id = ?, version = version + 1, updated_at = ? WHERE id = ?",
			in.ID, storedTime(tx.db.Now()), id); err != nil {
			return fmt.Errorf("link failure record %d: %w", id, err)
		}
		_, err = tx.Record(ctx, Change{Action: "failure.promote", Entity: "failure_record", EntityID: fmt.Sprint(id), State: in.ID, Provisions: []string{"8.1.8", "7.3.1"}})
		return err
	})
	return in, err
}
