package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
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

// NameDeputy records a deputy named under 9.3 for a role that has them
// (情報基盤管理者, 業務システム管理者, 情報管理者), and returns its ID. The
// gate is here, so the unit page, a load and any other way in pass the
// same rules (see organisation.CheckDeputyNaming): the namer is the person
// in ctx, who must be the holder in person, the office above or the CISO's
// office, as of today; a load without a person in ctx (Kijun itself, the
// console) names d.NamedBy, the holder by default, as of the period's
// start. The deputy must work in the role's 課 or its line above unless
// the CISO's office names them, and must not have a request waiting for
// the role's decision (3.2.10ア). Naming a deputy makes nobody act: the
// deputy acts only while the holder is recorded absent (see ActingFor).
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
		if _, err := scanPerson(tx.QueryRowContext(ctx, "SELECT "+personColumns+" FROM org_people WHERE staff_no = ?", d.StaffNo)); err != nil {
			return errNoRows(err, "職員番号 %s の職員等はいません", d.StaffNo)
		}
		namer, on, err := tx.namerOf(ctx, d.NamedBy, h.Person.StaffNo, d.From)
		if err != nil {
			return err
		}
		d.NamedBy = namer
		n := organisation.DeputyNaming{Appointment: d, Holder: h.Person, Namer: organisation.PersonRef{StaffNo: namer}}
		if n.Right, n.NamerIsDeputy, err = tx.namingRight(ctx, d.Role, d.Scope, h, namer, on); err != nil {
			return err
		}
		if n.Line, err = tx.deputyLine(ctx, d.Scope, h, d.From); err != nil {
			return err
		}
		if n.DeputyUnits, err = tx.unitsOf(ctx, d.StaffNo, d.From); err != nil {
			return err
		}
		if n.PendingOwn, err = tx.pendingOwn(ctx, d.Role, d.Scope, d.StaffNo); err != nil {
			return err
		}
		if err := organisation.CheckDeputyNaming(n); err != nil {
			return err
		}
		if id, err = tx.insertReturningID(ctx, `INSERT INTO org_deputies (role, scope_kind, scope_id, staff_no, named_by, reason, valid_from, valid_to)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, d.Role, d.Scope.Kind, d.Scope.ID, d.StaffNo, d.NamedBy, d.Reason, dateArg(d.From), dateArg(d.To)); err != nil {
			return err
		}
		d.ID = id
		_, err = tx.Record(ctx, Change{Action: "org.deputy.name", Entity: "org_role", EntityID: string(d.Role) + "@" + d.Scope.String(), State: d, Provisions: []string{"9.3", "3.2.10"}})
		return err
	})
	return id, err
}

// namerOf returns who names (or records) something and the day their
// right is judged on: the person in ctx, today; or, for a load by Kijun
// itself or a console command such as kijun demo (an actor that is neither
// a person nor an account), named (else fallback) on the day given. An
// account without a person, such as an administrator's, names nobody and
// is refused by the rules.
func (tx *Tx) namerOf(ctx context.Context, named, fallback string, day time.Time) (string, time.Time, error) {
	a := kijun.ActorFrom(ctx)
	staffNo, ok := strings.CutPrefix(a.ID, "person:")
	switch {
	case !ok && strings.HasPrefix(a.ID, "account:"):
		return "", day, nil
	case !ok:
		if named == "" {
			named = fallback
		}
		return named, day, nil
	}
	if named != "" && named != staffNo {
		return "", day, kijun.Errorf(kijun.EINVALID, "指名・記録した者（職員番号 %s）は操作している本人（職員番号 %s）でなければなりません", named, staffNo)
	}
	return staffNo, organisation.Day(tx.db.Now()), nil
}

// cisoOffice are the roles of the CISO's office that may name a deputy from
// any unit and record anyone's absence (3.2.1ア, 3.2.2エ, 3.2.3).
var cisoOffice = []organisation.Role{organisation.RoleCISO, organisation.RoleSecurityDirector, organisation.RoleSecurityManager}

// namingRight says on what footing staffNo may name a deputy for role and
// scope, held by h, on day on (9.3); and whether they act in the role then
// only as a deputy themselves.
func (tx *Tx) namingRight(ctx context.Context, role organisation.Role, scope organisation.Scope, h organisation.Holder, staffNo string, on time.Time) (organisation.NamingRight, bool, error) {
	if staffNo == "" {
		return organisation.RightNone, false, nil
	}
	office, err := tx.inCISOOffice(ctx, staffNo, on)
	if err != nil || office {
		return organisation.RightCISOOffice, false, err
	}
	if staffNo == h.Person.StaffNo {
		return organisation.RightHolder, false, nil
	}
	if now, err := tx.holderOf(ctx, role, scope, on); err == nil && now.Person.StaffNo == staffNo {
		return organisation.RightHolder, false, nil
	}
	above, err := tx.officesAbove(ctx, scope, on)
	if err != nil {
		return organisation.RightNone, false, err
	}
	for _, o := range above {
		if ah, err := tx.holderOf(ctx, o.role, o.scope, on); err == nil && ah.Person.StaffNo == staffNo {
			return organisation.RightLineAbove, false, nil
		}
	}
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM org_deputies WHERE role = ? AND scope_kind = ? AND scope_id = ? AND staff_no = ? AND valid_from <= ? AND valid_to >= ?",
		role, scope.Kind, scope.ID, staffNo, dateArg(on), dateArg(on)).Scan(&n); err != nil {
		return organisation.RightNone, false, fmt.Errorf("look up deputyships of %s: %w", staffNo, err)
	}
	return organisation.RightNone, n > 0, nil
}

// inCISOOffice reports whether staffNo acts on day on in a role of the
// CISO's office (the standing rule of 3.2.11 included).
func (tx *Tx) inCISOOffice(ctx context.Context, staffNo string, on time.Time) (bool, error) {
	for _, r := range cisoOffice {
		a, err := tx.actingFor(ctx, r, organisation.City(), on)
		if err != nil {
			if kijun.ErrorCode(err) == kijun.ENOTFOUND {
				continue
			}
			return false, err
		}
		if a.Person.StaffNo == staffNo {
			return true, nil
		}
	}
	return false, nil
}

type roleScope struct {
	role  organisation.Role
	scope organisation.Scope
}

// officesAbove returns the roles above a role's scope whose holders may
// name its deputy: the 情報責任者 of each 局室区 above a 課 (3.2.5イ
// 情報管理者を監督し), the 業務システム責任者 of a system (3.1.7).
func (tx *Tx) officesAbove(ctx context.Context, scope organisation.Scope, on time.Time) ([]roleScope, error) {
	switch scope.Kind {
	case organisation.ScopeSystem:
		return []roleScope{{organisation.RoleSystemOwner, scope}}, nil
	case organisation.ScopeUnit:
		path, err := tx.unitPath(ctx, scope.ID, on)
		if kijun.ErrorCode(err) == kijun.ENOTFOUND {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		var out []roleScope
		for _, u := range path[1:] {
			out = append(out, roleScope{organisation.RoleInfoOfficer, organisation.UnitScope(u.Code)})
		}
		return out, nil
	}
	return nil, nil
}

// deputyLine returns where a deputy may come from without the CISO's
// office: the 課 a unit role is for and the units above it; for a city or
// system role, the holder's units and the units above them.
func (tx *Tx) deputyLine(ctx context.Context, scope organisation.Scope, h organisation.Holder, d time.Time) ([]string, error) {
	units := []string{scope.ID}
	if scope.Kind != organisation.ScopeUnit {
		var err error
		if units, err = tx.unitsOf(ctx, h.Person.StaffNo, d); err != nil {
			return nil, err
		}
	}
	var out []string
	for _, u := range units {
		path, err := tx.unitPath(ctx, u, d)
		if kijun.ErrorCode(err) == kijun.ENOTFOUND {
			continue
		}
		if err != nil {
			return nil, err
		}
		for _, p := range path {
			if !slices.Contains(out, p.Code) {
				out = append(out, p.Code)
			}
		}
	}
	return out, nil
}

// unitsOf returns the units a person is assigned to on day d.
func (tx *Tx) unitsOf(ctx context.Context, staffNo string, d time.Time) ([]string, error) {
	var out []string
	err := tx.each(ctx, "SELECT unit_code FROM org_assignments WHERE staff_no = ? AND valid_from <= ? AND valid_to >= ? ORDER BY is_primary DESC, id",
		[]any{staffNo, dateArg(d), dateArg(d)}, func(sc scanner) error {
			var u string
			err := sc.Scan(&u)
			out = append(out, u)
			return err
		})
	if err != nil {
		return nil, fmt.Errorf("units of %s: %w", staffNo, err)
	}
	return out, nil
}

// pendingOwn returns the requests staffNo filed that wait for a decision
// in role for scope.
func (tx *Tx) pendingOwn(ctx context.Context, role organisation.Role, scope organisation.Scope, staffNo string) ([]int64, error) {
	var out []int64
	err := tx.each(ctx, `SELECT q.request_id FROM permit_pending q JOIN permit_requests r ON r.id = q.request_id
		WHERE q.role = ? AND q.scope_kind = ? AND q.scope_id = ? AND r.requester = ? ORDER BY q.request_id`,
		[]any{role, scope.Kind, scope.ID, staffNo}, func(sc scanner) error {
			var id int64
			err := sc.Scan(&id)
			out = append(out, id)
			return err
		})
	if err != nil {
		return nil, fmt.Errorf("pending requests of %s: %w", staffNo, err)
	}
	return out, nil
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

// RecordAbsence records a period when a person cannot act (3.2.11: 欠けた
// とき又は事故があるとき; a 出張 or 休暇 of a holder under 9.3). Only then
// does a deputy act for them. The person themselves records it, or the
// 情報責任者 of a 局室区 above their unit, or the CISO's office; a load
// without a person in ctx records it as Kijun.
func (db *DB) RecordAbsence(ctx context.Context, a organisation.Absence) (int64, error) {
	var id int64
	err := db.Update(ctx, func(tx *Tx) error {
		if err := a.Period.Valid(); err != nil {
			return err
		}
		p, err := scanPerson(tx.QueryRowContext(ctx, "SELECT "+personColumns+" FROM org_people WHERE staff_no = ?", a.StaffNo))
		if err != nil {
			return errNoRows(err, "職員番号 %s の職員等はいません", a.StaffNo)
		}
		if err := tx.checkAbsenceRecorder(ctx, p, a); err != nil {
			return err
		}
		if id, err = tx.insertReturningID(ctx, "INSERT INTO org_absences (staff_no, reason, valid_from, valid_to) VALUES (?, ?, ?, ?) RETURNING id",
			a.StaffNo, a.Reason, dateArg(a.From), dateArg(a.To)); err != nil {
			return err
		}
		a.ID = id
		_, err = tx.Record(ctx, Change{Action: "org.absence.record", Entity: "person", EntityID: a.StaffNo, State: a, Provisions: []string{"3.2.11", "9.3"}})
		return err
	})
	return id, err
}

// checkAbsenceRecorder refuses an absence recorded by someone other than
// the person, the 情報責任者 above their units or the CISO's office: a
// deputy cannot make themselves act by recording the holder away.
func (tx *Tx) checkAbsenceRecorder(ctx context.Context, p organisation.Person, a organisation.Absence) error {
	who, on, err := tx.namerOf(ctx, "", a.StaffNo, a.From)
	if err != nil {
		return err
	}
	if who == a.StaffNo {
		return nil
	}
	if who != "" {
		office, err := tx.inCISOOffice(ctx, who, on)
		if err != nil || office {
			return err
		}
		units, err := tx.unitsOf(ctx, a.StaffNo, on)
		if err != nil {
			return err
		}
		for _, u := range units {
			above, err := tx.officesAbove(ctx, organisation.UnitScope(u), on)
			if err != nil {
				return err
			}
			for _, o := range above {
				if h, err := tx.holderOf(ctx, o.role, o.scope, on); err == nil && h.Person.StaffNo == who {
					return nil
				}
			}
		}
	}
	return kijun.Errorf(kijun.EFORBIDDEN, "%s さんの不在を記録できるのは、本人、上位の情報責任者又は CISO 室です（3.2.11、9.3）", p.Name)
}

// ActingFor answers "who acts in role R for scope S on day d". The holder
// acts unless recorded absent that day (RecordAbsence); while absent, a
// deputy named under 9.3 whose period covers d acts for them, or for the
// CISO the holder of the post configured for 3.2.11. A designation alone
// makes nobody act: a deputy named "for the 課長's trips and leave" acts
// on the days of a recorded trip or leave, not whenever the holder is
// busy. A decision it leads to is recorded with Acting.Actor(), and the
// holder is told of it (see the notices of incidents and permits).
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
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM org_absences WHERE staff_no = ? AND valid_from <= ? AND valid_to >= ?",
			h.Person.StaffNo, day, day).Scan(&n); err != nil {
			return fmt.Errorf("look up absence of %s: %w", h.Person.StaffNo, err)
		}
		if n == 0 {
			return nil // 9.3, 3.2.11: the holder is there and acts in person
		}
		var dep organisation.PersonRef
		err = tx.QueryRowContext(ctx, `SELECT d.staff_no, p.name FROM org_deputies d JOIN org_people p ON p.staff_no = d.staff_no
			WHERE d.role = ? AND d.scope_kind = ? AND d.scope_id = ? AND d.valid_from <= ? AND d.valid_to >= ? AND d.staff_no <> ?
			ORDER BY d.valid_from DESC, d.id DESC LIMIT 1`, role, scope.Kind, scope.ID, day, day, h.Person.StaffNo).Scan(&dep.StaffNo, &dep.Name)
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
