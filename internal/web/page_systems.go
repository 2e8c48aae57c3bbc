package web

import (
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"kijun/internal/assets"
	"kijun/internal/contractors"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/records"
	"kijun/internal/sheets"
	"kijun/internal/store"
	"kijun/internal/systems"
	"kijun/internal/systemsheet"
)

type systemListData struct {
	Form      url.Values
	Systems   []systems.System
	Total     int
	From, To  int
	Prev      string
	Next      string
	Zones     []systems.ZoneSpec
	Query     string
	CanCreate bool
	Error     string
}

// systemFilter reads the system list's query; a wrong value is EINVALID.
func (s *Server) systemFilter(r *http.Request) (store.SystemFilter, error) {
	q := r.URL.Query()
	f := store.SystemFilter{Q: strings.TrimSpace(q.Get("q")), Sort: q.Get("sort"), Desc: q.Get("desc") == "1", Limit: 100}
	units, problems, err := s.unitFilter(r)
	if err != nil {
		return f, err
	}
	f.Units = units
	if z := q.Get("zone"); z != "" {
		zone, ok := systems.ParseZone(z)
		if !ok {
			problems = append(problems, "区分 "+z+" はありません")
		}
		f.Zone = zone
	}
	if _, ok := map[string]bool{"": true, "id": true, "name": true, "unit": true, "zone": true, "updated": true}[f.Sort]; !ok {
		problems = append(problems, "並べ替え "+f.Sort+" はできません")
	}
	f.Offset = offsetParam(q, &problems)
	if len(problems) > 0 {
		return f, kijun.Errorf(kijun.EINVALID, "%s", strings.Join(problems, "。"))
	}
	return f, nil
}

// handleSystems lists the 情報システム台帳.
func (s *Server) handleSystems(w http.ResponseWriter, r *http.Request) error {
	d := systemListData{Form: r.URL.Query(), Zones: systems.ZoneSpecs()}
	f, err := s.systemFilter(r)
	if err != nil {
		d.Error = kijun.ErrorMessage(err)
		return s.render(w, r, http.StatusBadRequest, "systems", s.newPage(w, r, "systems.title", d))
	}
	if d.Systems, d.Total, err = s.db.ListSystems(r.Context(), f); err != nil {
		return err
	}
	d.From, d.To = f.Offset+1, f.Offset+len(d.Systems)
	d.Prev, d.Next, d.Query = pageLinks("/systems", r.URL.Query(), f.Offset, f.Limit, len(d.Systems), d.Total)
	p := currentOf(r).Principal
	d.CanCreate = len(p.Units) > 0 || p.CityOffice() || p.Admin
	return s.render(w, r, http.StatusOK, "systems", s.newPage(w, r, "systems.title", d))
}

type systemView struct {
	System       systems.System
	Class        assets.Classification
	Owner, Admin *organisation.Holder
	Held         int
	Availability int
	Notes        []systems.Note
	History      []*records.Record
	CanEdit      bool
	// Contracts are those that entrust the system (10.1.2).
	Contracts []contractors.Contract
	// Ops is the system's operations records (8.1.5, 8.1.7, 8.6.1).
	Ops *opsView
	// Life is the system's stage and checklists (8.3.1 to 8.3.5).
	Life *lifeView
}

func (s *Server) systemView(r *http.Request) (*systemView, error) {
	ctx := r.Context()
	sys, err := s.db.System(ctx, r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	scope, err := s.unitScope(r)
	if err != nil {
		return nil, err
	}
	if scope != nil && !slices.Contains(scope, sys.Unit) {
		return nil, kijun.Errorf(kijun.EFORBIDDEN, "この情報システム（所管 %s）を見る権限がありません（8.2.1ア）", sys.UnitName)
	}
	v := &systemView{System: sys}
	day := organisation.Day(s.db.Now())
	// 3.1.7, 3.1.8: the roles held for the system.
	if h, err := s.db.HolderOf(ctx, organisation.RoleSystemOwner, organisation.SystemScope(sys.ID), day); err == nil {
		v.Owner = &h
	}
	if h, err := s.db.HolderOf(ctx, organisation.RoleSystemAdmin, organisation.SystemScope(sys.ID), day); err == nil {
		v.Admin = &h
	}
	if v.Class, v.Held, err = s.db.HolderClass(ctx, "system:"+sys.ID); err != nil {
		return nil, err
	}
	v.Availability = int(v.Class.Availability)
	v.Notes = sys.Notes(day, v.Availability)
	if v.History, err = s.db.Records(ctx, store.RecordFilter{Entity: "system", EntityID: sys.ID, Limit: 50}); err != nil {
		return nil, err
	}
	if v.Contracts, err = s.db.ContractsEntrusting(ctx, "system", sys.ID); err != nil {
		return nil, err
	}
	if v.CanEdit, err = s.mayEditUnit(r, sys.Unit); err != nil {
		return nil, err
	}
	if v.Ops, err = s.opsOf(r, sys); err != nil {
		return nil, err
	}
	if v.Life, err = s.lifeOf(r, sys, v.Ops.CanOperate); err != nil {
		return nil, err
	}
	return v, nil
}

// handleSystem shows one system: its protections and what the standard
// asks attention for, its role holders and the class of what it holds.
func (s *Server) handleSystem(w http.ResponseWriter, r *http.Request) error {
	v, err := s.systemView(r)
	if err != nil {
		return err
	}
	p := s.newPage(w, r, "systems.title", v)
	p.Title = v.System.Name
	return s.render(w, r, http.StatusOK, "system", p)
}

type systemFormData struct {
	System       systems.System
	SoftwareText string
	Errors       map[string]string
	New          bool
	Zones        []systems.ZoneSpec
	Conflict     string
}

func (s *Server) newSystemForm(sys systems.System, isNew bool) *systemFormData {
	return &systemFormData{System: sys, New: isNew, Zones: systems.ZoneSpecs(), SoftwareText: systems.FormatSoftware(sys.Software), Errors: map[string]string{}}
}

func (s *Server) handleSystemNew(w http.ResponseWriter, r *http.Request) error {
	sys := systems.System{Zone: systems.ZoneLGWAN, Hosting: systems.HostOnsite, AuthFactors: 2}
	if units := currentOf(r).Principal.Units; len(units) > 0 {
		sys.Unit = units[0]
	}
	return s.render(w, r, http.StatusOK, "system_form", s.newPage(w, r, "systems.new.title", s.newSystemForm(sys, true)))
}

func (s *Server) handleSystemEdit(w http.ResponseWriter, r *http.Request) error {
	sys, err := s.db.System(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if ok, err := s.mayEditUnit(r, sys.Unit); err != nil || !ok {
		return errOr(err, kijun.Errorf(kijun.EFORBIDDEN, "所管課 %s の情報システムを変更する権限がありません（8.2.1ア）", sys.UnitName))
	}
	return s.render(w, r, http.StatusOK, "system_form", s.newPage(w, r, "systems.edit.title", s.newSystemForm(sys, false)))
}

// handleSystemSave adds (POST /systems) or changes (POST /systems/{id}) a
// system from the form, through the register's service, which decides
// who may; each error beside its field, a concurrent change shown rather
// than overwritten.
func (s *Server) handleSystemSave(w http.ResponseWriter, r *http.Request) error {
	isNew := r.PathValue("id") == ""
	sys, formErrs := systemFromForm(r)
	if !isNew {
		sys.ID = r.PathValue("id")
	}
	ed, err := s.editor(r)
	if err != nil {
		return err
	}
	d := s.newSystemForm(sys, isNew)
	d.SoftwareText = r.FormValue("software")
	for f, m := range formErrs {
		d.Errors[f] = m
	}
	title := map[bool]string{true: "systems.new.title", false: "systems.edit.title"}[isNew]
	if len(d.Errors) == 0 {
		var saved systems.System
		var oldZone systems.Zone
		if isNew {
			saved, err = s.registers.Systems.Create(r.Context(), ed, sys)
		} else {
			if old, rerr := s.db.System(r.Context(), sys.ID); rerr == nil && ed.Keeps(old.Unit) {
				oldZone = old.Zone // what the change touches (monitor.SystemTouches)
			}
			saved, err = s.registers.Systems.Update(r.Context(), ed, sys)
		}
		if ok, err := formResult(err, d.Errors, &d.Conflict); err != nil {
			return err
		} else if ok {
			touched, err := s.monitor.SystemTouches(r.Context(), isNew, oldZone, saved)
			if err != nil {
				return err
			}
			s.recheck(r, touched...)
			http.Redirect(w, r, "/systems/"+url.PathEscape(saved.ID)+"?saved=1", http.StatusSeeOther)
			return nil
		}
	}
	return s.render(w, r, statusOfForm(d.Conflict), "system_form", s.newPage(w, r, title, d))
}

func systemFromForm(r *http.Request) (systems.System, map[string]string) {
	errs := map[string]string{}
	val := func(k string) string { return strings.TrimSpace(r.FormValue(k)) }
	num := func(field string) int {
		v := val(field)
		if v == "" {
			return 0
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			errs[field] = "整数で入力してください"
		}
		return n
	}
	sys := systems.System{ID: val("id"), Name: val("name"), Description: val("description"), Unit: val("unit"),
		Zone: systems.Zone(val("zone")), Hosting: systems.Hosting(val("hosting")),
		Redundant: r.FormValue("redundant") == "1", UPS: r.FormValue("ups") == "1", SurgeProtection: r.FormValue("surge_protection") == "1",
		Maintenance: val("maintenance"), Backup: val("backup"), LogItems: val("log_items"), LogReview: val("log_review"),
		ExternalAccess: r.FormValue("external_access") == "1", PublicDomain: val("public_domain"), TLS: r.FormValue("tls") == "1",
		Contractor: val("contractor"), ContractClauses: r.FormValue("contract_clauses") == "1", Documents: val("documents")}
	sys.LogRetentionDays = num(systems.FieldLogDays)
	sys.AuthFactors = num(systems.FieldAuthFactors)
	sw, err := systems.ParseSoftware(r.FormValue("software"))
	if err != nil {
		errs[systems.FieldSoftware] = kijun.ErrorMessage(err)
	}
	sys.Software = sw
	if v, err := strconv.ParseInt(r.FormValue("version"), 10, 64); err == nil {
		sys.Version = v
	}
	return sys, errs
}

// handleSystemExport downloads the visible system register.
func (s *Server) handleSystemExport(w http.ResponseWriter, r *http.Request) error {
	f, err := s.systemFilter(r)
	if err != nil {
		return err
	}
	format := r.URL.Query().Get("format")
	if format == "" {
		format = sheets.XLSX
	}
	return download(w, "joho-system-daicho", format, func(w io.Writer) error {
		return systemsheet.Export(r.Context(), s.db, f, format, w)
	})
}

func (s *Server) handleSystemTemplate(w http.ResponseWriter, r *http.Request) error {
	return download(w, "joho-system-daicho-template", sheets.XLSX, systemsheet.WriteTemplate)
}

// systemImport is the system register's import page: a 課 imports its
// own systems; the CISO's office, the city's.
func (s *Server) systemImport() sheetImport {
	return sheetImport{titleKey: "systems.import.title", action: "/systems/import", template: "/systems/template.xlsx", maxSize: systemsheet.MaxSize,
		run: s.registers.Systems.Import}
}
