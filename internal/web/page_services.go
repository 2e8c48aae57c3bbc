package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"kijun/internal/compliance"
	"kijun/internal/contractors"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/records"
	"kijun/internal/store"
)

// 10.2's register of 外部サービス: the list, one service with what the
// continuous checks find of it, and its form. A service is its 課's, as a
// contract is: the person sees those of the 課 in their scope and the
// service decides who may write.

type serviceListData struct {
	Form       url.Values
	Services   []contractors.ExternalService
	Total      int
	From, To   int
	Prev, Next string
	Day        time.Time
	CanCreate  bool
	Error      string
}

func (s *Server) handleServices(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	d := serviceListData{Form: q, Day: organisation.Day(s.db.Now())}
	units, problems, err := s.unitFilter(r)
	if err != nil {
		return err
	}
	f := store.ServiceFilter{Units: units, Q: strings.TrimSpace(q.Get("q")), Limit: 100, Offset: offsetParam(q, &problems)}
	if len(problems) > 0 {
		d.Error = strings.Join(problems, "。")
		return s.render(w, r, http.StatusBadRequest, "services", s.newPage(w, r, "services.title", d))
	}
	if d.Services, d.Total, err = s.db.ListExternalServices(r.Context(), f); err != nil {
		return err
	}
	d.From, d.To = f.Offset+1, f.Offset+len(d.Services)
	d.Prev, d.Next, _ = pageLinks("/external-services", q, f.Offset, f.Limit, len(d.Services), d.Total)
	ed, err := s.editor(r)
	if err != nil {
		return err
	}
	d.CanCreate = ed.KeepsAny()
	return s.render(w, r, http.StatusOK, "services", s.newPage(w, r, "services.title", d))
}

type serviceView struct {
	Service  contractors.ExternalService
	Day      time.Time
	Findings []compliance.Finding
	History  []*records.Record
	CanEdit  bool
}

func (s *Server) handleService(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	es, err := s.db.ExternalServiceEntry(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	scope, err := s.unitScope(r)
	if err != nil {
		return err
	}
	if scope != nil && !slices.Contains(scope, es.Unit) {
		return kijun.Errorf(kijun.EFORBIDDEN, "この外部サービス（所管 %s）を見る権限がありません（8.2.1ア）", es.UnitName)
	}
	v := &serviceView{Service: es, Day: organisation.Day(s.db.Now())}
	// 10.2: what the continuous checks find of it, judged now.
	f, err := s.db.ComplianceFacts(ctx, v.Day, store.FactsScope{string(compliance.KindService) + ":" + es.ID})
	if err != nil {
		return err
	}
	rs, err := s.monitor.Rules(ctx)
	if err != nil {
		return err
	}
	if v.Findings, err = rs.Check(f); err != nil {
		return err
	}
	if v.History, err = s.db.Records(ctx, store.RecordFilter{Entity: "external_service", EntityID: es.ID, Limit: 50}); err != nil {
		return err
	}
	if v.CanEdit, err = s.mayEditUnit(r, es.Unit); err != nil {
		return err
	}
	p := s.newPage(w, r, "services.title", v)
	p.Title = es.Name
	return s.render(w, r, http.StatusOK, "service", p)
}

type serviceFormData struct {
	Service contractors.ExternalService
	Kinds   []contractors.ServiceKind
	// Systems, Assets and Expires are the fields as the form holds them.
	Systems, Assets, Expires string
	Errors                   map[string]string
	New                      bool
	Conflict                 string
}

func newServiceForm(es contractors.ExternalService, isNew bool) *serviceFormData {
	return &serviceFormData{Service: es, Kinds: contractors.ServiceKinds(), New: isNew, Errors: map[string]string{},
		Systems: strings.Join(es.Systems, ", "), Assets: strings.Join(es.Assets, ", "), Expires: formDate(es.ISMAPExpires)}
}

func (s *Server) handleServiceNew(w http.ResponseWriter, r *http.Request) error {
	es := contractors.ExternalService{Kind: contractors.ServiceContract}
	if units := currentOf(r).Principal.Units; len(units) > 0 {
		es.Unit = units[0]
	}
	return s.render(w, r, http.StatusOK, "service_form", s.newPage(w, r, "services.new.title", newServiceForm(es, true)))
}

func (s *Server) handleServiceEdit(w http.ResponseWriter, r *http.Request) error {
	es, err := s.db.ExternalServiceEntry(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if ok, err := s.mayEditUnit(r, es.Unit); err != nil || !ok {
		return errOr(err, kijun.Errorf(kijun.EFORBIDDEN, "所管課 %s の外部サービスを変更する権限がありません（8.2.1ア）", es.UnitName))
	}
	return s.render(w, r, http.StatusOK, "service_form", s.newPage(w, r, "services.edit.title", newServiceForm(es, false)))
}

func serviceFromForm(r *http.Request) (contractors.ExternalService, map[string]string) {
	errs := map[string]string{}
	val := func(k string) string { return strings.TrimSpace(r.FormValue(k)) }
	es := contractors.ExternalService{ID: val("id"), Name: val("name"), Provider: val(contractors.FieldProvider),
		Contractor: val(contractors.FieldContractor), Kind: contractors.ServiceKind(val(contractors.FieldServiceKind)),
		ISMAPNumber: val(contractors.FieldISMAPNumber), ISMAPExpires: formDay(r, contractors.FieldISMAPExpires, errs),
		Unit: val(contractors.FieldUnit), Systems: splitIDs(val("systems")), Assets: splitIDs(val("assets")), Note: val("note")}
	es.Version, _ = strconv.Atoi(r.FormValue("version"))
	return es, errs
}

// handleServiceSave adds (POST /external-services) or changes (POST
// /external-services/{id}) an external service through the register's
// service, then re-checks it against the 利用基準 (10.2).
func (s *Server) handleServiceSave(w http.ResponseWriter, r *http.Request) error {
	isNew := r.PathValue("id") == ""
	es, errs := serviceFromForm(r)
	if !isNew {
		es.ID = r.PathValue("id")
	}
	d := newServiceForm(es, isNew)
	d.Systems, d.Assets, d.Expires, d.Errors = r.FormValue("systems"), r.FormValue("assets"), r.FormValue(contractors.FieldISMAPExpires), errs
	title := map[bool]string{true: "services.new.title", false: "services.edit.title"}[isNew]
	if len(errs) == 0 {
		ed, err := s.editor(r)
		if err != nil {
			return err
		}
		var saved contractors.ExternalService
		if isNew {
			saved, err = s.registers.Contractors.CreateExternalService(r.Context(), ed, es)
		} else {
			saved, err = s.registers.Contractors.UpdateExternalService(r.Context(), ed, es)
		}
		if ok, err := formResult(err, d.Errors, &d.Conflict); err != nil {
			return err
		} else if ok {
			s.recheck(r, string(compliance.KindService)+":"+saved.ID)
			http.Redirect(w, r, "/external-services/"+url.PathEscape(saved.ID)+"?saved=1", http.StatusSeeOther)
			return nil
		}
	}
	return s.render(w, r, statusOfForm(d.Conflict), "service_form", s.newPage(w, r, title, d))
}
