package web

import (
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"kijun/internal/contractors"
	"kijun/internal/contractorsheet"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/records"
	"kijun/internal/sheets"
	"kijun/internal/store"
)

// Chapter 10's register of 委託事業者 (10.1.1): the list, one contractor,
// and its form. A contractor is the city's: every member of staff reads
// the register, and the service decides who may write (a 課 with a
// contract it is in).

type contractorListData struct {
	Form        url.Values
	Contractors []contractors.Contractor
	Total       int
	From, To    int
	Prev, Next  string
	Day         time.Time
	CanCreate   bool
}

func (s *Server) handleContractors(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	var problems []string
	f := store.ContractorFilter{Q: strings.TrimSpace(q.Get("q")), Limit: 100, Offset: offsetParam(q, &problems)}
	if len(problems) > 0 {
		return kijun.Errorf(kijun.EINVALID, "%s", strings.Join(problems, "。"))
	}
	d := contractorListData{Form: q, Day: organisation.Day(s.db.Now())}
	var err error
	if d.Contractors, d.Total, err = s.db.ListContractors(r.Context(), f); err != nil {
		return err
	}
	d.From, d.To = f.Offset+1, f.Offset+len(d.Contractors)
	d.Prev, d.Next, _ = pageLinks("/contractors", q, f.Offset, f.Limit, len(d.Contractors), d.Total)
	ed, err := s.editor(r)
	if err != nil {
		return err
	}
	d.CanCreate = ed.KeepsAny()
	return s.render(w, r, http.StatusOK, "contractors", s.newPage(w, r, "contractors.title", d))
}

type contractorView struct {
	Contractor contractors.Contractor
	Day        time.Time
	Contracts  []contractors.Contract
	History    []*records.Record
	// CSIRT reads the incidents that name the contractor (10.1, 7.3).
	CSIRT     bool
	Incidents []store.ContractorIncident
}

func (s *Server) handleContractor(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	c, err := s.db.ContractorEntry(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	v := &contractorView{Contractor: c, Day: organisation.Day(s.db.Now())}
	scope, err := s.unitScope(r)
	if err != nil {
		return err
	}
	if v.Contracts, _, err = s.db.ListContracts(ctx, store.ContractFilter{Units: scope, Contractor: c.ID, Limit: 200}); err != nil {
		return err
	}
	if v.History, err = s.db.Records(ctx, store.RecordFilter{Entity: "contractor", EntityID: c.ID, Limit: 50}); err != nil {
		return err
	}
	// 10.1, 7.3: the incidents that name the contractor, for the CSIRT,
	// who reads every incident; others read only those they were told of.
	if v.CSIRT = csirt(currentOf(r).Principal); v.CSIRT {
		if v.Incidents, err = s.db.ContractorIncidents(ctx, c.ID, 100); err != nil {
			return err
		}
	}
	p := s.newPage(w, r, "contractors.title", v)
	p.Title = c.Name
	return s.render(w, r, http.StatusOK, "contractor", p)
}

type contractorFormData struct {
	Contractor contractors.Contractor
	Certs      []certRow
	// SelectionOn is the selection check's day as the date field holds it.
	SelectionOn string
	Errors      map[string]string
	New         bool
	Conflict    string
}

// certRow is one certification's line of the form.
type certRow struct {
	Kind            contractors.CertKind
	Number, Expires string
}

func newContractorForm(c contractors.Contractor, isNew bool) *contractorFormData {
	d := &contractorFormData{Contractor: c, New: isNew, Errors: map[string]string{}, SelectionOn: formDate(c.Selection.CheckedOn)}
	for _, k := range contractors.CertKinds() {
		row := certRow{Kind: k}
		for _, ct := range c.Certifications {
			if ct.Kind == k {
				row.Number, row.Expires = ct.Number, formDate(ct.Expires)
			}
		}
		d.Certs = append(d.Certs, row)
	}
	return d
}

// formDate writes a date for a form field, "" for none.
func formDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

func (s *Server) handleContractorNew(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, "contractor_form", s.newPage(w, r, "contractors.new.title", newContractorForm(contractors.Contractor{}, true)))
}

func (s *Server) handleContractorEdit(w http.ResponseWriter, r *http.Request) error {
	c, err := s.db.ContractorEntry(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "contractor_form", s.newPage(w, r, "contractors.edit.title", newContractorForm(c, false)))
}

// formDay reads an optional date field of a form into errs.
func formDay(r *http.Request, field string, errs map[string]string) time.Time {
	v := strings.TrimSpace(r.FormValue(field))
	if v == "" {
		return time.Time{}
	}
	d, err := organisation.ParseDate(v)
	if err != nil {
		errs[field] = "日付は 2026-04-01 の形で入力してください（" + v + "）"
	}
	return d
}

func contractorFromForm(r *http.Request) (contractors.Contractor, map[string]string) {
	errs := map[string]string{}
	val := func(k string) string { return strings.TrimSpace(r.FormValue(k)) }
	c := contractors.Contractor{ID: val("id"), Name: val("name"), CorporateNo: val(contractors.FieldCorporateNo), Address: val("address"), Contact: val("contact")}
	for _, k := range contractors.CertKinds() {
		num, exp := val("cert_"+string(k)+"_number"), formDay(r, "cert_"+string(k)+"_expires", errs)
		if num != "" || !exp.IsZero() {
			c.Certifications = append(c.Certifications, contractors.Certification{Kind: k, Number: num, Expires: exp})
		}
	}
	c.Selection = contractors.Selection{CheckedOn: formDay(r, contractors.FieldCheckedOn, errs), CheckedBy: val(contractors.FieldCheckedBy),
		What: val(contractors.FieldWhat), Evidence: val(contractors.FieldEvidence)}
	c.Version, _ = strconv.Atoi(r.FormValue("version"))
	return c, errs
}

// handleContractorSave adds (POST /contractors) or changes (POST
// /contractors/{id}) a contractor through the register's service.
func (s *Server) handleContractorSave(w http.ResponseWriter, r *http.Request) error {
	isNew := r.PathValue("id") == ""
	c, errs := contractorFromForm(r)
	if !isNew {
		c.ID = r.PathValue("id")
	}
	d := newContractorForm(c, isNew)
	d.Errors = errs
	title := map[bool]string{true: "contractors.new.title", false: "contractors.edit.title"}[isNew]
	if len(errs) == 0 {
		ed, err := s.editor(r)
		if err != nil {
			return err
		}
		var saved contractors.Contractor
		if isNew {
			saved, err = s.registers.Contractors.CreateContractor(r.Context(), ed, c)
		} else {
			saved, err = s.registers.Contractors.UpdateContractor(r.Context(), ed, c)
		}
		if ok, err := formResult(err, d.Errors, &d.Conflict); err != nil {
			return err
		} else if ok {
			http.Redirect(w, r, "/contractors/"+url.PathEscape(saved.ID)+"?saved=1", http.StatusSeeOther)
			return nil
		}
	}
	return s.render(w, r, statusOfForm(d.Conflict), "contractor_form", s.newPage(w, r, title, d))
}

// contractorImport is the register's import page: one workbook of four
// sheets, each row through the same service as the forms.
func (s *Server) contractorImport() sheetImport {
	return sheetImport{titleKey: "contractors.import.title", action: "/contractors/import", template: "/contractors/template.xlsx",
		maxSize: contractorsheet.MaxSize, run: s.registers.Contractors.Import}
}

// handleContractorExport downloads the register: every contractor, and
// the contracts the person may see (8.2.1ア) with their chains and staff.
func (s *Server) handleContractorExport(w http.ResponseWriter, r *http.Request) error {
	scope, err := s.unitScope(r)
	if err != nil {
		return err
	}
	return download(w, "itaku-daicho", sheets.XLSX, func(w io.Writer) error { return contractorsheet.Export(r.Context(), s.db, scope, w) })
}

func (s *Server) handleContractorTemplate(w http.ResponseWriter, r *http.Request) error {
	return download(w, "itaku-daicho-template", sheets.XLSX, contractorsheet.WriteTemplate)
}
