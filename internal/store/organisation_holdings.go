package store

import (
	"context"
	"fmt"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
)

// RolesOf returns every role a person holds or acts in on day d: those they
// hold (appointed, by post or by another role), even while a deputy also
// acts, and those they act in for the holder (9.3 deputies, the standing
// rule of 3.2.11). Holder and deputy are as HolderOf and ActingFor say, so
// the answers never disagree.
func (db *DB) RolesOf(ctx context.Context, staffNo string, d time.Time) ([]organisation.Acting, error) {
	var out []organisation.Acting
	err := db.View(ctx, func(tx *Tx) (err error) {
		out, _, err = tx.RolesOf(ctx, staffNo, d)
		return err
	})
	return out, err
}

// RolesOf is DB.RolesOf inside a transaction. It also returns the units
// the person is assigned to on d.
func (tx *Tx) RolesOf(ctx context.Context, staffNo string, d time.Time) ([]organisation.Acting, []string, error) {
	cands, units, err := tx.roleCandidates(ctx, staffNo, d)
	if err != nil {
		return nil, nil, fmt.Errorf("roles of %s: %w", staffNo, err)
	}
	var out []organisation.Acting
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
	return out, units, nil
}

type roleCandidate struct {
	role  organisation.Role
	scope organisation.Scope
}

// roleCandidates lists the roles a person might act in on d, each once,
// and the units the person is assigned to that day: appointments and
// deputyships (one query), posts that carry a role (one query over the
// person's assignments), and the CISO when the person holds the post of
// the standing rule. Authorisation runs this on every request, so it keeps
// to three queries.
func (tx *Tx) roleCandidates(ctx context.Context, staffNo string, d time.Time) ([]roleCandidate, []string, error) {
	day := dateArg(d)
	seen := map[roleCandidate]bool{}
	var out []roleCandidate
	add := func(c roleCandidate) {
		if !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	// Appointments first, then 9.3 deputyships.
	rows, err := tx.QueryContext(ctx, `SELECT role, scope_kind, scope_id, 0 AS k, id FROM org_roles WHERE staff_no = ? AND valid_from <= ? AND valid_to >= ?
		UNION ALL SELECT role, scope_kind, scope_id, 1 AS k, id FROM org_deputies WHERE staff_no = ? AND valid_from <= ? AND valid_to >= ?
		ORDER BY k, id`, staffNo, day, day, staffNo, day, day)
	if err != nil {
		return nil, nil, err
	}
	for rows.Next() {
		var c roleCandidate
		var k, id int64
		if err := rows.Scan(&c.role, &c.scope.Kind, &c.scope.ID, &k, &id); err != nil {
			rows.Close()
			return nil, nil, err
		}
		add(c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	// 3.3.1ア: the 情報セキュリティ管理者 is the CSIRT 責任者 unless another is named.
	if seen[roleCandidate{organisation.RoleSecurityManager, organisation.City()}] {
		add(roleCandidate{organisation.RoleCSIRTLead, organisation.City()})
	}
	type post struct {
		unit string
		post organisation.Post
	}
	var posts []post
	var units []string
	rows, err = tx.QueryContext(ctx, `SELECT a.unit_code, a.post, COALESCE(k.info_manager, 0), COALESCE(k.info_officer, 0)
		FROM org_assignments a
		LEFT JOIN org_unit_versions v ON v.unit_code = a.unit_code AND v.valid_from <= ? AND v.valid_to >= ?
		LEFT JOIN org_unit_kinds k ON k.code = v.kind
		WHERE a.staff_no = ? AND a.valid_from <= ? AND a.valid_to >= ?
		ORDER BY a.is_primary DESC, a.id`, day, day, staffNo, day, day)
	if err != nil {
		return nil, nil, err
	}
	for rows.Next() {
		var p post
		var manager, officer int
		if err := rows.Scan(&p.unit, &p.post, &manager, &officer); err != nil {
			rows.Close()
			return nil, nil, err
		}
		posts = append(posts, p)
		units = append(units, p.unit)
		// 3.1.5, 3.1.6: the head of a 局室区 or 課 holds its role by default.
		switch {
		case manager == 1 && p.post == organisation.PostSectionChief:
			add(roleCandidate{organisation.RoleInfoManager, organisation.UnitScope(p.unit)})
		case officer == 1 && (p.post == organisation.PostBureauChief || p.post == organisation.PostOfficeChief || p.post == organisation.PostWardChief):
			add(roleCandidate{organisation.RoleInfoOfficer, organisation.UnitScope(p.unit)})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	// 3.2.11: the holder of the standing deputy's post acts for an absent CISO.
	sd, err := tx.standingDeputy(ctx)
	if err != nil && kijun.ErrorCode(err) != kijun.ENOTFOUND {
		return nil, nil, err
	}
	for _, p := range posts {
		if err == nil && p.unit == sd.Unit && p.post == sd.Post {
			add(roleCandidate{organisation.RoleCISO, organisation.City()})
		}
	}
	return out, units, nil
}
