package store

import (
	"context"
	"fmt"
	"time"

	"kijun/internal/organisation"
)

// RolesOf returns every role a person holds or acts in on day d: those they
// hold (appointed, by post or by another role), even while a deputy also
// acts, and those they act in for the holder (9.3 deputies, the standing
// rule of 3.2.11). Holder and deputy are as HolderOf and ActingFor say, so
// the answers never disagree.
func (db *DB) RolesOf(ctx context.Context, staffNo string, d time.Time) ([]organisation.Acting, error) {
	var out []organisation.Acting
	err := db.View(ctx, func(tx *Tx) error {
		cands, err := tx.roleCandidates(ctx, staffNo, d)
		if err != nil {
			return err
		}
		for _, c := range cands {
			spec, _ := c.role.Spec()
			if spec.Many {
				// Every appointee holds a role of many holders in person.
				h := organisation.Holder{Role: c.role, Scope: c.scope, Date: d, Person: organisation.PersonRef{StaffNo: staffNo}, Basis: organisation.BasisExplicit}
				out = append(out, organisation.Acting{Holder: h, Person: h.Person, Basis: organisation.BasisSelf})
				continue
			}
			a, err := tx.actingFor(ctx, c.role, c.scope, d)
			if err != nil {
				continue // held by nobody that day, or the scope is gone
			}
			switch staffNo {
			case a.Person.StaffNo: // acts, in person or for the holder
				out = append(out, a)
			case a.Holder.Person.StaffNo: // holds it while a deputy also acts
				out = append(out, organisation.Acting{Holder: a.Holder, Person: a.Holder.Person, Basis: organisation.BasisSelf})
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("roles of %s: %w", staffNo, err)
	}
	return out, nil
}

type roleCandidate struct {
	role  organisation.Role
	scope organisation.Scope
}

// roleCandidates lists the roles a person might act in on d, each once:
// appointments, posts that carry a role, deputyships, and the CISO when the
// person holds the post of the standing rule.
func (tx *Tx) roleCandidates(ctx context.Context, staffNo string, d time.Time) ([]roleCandidate, error) {
	day := dateArg(d)
	seen := map[roleCandidate]bool{}
	var out []roleCandidate
	add := func(c roleCandidate) {
		if !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	collect := func(q string, args ...any) error {
		rows, err := tx.QueryContext(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var c roleCandidate
			if err := rows.Scan(&c.role, &c.scope.Kind, &c.scope.ID); err != nil {
				return err
			}
			add(c)
		}
		return rows.Err()
	}
	if err := collect(`SELECT role, scope_kind, scope_id FROM org_roles WHERE staff_no = ? AND valid_from <= ? AND valid_to >= ? ORDER BY id`,
		staffNo, day, day); err != nil {
		return nil, err
	}
	// 3.1.5, 3.1.6: the head of a 局室区 or 課 holds its role by default.
	if err := collect(`SELECT CASE WHEN k.info_manager = 1 THEN ? ELSE ? END, ?, a.unit_code
		FROM org_assignments a
		JOIN org_unit_versions v ON v.unit_code = a.unit_code AND v.valid_from <= ? AND v.valid_to >= ?
		JOIN org_unit_kinds k ON k.code = v.kind
		WHERE a.staff_no = ? AND a.valid_from <= ? AND a.valid_to >= ?
		AND ((k.info_manager = 1 AND a.post = ?) OR (k.info_officer = 1 AND a.post IN (?, ?, ?)))
		ORDER BY a.id`,
		organisation.RoleInfoManager, organisation.RoleInfoOfficer, organisation.ScopeUnit, day, day, staffNo, day, day,
		organisation.PostSectionChief, organisation.PostBureauChief, organisation.PostOfficeChief, organisation.PostWardChief); err != nil {
		return nil, err
	}
	// 3.3.1ア: the 情報セキュリティ管理者 is the CSIRT 責任者 unless another is named.
	if seen[roleCandidate{organisation.RoleSecurityManager, organisation.City()}] {
		add(roleCandidate{organisation.RoleCSIRTLead, organisation.City()})
	}
	// 9.3: deputyships.
	if err := collect(`SELECT role, scope_kind, scope_id FROM org_deputies WHERE staff_no = ? AND valid_from <= ? AND valid_to >= ? ORDER BY id`,
		staffNo, day, day); err != nil {
		return nil, err
	}
	// 3.2.11: the holder of the standing deputy's post acts for an absent CISO.
	sd, err := tx.standingDeputy(ctx)
	if err != nil {
		return nil, err
	}
	if p, _, err := tx.postHolder(ctx, sd.Unit, sd.Post, d); err == nil && p.StaffNo == staffNo {
		add(roleCandidate{organisation.RoleCISO, organisation.City()})
	}
	return out, nil
}
