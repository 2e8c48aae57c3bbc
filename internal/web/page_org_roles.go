package web

import (
	"net/http"
	"slices"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/store"
)

// unitRole is a unit role's holder on the date, for the lists.
type unitRole struct {
	Unit   organisation.Unit
	Holder *organisation.Holder
}

type orgRolesData struct {
	Date          dateField
	City          []roleView
	Officers      []unitRole
	Managers      int
	ManagersUnset []unitRole // 課 whose 情報管理者 nobody holds: a finding
	Systems       []roleView
	CSIRT         []organisation.Holder
	// Appoint is the appointment form and the appointments in force, for
	// those who may appoint; nil for everyone else.
	Appoint *appointView
}

func (s *Server) handleOrgRoles(w http.ResponseWriter, r *http.Request) error {
	return s.renderOrgRoles(w, r, http.StatusOK, appointForm{})
}

// renderOrgRoles shows the roles page with status, and the appointment
// form as given.
func (s *Server) renderOrgRoles(w http.ResponseWriter, r *http.Request, status int, form appointForm) error {
	ctx := r.Context()
	d := orgRolesData{Date: s.asOf(r)}
	var err error
	if d.Appoint, err = s.appointView(r, form); err != nil {
		return err
	}
	day := d.Date.Value
	for _, spec := range organisation.RoleSpecs() {
		if spec.ScopeKind != organisation.ScopeCity || spec.Many {
			continue
		}
		v, err := s.roleOn(r, spec.Role, organisation.City(), day, true)
		if err != nil {
			return err
		}
		d.City = append(d.City, v)
	}
	if d.CSIRT, err = s.db.Holders(ctx, organisation.RoleCSIRTMember, organisation.City(), day); err != nil {
		return err
	}
	units, err := s.db.UnitsOn(ctx, day)
	if err != nil {
		return err
	}
	kinds, err := s.db.UnitKinds(ctx)
	if err != nil {
		return err
	}
	for _, u := range units {
		k := kinds[u.Kind]
		if !k.InfoOfficer && !k.InfoManager {
			continue
		}
		role := organisation.RoleInfoOfficer
		if k.InfoManager {
			role = organisation.RoleInfoManager
			d.Managers++
		}
		ur := unitRole{Unit: u}
		switch h, err := s.db.HolderOf(ctx, role, organisation.UnitScope(u.Code), day); kijun.ErrorCode(err) {
		case "":
			ur.Holder = &h
		case kijun.ENOTFOUND:
		default:
			return err
		}
		switch {
		case k.InfoOfficer:
			d.Officers = append(d.Officers, ur)
		case ur.Holder == nil:
			d.ManagersUnset = append(d.ManagersUnset, ur)
		}
	}
	var systems []string
	for _, role := range []organisation.Role{organisation.RoleSystemOwner, organisation.RoleSystemAdmin} {
		as, err := s.db.RoleAssignments(ctx, store.RoleFilter{Role: role})
		if err != nil {
			return err
		}
		for _, a := range as {
			if !slices.Contains(systems, a.Scope.ID) {
				systems = append(systems, a.Scope.ID)
			}
		}
	}
	slices.Sort(systems)
	for _, sys := range systems {
		for _, role := range []organisation.Role{organisation.RoleSystemOwner, organisation.RoleSystemAdmin} {
			v, err := s.roleOn(r, role, organisation.SystemScope(sys), day, true)
			if err != nil {
				return err
			}
			d.Systems = append(d.Systems, v)
		}
	}
	return s.render(w, r, status, "org_roles", s.newPage(w, r, "org.roles.title", d))
}
