package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
)

// settingStandingDeputy holds the post of 3.2.11 as "unit-code/post".
const settingStandingDeputy = "org.ciso_standing_deputy"

// SetStandingDeputy configures the post whose holder acts when the CISO is
// absent (3.2.11: 企画調整局長 in the standard).
func (db *DB) SetStandingDeputy(ctx context.Context, sd organisation.StandingDeputy) error {
	if sd.Unit == "" || !sd.Post.Valid() {
		return kijun.Errorf(kijun.EINVALID, "代行する職には組織コードと職名が必要です（3.2.11）")
	}
	return db.SetSetting(ctx, settingStandingDeputy, sd.Unit+"/"+string(sd.Post))
}

// StandingDeputy returns the configured post of 3.2.11, or an ENOTFOUND error.
func (db *DB) StandingDeputy(ctx context.Context) (organisation.StandingDeputy, error) {
	var sd organisation.StandingDeputy
	err := db.View(ctx, func(tx *Tx) (err error) {
		sd, err = tx.standingDeputy(ctx)
		return err
	})
	return sd, err
}

func (tx *Tx) standingDeputy(ctx context.Context) (organisation.StandingDeputy, error) {
	var v string
	err := tx.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", settingStandingDeputy).Scan(&v)
	if err != nil {
		return organisation.StandingDeputy{}, errNoRows(err, "CISO を代行する職が設定されていません（3.2.11）")
	}
	unit, post, _ := strings.Cut(v, "/")
	return organisation.StandingDeputy{Unit: unit, Post: organisation.Post(post)}, nil
}

// NameDeputy records a deputy named under 9.3 by the holder of a role that
// may name one (情報基盤管理者, 業務システム管理者, 情報管理者), and returns
// its ID. NamedBy defaults to the holder on d.From; a holder may not be
// their own deputy.
func (db *DB) NameDeputy(ctx context.Context, d organisation.DeputyAppointment) (int64, error) {
	var id int64
	err := db.Update(ctx, func(tx *Tx) error {
		spec, err := d.Role.Spec()
		if err != nil {
			return err
		}
		if !spec.Deputy {
			return kijun.Errorf(kijun.EINVALID, "%s は代行者を指名する役割ではありません（9.3）", spec.Label)
		}
		if err := d.Period.Valid(); err != nil {
			return err
		}
		h, err := tx.holderOf(ctx, d.Role, d.Scope, d.From)
		if err != nil {
			return kijun.Wrap(kijun.EINVALID, err, "代行者を指名する %s（%s）が %s にいません", spec.Label, d.Scope, dateArg(d.From))
		}
		if d.NamedBy == "" {
			d.NamedBy = h.Person.StaffNo
		}
		if d.StaffNo == h.Person.StaffNo {
			return kijun.Errorf(kijun.EINVALID, "%s は自分自身を代行者に指名できません（9.3、3.2.10）", h.Person.Name)
		}
		if _, err := scanPerson(tx.QueryRowContext(ctx, "SELECT "+personColumns+" FROM org_people WHERE staff_no = ?", d.StaffNo)); err != nil {
			return errNoRows(err, "職員番号 %s の職員等はいません", d.StaffNo)
		}
		if id, err = tx.insertReturningID(ctx, `INSERT INTO org_deputies (role, scope_kind, scope_id, staff_no, named_by, reason, valid_from, valid_to)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, d.Role, d.Scope.Kind, d.Scope.ID, d.StaffNo, d.NamedBy, d.Reason, dateArg(d.From), dateArg(d.To)); err != nil {
			return err
		}
		d.ID = id
		_, err = tx.Record(ctx, Change{Action: "org.deputy.name", Entity: "org_role", EntityID: string(d.Role) + "@" + d.Scope.String(), State: d, Provisions: []string{"9.3"}})
		return err
	})
	return id, err
}

// Deputies returns the deputies named for a role and scope, oldest first.
func (db *DB) Deputies(ctx context.Context, role organisation.Role, scope organisation.Scope) ([]organisation.DeputyAppointment, error) {
	var out []organisation.DeputyAppointment
	err := db.View(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT d.id, d.staff_no, p.name, d.named_by, d.reason, d.valid_from, d.valid_to
			FROM org_deputies d JOIN org_people p ON p.staff_no = d.staff_no
			WHERE d.role = ? AND d.scope_kind = ? AND d.scope_id = ? ORDER BY d.valid_from, d.id`, role, scope.Kind, scope.ID)
		if err != nil {
			return fmt.Errorf("list deputies of %s: %w", role, err)
		}
		defer rows.Close()
		for rows.Next() {
			d := organisation.DeputyAppointment{Role: role, Scope: scope}
			var from, to string
			if err := rows.Scan(&d.ID, &d.StaffNo, &d.Name, &d.NamedBy, &d.Reason, &from, &to); err != nil {
				return fmt.Errorf("list deputies of %s: %w", role, err)
			}
			d.From, d.To = organisation.StoredDate(from), organisation.StoredDate(to)
			out = append(out, d)
		}
		return rows.Err()
	})
	return out, err
}

// RecordAbsence records a period when a person cannot act (3.2.11).
func (db *DB) RecordAbsence(ctx context.Context, a organisation.Absence) (int64, error) {
	var id int64
	err := db.Update(ctx, func(tx *Tx) error {
		if err := a.Period.Valid(); err != nil {
			return err
		}
		if _, err := scanPerson(tx.QueryRowContext(ctx, "SELECT "+personColumns+" FROM org_people WHERE staff_no = ?", a.StaffNo)); err != nil {
			return errNoRows(err, "職員番号 %s の職員等はいません", a.StaffNo)
		}
		var err error
		if id, err = tx.insertReturningID(ctx, "INSERT INTO org_absences (staff_no, reason, valid_from, valid_to) VALUES (?, ?, ?, ?) RETURNING id",
			a.StaffNo, a.Reason, dateArg(a.From), dateArg(a.To)); err != nil {
			return err
		}
		a.ID = id
		_, err = tx.Record(ctx, Change{Action: "org.absence.record", Entity: "person", EntityID: a.StaffNo, State: a, Provisions: []string{"3.2.11"}})
		return err
	})
	return id, err
}

// ActingFor answers "who acts in role R for scope S on day d": a deputy
// named under 9.3 whose period covers d; when the CISO is absent, the
// holder of the post configured for 3.2.11; otherwise the holder. A
// decision it leads to is recorded with Acting.Actor().
func (db *DB) ActingFor(ctx context.Context, role organisation.Role, scope organisation.Scope, d time.Time) (organisation.Acting, error) {
	var a organisation.Acting
	err := db.View(ctx, func(tx *Tx) (err error) {
		a, err = tx.actingFor(ctx, role, scope, d)
		return err
	})
	return a, err
}

func (tx *Tx) actingFor(ctx context.Context, role organisation.Role, scope organisation.Scope, d time.Time) (organisation.Acting, error) {
	var a organisation.Acting
	err := func() error {
		h, err := tx.holderOf(ctx, role, scope, d)
		if err != nil {
			return err
		}
		a = organisation.Acting{Holder: h, Person: h.Person, Basis: organisation.BasisSelf}
		day := dateArg(d)
		var dep organisation.PersonRef
		err = tx.QueryRowContext(ctx, `SELECT d.staff_no, p.name FROM org_deputies d JOIN org_people p ON p.staff_no = d.staff_no
			WHERE d.role = ? AND d.scope_kind = ? AND d.scope_id = ? AND d.valid_from <= ? AND d.valid_to >= ?
			ORDER BY d.valid_from DESC, d.id DESC LIMIT 1`, role, scope.Kind, scope.ID, day, day).Scan(&dep.StaffNo, &dep.Name)
		switch {
		case err == nil: // 9.3
			a.Person, a.Basis = dep, organisation.BasisDeputy
			return nil
		case !errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("look up deputy of %s: %w", role, err)
		}
		if role != organisation.RoleCISO {
			return nil
		}
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM org_absences WHERE staff_no = ? AND valid_from <= ? AND valid_to >= ?",
			h.Person.StaffNo, day, day).Scan(&n); err != nil {
			return fmt.Errorf("look up absence of %s: %w", h.Person.StaffNo, err)
		}
		if n == 0 {
			return nil
		}
		// 3.2.11: CISO が欠けたとき又は事故があるときは、企画調整局長がその事務を代行する。
		sd, err := tx.standingDeputy(ctx)
		if err != nil {
			return err
		}
		p, _, err := tx.postHolder(ctx, sd.Unit, sd.Post, d)
		if err != nil {
			return kijun.Wrap(kijun.ENOTFOUND, err, "CISO が不在で、代行する %s の %s も %s にいません（3.2.11）", sd.Unit, sd.Post, day)
		}
		a.Person, a.Basis = p, organisation.BasisStanding
		return nil
	}()
	return a, err
}
