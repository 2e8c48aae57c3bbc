package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
)

// HolderOf answers "who holds role R for scope S on day d": the person
// appointed to it, or else the default the standard sets (3.1.6: the 課長 is
// the 情報管理者 of the 課; 3.1.5: the 局長・室長・区長 is the 情報責任者;
// 3.3.1ア: the 情報セキュリティ管理者 is the CSIRT 責任者). Nobody holding
// it is an ENOTFOUND error, a finding for the audit. People who have left
// hold nothing.
func (db *DB) HolderOf(ctx context.Context, role organisation.Role, scope organisation.Scope, d time.Time) (organisation.Holder, error) {
	var h organisation.Holder
	err := db.View(ctx, func(tx *Tx) (err error) {
		h, err = tx.holderOf(ctx, role, scope, d)
		return err
	})
	return h, err
}

func (tx *Tx) holderOf(ctx context.Context, role organisation.Role, scope organisation.Scope, d time.Time) (organisation.Holder, error) {
	h := organisation.Holder{Role: role, Scope: scope, Date: d}
	if err := role.CheckScope(scope); err != nil {
		return h, err
	}
	day := dateArg(d)
	var since string
	err := tx.QueryRowContext(ctx, `SELECT r.staff_no, p.name, r.valid_from FROM org_roles r JOIN org_people p ON p.staff_no = r.staff_no
		WHERE r.role = ? AND r.scope_kind = ? AND r.scope_id = ? AND r.valid_from <= ? AND r.valid_to >= ?
		AND (p.status = 'active' OR p.left_on >= ?)
		ORDER BY r.valid_from DESC, r.id DESC LIMIT 1`,
		role, scope.Kind, scope.ID, day, day, day).Scan(&h.Person.StaffNo, &h.Person.Name, &since)
	switch {
	case err == nil:
		h.Basis, h.Since = organisation.BasisExplicit, organisation.StoredDate(since)
		return h, nil
	case !errors.Is(err, sql.ErrNoRows):
		return h, fmt.Errorf("look up holder of %s for %s: %w", role, scope, err)
	}
	var posts []organisation.Post
	switch role {
	case organisation.RoleInfoManager: // 3.1.6
		posts = []organisation.Post{organisation.PostSectionChief}
	case organisation.RoleInfoOfficer: // 3.1.5
		posts = []organisation.Post{organisation.PostBureauChief, organisation.PostOfficeChief, organisation.PostWardChief}
	case organisation.RoleCSIRTLead: // 3.3.1ア
		sm, err := tx.holderOf(ctx, organisation.RoleSecurityManager, organisation.City(), d)
		if err != nil {
			return h, notHeld(role, scope, d, err)
		}
		h.Person, h.Basis, h.Since = sm.Person, organisation.BasisRole, sm.Since
		return h, nil
	}
	for _, post := range posts {
		p, from, err := tx.postHolder(ctx, scope.ID, post, d)
		if err == nil {
			h.Person, h.Basis, h.Since = p, organisation.BasisPost, from
			return h, nil
		}
		if kijun.ErrorCode(err) != kijun.ENOTFOUND {
			return h, err
		}
	}
	return h, notHeld(role, scope, d, nil)
}

func notHeld(role organisation.Role, scope organisation.Scope, d time.Time, cause error) error {
	return &kijun.Error{Code: kijun.ENOTFOUND, Err: cause,
		Message: fmt.Sprintf("%s（%s）の保持者は %s に設定されていません", role.Label(), scope, dateArg(d))}
}

// postHolder returns who holds post in unit on day d, primary posts first.
func (tx *Tx) postHolder(ctx context.Context, unit string, post organisation.Post, d time.Time) (organisation.PersonRef, time.Time, error) {
	var p organisation.PersonRef
	var from string
	day := dateArg(d)
	err := tx.QueryRowContext(ctx, `SELECT a.staff_no, p.name, a.valid_from FROM org_assignments a JOIN org_people p ON p.staff_no = a.staff_no
		WHERE a.unit_code = ? AND a.post = ? AND a.valid_from <= ? AND a.valid_to >= ?
		ORDER BY a.is_primary DESC, a.valid_from DESC, a.id LIMIT 1`, unit, post, day, day).Scan(&p.StaffNo, &p.Name, &from)
	if errors.Is(err, sql.ErrNoRows) {
		return p, time.Time{}, kijun.Errorf(kijun.ENOTFOUND, "%s の%sは %s にいません", unit, post, day)
	}
	if err != nil {
		return p, time.Time{}, fmt.Errorf("look up %s of %s: %w", post, unit, err)
	}
	return p, organisation.StoredDate(from), nil
}

// Holders returns everyone holding a role of many holders (CSIRT members)
// on day d; for other roles, the one holder.
func (db *DB) Holders(ctx context.Context, role organisation.Role, scope organisation.Scope, d time.Time) ([]organisation.Holder, error) {
	spec, err := role.Spec()
	if err != nil {
		return nil, err
	}
	if !spec.Many {
		h, err := db.HolderOf(ctx, role, scope, d)
		if err != nil {
			return nil, err
		}
		return []organisation.Holder{h}, nil
	}
	var out []organisation.Holder
	err = db.View(ctx, func(tx *Tx) error {
		day := dateArg(d)
		rows, err := tx.QueryContext(ctx, `SELECT r.staff_no, p.name, r.valid_from FROM org_roles r JOIN org_people p ON p.staff_no = r.staff_no
			WHERE r.role = ? AND r.scope_kind = ? AND r.scope_id = ? AND r.valid_from <= ? AND r.valid_to >= ?
			AND (p.status = 'active' OR p.left_on >= ?) ORDER BY r.staff_no`, role, scope.Kind, scope.ID, day, day, day)
		if err != nil {
			return fmt.Errorf("list holders of %s: %w", role, err)
		}
		defer rows.Close()
		for rows.Next() {
			h := organisation.Holder{Role: role, Scope: scope, Date: d, Basis: organisation.BasisExplicit}
			var since string
			if err := rows.Scan(&h.Person.StaffNo, &h.Person.Name, &since); err != nil {
				return fmt.Errorf("list holders of %s: %w", role, err)
			}
			h.Since = organisation.StoredDate(since)
			out = append(out, h)
		}
		return rows.Err()
	})
	return out, err
}

// AppointRole appoints a person to a role from a.From and returns the
// appointment's ID. An open appointment of another person to the same
// single-holder role ends the day before.
func (db *DB) AppointRole(ctx context.Context, a organisation.RoleAssignment) (int64, error) {
	var id int64
	err := db.Update(ctx, func(tx *Tx) error {
		var err error
		if id, err = tx.appointRole(ctx, a); err != nil {
			return err
		}
		a.ID = id
		_, err = tx.Record(ctx, Change{Action: "org.role.appoint", Entity: "org_role", EntityID: string(a.Role) + "@" + a.Scope.String(), State: a, Provisions: []string{"3.1"}})
		return err
	})
	return id, err
}

func (tx *Tx) appointRole(ctx context.Context, a organisation.RoleAssignment) (int64, error) {
	spec, err := a.Role.Spec()
	if err != nil {
		return 0, err
	}
	if err := a.Role.CheckScope(a.Scope); err != nil {
		return 0, err
	}
	if err := a.Period.Valid(); err != nil {
		return 0, err
	}
	if _, err := scanPerson(tx.QueryRowContext(ctx, "SELECT "+personColumns+" FROM org_people WHERE staff_no = ?", a.StaffNo)); err != nil {
		return 0, errNoRows(err, "職員番号 %s の職員等はいません", a.StaffNo)
	}
	if a.Scope.Kind == organisation.ScopeUnit {
		if err := tx.checkRoleUnit(ctx, spec, a.Scope.ID, a.From); err != nil {
			return 0, err
		}
	}
	if !spec.Many {
		rows, err := tx.QueryContext(ctx, "SELECT id, valid_from, valid_to FROM org_roles WHERE role = ? AND scope_kind = ? AND scope_id = ? AND valid_to >= ?",
			a.Role, a.Scope.Kind, a.Scope.ID, dateArg(a.From))
		if err != nil {
			return 0, fmt.Errorf("check appointments to %s: %w", a.Role, err)
		}
		type prior struct {
			id       int64
			from, to string
		}
		var ps []prior
		for rows.Next() {
			var p prior
			if err := rows.Scan(&p.id, &p.from, &p.to); err != nil {
				rows.Close()
				return 0, fmt.Errorf("check appointments to %s: %w", a.Role, err)
			}
			ps = append(ps, p)
		}
		rows.Close()
		for _, p := range ps {
			if p.to != organisation.OpenEnd || p.from >= dateArg(a.From) {
				return 0, kijun.Errorf(kijun.ECONFLICT, "%s（%s）には %s からの任命がすでにあり、期間が重なります", spec.Label, a.Scope, p.from)
			}
			if _, err := tx.ExecContext(ctx, "UPDATE org_roles SET valid_to = ? WHERE id = ?", dateArg(organisation.DayBefore(a.From)), p.id); err != nil {
				return 0, fmt.Errorf("end appointment %d: %w", p.id, err)
			}
		}
	}
	return tx.insertReturningID(ctx, `INSERT INTO org_roles (role, scope_kind, scope_id, staff_no, valid_from, valid_to, note)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, a.Role, a.Scope.Kind, a.Scope.ID, a.StaffNo, dateArg(a.From), dateArg(a.To), a.Note)
}

// checkRoleUnit refuses a unit role for a unit of the wrong kind: a
// 情報責任者 is of a 局室区等, a 情報管理者 of a 課.
func (tx *Tx) checkRoleUnit(ctx context.Context, spec organisation.RoleSpec, code string, d time.Time) error {
	u, err := tx.unitOn(ctx, code, d)
	if err != nil {
		return kijun.Wrap(kijun.EINVALID, err, "組織 %s は %s に存在しません", code, dateArg(d))
	}
	kinds, err := tx.unitKinds(ctx)
	if err != nil {
		return err
	}
	k := kinds[u.Kind]
	if (spec.UnitKindFlag == "info_officer" && !k.InfoOfficer) || (spec.UnitKindFlag == "info_manager" && !k.InfoManager) {
		return kijun.Errorf(kijun.EINVALID, "%s（%s）は %s（%s）には置けません", spec.Label, spec.Clause, u.Name, k.Name)
	}
	return nil
}

// EndRole ends an appointment on lastDay.
func (db *DB) EndRole(ctx context.Context, id int64, lastDay time.Time) error {
	return db.Update(ctx, func(tx *Tx) error {
		var a organisation.RoleAssignment
		var from, to string
		err := tx.QueryRowContext(ctx, "SELECT role, scope_kind, scope_id, staff_no, valid_from, valid_to FROM org_roles WHERE id = ?", id).
			Scan(&a.Role, &a.Scope.Kind, &a.Scope.ID, &a.StaffNo, &from, &to)
		if err != nil {
			return errNoRows(err, "任命 %d はありません", id)
		}
		a.ID, a.From, a.To = id, organisation.StoredDate(from), lastDay
		if err := a.Period.Valid(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE org_roles SET valid_to = ? WHERE id = ?", dateArg(lastDay), id); err != nil {
			return fmt.Errorf("end appointment %d: %w", id, err)
		}
		_, err = tx.Record(ctx, Change{Action: "org.role.end", Entity: "org_role", EntityID: string(a.Role) + "@" + a.Scope.String(), State: a, Provisions: []string{"3.1"}})
		return err
	})
}

// RoleFilter selects appointments.
type RoleFilter struct {
	Role    organisation.Role   // "" for any
	Scope   *organisation.Scope // nil for any
	StaffNo string              // "" for anyone
}

// RoleAssignments returns explicit appointments, oldest first.
func (db *DB) RoleAssignments(ctx context.Context, f RoleFilter) ([]organisation.RoleAssignment, error) {
	q := `SELECT r.id, r.role, r.scope_kind, r.scope_id, r.staff_no, p.name, r.note, r.valid_from, r.valid_to
		FROM org_roles r JOIN org_people p ON p.staff_no = r.staff_no WHERE 1 = 1`
	var args []any
	if f.Role != "" {
		q += " AND r.role = ?"
		args = append(args, f.Role)
	}
	if f.Scope != nil {
		q += " AND r.scope_kind = ? AND r.scope_id = ?"
		args = append(args, f.Scope.Kind, f.Scope.ID)
	}
	if f.StaffNo != "" {
		q += " AND r.staff_no = ?"
		args = append(args, f.StaffNo)
	}
	q += " ORDER BY r.valid_from, r.id"
	var out []organisation.RoleAssignment
	err := db.View(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("list appointments: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var a organisation.RoleAssignment
			var from, to string
			if err := rows.Scan(&a.ID, &a.Role, &a.Scope.Kind, &a.Scope.ID, &a.StaffNo, &a.Name, &a.Note, &from, &to); err != nil {
				return fmt.Errorf("list appointments: %w", err)
			}
			a.From, a.To = organisation.StoredDate(from), organisation.StoredDate(to)
			out = append(out, a)
		}
		return rows.Err()
	})
	return out, err
}
