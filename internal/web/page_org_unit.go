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
	// CanManage: the signed-in person may name deputies here (9.3): the
	// 情報管理者 in person, the 情報責任者 above or the CISO's office.
	CanManage bool
	Deputy    deputyForm
}

// deputyForm is the form naming a 情報管理者's deputy (9.3), with what
// was typed and what is wrong with it.
type deputyForm struct {
	StaffNo, From, To, Reason string
	// Away: record the holder away for the period, so the deputy acts.
	Away  bool
	Error string
	Done  bool
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
	d, err := s.orgUnit(r)
	if err != nil {
		return err
	}
	d.Deputy.Done = r.URL.Query().Get("named") != ""
	return s.renderUnit(w, r, http.StatusOK, d)
}

func (s *Server) renderUnit(w http.ResponseWriter, r *http.Request, status int, d *orgUnitData) error {
	p := s.newPage(w, r, "org.unit.title", d)
	p.Title = d.Unit.Name
	return s.render(w, r, status, "org_unit", p)
}

// handleNameDeputy names a deputy of the 課's 情報管理者 for a period
// (9.3) and, when asked, records the holder away for it, so the deputy
// acts. The store decides who may name whom (organisation.CheckDeputyNaming)
// and who may record the absence; a refusal is shown beside the form.
func (s *Server) handleNameDeputy(w http.ResponseWriter, r *http.Request) error {
	d, err := s.orgUnit(r)
	if err != nil {
		return err
	}
	f := deputyForm{StaffNo: r.FormValue("staff_no"), From: r.FormValue("from"), To: r.FormValue("to"), Reason: r.FormValue("reason"), Away: r.FormValue("away") != ""}
	d.Deputy = f
	fail := func(err error) error {
		status := http.StatusBadRequest
		switch kijun.ErrorCode(err) {
		case kijun.EINVALID, kijun.ENOTFOUND, kijun.ECONFLICT:
		case kijun.EFORBIDDEN:
			status = http.StatusForbidden
		default:
			return err
		}
		d.Deputy.Error = kijun.ErrorMessage(err)
		return s.renderUnit(w, r, status, d)
	}
	from, err := organisation.ParseDate(f.From)
	if err != nil {
		return fail(kijun.Errorf(kijun.EINVALID, "開始日: %s", kijun.ErrorMessage(err)))
	}
	to, err := organisation.ParseDate(f.To)
	if err != nil {
		return fail(kijun.Errorf(kijun.EINVALID, "終了日: %s", kijun.ErrorMessage(err)))
	}
	scope := organisation.UnitScope(d.Unit.Code)
	ctx := kijun.WithActor(r.Context(), currentOf(r).Principal.Actor())
	period := organisation.Period{From: from, To: to}
	_, err = s.db.NameDeputy(ctx, organisation.DeputyAppointment{Role: organisation.RoleInfoManager, Scope: scope,
		StaffNo: f.StaffNo, Reason: f.Reason, Period: period})
	if err != nil {
		return fail(err)
	}
	if f.Away {
		h, err := s.db.HolderOf(ctx, organisation.RoleInfoManager, scope, from)
		if err != nil {
			return fail(err)
		}
		if _, err := s.db.RecordAbsence(ctx, organisation.Absence{StaffNo: h.Person.StaffNo, Reason: f.Reason, Period: period}); err != nil {
			return fail(err)
		}
	}
	http.Redirect(w, r, "/org/units/"+d.Unit.Code+"?named=1#role-info_manager", http.StatusSeeOther)
	return nil
}

// orgUnit gathers a unit's page as of the requested date.
func (s *Server) orgUnit(r *http.Request) (*orgUnitData, error) {
	ctx := r.Context()
	code := r.PathValue("code")
	d := &orgUnitData{Date: s.asOf(r)}
	day := d.Date.Value
	var err error
	if d.History, err = s.db.UnitHistory(ctx, code); err != nil {
		return nil, err
	}
	if d.Unit, err = s.db.Unit(ctx, code, day); err != nil {
		// The unit exists but not on that date: say when it did.
		first, last := d.History[0], d.History[len(d.History)-1]
		return nil, kijun.Errorf(kijun.ENOTFOUND, "組織 %s（%s）は %s には存在しません（%s から%s）", code, last.Name,
			organisation.FormatDate(day), organisation.FormatDate(first.From), endText(last.To))
	}
	kinds, err := s.db.UnitKinds(ctx)
	if err != nil {
		return nil, err
	}
	kind := kinds[d.Unit.Kind]
	d.KindName, d.Kinds = kind.Name, kinds
	path, err := s.db.UnitPath(ctx, code, day)
	if err != nil {
		return nil, err
	}
	for i := len(path) - 1; i > 0; i-- {
		d.Path = append(d.Path, path[i])
	}
	units, err := s.db.UnitsOn(ctx, day)
	if err != nil {
		return nil, err
	}
	for _, u := range units {
		if u.Parent == code {
			d.Children = append(d.Children, u)
		}
	}
	if d.Members, err = s.db.Members(ctx, code, day); err != nil {
		return nil, err
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
			return nil, err
		}
		d.Roles = append(d.Roles, v)
	}
	slices.Reverse(d.History)
	if cur := currentOf(r); cur != nil && kinds[d.Unit.Kind].InfoManager {
		ancestors, err := s.ancestors(ctx, code)
		if err != nil {
			return nil, err
		}
		d.CanManage = cur.Principal.NamesDeputies(code, ancestors)
	}
	return d, nil
}

func endText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return " " + organisation.FormatDate(t) + " まで"
}
