package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"kijun/internal/compliance"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
)

// CheckRun is one run of the rules: a full run over the city, or a
// re-check of the records one change touched.
type CheckRun struct {
	ID           int64         `json:"id"`
	At           time.Time     `json:"at"`
	RulesVersion string        `json:"rules_version"`
	Read         time.Duration `json:"read"`
	Eval         time.Duration `json:"eval"`
	Write        time.Duration `json:"write"`
	Findings     int           `json:"findings"`
	Opened       int           `json:"opened"`
	Closed       int           `json:"closed"`
}

// SaveCheckRun keeps a full run's findings: each new one opens, each one
// still there is seen again, and each one no longer found closes. The
// run, the day's summary per 課 and the ledger record commit together.
// checks is the weighted number of checks made per 課 (Ruleset.Checks).
func (db *DB) SaveCheckRun(ctx context.Context, run *CheckRun, found []compliance.Finding, checks map[string]int) error {
	start := time.Now()
	now := storedTime(run.At)
	err := db.Update(ctx, func(tx *Tx) error {
		open := map[string]compliance.Finding{}
		if err := tx.eachOpenFinding(ctx, "", nil, func(f compliance.Finding) { open[f.Key()] = f }); err != nil {
			return err
		}
		write, gone, opened := diffFindings(open, found)
		run.Opened, run.Closed, run.Findings = opened, len(gone), len(found)
		if err := tx.closeFindings(ctx, gone, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE compliance_findings SET last_seen = ? WHERE closed_at = ''", now); err != nil {
			return fmt.Errorf("save findings: %w", err)
		}
		if err := tx.upsertFindings(ctx, write, now); err != nil {
			return err
		}
		if err := tx.saveDaily(ctx, run.At, found, checks); err != nil {
			return err
		}
		run.Write = time.Since(start)
		if err := tx.QueryRowContext(ctx, `INSERT INTO compliance_runs (started_at, rules_version, read_ms, eval_ms, write_ms, findings, opened, closed)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, now, run.RulesVersion, run.Read.Milliseconds(), run.Eval.Milliseconds(),
			run.Write.Milliseconds(), run.Findings, run.Opened, run.Closed).Scan(&run.ID); err != nil {
			return fmt.Errorf("save check run: %w", err)
		}
		_, err := tx.Record(ctx, Change{Action: "compliance.check", Entity: "compliance_run", EntityID: fmt.Sprint(run.ID),
			State: run, Provisions: []string{"9.2.1"}})
		return err
	})
	return err
}

// Rechecked is what a re-check judged again, whose open findings it
// replaces: every finding of the subjects named, and every finding of the
// records of the kinds named, or only those of rules whose IDs start with
// KindRules when it is set.
type Rechecked struct {
	Subjects  []string
	Kinds     []compliance.Kind
	KindRules string
}

// RecheckSubjects replaces the open findings of what was re-checked with
// those found now: the incremental check after a change. It returns how
// many opened and closed.
func (db *DB) RecheckSubjects(ctx context.Context, at time.Time, what Rechecked, found []compliance.Finding) (opened, closed int, err error) {
	if len(what.Subjects) == 0 && len(what.Kinds) == 0 {
		return 0, 0, nil
	}
	err = db.Update(ctx, func(tx *Tx) error {
		if db.Dialect == Postgres {
			// Findings are worked out from the registers, and this
			// transaction writes nothing else: a crash that loses it loses
			// nothing the next check does not find again, so it need not
			// wait for the disk.
			if _, err := tx.ExecContext(ctx, "SET LOCAL synchronous_commit = off"); err != nil {
				return fmt.Errorf("save findings: %w", err)
			}
		}
		opened, closed, err = tx.RecheckSubjects(ctx, at, what, found)
		return err
	})
	return opened, closed, err
}

// RecheckSubjects is RecheckSubjects inside tx, so a change and the check
// of what it touched commit together.
func (tx *Tx) RecheckSubjects(ctx context.Context, at time.Time, what Rechecked, found []compliance.Finding) (opened, closed int, err error) {
	now := storedTime(at)
	var c conditions
	var or []string
	if len(what.Subjects) > 0 {
		or = append(or, "f.subject IN "+inList(len(what.Subjects)))
		for _, s := range what.Subjects {
			c.args = append(c.args, s)
		}
	}
	if len(what.Kinds) > 0 {
		kinds := "f.kind IN " + inList(len(what.Kinds))
		for _, k := range what.Kinds {
			c.args = append(c.args, string(k))
		}
		if what.KindRules != "" {
			kinds = "(" + kinds + " AND f.rule LIKE ?)"
			c.args = append(c.args, what.KindRules+"%")
		}
		or = append(or, kinds)
	}
	cond := "(" + strings.Join(or, " OR ") + ")"
	open := map[string]compliance.Finding{}
	if err := tx.eachOpenFinding(ctx, cond, c.args, func(f compliance.Finding) { open[f.Key()] = f }); err != nil {
		return 0, 0, err
	}
	write, gone, opened := diffFindings(open, found)
	if err := tx.closeFindings(ctx, gone, now); err != nil {
		return 0, 0, err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE compliance_findings SET last_seen = ? WHERE closed_at = '' AND "+
		strings.ReplaceAll(cond, "f.", ""), append([]any{now}, c.args...)...); err != nil {
		return 0, 0, fmt.Errorf("save findings: %w", err)
	}
	return opened, len(gone), tx.upsertFindings(ctx, write, now)
}

// diffFindings compares what is found now with what was open: the
// findings to write (new or changed), the keys of those to close, and how
// many are new.
func diffFindings(open map[string]compliance.Finding, found []compliance.Finding) (write []compliance.Finding, gone [][2]string, opened int) {
	seen := map[string]bool{}
	for _, f := range found {
		seen[f.Key()] = true
		old, ok := open[f.Key()]
		if !ok {
			opened++
		}
		if !ok || old != f {
			write = append(write, f)
		}
	}
	for k, f := range open {
		if !seen[k] {
			gone = append(gone, [2]string{f.Rule, f.Subject})
		}
	}
	return write, gone, opened
}

func (tx *Tx) eachOpenFinding(ctx context.Context, cond string, args []any, fn func(compliance.Finding)) error {
	q := "SELECT f.rule, f.subject, f.provision, f.severity, f.kind, f.subject_name, f.unit_code, f.message, f.detail FROM compliance_findings f WHERE f.closed_at = ''"
	if cond != "" {
		q += " AND " + cond
	}
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("read findings: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var f compliance.Finding
		if err := rows.Scan(&f.Rule, &f.Subject, &f.Provision, &f.Severity, &f.Kind, &f.SubjectName, &f.Unit, &f.Message, &f.Detail); err != nil {
			return fmt.Errorf("read findings: %w", err)
		}
		fn(f)
	}
	return rows.Err()
}

func (tx *Tx) closeFindings(ctx context.Context, keys [][2]string, now string) error {
	for len(keys) > 0 {
		chunk := keys[:min(len(keys), 400)]
		keys = keys[len(chunk):]
		args := []any{now}
		for _, k := range chunk {
			args = append(args, k[0], k[1])
		}
		if _, err := tx.ExecContext(ctx, "UPDATE compliance_findings SET closed_at = ? WHERE closed_at = '' AND (rule, subject) IN (VALUES "+
			placeholders(len(chunk), 2)+")", args...); err != nil {
			return fmt.Errorf("close findings: %w", err)
		}
	}
	return nil
}

// upsertFindings opens new findings, updates changed ones and reopens
// closed ones (a reopened finding is first seen again now).
func (tx *Tx) upsertFindings(ctx context.Context, fs []compliance.Finding, now string) error {
	for len(fs) > 0 {
		chunk := fs[:min(len(fs), 400)]
		fs = fs[len(chunk):]
		// A closed finding found again starts its work over (9.2.1).
		keys := make([]any, 0, len(chunk)*2)
		for _, f := range chunk {
			keys = append(keys, f.Rule, f.Subject)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM compliance_finding_work WHERE (rule, subject) IN
			(SELECT rule, subject FROM compliance_findings WHERE closed_at <> '' AND (rule, subject) IN (VALUES `+placeholders(len(chunk), 2)+`))`, keys...); err != nil {
			return fmt.Errorf("save findings: %w", err)
		}
		args := make([]any, 0, len(chunk)*11)
		for _, f := range chunk {
			args = append(args, f.Rule, f.Subject, f.Provision, string(f.Severity), string(f.Kind), f.SubjectName, f.Unit, f.Message, f.Detail, now, now)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO compliance_findings (rule, subject, provision, severity, kind, subject_name, unit_code, message, detail, first_seen, last_seen)
			VALUES `+placeholders(len(chunk), 11)+`
			ON CONFLICT (rule, subject) DO UPDATE SET provision = excluded.provision, severity = excluded.severity, kind = excluded.kind,
			subject_name = excluded.subject_name, unit_code = excluded.unit_code, message = excluded.message, detail = excluded.detail,
			first_seen = CASE WHEN compliance_findings.closed_at = '' THEN compliance_findings.first_seen ELSE excluded.first_seen END,
			last_seen = excluded.last_seen, closed_at = ''`, args...); err != nil {
			return fmt.Errorf("save findings: %w", err)
		}
	}
	return nil
}

// saveDaily keeps the day's counts per 課 for the trend; a later run on
// the same day replaces them.
func (tx *Tx) saveDaily(ctx context.Context, at time.Time, found []compliance.Finding, checks map[string]int) error {
	type row struct{ checks, failed, high, medium, low int }
	rows := map[string]*row{}
	get := func(u string) *row {
		if rows[u] == nil {
			rows[u] = &row{}
		}
		return rows[u]
	}
	for u, n := range checks {
		get(u).checks = n
	}
	for _, f := range found {
		r := get(f.Unit)
		r.failed += f.Severity.Rank()
		switch f.Severity {
		case compliance.SeverityHigh:
			r.high++
		case compliance.SeverityMedium:
			r.medium++
		default:
			r.low++
		}
	}
	day := dateArg(organisation.Day(at))
	if _, err := tx.ExecContext(ctx, "DELETE FROM compliance_daily WHERE day = ?", day); err != nil {
		return fmt.Errorf("save daily findings: %w", err)
	}
	var args []any
	n := 0
	flush := func() error {
		if n == 0 {
			return nil
		}
		_, err := tx.ExecContext(ctx, "INSERT INTO compliance_daily (day, unit_code, checks, failed, high, medium, low) VALUES "+placeholders(n, 7), args...)
		args, n = args[:0], 0
		if err != nil {
			return fmt.Errorf("save daily findings: %w", err)
		}
		return nil
	}
	for u, r := range rows {
		args = append(args, day, u, r.checks, r.failed, r.high, r.medium, r.low)
		if n++; n == 400 {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}

// LastCheckRun returns the latest full run, or ENOTFOUND before the first.
func (db *DB) LastCheckRun(ctx context.Context) (CheckRun, error) {
	var r CheckRun
	err := db.View(ctx, func(tx *Tx) error {
		var at string
		var read, eval, write int64
		err := tx.QueryRowContext(ctx, `SELECT id, started_at, rules_version, read_ms, eval_ms, write_ms, findings, opened, closed
			FROM compliance_runs ORDER BY id DESC LIMIT 1`).Scan(&r.ID, &at, &r.RulesVersion, &read, &eval, &write, &r.Findings, &r.Opened, &r.Closed)
		if errors.Is(err, sql.ErrNoRows) {
			return kijun.Errorf(kijun.ENOTFOUND, "まだ点検が実行されていません")
		}
		if err != nil {
			return fmt.Errorf("read last check run: %w", err)
		}
		r.At = parseStoredTime(at)
		r.Read, r.Eval, r.Write = time.Duration(read)*time.Millisecond, time.Duration(eval)*time.Millisecond, time.Duration(write)*time.Millisecond
		return nil
	})
	return r, err
}

// RuleFile is a rule file a city loaded.
type RuleFile struct {
	ID       int64
	Version  string
	Body     []byte
	LoadedAt time.Time
	LoadedBy string
}

// CurrentRules returns the rule file in force, or ENOTFOUND when the city
// has loaded none and the shipped rules apply.
func (db *DB) CurrentRules(ctx context.Context) (RuleFile, error) {
	var f RuleFile
	err := db.View(ctx, func(tx *Tx) error {
		var at string
		err := tx.QueryRowContext(ctx, "SELECT id, version, body, loaded_at, loaded_by FROM compliance_rulesets ORDER BY id DESC LIMIT 1").
			Scan(&f.ID, &f.Version, &f.Body, &at, &f.LoadedBy)
		if errors.Is(err, sql.ErrNoRows) {
			return kijun.Errorf(kijun.ENOTFOUND, "市のルールファイルは読み込まれていません")
		}
		f.LoadedAt = parseStoredTime(at)
		return err
	})
	return f, err
}

// SaveRules puts a checked rule file in force, with its ledger record.
func (db *DB) SaveRules(ctx context.Context, version string, body []byte) error {
	return db.Update(ctx, func(tx *Tx) error {
		var id int64
		if err := tx.QueryRowContext(ctx, "INSERT INTO compliance_rulesets (version, body, loaded_at, loaded_by) VALUES (?, ?, ?, ?) RETURNING id",
			version, string(body), storedTime(db.Now()), kijun.ActorFrom(ctx).ID).Scan(&id); err != nil {
			return fmt.Errorf("save rules: %w", err)
		}
		_, err := tx.Record(ctx, Change{Action: "compliance.rules.load", Entity: "compliance_rules", EntityID: fmt.Sprint(id),
			State: map[string]string{"version": version, "body": string(body)}, Provisions: []string{"9.2.1"}})
		return err
	})
}
