package store

import (
	"context"
	"fmt"
	"slices"
	"time"

	"kijun/internal/compliance"
	"kijun/internal/compliance/work"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
)

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

// FindingFilter selects findings for a list.
type FindingFilter struct {
	// Units keeps the findings these 課 answer for; nil is every one.
	Units     []string
	Rule      string
	Provision string // this provision and those under it
	// Provisions keeps the findings citing exactly one of these, as a
	// city's own standard cites them (第34条［8.2.6］); nil is every one,
	// empty none.
	Provisions []string
	Severity   compliance.Severity
	Kind       compliance.Kind
	Subject    string
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
	c.in("f.provision", f.Provisions)
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
			pageLimit(f.Limit), f.Offset, nil, func(sc scanner) error {
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
