package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"kijun/internal/compliance"
	"kijun/internal/organisation"
)

func (r *factsReader) people(ctx context.Context) error {
	r.left = map[string]bool{}
	if r.scope != nil && len(r.scope.ids(compliance.KindDevice)) == 0 && len(r.scope.ids(compliance.KindAccount)) == 0 {
		return nil // only devices and accounts name people
	}
	q, args := "SELECT staff_no FROM org_people WHERE status <> 'active' AND (left_on = '' OR left_on <= ?)", []any{dateArg(r.day)}
	if r.scope != nil {
		// A re-check asks after the people its devices are issued to and
		// its accounts belong to, not the whole city's who have left.
		var named []string
		for _, n := range []struct {
			kind  compliance.Kind
			query string
		}{{compliance.KindDevice, "SELECT issued_to FROM devices"}, {compliance.KindAccount, "SELECT staff_no FROM auth_accounts"}} {
			if where, ids, ok := r.scope.where(n.kind, "id"); ok {
				named, args = append(named, n.query+where), append(args, ids...)
			}
		}
		q += " AND staff_no IN (" + strings.Join(named, " UNION ") + ")"
	}
	return r.query(ctx, q, args, func(sc scanner) error {
		var s string
		err := sc.Scan(&s)
		r.left[s] = true
		return err
	})
}

func (r *factsReader) units(ctx context.Context) error {
	r.unitOf = map[string]organisation.Unit{}
	if r.scope != nil && len(r.scope.ids(compliance.KindRole)) == 0 {
		// Only the roles of units read them all; the assets of a
		// re-check ask after their own 課 (assets).
		return nil
	}
	day := dateArg(r.day)
	rows, err := r.tx.QueryContext(ctx, "SELECT "+unitColumns+" FROM org_unit_versions WHERE valid_from <= ? AND valid_to >= ?", day, day)
	if err != nil {
		return fmt.Errorf("read compliance facts: %w", err)
	}
	units, err := scanUnits(rows)
	if err != nil {
		return err
	}
	for _, u := range units {
		r.unitOf[u.Code] = u
	}
	r.kinds, err = r.tx.unitKinds(ctx)
	return err
}

// roles works out who holds each role of 3.1 that must be held on day:
// the city's roles, each 局's 情報責任者 and each 課's 情報管理者 (by
// appointment, else by post, as HolderOf decides), and each system's
// 業務システム責任者 and 管理者. Systems read in scope get their holders.
func (r *factsReader) roles(ctx context.Context) error {
	if r.scope != nil && len(r.scope.ids(compliance.KindRole)) == 0 && len(r.f.Systems) == 0 {
		return nil
	}
	day := dateArg(r.day)
	type key struct{ role, scope string }
	explicit := map[key]string{}
	// A re-check reads the holders of the scopes it names only.
	only, onlyArgs := "", []any{day, day, day}
	postOnly, postArgs := "", []any{day, day}
	if r.scope != nil {
		ids := []any{""}
		for _, s := range r.f.Systems {
			ids = append(ids, s.ID)
		}
		for _, sub := range r.scope.ids(compliance.KindRole) {
			if _, sc, ok := strings.Cut(sub, "@"); ok {
				_, id, _ := strings.Cut(sc, ":")
				ids = append(ids, id)
			}
		}
		in := " IN " + inList(len(ids))
		only, onlyArgs = " AND r.scope_id"+in, append(onlyArgs, ids...)
		postOnly, postArgs = " AND unit_code"+in, append(postArgs, ids...)
	}
	if err := r.query(ctx, `SELECT r.role, r.scope_kind, r.scope_id, r.staff_no FROM org_roles r JOIN org_people p ON p.staff_no = r.staff_no
		WHERE r.valid_from <= ? AND r.valid_to >= ? AND (p.status = 'active' OR p.left_on >= ?)`+only+` ORDER BY r.valid_from, r.id`, onlyArgs, func(sc scanner) error {
		var role, kind, id, staff string
		if err := sc.Scan(&role, &kind, &id, &staff); err != nil {
			return err
		}
		explicit[key{role, organisation.Scope{Kind: organisation.ScopeKind(kind), ID: id}.String()}] = staff // the latest wins
		return nil
	}); err != nil {
		return err
	}
	posts := map[key]string{} // unit and post -> holder, primary posts first
	if err := r.query(ctx, `SELECT unit_code, post, staff_no FROM org_assignments WHERE valid_from <= ? AND valid_to >= ?`+postOnly+`
		ORDER BY is_primary DESC, valid_from DESC, id`, postArgs, func(sc scanner) error {
		var unit, post, staff string
		if err := sc.Scan(&unit, &post, &staff); err != nil {
			return err
		}
		if _, ok := posts[key{unit, post}]; !ok {
			posts[key{unit, post}] = staff
		}
		return nil
	}); err != nil {
		return err
	}
	holder := func(role organisation.Role, scope organisation.Scope) string {
		if s, ok := explicit[key{string(role), scope.String()}]; ok {
			return s
		}
		var byPost []organisation.Post
		switch role {
		case organisation.RoleInfoManager: // 3.1.6
			byPost = []organisation.Post{organisation.PostSectionChief}
		case organisation.RoleInfoOfficer: // 3.1.5
			byPost = []organisation.Post{organisation.PostBureauChief, organisation.PostOfficeChief, organisation.PostWardChief}
		case organisation.RoleCSIRTLead: // 3.3.1ア: the 情報セキュリティ管理者 unless another is named
			return explicit[key{string(organisation.RoleSecurityManager), organisation.City().String()}]
		}
		for _, p := range byPost {
			if s, ok := posts[key{scope.ID, string(p)}]; ok {
				return s
			}
		}
		return ""
	}
	for i := range r.f.Systems {
		s := &r.f.Systems[i]
		s.Owner = holder(organisation.RoleSystemOwner, organisation.SystemScope(s.ID))
		s.Admin = holder(organisation.RoleSystemAdmin, organisation.SystemScope(s.ID))
	}
	add := func(spec organisation.RoleSpec, scope organisation.Scope, unit string) {
		sub := compliance.RoleSubject(string(spec.Role), scope.String())
		if r.scope != nil && !slices.Contains(r.scope, sub) {
			return
		}
		r.f.Roles = append(r.f.Roles, compliance.Role{Role: string(spec.Role), Label: spec.Label, Clause: spec.Clause,
			Scope: scope.String(), Holder: holder(spec.Role, scope), Unit: unit})
	}
	for _, spec := range organisation.RoleSpecs() {
		switch {
		case spec.Many:
			// CSIRT members: several or none; the lead answers for the team.
		case spec.ScopeKind == organisation.ScopeCity:
			add(spec, organisation.City(), "")
		case spec.ScopeKind == organisation.ScopeUnit:
			for _, code := range sortedUnitCodes(r.unitOf) {
				k := r.kinds[r.unitOf[code].Kind]
				if (spec.UnitKindFlag == "info_officer" && k.InfoOfficer) || (spec.UnitKindFlag == "info_manager" && k.InfoManager) {
					add(spec, organisation.UnitScope(code), code)
				}
			}
		case spec.ScopeKind == organisation.ScopeSystem:
			for _, s := range r.f.Systems {
				add(spec, organisation.SystemScope(s.ID), s.Unit)
			}
		}
	}
	return nil
}

func sortedUnitCodes(m map[string]organisation.Unit) []string {
	out := make([]string, 0, len(m))
	for c := range m {
		out = append(out, c)
	}
	slices.Sort(out)
	return out
}
