package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"kijun/internal/appointments"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/store"
)

// appointForm is the roles page's form to appoint a person (3.1), with
// what was typed and what is wrong with it.
type appointForm struct {
	Role, Target, StaffNo, From, To, Unavoidable string
	Error                                        string
	// What an upload of a workbook of appointments was refused for.
	importError  string
	importRows   []kijun.RowError
	importStatus int
}

// appointView is what the roles page shows of appointments to those who
// make them: the form, the roles to choose from, and the appointments in
// force that may be ended.
type appointView struct {
	Form    appointForm
	Specs   []organisation.RoleSpec
	Open    []organisation.RoleAssignment
	Done    string // the notice after an appointment or its end
	Flagged string // the reason recorded for an unavoidable 兼務
	// ImportError and ImportRows are why a workbook of appointments was
	// refused, and its rows in error; Imported is how many rows one made.
	ImportError string
	ImportRows  []kijun.RowError
	Imported    int
}

// appointView fills the appointment part of the roles page for those who
// may appoint (appointments.AppointerOf).
func (s *Server) appointView(r *http.Request, form appointForm) (*appointView, error) {
	p := currentOf(r).Principal
	if appointments.AppointerOf(p) == (appointments.Appointer{}) {
		return nil, nil
	}
	v := &appointView{Form: form, Specs: organisation.RoleSpecs(), ImportError: form.importError, ImportRows: form.importRows}
	if v.Form.From == "" {
		v.Form.From = organisation.FormatDate(organisation.Day(s.db.Now()))
	}
	all, err := s.db.RoleAssignments(r.Context(), store.RoleFilter{})
	if err != nil {
		return nil, err
	}
	today := organisation.Day(s.db.Now())
	for _, a := range all {
		if a.To.IsZero() || !a.To.Before(today) {
			v.Open = append(v.Open, a)
		}
	}
	switch q := r.URL.Query(); {
	case q.Get("appointed") != "":
		v.Done = "org.appoint.done"
		v.Flagged = q.Get("flagged")
	case q.Get("ended") != "":
		v.Done = "org.appoint.ended"
	case q.Get("imported") != "":
		v.Done = "org.appoint.imported"
		v.Imported, _ = strconv.Atoi(q.Get("imported"))
	}
	return v, nil
}

// handleAppoint appoints a person to a role from the roles page, through
// the same service as the console and the workbook (3.1, 3.2.10).
func (s *Server) handleAppoint(w http.ResponseWriter, r *http.Request) error {
	form := appointForm{Role: r.FormValue("role"), Target: strings.TrimSpace(r.FormValue("target")), StaffNo: strings.TrimSpace(r.FormValue("staff_no")),
		From: strings.TrimSpace(r.FormValue("from")), To: strings.TrimSpace(r.FormValue("to")), Unavoidable: strings.TrimSpace(r.FormValue("unavoidable"))}
	ap, err := form.appointment()
	if err == nil {
		var v organisation.Verdict
		if _, v, err = s.appoint.Appoint(r.Context(), appointments.AppointerOf(currentOf(r).Principal), ap); err == nil {
			target := "/org/roles?appointed=1"
			if v.Flagged {
				target += "&flagged=" + url.QueryEscape(v.Reason)
			}
			http.Redirect(w, r, target+"#appoint", http.StatusSeeOther)
			return nil
		}
	}
	if kijun.ErrorCode(err) != kijun.EINVALID && kijun.ErrorCode(err) != kijun.EFORBIDDEN && kijun.ErrorCode(err) != kijun.ECONFLICT {
		return err
	}
	form.Error = kijun.ErrorMessage(err)
	return s.renderOrgRoles(w, r, statusOf(err), form)
}

// appointment reads the form into what the service takes; the target is a
// unit code or a system ID as the role asks.
func (f appointForm) appointment() (appointments.Appointment, error) {
	ap := appointments.Appointment{Role: organisation.Role(f.Role), StaffNo: f.StaffNo, Unavoidable: f.Unavoidable}
	spec, err := ap.Role.Spec()
	if err != nil {
		return ap, kijun.Errorf(kijun.EINVALID, "役割を選んでください")
	}
	switch spec.ScopeKind {
	case organisation.ScopeCity:
		ap.Scope = organisation.City()
	case organisation.ScopeUnit:
		ap.Scope = organisation.UnitScope(f.Target)
	case organisation.ScopeSystem:
		ap.Scope = organisation.SystemScope(f.Target)
	}
	if spec.ScopeKind != organisation.ScopeCity && f.Target == "" {
		return ap, kijun.Errorf(kijun.EINVALID, "%sには対象（組織コード又は情報システムID）を入力してください", spec.Label)
	}
	if ap.From, err = organisation.ParseDate(f.From); err != nil {
		return ap, kijun.Errorf(kijun.EINVALID, "開始日: %s", kijun.ErrorMessage(err))
	}
	if f.To != "" {
		if ap.To, err = organisation.ParseDate(f.To); err != nil {
			return ap, kijun.Errorf(kijun.EINVALID, "終了日: %s", kijun.ErrorMessage(err))
		}
	}
	return ap, nil
}

// handleEndAppointment ends an appointment on the day given.
func (s *Server) handleEndAppointment(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return kijun.Errorf(kijun.ENOTFOUND, "任命 %s はありません", r.PathValue("id"))
	}
	last, err := organisation.ParseDate(strings.TrimSpace(r.FormValue("last_day")))
	if err != nil {
		return kijun.Errorf(kijun.EINVALID, "最終日: %s", kijun.ErrorMessage(err))
	}
	if err := s.appoint.End(r.Context(), appointments.AppointerOf(currentOf(r).Principal), id, last); err != nil {
		return err
	}
	http.Redirect(w, r, "/org/roles?ended=1#appoint", http.StatusSeeOther)
	return nil
}

// handleAppointImport makes the appointments of an uploaded workbook, all
// or none, through the same service as the form and the console.
func (s *Server) handleAppointImport(w http.ResponseWriter, r *http.Request) error {
	name, data, problem := uploaded(r, "取り込むファイル（.xlsx 又は .csv）を選んでください", appointments.MaxSize+1)
	form := appointForm{importStatus: http.StatusBadRequest}
	if problem == "" {
		vs, err := s.appoint.Import(r.Context(), appointments.AppointerOf(currentOf(r).Principal), name, data, false)
		if err == nil {
			http.Redirect(w, r, "/org/roles?imported="+strconv.Itoa(len(vs))+"#appoint", http.StatusSeeOther)
			return nil
		}
		var ie *kijun.ImportError
		if !errors.As(err, &ie) && kijun.ErrorCode(err) != kijun.EINVALID && kijun.ErrorCode(err) != kijun.EFORBIDDEN {
			return err
		}
		problem, form.importStatus = kijun.ErrorMessage(err), statusOf(err)
		if ie != nil {
			form.importRows = ie.Errors
		}
	}
	form.importError = problem
	return s.renderOrgRoles(w, r, form.importStatus, form)
}
