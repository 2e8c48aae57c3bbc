package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/operations"
	"kijun/internal/records"
)

// SetLogPolicy sets how a system's logs are kept and reviewed (8.1.7,
// 9.1) for g, at the version read (0 for a system with none yet), with
// its ledger record.
func (db *DB) SetLogPolicy(ctx context.Context, g OpsGate, p operations.LogPolicy) (operations.LogPolicy, error) {
	if fe := p.Check(); len(fe) > 0 {
		return p, (&kijun.FieldErrors{Fields: fe}).AsError()
	}
	err := db.Update(ctx, func(tx *Tx) error {
		if err := tx.gateSystem(ctx, g, p.System); err != nil {
			return err
		}
		if err := tx.checkPerson(ctx, operations.FieldReviewer, p.Reviewer); err != nil {
			return err
		}
		var version int
		err := tx.QueryRowContext(ctx, "SELECT version FROM log_policies WHERE system_id = ?", p.System).Scan(&version)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("read log policy: %w", err)
		}
		if version != p.Version {
			return kijun.Errorf(kijun.ECONFLICT, "情報システム %s のログ管理は他の人が変更しました（版 %d → %d）。読み込み直してください", p.System, p.Version, version)
		}
		p.Version, p.UpdatedAt = version+1, db.Now()
		if _, err := tx.ExecContext(ctx, `INSERT INTO log_policies (system_id, reviewer, every_days, on_failure, backup, monitoring, time_sync, updated_at, version)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (system_id) DO UPDATE SET reviewer = excluded.reviewer, every_days = excluded.every_days,
			on_failure = excluded.on_failure, backup = excluded.backup, monitoring = excluded.monitoring, time_sync = excluded.time_sync,
			updated_at = excluded.updated_at, version = excluded.version`,
			p.System, p.Reviewer, p.EveryDays, p.OnFailure, p.Backup, p.Monitoring, boolInt(p.TimeSync), records.FormatTime(p.UpdatedAt), p.Version); err != nil {
			return fmt.Errorf("write log policy: %w", err)
		}
		_, err = tx.Record(ctx, Change{Action: "log.policy", Entity: "log_policy", EntityID: p.System, State: p, Provisions: []string{"8.1.7", "9.1"}})
		return err
	})
	return p, err
}

// checkPerson refuses a staff number that is not in the organisation.
func (tx *Tx) checkPerson(ctx context.Context, field, staffNo string) error {
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM org_people WHERE staff_no = ?", staffNo).Scan(&n); err != nil {
		return fmt.Errorf("look up person %s: %w", staffNo, err)
	}
	if n == 0 {
		return (&kijun.FieldErrors{Fields: []kijun.FieldError{{Field: field, Message: "職員番号 " + staffNo + " の職員はいません"}}}).AsError()
	}
	return nil
}

// LogPolicy returns a system's log policy, or an ENOTFOUND error when it
// has none.
func (db *DB) LogPolicy(ctx context.Context, system string) (operations.LogPolicy, error) {
	var p operations.LogPolicy
	err := db.View(ctx, func(tx *Tx) (err error) {
		p, err = tx.logPolicy(ctx, system)
		return err
	})
	return p, err
}

func (tx *Tx) logPolicy(ctx context.Context, system string) (operations.LogPolicy, error) {
	p := operations.LogPolicy{System: system}
	var ts int
	var updated string
	err := tx.QueryRowContext(ctx, `SELECT reviewer, every_days, on_failure, backup, monitoring, time_sync, updated_at, version FROM log_policies WHERE system_id = ?`,
		system).Scan(&p.Reviewer, &p.EveryDays, &p.OnFailure, &p.Backup, &p.Monitoring, &ts, &updated, &p.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return p, kijun.Errorf(kijun.ENOTFOUND, "情報システム %s のログ管理は定められていません（8.1.7イ）", system)
	}
	if err != nil {
		return p, fmt.Errorf("read log policy: %w", err)
	}
	p.TimeSync, p.UpdatedAt = ts != 0, parseStoredTime(updated)
	return p, nil
}

// RecordLogReview records a review of a system's logs (8.1.7ウ) by its
// reviewer r.Reviewer, for g, with its ledger record; a review in the
// future is refused.
func (db *DB) RecordLogReview(ctx context.Context, g OpsGate, r operations.LogReview) (operations.LogReview, error) {
	now := db.Now()
	if fe := r.Check(now); len(fe) > 0 {
		return r, (&kijun.FieldErrors{Fields: fe}).AsError()
	}
	err := db.Update(ctx, func(tx *Tx) error {
		if err := tx.gateSystem(ctx, g, r.System); err != nil {
			return err
		}
		r.CreatedAt = now
		if err := tx.QueryRowContext(ctx, `INSERT INTO log_reviews (system_id, reviewed_at, reviewer, findings, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
			r.System, records.FormatTime(r.At), r.Reviewer, r.Findings, records.FormatTime(now)).Scan(&r.ID); err != nil {
			return fmt.Errorf("record log review: %w", err)
		}
		_, err := tx.Record(ctx, Change{Action: "log.review", Entity: "log_review", EntityID: strconv.FormatInt(r.ID, 10), State: r, Provisions: []string{"8.1.7.ウ"}})
		return err
	})
	return r, err
}

// LogReviews returns a system's log reviews, newest first.
func (db *DB) LogReviews(ctx context.Context, system string, limit int) ([]operations.LogReview, error) {
	if limit <= 0 || limit > 1000 {
		limit = 20
	}
	var out []operations.LogReview
	err := db.View(ctx, func(tx *Tx) error {
		return tx.each(ctx, "SELECT id, system_id, reviewed_at, reviewer, findings, created_at FROM log_reviews WHERE system_id = ? ORDER BY reviewed_at DESC, id DESC LIMIT ?",
			[]any{system, limit}, func(sc scanner) error {
				var r operations.LogReview
				var at, created string
				if err := sc.Scan(&r.ID, &r.System, &at, &r.Reviewer, &r.Findings, &created); err != nil {
					return err
				}
				r.At, r.CreatedAt = parseStoredTime(at), parseStoredTime(created)
				out = append(out, r)
				return nil
			})
	})
	return out, err
}

// ReviewDue is a system whose log review is due on a day.
type ReviewDue struct {
	System, Name, Reviewer string
	Due                    time.Time
	// Late is true past operations.ReviewGrace: a finding, not only a
	// reminder.
	Late bool
}

// LogReviewsDue returns every system whose log review is due on now
// (8.1.7ウ): a reminder to its reviewer, and a finding once late.
func (db *DB) LogReviewsDue(ctx context.Context, now time.Time) ([]ReviewDue, error) {
	var out []ReviewDue
	err := db.View(ctx, func(tx *Tx) (err error) {
		out, err = tx.logReviewsDue(ctx, now)
		return err
	})
	return out, err
}

func (tx *Tx) logReviewsDue(ctx context.Context, now time.Time) ([]ReviewDue, error) {
	var out []ReviewDue
	err := tx.each(ctx, `SELECT p.system_id, s.name, p.reviewer, p.every_days, p.updated_at, COALESCE(MAX(r.reviewed_at), '')
		FROM log_policies p JOIN systems s ON s.id = p.system_id LEFT JOIN log_reviews r ON r.system_id = p.system_id
		GROUP BY p.system_id, s.name, p.reviewer, p.every_days, p.updated_at ORDER BY p.system_id`, nil, func(sc scanner) error {
		var d ReviewDue
		var p operations.LogPolicy
		var updated, last string
		if err := sc.Scan(&d.System, &d.Name, &d.Reviewer, &p.EveryDays, &updated, &last); err != nil {
			return err
		}
		p.UpdatedAt = parseStoredTime(updated)
		var lastAt time.Time
		if last != "" {
			lastAt = parseStoredTime(last)
		}
		due, late := p.ReviewLate(lastAt, now)
		if due {
			d.Due, d.Late = p.ReviewDue(lastAt), late
			out = append(out, d)
		}
		return nil
	})
	return out, err
}

// opsFacts is what the rules read of a system's operations on a day.
type opsFacts struct {
	changesAlone, vulnsOverdue int
	reviewLate                 bool
}

// operationsFacts reads, per system, the changes done by one person alone
// (8.1.5ウ), the security holes open past their due day (8.6.1) and a log
// review late past its grace (8.1.7ウ).
func (tx *Tx) operationsFacts(ctx context.Context, now time.Time) (map[string]opsFacts, error) {
	out := map[string]opsFacts{}
	alone, err := tx.changesAlone(ctx, now)
	if err != nil {
		return nil, err
	}
	for id, n := range alone {
		f := out[id]
		f.changesAlone = n
		out[id] = f
	}
	err = tx.each(ctx, "SELECT system_id, COUNT(*) FROM vuln_findings WHERE closed_at = '' AND due_on < ? GROUP BY system_id",
		[]any{records.FormatTime(now)}, func(sc scanner) error {
			var id string
			var n int
			if err := sc.Scan(&id, &n); err != nil {
				return err
			}
			f := out[id]
			f.vulnsOverdue = n
			out[id] = f
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("read overdue vulnerabilities: %w", err)
	}
	due, err := tx.logReviewsDue(ctx, now)
	if err != nil {
		return nil, err
	}
	for _, d := range due {
		if d.Late {
			f := out[d.System]
			f.reviewLate = true
			out[d.System] = f
		}
	}
	return out, nil
}

// CheckOperationsSetting reports whether key is a setting of the
// operations records, and what is wrong with value for it: the approval
// of changes (required or none) and the days the city allows by urgency
// (1 to 366).
func CheckOperationsSetting(key, value string) (known bool, err error) {
	switch key {
	case SettingChangeApproval:
		if value != "required" && value != "none" {
			return true, kijun.Errorf(kijun.EINVALID, "%s is required or none / 変更の承認は required（必要）か none（不要）", key)
		}
		return true, nil
	case SettingVulnCriticalDays, SettingVulnHighDays, SettingVulnMediumDays:
		if n, err := strconv.Atoi(value); err != nil || n < 1 || n > 366 {
			return true, kijun.Errorf(kijun.EINVALID, "%s is a number of days from 1 to 366 / 対応期限の日数は 1〜366", key)
		}
		return true, nil
	}
	return false, nil
}
