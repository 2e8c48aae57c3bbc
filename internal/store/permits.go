package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/permits"
)

// Permits keeps requests of the types in a registry (internal/permits):
// each step a row of permit_steps with its ledger record, in the same
// transaction as the change it makes.
type Permits struct {
	db     *DB
	reg    *permits.Registry
	onStep PermitOnStep
}

// Permits returns the requests kept in db, of the types in reg.
func (db *DB) Permits(reg *permits.Registry) *Permits { return &Permits{db: db, reg: reg} }

// Registry returns the request types.
func (p *Permits) Registry() *permits.Registry { return p.reg }

// Filing is what a requester files.
type Filing struct {
	Type      string
	Requester string // 職員番号
	Fields    map[string]string
	ValidFrom time.Time
	ValidTo   time.Time
	// Submit: submit at once rather than keep a draft.
	Submit bool
	// Files are the request's attachments, by their declared keys.
	Files []Attachment
}

const requestColumns = `r.id, r.type, r.state, r.requester, COALESCE(p.name, ''), r.unit_code, r.system_id, r.fields,
	r.valid_from, r.valid_to, r.step, r.due_at, r.created_at, r.submitted_at, r.decided_at, r.updated_at, r.flagged, r.version`

const requestFrom = "permit_requests r LEFT JOIN org_people p ON p.staff_no = r.requester"

func scanRequest(sc scanner) (permits.Request, error) {
	var r permits.Request
	var fields, from, to, due, created, submitted, decided, updated string
	var flagged int
	err := sc.Scan(&r.ID, &r.Type, &r.State, &r.Requester, &r.RequesterName, &r.Unit, &r.System, &fields,
		&from, &to, &r.Step, &due, &created, &submitted, &decided, &updated, &flagged, &r.Version)
	if err != nil {
		return r, err
	}
	if err := json.Unmarshal([]byte(fields), &r.Fields); err != nil {
		return r, fmt.Errorf("read fields of request %d: %w", r.ID, err)
	}
	r.ValidFrom, r.ValidTo = storedDay(from), storedDay(to)
	r.DueAt, r.CreatedAt, r.SubmittedAt = parseStoredTime(due), parseStoredTime(created), parseStoredTime(submitted)
	r.DecidedAt, r.UpdatedAt, r.Flagged = parseStoredTime(decided), parseStoredTime(updated), flagged == 1
	return r, nil
}

func storedDay(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	return organisation.StoredDate(s)
}

func dayOrEmpty(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return organisation.FormatDate(t)
}

func (p *Permits) typeOf(key string) (*permits.Type, error) {
	t := p.reg.Type(key)
	if t == nil {
		return nil, kijun.Errorf(kijun.EINVALID, "申請の種類 %q はありません", key)
	}
	return t, nil
}

// load reads a request and its type inside a step's transaction.
func (p *Permits) load(ctx context.Context, tx *Tx, id int64) (permits.Request, *permits.Type, error) {
	r, err := tx.request(ctx, id)
	if err != nil {
		return r, nil, err
	}
	t, err := p.typeOf(r.Type)
	return r, t, err
}

// requesterStep reads a request for a step only its requester may take,
// such as submitting or withdrawing it, and returns the state the step
// leads to; may says what the step is, for the refusal of anyone else.
func (p *Permits) requesterStep(ctx context.Context, tx *Tx, id int64, staffNo string, a permits.Action, may string) (permits.Request, *permits.Type, permits.State, error) {
	r, t, err := p.load(ctx, tx, id)
	if err != nil {
		return r, nil, "", err
	}
	if r.Requester != staffNo {
		return r, nil, "", kijun.Errorf(kijun.EFORBIDDEN, "申請 %d %sのは申請者だけです", id, may)
	}
	next, err := t.Next(r, a)
	return r, t, next, err
}

func (tx *Tx) request(ctx context.Context, id int64) (permits.Request, error) {
	r, err := scanRequest(tx.QueryRowContext(ctx, "SELECT "+requestColumns+" FROM "+requestFrom+" WHERE r.id = ?", id))
	if err != nil {
		return r, errNoRows(err, "申請 %d はありません", id)
	}
	return r, nil
}

// subject is what the registers say about the things a request names.
type subject struct {
	id     string // the asset, device, area or contract of the type's subject
	unit   string
	system string
	facts  permits.Facts
}

// resolve checks that every asset, device, system, area and person the
// fields name exists, and reads the subject's 課, the system and the facts
// the automatic refusals need.
func (tx *Tx) resolve(ctx context.Context, t *permits.Type, fields map[string]string) (subject, *kijun.FieldErrors, error) {
	var s subject
	fe := &kijun.FieldErrors{}
	sf := t.SubjectField()
	for _, f := range t.Fields {
		v := strings.TrimSpace(fields[f.Key])
		if v == "" {
			continue
		}
		var unit string
		var err error
		switch f.Type {
		case permits.FieldAsset:
			var c int
			err = tx.QueryRowContext(ctx, "SELECT unit_code, confidentiality FROM assets WHERE id = ?", v).Scan(&unit, &c)
			if err == nil && sf != nil && sf.Key == f.Key {
				s.facts.AssetConfidentiality = c
			}
		case permits.FieldDevice:
			err = tx.QueryRowContext(ctx, "SELECT unit_code FROM devices WHERE id = ?", v).Scan(&unit)
		case permits.FieldArea:
			err = tx.QueryRowContext(ctx, "SELECT unit_code FROM areas WHERE id = ?", v).Scan(&unit)
		case permits.FieldMedium:
			err = tx.QueryRowContext(ctx, "SELECT unit_code FROM media WHERE id = ?", v).Scan(&unit)
		case permits.FieldContract: // 10.1.4: the contract's 課 decides its 再委託
			err = tx.QueryRowContext(ctx, "SELECT unit_code FROM contracts WHERE id = ?", v).Scan(&unit)
		case permits.FieldSystem:
			var zone string
			err = tx.QueryRowContext(ctx, "SELECT unit_code, zone FROM systems WHERE id = ?", v).Scan(&unit, &zone)
			if err == nil && f.Key == t.SystemField {
				s.system, s.facts.SystemZone = v, zone
			}
		case permits.FieldStaff:
			err = tx.QueryRowContext(ctx, "SELECT name FROM org_people WHERE staff_no = ?", v).Scan(&unit)
		default:
			continue
		}
		switch {
		case errors.Is(err, sql.ErrNoRows):
			fe.Add(f.Key, "%s %s は台帳にありません", f.Label, v)
		case err != nil:
			return s, nil, fmt.Errorf("look up %s %s: %w", f.Key, v, err)
		case sf != nil && sf.Key == f.Key:
			s.id, s.unit = v, unit
		}
	}
	return s, fe, nil
}

// primaryUnit returns the unit a person is primarily assigned to on day.
func (tx *Tx) primaryUnit(ctx context.Context, staffNo string, d time.Time) (string, error) {
	day := dateArg(d)
	var unit string
	err := tx.QueryRowContext(ctx, `SELECT unit_code FROM org_assignments WHERE staff_no = ? AND valid_from <= ? AND valid_to >= ?
		ORDER BY is_primary DESC, id LIMIT 1`, staffNo, day, day).Scan(&unit)
	if err != nil {
		return "", errNoRows(err, "職員番号 %s の職員等は %s にどの課にも配置されていません。組織の情報を直すのは CISO 室です", staffNo, day)
	}
	return unit, nil
}

// scopeOf returns the scope an approver of a request decides in.
func scopeOf(a permits.Approver, r permits.Request) organisation.Scope {
	switch a.Scope {
	case permits.ScopeSubjectUnit, permits.ScopeRequesterUnit:
		return organisation.UnitScope(r.Unit)
	case permits.ScopeSubjectSystem:
		return organisation.SystemScope(r.System)
	}
	return organisation.City()
}

// File keeps a new request as a draft, checked field by field, and
// submits it when f.Submit is set. A request that cannot be submitted
// (its approver cannot be found) stays a draft, returned with the error.
func (p *Permits) File(ctx context.Context, f Filing) (permits.Request, error) {
	t, err := p.typeOf(f.Type)
	if err != nil {
		return permits.Request{}, err
	}
	var r permits.Request
	err = p.db.Update(ctx, func(tx *Tx) error {
		now := p.db.Now()
		day := organisation.Day(now)
		roles, _, err := tx.RolesOf(ctx, f.Requester, day)
		if err != nil {
			return err
		}
		var held []organisation.Role
		for _, a := range roles {
			held = append(held, a.Holder.Role)
		}
		if !t.CanRequest(held) {
			return kijun.Errorf(kijun.EFORBIDDEN, "「%s」を申請できるのは %s です", t.Name, t.RequesterLabel())
		}
		fe := t.Check(f.Fields, f.ValidFrom, f.ValidTo, day)
		s, rfe, err := tx.resolve(ctx, t, f.Fields)
		if err != nil {
			return err
		}
		fe.Fields = append(fe.Fields, rfe.Fields...)
		fe.Fields = append(fe.Fields, checkFiles(t.Attachments, f.Files).Fields...)
		if sf := t.SubjectField(); sf != nil && s.id != "" && t.MinConfidentiality > 0 && s.facts.AssetConfidentiality < t.MinConfidentiality {
			fe.Add(sf.Key, "%s %s は機密性%d です。「%s」の許可は機密性%d以上の情報資産に要るもので、この資産には要りません（%s）",
				sf.Label, s.id, s.facts.AssetConfidentiality, t.Name, t.MinConfidentiality, t.Clauses[len(t.Clauses)-1])
		}
		if err := fe.AsError(); err != nil {
			return err
		}
		unit := s.unit
		if t.SubjectField() == nil || unit == "" {
			if unit, err = tx.primaryUnit(ctx, f.Requester, day); err != nil {
				return err
			}
		}
		fields := map[string]string{}
		for _, fd := range t.Fields {
			if v := strings.TrimSpace(f.Fields[fd.Key]); v != "" {
				fields[fd.Key] = v
			}
		}
		body, _ := json.Marshal(fields)
		r = permits.Request{Type: t.Key, State: permits.StateDrafted, Requester: f.Requester, Unit: unit, System: s.system,
			Fields: fields, ValidFrom: f.ValidFrom, ValidTo: f.ValidTo, CreatedAt: now, UpdatedAt: now, Version: 1}
		if r.ID, err = tx.insertReturningID(ctx, `INSERT INTO permit_requests (type, state, requester, unit_code, system_id, subject, fields,
			valid_from, valid_to, created_at, updated_at, exception) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			r.Type, r.State, r.Requester, r.Unit, r.System, s.id, string(body), dayOrEmpty(r.ValidFrom), dayOrEmpty(r.ValidTo),
			storedTime(now), storedTime(now), boolInt(t.Exception)); err != nil {
			return err
		}
		return p.appendStep(ctx, tx, t, &r, permits.Entry{Action: permits.ActionDraft, From: "", To: permits.StateDrafted, Actor: f.Requester}, f.Files...)
	})
	if err != nil || !f.Submit || t.CarriedOutFirst {
		return r, err
	}
	return p.Submit(ctx, r.ID, f.Requester)
}

// Submit submits a draft (for 9.5.2, reports the measure taken to the
// CISO). The pending step's approvers must be found on the day: otherwise
// the error says which role is missing and who must fix the organisation.
// An automatic refusal rejects the request at once, recorded as such.
func (p *Permits) Submit(ctx context.Context, id int64, staffNo string) (permits.Request, error) {
	var r permits.Request
	err := p.db.Update(ctx, func(tx *Tx) error {
		var t *permits.Type
		var next permits.State
		var err error
		if r, t, next, err = p.requesterStep(ctx, tx, id, staffNo, permits.ActionSubmit, "を提出できる"); err != nil {
			return err
		}
		now := p.db.Now()
		day := organisation.Day(now)
		// The registers as they are now decide the automatic refusals.
		subj, _, err := tx.resolve(ctx, t, r.Fields)
		if err != nil {
			return err
		}
		if rf := t.Refuse(r.Fields, subj.facts); rf != nil {
			// An automatic refusal is itself a decision, kept in the timeline.
			r.State, r.SubmittedAt, r.DecidedAt = permits.StateRejected, now, now
			if err := tx.saveRequest(ctx, r); err != nil {
				return err
			}
			r.Version++
			if err := p.appendStep(ctx, tx, t, &r, permits.Entry{Action: permits.ActionSubmit, From: permits.StateDrafted, To: permits.StateSubmitted, Actor: staffNo}); err != nil {
				return err
			}
			return p.appendStep(ctx, tx, t, &r, permits.Entry{Action: permits.ActionAutoReject, From: permits.StateSubmitted, To: permits.StateRejected,
				Reason: rf.Message + "（" + rf.Clause + "）"})
		}
		if err := tx.checkApprovers(ctx, t, r, day); err != nil {
			return err
		}
		from := r.State
		r.State, r.SubmittedAt, r.Step = next, now, 0
		if err := tx.saveRequest(ctx, r); err != nil {
			return err
		}
		r.Version++
		if err := tx.setPending(ctx, t, r); err != nil {
			return err
		}
		return p.appendStep(ctx, tx, t, &r, permits.Entry{Action: permits.ActionSubmit, From: from, To: next, Actor: staffNo})
	})
	return r, err
}

// checkApprovers refuses a submission whose pending step has nobody to
// decide it on day, naming the role and who must fix the organisation data.
func (tx *Tx) checkApprovers(ctx context.Context, t *permits.Type, r permits.Request, day time.Time) error {
	var missing []string
	for _, a := range t.Approvers[r.Step] {
		scope := scopeOf(a, r)
		if _, err := tx.actingFor(ctx, a.Role, scope, day); err == nil {
			return nil
		} else if kijun.ErrorCode(err) != kijun.ENOTFOUND && kijun.ErrorCode(err) != kijun.EINVALID {
			return err
		}
		missing = append(missing, fmt.Sprintf("%s（%s）", a.Role.Label(), scope))
	}
	fixer := "CISO 室（情報セキュリティ管理者）"
	if h, err := tx.holderOf(ctx, organisation.RoleSecurityManager, organisation.City(), day); err == nil {
		fixer = fmt.Sprintf("CISO 室の情報セキュリティ管理者 %s（職員番号 %s）", h.Person.Name, h.Person.StaffNo)
	}
	return kijun.Errorf(kijun.ENOTFOUND, "この申請を決裁する %s が %s に見つかりません。組織の情報（役割・配置）を直すよう %s に依頼してください。申請は下書きとして残っています",
		strings.Join(missing, "又は"), dateArg(day), fixer)
}

// setPending replaces the rows that say who must decide the request now.
func (tx *Tx) setPending(ctx context.Context, t *permits.Type, r permits.Request) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM permit_pending WHERE request_id = ?", r.ID); err != nil {
		return fmt.Errorf("clear approvers of request %d: %w", r.ID, err)
	}
	if !r.State.Pending() {
		return nil
	}
	for _, a := range t.Approvers[r.Step] {
		s := scopeOf(a, r)
		if _, err := tx.ExecContext(ctx, `INSERT INTO permit_pending (role, scope_kind, scope_id, request_id, submitted_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT DO NOTHING`, a.Role, s.Kind, s.ID, r.ID, storedTime(r.SubmittedAt)); err != nil {
			return fmt.Errorf("set approvers of request %d: %w", r.ID, err)
		}
	}
	return nil
}

// saveRequest writes a request's state at the version read, so that of two
// people acting at once only the first changes it.
func (tx *Tx) saveRequest(ctx context.Context, r permits.Request) error {
	res, err := tx.ExecContext(ctx, `UPDATE permit_requests SET state = ?, step = ?, due_at = ?, submitted_at = ?, decided_at = ?,
		updated_at = ?, flagged = ?, version = version + 1 WHERE id = ? AND version = ?`,
		r.State, r.Step, storedTime(r.DueAt), storedTime(r.SubmittedAt), storedTime(r.DecidedAt), storedTime(tx.db.Now()), boolInt(r.Flagged), r.ID, r.Version)
	if err != nil {
		return fmt.Errorf("save request %d: %w", r.ID, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return kijun.Errorf(kijun.ECONFLICT, "申請 %d は他の人が先に処理しました。読み込み直してください", r.ID)
	}
	return nil
}

// appendStep appends an entry to the request's timeline with its ledger
// record, as the entry's actor (on behalf of the holder for a deputy).
func (tx *Tx) appendStep(ctx context.Context, t *permits.Type, r *permits.Request, e permits.Entry) (seq int, err error) {
	if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(seq), 0) + 1 FROM permit_steps WHERE request_id = ?", r.ID).Scan(&e.Seq); err != nil {
		return 0, fmt.Errorf("number the step of request %d: %w", r.ID, err)
	}
	e.At = tx.db.Now()
	fields := "{}"
	if len(e.Fields) > 0 {
		b, _ := json.Marshal(e.Fields)
		fields = string(b)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO permit_steps (request_id, seq, action, from_state, to_state, at, actor, on_behalf_of, role,
		unavoidable, reason, judgement, fields, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, e.Seq, e.Action, e.From, e.To, storedTime(e.At), e.Actor, e.OnBehalfOf, e.Role,
		boolInt(e.Unavoidable), e.Reason, e.Judgement, fields, e.Note); err != nil {
		return 0, fmt.Errorf("append step to request %d: %w", r.ID, err)
	}
	actor := kijun.Actor{ID: kijun.SystemID}
	if e.Actor != "" {
		actor = kijun.Actor{ID: organisation.ActorID(e.Actor)}
	}
	if e.OnBehalfOf != "" {
		actor.OnBehalfOf = organisation.ActorID(e.OnBehalfOf)
	}
	state := struct {
		Request permits.Request `json:"request"`
		Step    permits.Entry   `json:"step"`
	}{*r, e}
	if _, err := tx.Record(kijun.WithActor(ctx, actor), Change{Action: "permit." + string(e.Action), Entity: "permit_request",
		EntityID: fmt.Sprint(r.ID), State: state, Provisions: t.Clauses}); err != nil {
		return 0, err
	}
	return e.Seq, nil
}

// Decision is a decision on a pending request.
type Decision struct {
	Approve bool
	Decider string // 職員番号 of the person deciding
	// Unavoidable and Reason: 3.2.10ア やむを得ない場合, when the decider is the requester.
	Unavoidable bool
	Reason      string
	// Judgement, such as "minor" (9.5.1, the 統括責任者's judgement).
	Judgement string
	Note      string
}

// Decide approves or rejects a pending request. The decider must act, on
// the day, in a role that may decide its pending step: in person or as a
// deputy (9.3, 3.2.11), in which case the step and its ledger record say on
// whose behalf. A decided, withdrawn or expired request is refused with
// the reason; of two deciding at once, exactly one decision stands.
func (p *Permits) Decide(ctx context.Context, id int64, d Decision) (permits.Request, error) {
	var r permits.Request
	err := p.db.Update(ctx, func(tx *Tx) error {
		var t *permits.Type
		var err error
		if r, t, err = p.load(ctx, tx, id); err != nil {
			return err
		}
		now := p.db.Now()
		day := organisation.Day(now)
		action := permits.ActionReject
		if d.Approve {
			action = permits.ActionApprove
		}
		next, err := t.Next(r, action)
		if err != nil {
			return tx.decidedAlready(ctx, r, err)
		}
		// Which alternative of the pending step does the decider act in?
		var acting *organisation.Acting
		var approver permits.Approver
		var expected []string
		for _, a := range t.Approvers[r.Step] {
			act, err := tx.actingFor(ctx, a.Role, scopeOf(a, r), day)
			if err != nil {
				continue
			}
			switch d.Decider {
			case act.Person.StaffNo:
				acting, approver = &act, a
			case act.Holder.Person.StaffNo: // the holder, in person, while a deputy also acts
				self := organisation.Acting{Holder: act.Holder, Person: act.Holder.Person, Basis: organisation.BasisSelf}
				acting, approver = &self, a
			default:
				expected = append(expected, fmt.Sprintf("%s %s", a.Role.Label(), act.Person.Name))
			}
			if acting != nil {
				break
			}
		}
		if acting == nil {
			if len(expected) == 0 {
				return tx.checkApprovers(ctx, t, r, day)
			}
			return kijun.Errorf(kijun.EFORBIDDEN, "この申請を決裁できるのは %s です", strings.Join(expected, "又は"))
		}
		if acting.Deputy() && acting.Person.StaffNo == r.Requester {
			// 3.2.10ア, 9.3: no unavoidable case for a deputy, as the holder is there to decide.
			return kijun.Errorf(kijun.EFORBIDDEN, "自分の申請を代行者として決裁することはできません。%s本人 %s が決裁します（3.2.10ア、9.3）",
				approver.Role.Label(), acting.Holder.Person.Name)
		}
		party := organisation.Party{StaffNo: acting.Person.StaffNo}
		if acting.Deputy() {
			party.OnBehalfOf = acting.Holder.Person.StaffNo
		}
		verdict, err := t.CheckDecision(r, permits.Decision{Approve: d.Approve, Approver: approver, Decider: party,
			Unavoidable: d.Unavoidable, Reason: d.Reason, Judgement: d.Judgement}, day)
		if err != nil {
			return err
		}
		from := r.State
		r.State = next
		if next == permits.StateReviewed {
			r.Step++
		} else {
			r.DecidedAt = now
		}
		r.Flagged = r.Flagged || verdict.Flagged
		if err := tx.saveRequest(ctx, r); err != nil {
			return err
		}
		r.Version++
		if err := tx.setPending(ctx, t, r); err != nil {
			return err
		}
		e := permits.Entry{Action: action, From: from, To: next, Actor: party.StaffNo, OnBehalfOf: party.OnBehalfOf,
			Role: approver.Role, Unavoidable: verdict.Flagged, Reason: strings.TrimSpace(d.Reason), Note: strings.TrimSpace(d.Note)}
		if d.Approve {
			e.Judgement = d.Judgement
		}
		return p.appendStep(ctx, tx, t, &r, e)
	})
	return r, err
}

// decidedAlready adds to a refusal who decided the request and when, so the
// second of two approvers acting at once knows what stands.
func (tx *Tx) decidedAlready(ctx context.Context, r permits.Request, refusal error) error {
	var action, at, actor, name string
	err := tx.QueryRowContext(ctx, `SELECT s.action, s.at, s.actor, COALESCE(p.name, '') FROM permit_steps s LEFT JOIN org_people p ON p.staff_no = s.actor
		WHERE s.request_id = ? AND s.action IN ('approve', 'reject', 'auto_reject', 'withdraw') ORDER BY s.seq DESC LIMIT 1`, r.ID).Scan(&action, &at, &actor, &name)
	if err != nil {
		return refusal
	}
	who := name
	if who == "" {
		who = "Kijun"
	}
	return kijun.Errorf(kijun.ECONFLICT, "%s（%s が %s に%s）", kijun.ErrorMessage(refusal), who,
		organisation.Day(parseStoredTime(at)).Format("2006-01-02"), permits.Action(action).Label())
}
