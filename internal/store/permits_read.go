package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"kijun/internal/assets"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/permits"
)

// RequestView is a request with its timeline and who must act on it now.
type RequestView struct {
	permits.Request
	Timeline []permits.Entry
	// Approvers are who may decide the pending step on the day read: the
	// holder of each role, or the deputy acting for them.
	Approvers []PendingApprover
}

// PendingApprover is one role that may decide a request's pending step,
// and who acts in it on the day (the holder or a deputy).
type PendingApprover struct {
	Role   organisation.Role   `json:"role"`
	Scope  organisation.Scope  `json:"scope"`
	Acting organisation.Acting `json:"acting"`
	// Missing says why nobody acts, when nobody does.
	Missing string `json:"missing,omitempty"`
}

// Told returns who is told the request waits for this approver: the
// person acting, and the holder too when a deputy acts (9.3: the holder
// knows what their deputy decides for them).
func (a PendingApprover) Told() []organisation.PersonRef {
	if a.Missing != "" {
		return nil
	}
	if a.Acting.Deputy() {
		return []organisation.PersonRef{a.Acting.Person, a.Acting.Holder.Person}
	}
	return []organisation.PersonRef{a.Acting.Person}
}

// Get returns a request, its timeline, oldest step first, and who must act.
func (p *Permits) Get(ctx context.Context, id int64) (RequestView, error) {
	var v RequestView
	err := p.db.View(ctx, func(tx *Tx) error {
		var err error
		if v.Request, err = tx.request(ctx, id); err != nil {
			return err
		}
		if v.Timeline, err = tx.timeline(ctx, id); err != nil {
			return err
		}
		v.Approvers, err = p.approversOf(ctx, tx, v.Request, organisation.Day(p.db.Now()))
		return err
	})
	return v, err
}

// ActorsFor returns who must act on a request now: the approvers of its
// pending step (as acting on the day), or the requester when a record, a
// return or a report is awaited. A notifier sends its mail to these.
func (p *Permits) ActorsFor(ctx context.Context, id int64) ([]organisation.PersonRef, error) {
	v, err := p.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	var out []organisation.PersonRef
	if v.State.Pending() {
		for _, a := range v.Approvers {
			out = append(out, a.Told()...)
		}
		return out, nil
	}
	if v.State == permits.StateApproved || v.State == permits.StateCarriedOut {
		out = append(out, organisation.PersonRef{StaffNo: v.Requester, Name: v.RequesterName})
	}
	return out, nil
}

func (p *Permits) approversOf(ctx context.Context, tx *Tx, r permits.Request, day time.Time) ([]PendingApprover, error) {
	t := p.reg.Type(r.Type)
	if t == nil || !r.State.Pending() || r.Step >= len(t.Approvers) {
		return nil, nil
	}
	var out []PendingApprover
	for _, a := range t.Approvers[r.Step] {
		pa := PendingApprover{Role: a.Role, Scope: scopeOf(a, r)}
		act, err := tx.actingFor(ctx, a.Role, pa.Scope, day)
		switch code := kijun.ErrorCode(err); {
		case err == nil && act.Deputy() && act.Person.StaffNo == r.Requester:
			// 3.2.10ア, 9.3: a deputy does not decide her own request; the
			// holder, the next in line, does.
			pa.Acting = organisation.Acting{Holder: act.Holder, Person: act.Holder.Person, Basis: organisation.BasisSelf}
		case err == nil:
			pa.Acting = act
		case code == kijun.ENOTFOUND || code == kijun.EINVALID:
			pa.Missing = kijun.ErrorMessage(err)
		default:
			return nil, err
		}
		out = append(out, pa)
	}
	return out, nil
}

func (tx *Tx) timeline(ctx context.Context, id int64) ([]permits.Entry, error) {
	var out []permits.Entry
	err := tx.each(ctx, `SELECT s.seq, s.action, s.from_state, s.to_state, s.at, s.actor, COALESCE(a.name, ''), s.on_behalf_of, COALESCE(b.name, ''),
		s.role, s.unavoidable, s.reason, s.judgement, s.fields, s.note
		FROM permit_steps s LEFT JOIN org_people a ON a.staff_no = s.actor LEFT JOIN org_people b ON b.staff_no = s.on_behalf_of
		WHERE s.request_id = ? ORDER BY s.seq`, []any{id}, func(sc scanner) error {
		var e permits.Entry
		var at, fields string
		var unavoidable int
		if err := sc.Scan(&e.Seq, &e.Action, &e.From, &e.To, &at, &e.Actor, &e.ActorName, &e.OnBehalfOf, &e.BehalfName,
			&e.Role, &unavoidable, &e.Reason, &e.Judgement, &fields, &e.Note); err != nil {
			return err
		}
		e.At, e.Unavoidable = parseStoredTime(at), unavoidable == 1
		if err := json.Unmarshal([]byte(fields), &e.Fields); err != nil {
			return err
		}
		out = append(out, e)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read the timeline of request %d: %w", id, err)
	}
	files, err := tx.attachments(ctx, id)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Attachments = files[out[i].Seq]
	}
	return out, nil
}

// Mine returns a requester's requests, newest first.
func (p *Permits) Mine(ctx context.Context, staffNo string, limit int) ([]permits.Request, error) {
	if limit <= 0 {
		limit = 100
	}
	var out []permits.Request
	err := p.db.View(ctx, func(tx *Tx) error {
		return tx.each(ctx, "SELECT "+requestColumns+" FROM "+requestFrom+" WHERE r.requester = ? ORDER BY r.id DESC LIMIT ?",
			[]any{staffNo, limit}, func(sc scanner) error {
				r, err := scanRequest(sc)
				out = append(out, r)
				return err
			})
	})
	if err != nil {
		return nil, fmt.Errorf("list requests of %s: %w", staffNo, err)
	}
	return out, nil
}

// Inbox is what needs a person: requests awaiting their decision, oldest
// first, and their own requests awaiting a record, a return or a report,
// the earliest deadline first.
type Inbox struct {
	ToDecide []InboxItem
	ToRecord []permits.Request
}

// InboxItem is a request awaiting a person's decision, and the role they
// decide it in (for a deputy, on whose behalf).
type InboxItem struct {
	permits.Request
	Acting organisation.Acting
}

// Inbox returns what needs staffNo on day d: the requests whose pending
// step a role they act in that day may decide (in person or as a deputy),
// and their own requests awaiting an action of theirs.
func (p *Permits) Inbox(ctx context.Context, staffNo string, d time.Time, limit int) (Inbox, error) {
	if limit <= 0 {
		limit = 100
	}
	var in Inbox
	err := p.db.View(ctx, func(tx *Tx) error {
		roles, _, err := tx.RolesOf(ctx, staffNo, d)
		if err != nil {
			return err
		}
		if len(roles) > 0 {
			var conds []string
			var args []any
			by := map[string]organisation.Acting{}
			for _, a := range roles {
				conds = append(conds, "(q.role = ? AND q.scope_kind = ? AND q.scope_id = ?)")
				args = append(args, a.Holder.Role, a.Holder.Scope.Kind, a.Holder.Scope.ID)
				by[string(a.Holder.Role)+"@"+a.Holder.Scope.String()] = a
			}
			args = append(args, limit)
			seen := map[int64]bool{}
			err = tx.each(ctx, "SELECT "+requestColumns+", q.role, q.scope_kind, q.scope_id FROM permit_pending q JOIN permit_requests r ON r.id = q.request_id LEFT JOIN org_people p ON p.staff_no = r.requester WHERE "+
				strings.Join(conds, " OR ")+" ORDER BY q.submitted_at, q.request_id LIMIT ?", args, func(sc scanner) error {
				var it InboxItem
				var s organisation.Scope
				var role organisation.Role
				r, err := scanRequest(rowWith{sc, []any{&role, &s.Kind, &s.ID}})
				if err != nil {
					return err
				}
				if seen[r.ID] {
					return nil
				}
				it.Request, it.Acting = r, by[string(role)+"@"+s.String()]
				if it.Acting.Deputy() && r.Requester == staffNo {
					return nil // 3.2.10ア: the holder decides a deputy's own request
				}
				seen[r.ID] = true
				in.ToDecide = append(in.ToDecide, it)
				return nil
			})
			if err != nil {
				return err
			}
		}
		return tx.each(ctx, "SELECT "+requestColumns+" FROM "+requestFrom+" WHERE r.requester = ? AND r.state IN ('approved', 'carried_out', 'drafted') ORDER BY r.due_at = '', r.due_at, r.id LIMIT ?",
			[]any{staffNo, limit}, func(sc scanner) error {
				r, err := scanRequest(sc)
				in.ToRecord = append(in.ToRecord, r)
				return err
			})
	})
	if err != nil {
		return in, fmt.Errorf("read the inbox of %s: %w", staffNo, err)
	}
	return in, nil
}

// rowWith scans a row's request columns and then extra columns.
type rowWith struct {
	sc    scanner
	extra []any
}

func (r rowWith) Scan(dest ...any) error { return r.sc.Scan(append(dest, r.extra...)...) }

// Due returns the reminders and escalations due at now over every open
// request: approvals waiting too long, returns overdue, exceptions about to
// expire, emergency exceptions not reported in time. It writes nothing, so
// calling it again at the same now gives the same list; each Key is stable
// while its condition lasts, for a scheduler to send each once.
func (p *Permits) Due(ctx context.Context, now time.Time) ([]permits.Reminder, error) {
	var out []permits.Reminder
	err := p.db.View(ctx, func(tx *Tx) error {
		return p.due(ctx, tx, now, func(_ permits.Request, rs []permits.Reminder) { out = append(out, rs...) })
	})
	return out, err
}

// due calls fn with each open request, and each exception still in force,
// that has reminders due at now, with those reminders.
func (p *Permits) due(ctx context.Context, tx *Tx, now time.Time, fn func(permits.Request, []permits.Reminder)) error {
	err := tx.each(ctx, "SELECT "+requestColumns+" FROM "+requestFrom+` WHERE r.state IN ('submitted', 'reviewed', 'approved', 'carried_out')
		OR (r.exception = 1 AND r.state = 'closed' AND r.valid_to >= ?) ORDER BY r.id`, []any{dateArg(organisation.Day(now))}, func(sc scanner) error {
		r, err := scanRequest(sc)
		if err != nil {
			return err
		}
		if t := p.reg.Type(r.Type); t != nil {
			if rs := t.Due(r, now); len(rs) > 0 {
				fn(r, rs)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("list reminders due: %w", err)
	}
	return nil
}

// LateFor says whose late returns to list: the whole city's, or one
// person's own and those of the units they manage. The zero value lists
// none.
type LateFor struct {
	City      bool
	Requester string
	Units     []string
}

// Overdue returns the taken-out assets (7.1.1キ) not returned by their
// due time, the longest overdue first, of who.
func (p *Permits) Overdue(ctx context.Context, now time.Time, who LateFor) ([]permits.Request, error) {
	var returned []any
	for _, t := range p.reg.Types() {
		if t.Return != nil {
			returned = append(returned, t.Key)
		}
	}
	if len(returned) == 0 {
		return nil, nil
	}
	cond, args := " AND r.type IN "+inList(len(returned)), returned
	if !who.City {
		mine := []string{"r.requester = ?"}
		args = append(args, who.Requester)
		if len(who.Units) > 0 {
			mine, args = append(mine, "r.unit_code IN "+inList(len(who.Units))), append(args, anys(who.Units)...)
		}
		cond += " AND (" + strings.Join(mine, " OR ") + ")"
	}
	return p.pastDue(ctx, now, cond, args)
}

// PastDue returns the requests carried out whose return (7.1.1キ) or
// report to the CISO (9.5.2) is past its due time, the longest overdue
// first.
func (p *Permits) PastDue(ctx context.Context, now time.Time) ([]permits.Request, error) {
	return p.pastDue(ctx, now, "", nil)
}

func (p *Permits) pastDue(ctx context.Context, now time.Time, cond string, args []any) ([]permits.Request, error) {
	var out []permits.Request
	err := p.db.View(ctx, func(tx *Tx) error {
		return tx.each(ctx, "SELECT "+requestColumns+" FROM "+requestFrom+" WHERE r.state = 'carried_out' AND r.due_at <> '' AND r.due_at < ?"+cond+" ORDER BY r.due_at, r.id",
			append([]any{storedTime(now)}, args...), func(sc scanner) error {
				r, err := scanRequest(sc)
				out = append(out, r)
				return err
			})
	})
	return out, err
}

// ExceptionFilter narrows the register of exceptions.
type ExceptionFilter struct {
	Q     string // words in the fields
	State permits.State
	Limit int
	// Timelines: read each request's steps too (for the workbook; the
	// page lists the requests alone).
	Timelines bool
}

// Exceptions returns the register of exception requests and their
// decisions (9.5.3), newest first, each with its timeline if asked.
func (p *Permits) Exceptions(ctx context.Context, f ExceptionFilter) ([]RequestView, error) {
	if f.Limit <= 0 {
		f.Limit = 500
	}
	var out []RequestView
	err := p.db.View(ctx, func(tx *Tx) error {
		q := "SELECT " + requestColumns + " FROM " + requestFrom + " WHERE r.exception = 1"
		var args []any
		if f.State != "" {
			q += " AND r.state = ?"
			args = append(args, f.State)
		}
		if s := strings.TrimSpace(f.Q); s != "" {
			q += ` AND (r.fields LIKE ? ESCAPE '\' OR COALESCE(p.name, '') LIKE ? ESCAPE '\')`
			like := "%" + likeEscape(s) + "%"
			args = append(args, like, like)
		}
		q += " ORDER BY r.id DESC LIMIT ?"
		args = append(args, f.Limit)
		if err := tx.each(ctx, q, args, func(sc scanner) error {
			r, err := scanRequest(sc)
			out = append(out, RequestView{Request: r})
			return err
		}); err != nil {
			return err
		}
		if !f.Timelines {
			return nil
		}
		for i := range out {
			var err error
			if out[i].Timeline, err = tx.timeline(ctx, out[i].ID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read the register of exceptions: %w", err)
	}
	return out, nil
}

// ExceptionRegister returns the rows of the register of exceptions (9.5.3)
// as permits.WriteRegister writes them, each with its timeline.
func (p *Permits) ExceptionRegister(ctx context.Context, f ExceptionFilter) ([]permits.RegisterRow, error) {
	f.Timelines = true
	vs, err := p.Exceptions(ctx, f)
	rows := make([]permits.RegisterRow, len(vs))
	for i, v := range vs {
		rows[i] = permits.RegisterRow{Request: v.Request, Timeline: v.Timeline}
	}
	return rows, err
}

// ExceptionsCovering returns the exceptions in force on day that cover
// provision (permits.Covers): approved 例外措置 (9.5.1) not yet ended and
// emergency exceptions reported to the CISO (9.5.2), newest first. A
// finding of the provision may be accepted under any of them.
func (p *Permits) ExceptionsCovering(ctx context.Context, provision string, day time.Time) ([]permits.Request, error) {
	var out []permits.Request
	err := p.db.View(ctx, func(tx *Tx) error {
		return tx.each(ctx, "SELECT "+requestColumns+" FROM "+requestFrom+" WHERE r.exception = 1 AND r.state = 'closed' AND (r.valid_to = '' OR r.valid_to >= ?) ORDER BY r.id DESC",
			[]any{dateArg(day)}, func(sc scanner) error {
				r, err := scanRequest(sc)
				if err == nil && permits.Covers(r.Fields["provision"], provision) {
					out = append(out, r)
				}
				return err
			})
	})
	if err != nil {
		return nil, fmt.Errorf("read the exceptions in force: %w", err)
	}
	return out, nil
}

// checkDisposal refuses to mark an asset disposed without an approved 廃棄
// request whose record (date, person, method, certificate, witness) is
// kept (4.2ケ(2), (3), 6.1.7).
func (tx *Tx) checkDisposal(ctx context.Context, a assets.Asset) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM permit_requests r JOIN permit_steps s ON s.request_id = r.id AND s.action = 'record'
		WHERE r.subject = ? AND r.type = 'dispose' AND r.state = 'closed'`, a.ID).Scan(&n); err != nil {
		return fmt.Errorf("look up the disposal of %s: %w", a.ID, err)
	}
	if n == 0 {
		return (&kijun.FieldErrors{Fields: []kijun.FieldError{{Field: assets.FieldStage,
			Message: fmt.Sprintf("情報資産 %s を「廃棄」にするには、情報管理者の許可を得た廃棄の申請と、その記録（日時・担当者・処理内容・証明書・立会者）が必要です（4.2.ケ）", a.ID)}}}).AsError()
	}
	return nil
}

// Recipients returns who a reminder goes to: the requester, or those who
// must decide the request now, and the holders (or their deputies) of the
// roles it escalates to; the 情報管理者 of the request's 課 for a unit role.
func (p *Permits) Recipients(ctx context.Context, rem permits.Reminder) (out []organisation.PersonRef, err error) {
	err = p.db.View(ctx, func(tx *Tx) error {
		r, err := tx.request(ctx, rem.RequestID)
		if err != nil {
			return err
		}
		out, err = p.recipients(ctx, tx, r, rem, newRecipientReads())
		return err
	})
	return out, err
}

// recipientReads keeps what working out the recipients of several
// reminders reads: the approvers of a request with several reminders due,
// and the holders of the roles escalations go to (the CISO for most of
// them), are read once.
type recipientReads struct {
	approvers map[int64][]PendingApprover    // by request
	acting    map[string]organisation.Acting // by role and scope
	missing   map[string]bool                // roles nobody holds
}

func newRecipientReads() *recipientReads {
	return &recipientReads{approvers: map[int64][]PendingApprover{}, acting: map[string]organisation.Acting{}, missing: map[string]bool{}}
}

// recipients is Recipients of rem, a reminder of request v, in tx.
func (p *Permits) recipients(ctx context.Context, tx *Tx, v permits.Request, rem permits.Reminder, reads *recipientReads) ([]organisation.PersonRef, error) {
	day := organisation.Day(p.db.Now())
	approvers, ok := reads.approvers[v.ID]
	if !ok && !rem.ToRequester {
		var err error
		if approvers, err = p.approversOf(ctx, tx, v, day); err != nil {
			return nil, err
		}
		reads.approvers[v.ID] = approvers
	}
	var out []organisation.PersonRef
	seen := map[string]bool{}
	add := func(ps ...organisation.PersonRef) {
		for _, x := range ps {
			if x.StaffNo != "" && !seen[x.StaffNo] {
				seen[x.StaffNo] = true
				out = append(out, x)
			}
		}
	}
	if rem.ToRequester {
		add(organisation.PersonRef{StaffNo: v.Requester, Name: v.RequesterName})
	} else {
		for _, a := range approvers {
			add(a.Told()...)
		}
	}
	for _, role := range rem.Escalate {
		scope := organisation.City()
		if spec, err := role.Spec(); err == nil && spec.ScopeKind == organisation.ScopeUnit {
			scope = organisation.UnitScope(v.Unit)
		}
		key := string(role) + " " + scope.String()
		if reads.missing[key] {
			continue
		}
		a, ok := reads.acting[key]
		if !ok {
			var err error
			if a, err = tx.actingFor(ctx, role, scope, day); err != nil {
				if code := kijun.ErrorCode(err); code == kijun.ENOTFOUND || code == kijun.EINVALID {
					reads.missing[key] = true
					continue // nobody to escalate to; the CISO's office sees the organisation gap elsewhere
				}
				return nil, err
			}
			reads.acting[key] = a
		}
		add(a.Person)
	}
	return out, nil
}

// ApproverProblem says why a request's pending (or, for a draft, first)
// step has nobody to decide it today, naming who must fix the
// organisation data; nil when someone can.
func (p *Permits) ApproverProblem(ctx context.Context, id int64) error {
	return p.db.View(ctx, func(tx *Tx) error {
		r, err := tx.request(ctx, id)
		if err != nil {
			return err
		}
		t, err := p.typeOf(r.Type)
		if err != nil {
			return err
		}
		if !r.State.Pending() && r.State != permits.StateDrafted && r.State != permits.StateCarriedOut {
			return nil
		}
		if r.Step >= len(t.Approvers) {
			return nil
		}
		return tx.checkApprovers(ctx, t, r, organisation.Day(p.db.Now()))
	})
}

// Flagged returns the requests a requester approved themselves as
// unavoidable (3.2.10ア), newest first, for the CISO's office to review.
func (p *Permits) Flagged(ctx context.Context, limit int) ([]permits.Request, error) {
	if limit <= 0 {
		limit = 100
	}
	var out []permits.Request
	err := p.db.View(ctx, func(tx *Tx) error {
		return tx.each(ctx, "SELECT "+requestColumns+" FROM "+requestFrom+" WHERE r.flagged = 1 ORDER BY r.id DESC LIMIT ?", []any{limit}, func(sc scanner) error {
			r, err := scanRequest(sc)
			out = append(out, r)
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("list flagged requests: %w", err)
	}
	return out, nil
}
