package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"kijun/internal/compliance"
	"kijun/internal/compliance/work"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/permits"
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

// StoredFinding is a finding as kept: when it was first and last seen, and
// when it closed.
type StoredFinding struct {
	compliance.Finding
	FirstSeen time.Time `json:"first_seen"`
	LastSeen  time.Time `json:"last_seen"`
	ClosedAt  time.Time `json:"closed_at,omitzero"`
	// Accepted is the 例外措置 the finding is accepted under, if any: its
	// request's number (AcceptedRequest), or for an acceptance made before
	// exceptions were requested in Kijun, the number typed in.
	Accepted        string `json:"accepted,omitempty"`
	AcceptedRequest int64  `json:"accepted_request,omitempty"`
	// Responsible is who answered for the finding on its day, filled by
	// FillResponsible.
	Responsible string `json:"responsible,omitempty"`
	// Work is the finding as work to do (9.2.2): its owner, due day and
	// state, filled by FillWork.
	Work FindingWork `json:"work"`
}

const findingColumns = "f.rule, f.subject, f.provision, f.severity, f.kind, f.subject_name, f.unit_code, f.message, f.detail, f.first_seen, f.last_seen, f.closed_at, COALESCE(x.reference, ''), COALESCE(x.request_id, 0), COALESCE(w.owner, ''), COALESCE(w.state, ''), COALESCE(w.due_day, ''), COALESCE(w.version, 0)"

const findingFrom = "compliance_findings f LEFT JOIN compliance_acceptances x ON x.rule = f.rule AND x.subject = f.subject AND x.until_day >= substr(f.last_seen, 1, 10)" +
	" LEFT JOIN compliance_finding_work w ON w.rule = f.rule AND w.subject = f.subject"

func scanFinding(sc scanner) (StoredFinding, error) {
	var f StoredFinding
	var first, last, closed, state, due string
	err := sc.Scan(&f.Rule, &f.Subject, &f.Provision, &f.Severity, &f.Kind, &f.SubjectName, &f.Unit, &f.Message, &f.Detail,
		&first, &last, &closed, &f.Accepted, &f.AcceptedRequest, &f.Work.Owner, &state, &due, &f.Work.Version)
	f.FirstSeen, f.LastSeen, f.ClosedAt = parseStoredTime(first), parseStoredTime(last), parseStoredTime(closed)
	f.Work.State = work.State(state)
	if due != "" {
		f.Work.Due = organisation.StoredDate(due)
	}
	return f, err
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

// FindingFilter selects findings for a list.
type FindingFilter struct {
	// Units keeps the findings these 課 answer for; nil is every one.
	Units     []string
	Rule      string
	Provision string // this provision and those under it
	Severity  compliance.Severity
	Kind      compliance.Kind
	Subject   string
	// Closed lists closed findings instead of open ones.
	Closed bool
	// State keeps the findings whose work is in this state (closed ones
	// too, for StateClosed); Closed is then not used.
	State work.State
	// Owner keeps the findings owned by this staff number: named as
	// owner, or, with no owner named, of one of OwnerUnits, whose
	// 情報管理者 the person is.
	Owner      string
	OwnerUnits []string
	// Sort orders the list: "" (most serious first), "age" (oldest
	// first), "unit", "provision", "state" or "owner".
	Sort   string
	Offset int
	Limit  int
}

// findingState is the SQL of a finding's work state as FillWork gives it.
const findingState = "CASE WHEN f.closed_at <> '' THEN 'closed' WHEN COALESCE(w.state, '') <> '' THEN w.state WHEN x.rule IS NOT NULL THEN 'accepted' ELSE 'open' END"

const findingBySeverity = "CASE f.severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END"

// order is the ORDER BY of the filter's sort.
func (f FindingFilter) order() string {
	tail := findingBySeverity + ", f.provision, f.rule, f.subject"
	switch f.Sort {
	case "age":
		return "f.first_seen, " + tail
	case "unit":
		return "f.unit_code, " + tail
	case "provision":
		return "f.provision, " + tail
	case "state":
		return findingState + ", " + tail
	case "owner":
		return "COALESCE(w.owner, ''), f.unit_code, " + tail
	}
	return tail
}

// FindingSorts lists the sorts a findings list offers.
func FindingSorts() []string { return []string{"", "age", "unit", "provision", "state", "owner"} }

func (f FindingFilter) where() (string, []any) {
	var c conditions
	switch {
	case f.State != "":
		c.add(findingState+" = ?", string(f.State))
	case f.Closed:
		c.add("f.closed_at <> ''")
	default:
		c.add("f.closed_at = ''")
	}
	if f.Owner != "" {
		cond, args := "COALESCE(w.owner, '') = ?", []any{f.Owner}
		if len(f.OwnerUnits) > 0 {
			cond = "(" + cond + " OR (COALESCE(w.owner, '') = '' AND f.unit_code IN " + inList(len(f.OwnerUnits)) + "))"
			for _, u := range f.OwnerUnits {
				args = append(args, u)
			}
		}
		c.add(cond, args...)
	}
	c.in("f.unit_code", f.Units)
	if f.Rule != "" {
		c.add("f.rule = ?", f.Rule)
	}
	if f.Provision != "" {
		c.add("(f.provision = ? OR f.provision LIKE ?)", f.Provision, likeEscape(f.Provision)+".%")
	}
	if f.Severity != "" {
		c.add("f.severity = ?", string(f.Severity))
	}
	if f.Kind != "" {
		c.add("f.kind = ?", string(f.Kind))
	}
	if f.Subject != "" {
		c.add("f.subject = ?", f.Subject)
	}
	return c.where()
}

// ListFindings returns a page of findings, most serious first, and how
// many the filter matches.
func (db *DB) ListFindings(ctx context.Context, f FindingFilter) ([]StoredFinding, int, error) {
	where, args := f.where()
	var out []StoredFinding
	var total int
	err := db.View(ctx, func(tx *Tx) (err error) {
		total, err = tx.listPage(ctx, findingFrom, findingColumns, where, args, f.order(), false,
			pageLimit(f.Limit), f.Offset, func(sc scanner) error {
				fd, err := scanFinding(sc)
				out = append(out, fd)
				return err
			})
		return err
	})
	return out, total, err
}

// EachFinding calls fn for every finding the filter matches, for an export.
func (db *DB) EachFinding(ctx context.Context, f FindingFilter, fn func(StoredFinding) error) error {
	where, args := f.where()
	return db.View(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, "SELECT "+findingColumns+" FROM "+findingFrom+" "+where+" ORDER BY "+f.order(), args...)
		if err != nil {
			return fmt.Errorf("list findings: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			fd, err := scanFinding(rows)
			if err != nil {
				return err
			}
			if err := fn(fd); err != nil {
				return err
			}
		}
		return rows.Err()
	})
}

// FindingCount is how many open findings one 課 has of one severity under
// one provision.
type FindingCount struct {
	Unit      string
	Severity  compliance.Severity
	Provision string
	N         int
}

// FindingCounts counts the open findings by 課, severity and provision,
// leaving out those accepted under a 例外措置: what the dashboard sums by
// 局, chapter and severity.
func (db *DB) FindingCounts(ctx context.Context) ([]FindingCount, error) {
	var out []FindingCount
	err := db.View(ctx, func(tx *Tx) (err error) {
		// Findings accepted under a 例外措置 in force are not counted. The
		// same for everyone until findings change: kept (shared.go).
		q := "SELECT f.unit_code, f.severity, f.provision, COUNT(*) FROM " + findingFrom +
			" WHERE f.closed_at = '' AND x.rule IS NULL GROUP BY f.unit_code, f.severity, f.provision"
		out, err = sharedRead(ctx, tx, q, func() ([]FindingCount, error) {
			var out []FindingCount
			rows, err := tx.QueryContext(ctx, q)
			if err != nil {
				return nil, fmt.Errorf("count findings: %w", err)
			}
			defer rows.Close()
			for rows.Next() {
				var c FindingCount
				if err := rows.Scan(&c.Unit, &c.Severity, &c.Provision, &c.N); err != nil {
					return nil, err
				}
				out = append(out, c)
			}
			return out, rows.Err()
		})
		return err
	})
	return slices.Clone(out), err
}

// FillResponsible names who answers for each finding on its day (9.2.1):
// the 情報管理者 of its 課 (3.1.6), or, for a finding no 課 answers for (a
// role with no holder, say), the 情報セキュリティ管理者 (3.1.3). The day is
// the one the finding was closed on, or last seen. Each is "name（role）",
// or "" when nobody held the role that day.
func (db *DB) FillResponsible(ctx context.Context, fs []StoredFinding) error {
	type key struct {
		unit string
		day  time.Time
	}
	names := map[key]string{}
	err := db.View(ctx, func(tx *Tx) error {
		for i := range fs {
			f := &fs[i]
			day := f.LastSeen
			if !f.ClosedAt.IsZero() {
				day = f.ClosedAt
			}
			k := key{f.Unit, organisation.Day(day)}
			name, ok := names[k]
			if !ok {
				role, scope := organisation.RoleInfoManager, organisation.UnitScope(f.Unit)
				if f.Unit == "" {
					role, scope = organisation.RoleSecurityManager, organisation.City()
				}
				h, err := tx.holderOf(ctx, role, scope, k.day)
				switch code := kijun.ErrorCode(err); {
				case err == nil:
					name = h.Person.Name + "（" + role.Label() + "）"
				case code != kijun.ENOTFOUND && code != kijun.EINVALID:
					return err
				}
				names[k] = name
			}
			f.Responsible = name
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("read who answers for the findings: %w", err)
	}
	return nil
}

// AcceptedOn returns the findings accepted under a 例外措置 that has not
// ended by day, by their key (compliance.Finding.Key), each with the
// exception's reference.
func (db *DB) AcceptedOn(ctx context.Context, day time.Time) (map[string]string, error) {
	out := map[string]string{}
	err := db.View(ctx, func(tx *Tx) error {
		return tx.each(ctx, "SELECT rule, subject, reference FROM compliance_acceptances WHERE until_day >= ?", []any{dateArg(day)}, func(sc scanner) error {
			var rule, subject, ref string
			err := sc.Scan(&rule, &subject, &ref)
			out[compliance.Finding{Rule: rule, Subject: subject}.Key()] = ref
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("read accepted findings: %w", err)
	}
	return out, nil
}

// DailyCount is one day's counts for one 課.
type DailyCount struct {
	Day                            time.Time
	Unit                           string
	Checks, Failed, High, Med, Low int
}

// DailyCounts returns the trend from since on, by day and 課.
func (db *DB) DailyCounts(ctx context.Context, since time.Time) ([]DailyCount, error) {
	var out []DailyCount
	err := db.View(ctx, func(tx *Tx) (err error) {
		// The same for everyone until a check writes the day: kept
		// (shared.go).
		q := "SELECT day, unit_code, checks, failed, high, medium, low FROM compliance_daily WHERE day >= ? ORDER BY day, unit_code"
		out, err = sharedRead(ctx, tx, sharedKey(q, []any{dateArg(since)}), func() ([]DailyCount, error) {
			var out []DailyCount
			rows, err := tx.QueryContext(ctx, q, dateArg(since))
			if err != nil {
				return nil, fmt.Errorf("read trend: %w", err)
			}
			defer rows.Close()
			for rows.Next() {
				var d DailyCount
				var day string
				if err := rows.Scan(&day, &d.Unit, &d.Checks, &d.Failed, &d.High, &d.Med, &d.Low); err != nil {
					return nil, err
				}
				d.Day = organisation.StoredDate(day)
				out = append(out, d)
			}
			return out, rows.Err()
		})
		return err
	})
	return slices.Clone(out), err
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

// ProvisionStatus is how a provision stands across the city: its open
// findings by severity and how many 課 they fall to.
type ProvisionStatus struct {
	High, Medium, Low int
	Units             int
}

// ProvisionStatus counts the open findings of a provision and those under
// it, leaving out those accepted under a 例外措置, as the dashboard does.
func (db *DB) ProvisionStatus(ctx context.Context, pid string) (ProvisionStatus, error) {
	var st ProvisionStatus
	err := db.View(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT f.severity, COUNT(*) FROM `+findingFrom+` WHERE f.closed_at = '' AND x.rule IS NULL
			AND (f.provision = ? OR f.provision LIKE ?) GROUP BY f.severity`, pid, likeEscape(pid)+".%")
		if err != nil {
			return fmt.Errorf("provision status: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var sev compliance.Severity
			var n int
			if err := rows.Scan(&sev, &n); err != nil {
				return err
			}
			switch sev {
			case compliance.SeverityHigh:
				st.High = n
			case compliance.SeverityMedium:
				st.Medium = n
			default:
				st.Low += n
			}
		}
		if err := rows.Err(); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `SELECT COUNT(DISTINCT f.unit_code) FROM `+findingFrom+` WHERE f.closed_at = '' AND x.rule IS NULL
			AND (f.provision = ? OR f.provision LIKE ?)`, pid, likeEscape(pid)+".%").Scan(&st.Units)
	})
	return st, err
}

// Acceptance is a finding accepted under a 例外措置 (9.5.1): it stays
// found, shown as accepted, until the day it ends.
type Acceptance struct {
	Rule, Subject string
	// Request is the number of the approved 例外措置 request (9.5.1) or
	// reported emergency exception (9.5.2) the finding is accepted under.
	Request int64
	// Note says anything more of why; the request holds the reason.
	Note string
	// Until is the last day: the exception's end, or, for an emergency
	// exception, which has none, the day given.
	Until time.Time
}

// maxEmergencyAcceptance is the longest an emergency exception, which has
// no period of its own, may carry a finding: the longest period an
// exception may be granted for.
const maxEmergencyAcceptance = 366

// AcceptFinding records that an open finding is accepted under a 例外措置
// in force whose 遵守が困難な規定 covers the finding's provision, with its
// ledger record; every reason it cannot be is given beside its field.
func (db *DB) AcceptFinding(ctx context.Context, a Acceptance) error {
	today := organisation.Day(db.Now())
	return db.Update(ctx, func(tx *Tx) error {
		var provision string
		if err := tx.QueryRowContext(ctx, "SELECT provision FROM compliance_findings WHERE rule = ? AND subject = ? AND closed_at = ''", a.Rule, a.Subject).Scan(&provision); err != nil {
			return errNoRows(err, "未解消の指摘（%s・%s）はありません", a.Rule, a.Subject)
		}
		var fe kijun.FieldErrors
		x, problem, err := tx.exceptionFor(ctx, a.Request, provision, today)
		if err != nil {
			return err
		}
		switch {
		case problem != "":
			fe.Add("request", "%s", problem)
		case !x.ValidTo.IsZero():
			if !a.Until.IsZero() && !a.Until.Equal(x.ValidTo) {
				fe.Add("until", "例外措置 %d の終了日は %s です。受け入れはその日までです（9.5.1）", x.ID, dateArg(x.ValidTo))
			}
			a.Until = x.ValidTo
		case a.Until.IsZero() || a.Until.Before(today):
			fe.Add("until", "緊急時の例外措置には期間がありません。受け入れの終了日を今日以降の日付で入力してください（9.5.2）")
		case a.Until.After(today.AddDate(0, 0, maxEmergencyAcceptance)):
			fe.Add("until", "受け入れの終了日は %d 日以内（%s まで）にしてください", maxEmergencyAcceptance, dateArg(today.AddDate(0, 0, maxEmergencyAcceptance)))
		}
		if err := fe.AsError(); err != nil {
			return err
		}
		a.Note = strings.TrimSpace(a.Note)
		ref := strconv.FormatInt(a.Request, 10)
		if _, err := tx.ExecContext(ctx, `INSERT INTO compliance_acceptances (rule, subject, reference, request_id, reason, until_day, accepted_by, accepted_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (rule, subject) DO UPDATE SET reference = excluded.reference, request_id = excluded.request_id,
			reason = excluded.reason, until_day = excluded.until_day, accepted_by = excluded.accepted_by, accepted_at = excluded.accepted_at`,
			a.Rule, a.Subject, ref, a.Request, a.Note, dateArg(a.Until), kijun.ActorFrom(ctx).ID, storedTime(db.Now())); err != nil {
			return fmt.Errorf("accept finding: %w", err)
		}
		_, err = tx.Record(ctx, Change{Action: "compliance.accept", Entity: "compliance_finding", EntityID: a.Rule + "|" + a.Subject,
			State: a, Provisions: []string{"9.5.1", "9.5.3"}})
		return err
	})
}

// exceptionFor reads request id and says, as problem, why a finding of
// provision may not be accepted under it on day: it must be a 例外措置
// (9.5.1) approved, or an emergency exception (9.5.2) reported and
// acknowledged, not ended, and written against the provision or one above
// it. The request is returned for its end (ValidTo), which an emergency
// exception does not have.
func (tx *Tx) exceptionFor(ctx context.Context, id int64, provision string, day time.Time) (r permits.Request, problem string, err error) {
	if id <= 0 {
		return r, "受け入れの根拠とする例外措置の申請番号を選んでください（9.5.1）", nil
	}
	if r, err = tx.request(ctx, id); kijun.ErrorCode(err) == kijun.ENOTFOUND {
		return r, fmt.Sprintf("申請番号 %d の申請はありません", id), nil
	} else if err != nil {
		return r, "", err
	}
	reg, err := permits.Default()
	if err != nil {
		return r, "", err
	}
	switch t := reg.Type(r.Type); {
	case t == nil || !t.Exception:
		name := r.Type
		if t != nil {
			name = t.Name
		}
		problem = fmt.Sprintf("申請番号 %d は「%s」の申請で、例外措置ではありません（9.5.1）", id, name)
	case r.State != permits.StateClosed:
		problem = fmt.Sprintf("例外措置 %d は%sです。承認された例外措置の下でだけ受け入れられます（9.5.1）", id, r.State.Label())
	case !r.ValidTo.IsZero() && r.ValidTo.Before(day):
		problem = fmt.Sprintf("例外措置 %d は %s に終了しています", id, dateArg(r.ValidTo))
	case !permits.Covers(r.Fields["provision"], provision):
		problem = fmt.Sprintf("例外措置 %d は %s についてのもので、この指摘の条項 %s を含みません", id, r.Fields["provision"], provision)
	}
	return r, problem, nil
}
