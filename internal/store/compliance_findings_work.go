package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"kijun/internal/compliance/work"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
)

// FindingWork is a finding as work to do (9.2.1ア, イ): who owns it, by when,
// and where it stands.
type FindingWork struct {
	// Owner is the staff number of the owner; FillWork puts the holder of
	// the 課's 情報管理者 role on the day here when nobody was named, and
	// sets Holder.
	Owner     string     `json:"owner,omitempty"`
	OwnerName string     `json:"owner_name,omitempty"`
	Holder    bool       `json:"holder,omitempty"`
	State     work.State `json:"state"`
	Due       time.Time  `json:"due,omitzero"`
	// Overdue: past its due day and not done.
	Overdue bool  `json:"overdue,omitempty"`
	Version int64 `json:"version"`
}

// FindingComment is one thing said while working on a finding, with the
// state it moved the finding between, if any.
type FindingComment struct {
	ID         int64      `json:"id"`
	Author     string     `json:"author"`
	AuthorName string     `json:"author_name"`
	Body       string     `json:"body"`
	From       work.State `json:"from,omitempty"`
	To         work.State `json:"to,omitempty"`
	At         time.Time  `json:"at"`
}

// DueDays reads the days findings have by severity, the city's or the
// defaults.
func (db *DB) DueDays(ctx context.Context) (work.DueDays, error) {
	d := work.DefaultDueDays()
	for _, k := range work.Keys() {
		v, err := db.Setting(ctx, k.Key)
		if kijun.ErrorCode(err) == kijun.ENOTFOUND {
			continue
		}
		if err != nil {
			return d, err
		}
		if _, err := d.Apply(k.Key, v); err != nil {
			return d, err
		}
	}
	return d, nil
}

// FillWork completes each finding's work as the pages show it: the owner
// (the holder of its 課's 情報管理者 role today when nobody was named, the
// 情報セキュリティ管理者 for a finding of no 課), the due day its severity
// gives, the state, and whether it is overdue.
func (db *DB) FillWork(ctx context.Context, fs []StoredFinding) error {
	days, err := db.DueDays(ctx)
	if err != nil {
		return err
	}
	today := organisation.Day(db.Now())
	return db.View(ctx, func(tx *Tx) error { return tx.fillWork(ctx, fs, days, today) })
}

func (tx *Tx) fillWork(ctx context.Context, fs []StoredFinding, days work.DueDays, today time.Time) error {
	holders := map[string]organisation.PersonRef{}
	names := map[string]string{}
	for i := range fs {
		f, w := &fs[i], &fs[i].Work
		if w.Due.IsZero() {
			w.Due = days.Due(f.FirstSeen, f.Severity)
		}
		switch {
		case !f.ClosedAt.IsZero():
			w.State = work.StateClosed
		case w.State == "" && f.Accepted != "":
			w.State = work.StateAccepted
		case w.State == "":
			w.State = work.StateOpen
		}
		w.Overdue = f.ClosedAt.IsZero() && !w.State.Done() && today.After(w.Due)
		if w.Owner == "" {
			h, ok := holders[f.Unit]
			if !ok {
				role, scope := organisation.RoleInfoManager, organisation.UnitScope(f.Unit)
				if f.Unit == "" {
					role, scope = organisation.RoleSecurityManager, organisation.City()
				}
				hd, err := tx.holderOf(ctx, role, scope, today)
				switch code := kijun.ErrorCode(err); {
				case err == nil:
					h = organisation.PersonRef{StaffNo: hd.Person.StaffNo, Name: hd.Person.Name}
				case code != kijun.ENOTFOUND && code != kijun.EINVALID:
					return fmt.Errorf("read the owner of finding %s: %w", f.Key(), err)
				}
				holders[f.Unit] = h
			}
			w.Owner, w.OwnerName, w.Holder = h.StaffNo, h.Name, true
			continue
		}
		name, ok := names[w.Owner]
		if !ok {
			err := tx.QueryRowContext(ctx, "SELECT name FROM org_people WHERE staff_no = ?", w.Owner).Scan(&name)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("read the owner of finding %s: %w", f.Key(), err)
			}
			names[w.Owner] = name
		}
		w.OwnerName = name
	}
	return nil
}

// Finding returns one finding, open or closed, with its work filled.
func (db *DB) Finding(ctx context.Context, rule, subject string) (StoredFinding, error) {
	days, err := db.DueDays(ctx)
	if err != nil {
		return StoredFinding{}, err
	}
	var f StoredFinding
	err = db.View(ctx, func(tx *Tx) (err error) {
		f, err = tx.finding(ctx, rule, subject)
		if err != nil {
			return err
		}
		fs := []StoredFinding{f}
		err = tx.fillWork(ctx, fs, days, organisation.Day(db.Now()))
		f = fs[0]
		return err
	})
	return f, err
}

func (tx *Tx) finding(ctx context.Context, rule, subject string) (StoredFinding, error) {
	f, err := scanFinding(tx.QueryRowContext(ctx, "SELECT "+findingColumns+" FROM "+findingFrom+" WHERE f.rule = ? AND f.subject = ?", rule, subject))
	return f, errNoRows(err, "指摘（%s・%s）はありません", rule, subject)
}

// FindingComments returns what was said on a finding, oldest first.
func (db *DB) FindingComments(ctx context.Context, rule, subject string) ([]FindingComment, error) {
	var out []FindingComment
	err := db.View(ctx, func(tx *Tx) error {
		return tx.each(ctx, `SELECT c.id, c.author, COALESCE(p.name, ''), c.body, c.from_state, c.to_state, c.at
			FROM compliance_finding_comments c LEFT JOIN org_people p ON p.staff_no = c.author
			WHERE c.rule = ? AND c.subject = ? ORDER BY c.id`, []any{rule, subject}, func(sc scanner) error {
			var c FindingComment
			var at string
			err := sc.Scan(&c.ID, &c.Author, &c.AuthorName, &c.Body, &c.From, &c.To, &at)
			c.At = parseStoredTime(at)
			out = append(out, c)
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("read the comments on finding %s|%s: %w", rule, subject, err)
	}
	return out, nil
}

// FindingGate decides, inside the transaction that writes, whether the
// person may change finding f's work, and may make newOwner its owner
// ("" when the owner does not change).
type FindingGate func(f StoredFinding, newOwner string) error

// UpdateFindingWork changes an open finding's work: its state, its owner,
// a comment. gate is asked with the finding as it stands; the change, its
// comment and its ledger record commit together. The first change fixes
// the due day its severity gave, so a later change of the city's days
// does not move a deadline someone is working to.
func (db *DB) UpdateFindingWork(ctx context.Context, c work.Change, gate FindingGate) (StoredFinding, error) {
	days, err := db.DueDays(ctx)
	if err != nil {
		return StoredFinding{}, err
	}
	now := db.Now()
	today := organisation.Day(now)
	var f StoredFinding
	err = db.Update(ctx, func(tx *Tx) error {
		var err error
		if f, err = tx.finding(ctx, c.Rule, c.Subject); err != nil {
			return err
		}
		if !f.ClosedAt.IsZero() {
			return kijun.Errorf(kijun.ECONFLICT, "この指摘は %s の点検で解消しています", organisation.FormatDate(f.ClosedAt))
		}
		fs := []StoredFinding{f}
		if err := tx.fillWork(ctx, fs, days, today); err != nil {
			return err
		}
		f = fs[0]
		c.Owner = strings.TrimSpace(c.Owner)
		if c.Owner == f.Work.Owner {
			c.Owner = ""
		}
		if err := gate(f, c.Owner); err != nil {
			return err
		}
		if c.Version != 0 && c.Version != f.Work.Version {
			return kijun.Errorf(kijun.ECONFLICT, "この指摘は他の人が先に更新しました。画面を読み込み直して確かめてください")
		}
		if c.State == f.Work.State {
			c.State = ""
		}
		if err := c.Check(f.Work.State, f.Accepted != ""); err != nil {
			return err
		}
		if c.Owner != "" {
			if err := tx.checkOwner(ctx, c.Owner, f.Unit, today); err != nil {
				return err
			}
		}
		from := f.Work.State
		owner, state := f.Work.Owner, f.Work.State
		if c.Owner != "" {
			owner = c.Owner
		}
		if c.State != "" {
			state = c.State
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO compliance_finding_work (rule, subject, owner, state, due_day, updated_at, version)
			VALUES (?, ?, ?, ?, ?, ?, 1) ON CONFLICT (rule, subject) DO UPDATE SET owner = excluded.owner, state = excluded.state,
			due_day = excluded.due_day, updated_at = excluded.updated_at, version = compliance_finding_work.version + 1`,
			f.Rule, f.Subject, owner, string(state), dateArg(f.Work.Due), storedTime(now)); err != nil {
			return fmt.Errorf("save the work on finding %s: %w", f.Key(), err)
		}
		to := work.State("")
		if c.State != "" {
			to = c.State
		} else {
			from = ""
		}
		author := strings.TrimPrefix(kijun.ActorFrom(ctx).ID, "person:")
		body := strings.TrimSpace(c.Comment)
		if c.Owner != "" {
			body = strings.TrimSpace("担当者を " + c.Owner + " に変更。" + body)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO compliance_finding_comments (rule, subject, author, body, from_state, to_state, at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, f.Rule, f.Subject, author, body, string(from), string(to), storedTime(now)); err != nil {
			return fmt.Errorf("save the comment on finding %s: %w", f.Key(), err)
		}
		f.Work.Owner, f.Work.State, f.Work.Version = owner, state, f.Work.Version+1
		_, err = tx.Record(ctx, Change{Action: "compliance.finding.work", Entity: "compliance_finding", EntityID: f.Rule + "|" + f.Subject,
			State:      map[string]any{"owner": owner, "state": state, "due": dateArg(f.Work.Due), "comment": body, "version": f.Work.Version},
			Provisions: []string{"9.2.1ア", "9.2.1イ"}})
		return err
	})
	if err != nil {
		return f, err
	}
	return db.Finding(ctx, c.Rule, c.Subject)
}

// checkOwner refuses an owner who cannot answer for a finding of unit: a
// person who is not in service, or, for a finding of a 課, one not
// assigned to it today.
func (tx *Tx) checkOwner(ctx context.Context, staffNo, unit string, day time.Time) error {
	var fe kijun.FieldErrors
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM org_people WHERE staff_no = ?", staffNo).Scan(&n); err != nil {
		return fmt.Errorf("check owner %s: %w", staffNo, err)
	}
	if n == 0 {
		fe.Add("owner", "職員番号 %s の職員等はいません", staffNo)
		return fe.AsError()
	}
	if unit == "" {
		return nil
	}
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM org_assignments WHERE staff_no = ? AND unit_code = ? AND valid_from <= ? AND valid_to >= ?`,
		staffNo, unit, dateArg(day), dateArg(day)).Scan(&n); err != nil {
		return fmt.Errorf("check owner %s: %w", staffNo, err)
	}
	if n == 0 {
		fe.Add("owner", "職員番号 %s の職員等は、今日この指摘の課（%s）に所属していません。課の職員を担当者にしてください", staffNo, unit)
	}
	return fe.AsError()
}

// OverdueFindings returns the open findings past their due day whose work
// is not done, for the reminders, with their work filled.
func (db *DB) OverdueFindings(ctx context.Context, now time.Time) ([]StoredFinding, error) {
	days, err := db.DueDays(ctx)
	if err != nil {
		return nil, err
	}
	var out []StoredFinding
	err = db.View(ctx, func(tx *Tx) error {
		var all []StoredFinding
		err := tx.each(ctx, "SELECT "+findingColumns+" FROM "+findingFrom+" WHERE f.closed_at = '' AND x.rule IS NULL",
			nil, func(sc scanner) error {
				f, err := scanFinding(sc)
				all = append(all, f)
				return err
			})
		if err != nil {
			return err
		}
		if err := tx.fillWork(ctx, all, days, organisation.Day(now)); err != nil {
			return err
		}
		for _, f := range all {
			if f.Work.Overdue {
				out = append(out, f)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read overdue findings: %w", err)
	}
	return out, nil
}

// StaffCounts returns how many people are assigned to each unit on day:
// the size a 課's score is weighed by.
func (db *DB) StaffCounts(ctx context.Context, day time.Time) (map[string]int, error) {
	out := map[string]int{}
	err := db.View(ctx, func(tx *Tx) error {
		return tx.each(ctx, `SELECT unit_code, COUNT(DISTINCT staff_no) FROM org_assignments WHERE valid_from <= ? AND valid_to >= ? GROUP BY unit_code`,
			[]any{dateArg(day), dateArg(day)}, func(sc scanner) error {
				var u string
				var n int
				err := sc.Scan(&u, &n)
				out[u] = n
				return err
			})
	})
	if err != nil {
		return nil, fmt.Errorf("count staff per unit: %w", err)
	}
	return out, nil
}
