package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
)

// AppointCheck judges an appointment against the roles the person already
// holds over its period (3.2.10); the appointment is made only when it
// returns no error, flagged when its verdict says so.
type AppointCheck func(held []organisation.Held) (organisation.Verdict, error)

// Appoint appoints a person to a role from a.From, as AppointRole does,
// after checking in the same transaction that the person is in service on
// that day (not one who has left), that a system role names a system in
// the register, and that check passes against what the person holds then.
// The ledger record carries the verdict: a flagged appointment names its
// reason.
func (db *DB) Appoint(ctx context.Context, a organisation.RoleAssignment, check AppointCheck) (organisation.RoleAssignment, organisation.Verdict, error) {
	var v organisation.Verdict
	err := db.Update(ctx, func(tx *Tx) (err error) {
		a, v, err = tx.appoint(ctx, a, check)
		return err
	})
	return a, v, err
}

// AppointmentRow is one row of a workbook of appointments.
type AppointmentRow struct {
	Sheet string
	Line  int
	organisation.RoleAssignment
	Check AppointCheck
}

// AppointAll makes every appointment of rows in one transaction, in
// order, each checked as Appoint checks one against the appointments made
// before it; any refused row refuses them all, each refusal named by its
// row in an EINVALID error wrapping a *kijun.ImportError. With dryRun
// nothing is kept.
func (db *DB) AppointAll(ctx context.Context, what string, rows []AppointmentRow, dryRun bool) ([]organisation.Verdict, error) {
	verdicts := make([]organisation.Verdict, len(rows))
	ie := &kijun.ImportError{What: what}
	errDry := errors.New("dry run")
	err := db.Update(ctx, func(tx *Tx) error {
		for i, r := range rows {
			// A row that is an appointment already made, as an export
			// imported again holds, is left as it is.
			var same int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM org_roles WHERE role = ? AND scope_kind = ? AND scope_id = ?
				AND staff_no = ? AND valid_from = ? AND valid_to = ?`, r.Role, r.Scope.Kind, r.Scope.ID, r.StaffNo,
				dateArg(r.From), dateArg(r.To)).Scan(&same); err != nil {
				return fmt.Errorf("look up appointment of row %d: %w", r.Line, err)
			}
			if same > 0 {
				continue
			}
			// A refusal is a check's, made before anything of the row is
			// written, so the rows after it are still checked; the
			// transaction is rolled back when any row was refused.
			_, v, err := tx.appoint(ctx, r.RoleAssignment, r.Check)
			switch code := kijun.ErrorCode(err); {
			case err == nil:
				verdicts[i] = v
			case code == kijun.EINVALID || code == kijun.EFORBIDDEN || code == kijun.ECONFLICT:
				ie.Add(r.Sheet, r.Line, "", "%s", kijun.ErrorMessage(err))
			default:
				return err
			}
		}
		if err := ie.AsError(); err != nil {
			return err
		}
		if dryRun {
			return errDry
		}
		return nil
	})
	if errors.Is(err, errDry) {
		err = nil
	}
	return verdicts, err
}

// appoint is Appoint inside tx.
func (tx *Tx) appoint(ctx context.Context, a organisation.RoleAssignment, check AppointCheck) (organisation.RoleAssignment, organisation.Verdict, error) {
	var v organisation.Verdict
	err := func() error {
		// What the appointment is, before who holds what: a wrong scope
		// or period is wrong whoever is named.
		spec, err := a.Role.Spec()
		if err != nil {
			return err
		}
		if err := a.Role.CheckScope(a.Scope); err != nil {
			return err
		}
		if err := a.Period.Valid(); err != nil {
			return err
		}
		if a.Scope.Kind == organisation.ScopeUnit {
			if err := tx.checkRoleUnit(ctx, spec, a.Scope.ID, a.From); err != nil {
				return err
			}
		}
		var status, leftOn string
		err = tx.QueryRowContext(ctx, "SELECT name, status, left_on FROM org_people WHERE staff_no = ?", a.StaffNo).Scan(&a.Name, &status, &leftOn)
		if errors.Is(err, sql.ErrNoRows) {
			return kijun.Errorf(kijun.EINVALID, "職員番号 %s の職員等はいません", a.StaffNo)
		} else if err != nil {
			return fmt.Errorf("look up person %s: %w", a.StaffNo, err)
		}
		if status != "active" && leftOn != "" && leftOn < dateArg(a.From) {
			return kijun.Errorf(kijun.EINVALID, "%s（%s）は %s に退職しているため、%s からの%sには任命できません", a.Name, a.StaffNo, leftOn, dateArg(a.From), a.Role.Label())
		}
		if a.Scope.Kind == organisation.ScopeSystem {
			var n int
			if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM systems WHERE id = ?", a.Scope.ID).Scan(&n); err != nil {
				return fmt.Errorf("look up system %s: %w", a.Scope.ID, err)
			}
			if n == 0 {
				return kijun.Errorf(kijun.EINVALID, "情報システム %s は台帳にありません", a.Scope.ID)
			}
		}
		held, err := tx.heldOver(ctx, a)
		if err != nil {
			return err
		}
		if v, err = check(held); err != nil {
			return err
		}
		if v.Flagged {
			a.Note = "兼務（やむを得ない理由: " + v.Reason + "）"
		}
		if a.ID, err = tx.appointRole(ctx, a); err != nil {
			return err
		}
		_, err = tx.Record(ctx, Change{Action: "org.role.appoint", Entity: "org_role", EntityID: string(a.Role) + "@" + a.Scope.String(),
			State: struct {
				organisation.RoleAssignment
				Verdict organisation.Verdict `json:"concurrent,omitzero"`
			}{a, v}, Provisions: []string{"3.1", "3.2.10"}})
		return err
	}()
	return a, v, err
}

// heldOver lists the roles the person of a holds in person on its first
// day (appointed, by post or by another role) and the appointments of
// theirs that start later within its period.
func (tx *Tx) heldOver(ctx context.Context, a organisation.RoleAssignment) ([]organisation.Held, error) {
	acting, _, err := tx.RolesOf(ctx, a.StaffNo, a.From)
	if err != nil {
		return nil, err
	}
	var out []organisation.Held
	for _, r := range acting {
		if r.Holder.Person.StaffNo == a.StaffNo {
			out = append(out, organisation.Held{Role: r.Holder.Role, Scope: r.Holder.Scope})
		}
	}
	rows, err := tx.QueryContext(ctx, "SELECT role, scope_kind, scope_id FROM org_roles WHERE staff_no = ? AND valid_from > ? AND valid_from <= ? AND valid_to >= valid_from",
		a.StaffNo, dateArg(a.From), dateArg(a.To))
	if err != nil {
		return nil, fmt.Errorf("roles of %s: %w", a.StaffNo, err)
	}
	defer rows.Close()
	for rows.Next() {
		var h organisation.Held
		if err := rows.Scan(&h.Role, &h.Scope.Kind, &h.Scope.ID); err != nil {
			return nil, fmt.Errorf("roles of %s: %w", a.StaffNo, err)
		}
		out = append(out, h)
	}
	return out, rows.Err()
}
