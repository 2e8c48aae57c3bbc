package web

import (
	"net/http"
	"slices"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/store"
)

// roleView is a role's holder and who acts, on a date, for a page.
type roleView struct {
	Role     organisation.Role
	Label    string
	Clause   string
	Scope    organisation.Scope
	Holder   *organisation.Holder
	Acting   *organisation.Acting // set when someone other than the holder acts
	Deputies []organisation.DeputyAppointment
	History  []organisation.Segment
}

type orgUnitData struct {
	Date     dateField
	Unit     organisation.Unit
	KindName string
	Kinds    map[organisation.UnitKind]organisation.UnitKindInfo
	Path     []organisation.Unit // from the top down to the parent
	Children []organisation.Unit
	Members  []store.Member
	Roles    []roleView
	History  []organisation.Unit
}

// roleOn fills a roleView: the holder (or none) and the acting person.
func (s *Server) roleOn(r *http.Request, role organisation.Role, scope organisation.Scope, d time.Time, history bool) (roleView, error) {
	ctx := r.Context()
	spec, err := role.Spec()
	if err != nil {
		return roleView{}, err
	}
	v := roleView{Role: role, Label: spec.Label, Clause: spec.Clause, Scope: scope}
	switch h, err := s.db.HolderOf(ctx, role, scope, d); kijun.ErrorCode(err) {
	case "":
		v.Holder = &h
		a, err := s.db.ActingFor(ctx, role, scope, d)
		if err != nil && kijun.ErrorCode(err) != kijun.ENOTFOUND {
			return v, err
		}
		if err == nil && a.Deputy() {
			v.Acting = &a
		}
	case kijun.ENOTFOUND:
	default:
		return v, err
	}
	if spec.Deputy {
		if v.Deputies, err = s.db.Deputies(ctx, role, scope); err != nil {
			return v, err
		}
	}
	if history {
		as, err := s.db.RoleAssignments(ctx, store.RoleFilter{Role: role, Scope: &scope})
		if err != nil {
			return v, err
		}
		v.History = organisation.Timeline(as, d)
	}
	return v, nil
}

func (s *Server) handleOrgUnit(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	code := r.PathValue("code")
	d := orgUnitData{Date: s.asOf(r)}
	day := d.Date.Value
	var err error
	if d.History, err = s.db.UnitHistory(ctx, code); err != nil {
		return err
	}
	if d.Unit, err = s.db.Unit(ctx, code, day); err != nil {
		// The unit exists but not on that date: say when it did.
		first, last := d.History[0], d.History[len(d.History)-1]
		return kijun.Errorf(kijun.ENOTFOUND, "組織 %s（%s）は %s には存在しません（%s から%s）", code, last.Name,
			organisation.FormatDate(day), organisation.FormatDate(first.From), endText(last.To))
	}
	kinds, err := s.db.UnitKinds(ctx)
	if err != nil {
		return err
	}
	kind := kinds[d.Unit.Kind]
	d.KindName, d.Kinds = kind.Name, kinds
	path, err := s.db.UnitPath(ctx, code, day)
	if err != nil {
		return err
	}
	for i := len(path) - 1; i > 0; i-- {
		d.Path = append(d.Path, path[i])
	}
	units, err := s.db.UnitsOn(ctx, day)
	if err != nil {
		return err
	}
	for _, u := range units {
		if u.Parent == code {
			d.Children = append(d.Children, u)
		}
	}
	if d.Members, err = s.db.Members(ctx, code, day); err != nil {
		return err
	}
	var roles []organisation.Role
	if kind.InfoOfficer {
		roles = append(roles, organisation.RoleInfoOfficer)
	}
	if kind.InfoManager {
		roles = append(roles, organisation.RoleInfoManager)
	}
	for _, role := range roles {
		v, err := s.roleOn(r, role, organisation.UnitScope(code), day, true)
		if err != nil {
			return err
		}
		d.Roles = append(d.Roles, v)
	}
	slices.Reverse(d.History)
	p := s.newPage(w, r, "org.unit.title", d)
	p.Title = d.Unit.Name
	return s.render(w, r, http.StatusOK, "org_unit", p)
}

func endText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return " " + organisation.FormatDate(t) + " まで"
}
