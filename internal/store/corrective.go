package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"kijun/internal/corrective"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
)

// The provisions every ledger record of the register serves.
var correctiveProvisions = []string{"11.1.7", "11.2.3", "11.2.4"}

const correctiveColumns = `a.id, a.source_kind, a.source_id, a.unit_code, ` + "COALESCE((SELECT v.name FROM org_unit_versions v WHERE v.unit_code = a.unit_code ORDER BY v.valid_from DESC LIMIT 1), a.unit_code)" + `,
	a.owner_role, a.owner_scope, a.title, a.provisions, a.due, a.root_cause, a.plan, a.state,
	a.completion_note, a.completed_by, a.completed_at, a.effective, a.verification_note, a.verified_by, a.verified_at, a.reopened,
	a.created_by, a.created_at, a.updated_at, a.version`

func scanCorrective(sc scanner) (corrective.Action, error) {
	var a corrective.Action
	var scope, provisions, due, completed, verified, created, updated string
	var effective int
	err := sc.Scan(&a.ID, &a.Source.Kind, &a.Source.ID, &a.Unit, &a.UnitName, &a.OwnerRole, &scope, &a.Title, &provisions, &due,
		&a.RootCause, &a.Plan, &a.State, &a.CompletionNote, &a.CompletedBy, &completed, &effective, &a.VerificationNote, &a.VerifiedBy,
		&verified, &a.Reopened, &a.CreatedBy, &created, &updated, &a.Version)
	a.OwnerScope = organisation.ParseScope(scope)
	a.Provisions = strings.Fields(provisions)
	a.Due = organisation.StoredDate(due)
	a.Effective = effective != 0
	a.CompletedAt, a.VerifiedAt, a.CreatedAt, a.UpdatedAt = parseStoredTime(completed), parseStoredTime(verified), parseStoredTime(created), parseStoredTime(updated)
	return a, err
}

// correctiveAction reads one action and its evidence, refusing one the
// officer does not see as not found: its 課 is not theirs.
func (tx *Tx) correctiveAction(ctx context.Context, o corrective.Officer, id int64) (corrective.Action, error) {
	a, err := scanCorrective(tx.QueryRowContext(ctx, "SELECT "+correctiveColumns+" FROM corrective_actions a WHERE a.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !o.Sees(a.Unit)) {
		return a, kijun.Errorf(kijun.ENOTFOUND, "是正措置 %d はありません", id)
	}
	if err != nil {
		return a, fmt.Errorf("load corrective action %d: %w", id, err)
	}
	if a.Evidence, err = tx.correctiveEvidence(ctx, id); err != nil {
		return a, err
	}
	tx.fillOwner(ctx, &a)
	return a, nil
}

// fillOwner names the person holding the owner role today; an owner role
// nobody holds leaves it empty, for the page to show as unfilled.
func (tx *Tx) fillOwner(ctx context.Context, a *corrective.Action) {
	if h, err := tx.actingFor(ctx, a.OwnerRole, a.OwnerScope, organisation.Day(tx.db.Now())); err == nil {
		a.Owner, a.OwnerName = h.Person.StaffNo, h.Person.Name
	}
}

// isOwner reports whether staffNo answers for a today: the holder of its
// owner role, or the deputy acting for them (9.3).
func (tx *Tx) isOwner(ctx context.Context, a corrective.Action, staffNo string) (bool, string, error) {
	h, err := tx.actingFor(ctx, a.OwnerRole, a.OwnerScope, organisation.Day(tx.db.Now()))
	if kijun.ErrorCode(err) == kijun.ENOTFOUND {
		return false, "", nil
	}
	if err != nil {
		return false, "", err
	}
	return staffNo != "" && (h.Person.StaffNo == staffNo || h.Holder.Person.StaffNo == staffNo), h.Holder.Person.StaffNo, nil
}

// CreateCorrective opens a corrective action for its source. The CISO's
// office opens any; the audit director those of audit findings.
func (db *DB) CreateCorrective(ctx context.Context, o corrective.Officer, a corrective.Action) (corrective.Action, error) {
	var out corrective.Action
	err := db.Update(ctx, func(tx *Tx) (err error) {
		out, err = tx.CreateCorrective(ctx, o, a)
		return err
	})
	return out, err
}

// CreateCorrective opens a corrective action inside tx, for a process (an
// audit's finding) that opens it in the transaction of its own record.
func (tx *Tx) CreateCorrective(ctx context.Context, o corrective.Officer, a corrective.Action) (corrective.Action, error) {
	a.Normalise()
	fe := kijun.FieldErrors{Fields: a.Check()}
	// The source is read before the gate: who may open an action depends
	// on what it answers.
	if a.Source.Kind.Valid() && !o.MayCreate(a.Source.Kind) {
		return a, kijun.Errorf(kijun.EFORBIDDEN, "%sからの是正措置を登録する権限がありません（CISO の事務局、監査の指摘は監査統括責任者。11.1.7）", a.Source.Kind.Label())
	}
	if a.Unit != "" {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM org_units WHERE code = ?", a.Unit).Scan(&n); err != nil {
			return a, fmt.Errorf("look up unit %s: %w", a.Unit, err)
		}
		if n == 0 {
			fe.Add(corrective.FieldUnit, "課 %s は組織にありません", a.Unit)
		}
	}
	if err := fe.AsError(); err != nil {
		return a, err
	}
	now := tx.db.Now()
	a.State, a.CreatedBy, a.CreatedAt, a.UpdatedAt, a.Version = corrective.StateOpen, kijun.ActorFrom(ctx).ID, now, now, 1
	var err error
	if a.ID, err = tx.insertReturningID(ctx, `INSERT INTO corrective_actions (source_kind, source_id, unit_code, owner_role, owner_scope, title, provisions,
		due, root_cause, plan, state, created_by, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		a.Source.Kind, a.Source.ID, a.Unit, a.OwnerRole, a.OwnerScope.String(), a.Title, strings.Join(a.Provisions, " "), dateArg(a.Due),
		a.RootCause, a.Plan, a.State, a.CreatedBy, storedTime(now), storedTime(now), a.Version); err != nil {
		return a, fmt.Errorf("open corrective action: %w", err)
	}
	tx.fillOwner(ctx, &a)
	_, err = tx.Record(ctx, Change{Action: "corrective.open", Entity: "corrective_action", EntityID: fmt.Sprint(a.ID), State: a, Provisions: correctiveProvisions})
	return a, err
}

// ReplanCorrective changes an open action's root cause, plan and due day,
// at the version that was read: by its owner or the CISO's office.
func (db *DB) ReplanCorrective(ctx context.Context, o corrective.Officer, id, version int64, rootCause, plan string, due time.Time) (corrective.Action, error) {
	return db.changeCorrective(ctx, o, id, version, "corrective.plan", func(tx *Tx, a corrective.Action) (corrective.Action, error) {
		if err := tx.mayAct(ctx, o, a); err != nil {
			return a, err
		}
		return a.Replan(rootCause, plan, due)
	})
}

// CompleteCorrective reports an action done, by its owner or the CISO's
// office; an action with no evidence is refused (11.1.7).
func (db *DB) CompleteCorrective(ctx context.Context, o corrective.Officer, id, version int64, note string) (corrective.Action, error) {
	return db.changeCorrective(ctx, o, id, version, "corrective.complete", func(tx *Tx, a corrective.Action) (corrective.Action, error) {
		if err := tx.mayAct(ctx, o, a); err != nil {
			return a, err
		}
		return a.Complete(o.StaffNo, note, len(a.Evidence), tx.db.Now())
	})
}

// VerifyCorrective records the check of effectiveness, by the CISO's
// office or the audit director, never by the owner (11.1.7).
func (db *DB) VerifyCorrective(ctx context.Context, o corrective.Officer, id, version int64, effective bool, note string) (corrective.Action, error) {
	action := "corrective.verify"
	if !effective {
		action = "corrective.reopen"
	}
	return db.changeCorrective(ctx, o, id, version, action, func(tx *Tx, a corrective.Action) (corrective.Action, error) {
		if !o.MayVerify() {
			return a, kijun.Errorf(kijun.EFORBIDDEN, "是正措置の有効性を確認できるのは CISO の事務局と監査統括責任者です（11.1.7）")
		}
		_, owner, err := tx.isOwner(ctx, a, o.StaffNo)
		if err != nil {
			return a, err
		}
		staff := o.StaffNo
		if o.Console && staff == "" {
			staff = kijun.SystemID
		}
		return a.Verify(staff, owner, effective, note, tx.db.Now())
	})
}

// mayAct refuses a change of an action by someone who neither owns it
// today nor works in the CISO's office.
func (tx *Tx) mayAct(ctx context.Context, o corrective.Officer, a corrective.Action) error {
	if o.City || o.Console {
		return nil
	}
	owner, _, err := tx.isOwner(ctx, a, o.StaffNo)
	if err != nil {
		return err
	}
	if !owner {
		return kijun.Errorf(kijun.EFORBIDDEN, "是正措置 %d を進められるのは担当の%s（%s）と CISO の事務局です", a.ID, a.OwnerRole.Label(), a.OwnerScope)
	}
	return nil
}

func (db *DB) changeCorrective(ctx context.Context, o corrective.Officer, id, version int64, action string,
	change func(*Tx, corrective.Action) (corrective.Action, error)) (corrective.Action, error) {
	var a corrective.Action
	err := db.Update(ctx, func(tx *Tx) error {
		was, err := tx.correctiveAction(ctx, o, id)
		if err != nil {
			return err
		}
		if version != 0 && was.Version != version {
			return kijun.Errorf(kijun.ECONFLICT, "是正措置 %d は他の人が更新しました。読み込み直してください", id)
		}
		if a, err = change(tx, was); err != nil {
			return err
		}
		a.Version, a.UpdatedAt = was.Version+1, tx.db.Now()
		if _, err := tx.ExecContext(ctx, `UPDATE corrective_actions SET due = ?, root_cause = ?, plan = ?, state = ?, completion_note = ?, completed_by = ?,
			completed_at = ?, effective = ?, verification_note = ?, verified_by = ?, verified_at = ?, reopened = ?, updated_at = ?, version = ?
			WHERE id = ? AND version = ?`, dateArg(a.Due), a.RootCause, a.Plan, a.State, a.CompletionNote, a.CompletedBy, storedTime(a.CompletedAt),
			boolInt(a.Effective), a.VerificationNote, a.VerifiedBy, storedTime(a.VerifiedAt), a.Reopened, storedTime(a.UpdatedAt), a.Version,
			id, was.Version); err != nil {
			return fmt.Errorf("change corrective action %d: %w", id, err)
		}
		_, err = tx.Record(ctx, Change{Action: action, Entity: "corrective_action", EntityID: fmt.Sprint(id), State: a, Provisions: correctiveProvisions})
		return err
	})
	return a, err
}

// CorrectiveAction returns one action with its evidence, if the officer
// sees it.
func (db *DB) CorrectiveAction(ctx context.Context, o corrective.Officer, id int64) (corrective.Action, error) {
	var a corrective.Action
	err := db.View(ctx, func(tx *Tx) (err error) {
		a, err = tx.correctiveAction(ctx, o, id)
		return err
	})
	return a, err
}

// CorrectiveFilter selects actions for a list.
type CorrectiveFilter struct {
	// Overdue: open actions past their due day, on Day.
	Overdue bool
	Day     time.Time
	// Open: not yet verified.
	Open   bool
	Unit   string
	Source corrective.Source // Kind alone, or Kind and ID
	Limit  int
}

// CorrectiveActions lists the actions the officer sees, oldest due first.
func (db *DB) CorrectiveActions(ctx context.Context, o corrective.Officer, f CorrectiveFilter) ([]corrective.Action, error) {
	var c conditions
	if !o.SeesAll() {
		units := make([]string, 0, len(o.Units))
		for u := range o.Units {
			units = append(units, u)
		}
		if len(units) == 0 {
			return nil, nil
		}
		c.in("a.unit_code", units)
	}
	if f.Overdue {
		c.add("a.state = ? AND a.due < ?", string(corrective.StateOpen), dateArg(organisation.Day(f.Day)))
	}
	if f.Open {
		c.add("a.state <> ?", string(corrective.StateVerified))
	}
	if f.Unit != "" {
		c.add("a.unit_code = ?", f.Unit)
	}
	if f.Source.Kind != "" {
		c.add("a.source_kind = ?", string(f.Source.Kind))
	}
	if f.Source.ID != "" {
		c.add("a.source_id = ?", f.Source.ID)
	}
	where, args := c.where()
	limit := f.Limit
	if limit <= 0 || limit > 5000 {
		limit = 5000
	}
	var out []corrective.Action
	err := db.View(ctx, func(tx *Tx) error {
		if err := tx.each(ctx, "SELECT "+correctiveColumns+" FROM corrective_actions a "+where+" ORDER BY a.due, a.id LIMIT "+fmt.Sprint(limit), args, func(sc scanner) error {
			a, err := scanCorrective(sc)
			out = append(out, a)
			return err
		}); err != nil {
			return fmt.Errorf("list corrective actions: %w", err)
		}
		for i := range out {
			tx.fillOwner(ctx, &out[i])
		}
		return nil
	})
	return out, err
}
