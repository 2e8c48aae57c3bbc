package web

import (
	"cmp"
	"errors"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"kijun/internal/access"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/permits"
	"kijun/internal/store"
)

// permitsData is the page of a person's own requests and what needs them.
type permitsData struct {
	Mine  []permitRow
	Inbox store.Inbox
	Rows  []permitRow // the inbox's requests to decide, with their types
	Todo  []permitRow // the person's requests awaiting their record, return or report
	Late  []permitRow // taken-out assets not returned in time (7.1.1キ)
	// Flagged: approved by their own requester as unavoidable (3.2.10ア),
	// shown to the CISO's office.
	Flagged []permitRow
	Office  bool
	// Waiting draws Rows by how long each has waited.
	Waiting *chartView
}

// permitRow is a request in a list, with its type.
type permitRow struct {
	permits.Request
	T      *permits.Type
	Acting organisation.Acting
}

func (s *Server) permitRows(rs []permits.Request) []permitRow {
	out := make([]permitRow, 0, len(rs))
	for _, r := range rs {
		out = append(out, permitRow{Request: r, T: s.permits.Registry().Type(r.Type)})
	}
	return out
}

func staffNoOf(r *http.Request) (string, error) {
	p := currentOf(r).Principal
	if p.StaffNo == "" {
		return "", kijun.Errorf(kijun.EFORBIDDEN, "申請・承認には職員番号のある利用者でログインしてください")
	}
	return p.StaffNo, nil
}

// handlePermits shows a person's requests, newest first.
func (s *Server) handlePermits(w http.ResponseWriter, r *http.Request) error {
	// A principal without a 職員番号 (an administrator's ID) has no requests.
	no := currentOf(r).Principal.StaffNo
	mine, err := s.permits.Mine(r.Context(), no, 200)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "permits", s.newPage(w, r, "permits.title", permitsData{Mine: s.permitRows(mine)}))
}

// handlePermitInbox shows what needs the person: requests to decide, the
// longest waiting first, and their own requests awaiting a record, a
// return or a report.
func (s *Server) handlePermitInbox(w http.ResponseWriter, r *http.Request) error {
	no := currentOf(r).Principal.StaffNo
	ctx := r.Context()
	now := s.db.Now()
	in, err := s.permits.Inbox(ctx, no, organisation.Day(now), 200)
	if err != nil {
		return err
	}
	d := permitsData{Inbox: in, Todo: s.permitRows(in.ToRecord)}
	for _, it := range in.ToDecide {
		d.Rows = append(d.Rows, permitRow{Request: it.Request, T: s.permits.Registry().Type(it.Type), Acting: it.Acting})
	}
	// Late returns: the person's own, those of the 課 they manage as its
	// 情報管理者, or the whole city's for the CISO's office.
	p := currentOf(r).Principal
	who := store.LateFor{City: p.CityOffice(), Requester: no}
	for _, a := range p.Roles {
		if a.Holder.Role == organisation.RoleInfoManager && a.Holder.Scope.Kind == organisation.ScopeUnit {
			who.Units = append(who.Units, a.Holder.Scope.ID)
		}
	}
	late, err := s.permits.Overdue(ctx, now, who)
	if err != nil {
		return err
	}
	d.Late = s.permitRows(late)
	if d.Office = p.CityOffice() || p.Auditor(); d.Office {
		fl, err := s.permits.Flagged(ctx, 100)
		if err != nil {
			return err
		}
		d.Flagged = s.permitRows(fl)
	}
	pg := s.newPage(w, r, "permits.inbox", &d)
	var waiting []time.Time
	for _, it := range d.Rows {
		waiting = append(waiting, it.SubmittedAt)
	}
	d.Waiting = waitingChart(pg, now, waiting)
	return s.render(w, r, http.StatusOK, "permits_inbox", pg)
}

// permitTypesData lists the request types a person may file.
type permitTypesData struct {
	Types   []*permits.Type
	Catalog *store.CatalogInfo
	Cites   map[string]*citation
}

// handlePermitTypes lists the request types, each with its purpose and
// the clauses it serves.
func (s *Server) handlePermitTypes(w http.ResponseWriter, r *http.Request) error {
	cat, err := s.db.DefaultCatalog(r.Context())
	if err != nil && kijun.ErrorCode(err) != kijun.ENOTFOUND {
		return err
	}
	types, err := s.fileableTypes(r)
	if err != nil {
		return err
	}
	cites, err := s.permitCites(r, func(yield func(string) bool) {
		for _, t := range types {
			for _, c := range t.Clauses {
				if !yield(c) {
					return
				}
			}
		}
	})
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "permit_types", s.newPage(w, r, "permits.new", permitTypesData{Types: types, Catalog: cat, Cites: cites}))
}

// fileableTypes are the request types the person may file (by the roles
// they hold on the day), the ones they file most first, then those the
// city filed most in the last year, then in the registry's order.
func (s *Server) fileableTypes(r *http.Request) ([]*permits.Type, error) {
	p := currentOf(r).Principal
	var roles []organisation.Role
	for _, a := range p.Roles {
		roles = append(roles, a.Holder.Role)
	}
	use, err := s.permits.PermitTypeUse(r.Context(), p.StaffNo, s.db.Now().AddDate(-1, 0, 0))
	if err != nil {
		return nil, err
	}
	var out []*permits.Type
	for _, t := range s.permits.Registry().Types() {
		if t.CanRequest(roles) {
			out = append(out, t)
		}
	}
	slices.SortStableFunc(out, func(a, b *permits.Type) int {
		return cmp.Or(cmp.Compare(use.Mine[b.Key], use.Mine[a.Key]), cmp.Compare(use.City[b.Key], use.City[a.Key]))
	})
	return out, nil
}

// permitField is one generated form field: what it is for, the clause
// that asks for it, its value and its error.
type permitField struct {
	permits.Field
	Name, Value, Error string
	Lang               string // the UI's language, for LabelIn and HelpIn
	pg                 *page
}

// T is the page's message for key, in the UI's language, for the words
// the field's template adds around its declared texts.
func (f permitField) T(key string) string { return f.pg.T(key) }

// permitFormData is a request type's form.
type permitFormData struct {
	T       *permits.Type
	Fields  []permitField
	Files   []permitAttachment
	From    permitField
	To      permitField
	Problem string
	Catalog *store.CatalogInfo
	Cites   map[string]*citation
}

func formFields(fs []permits.Field, form url.Values, errs map[string]string, pg *page) []permitField {
	out := make([]permitField, len(fs))
	for i, f := range fs {
		out[i] = permitField{Field: f, Name: "f_" + f.Key, Value: form.Get("f_" + f.Key), Error: pg.permitRefusal(errs[f.Key], fs), Lang: pg.Lang, pg: pg}
	}
	return out
}

// handlePermitForm shows the form of a request type, generated from its
// declared fields.
func (s *Server) handlePermitForm(w http.ResponseWriter, r *http.Request) error {
	return s.renderPermitForm(w, r, http.StatusOK, r.URL.Query(), nil, "")
}

func (s *Server) renderPermitForm(w http.ResponseWriter, r *http.Request, status int, form url.Values, errs map[string]string, problem string) error {
	t := s.permits.Registry().Type(form.Get("type"))
	if t == nil {
		return kijun.Errorf(kijun.ENOTFOUND, "申請の種類 %q はありません", form.Get("type"))
	}
	cat, err := s.db.DefaultCatalog(r.Context())
	if err != nil && kijun.ErrorCode(err) != kijun.ENOTFOUND {
		return err
	}
	p := s.newPage(w, r, "permits.form", nil)
	d := permitFormData{T: t, Fields: formFields(t.Fields, form, errs, p), Files: attachmentInputs(t.Attachments, errs, p), Problem: p.permitRefusal(problem, t.Fields, attachmentLabels(t.AttachmentSpecs())), Catalog: cat}
	if d.Cites, err = s.permitCites(r, slices.Values(t.Clauses)); err != nil {
		return err
	}
	if t.Period {
		d.From = permitField{Field: permits.Field{Key: "valid_from", Type: permits.FieldDate, Label: "開始日", Help: "許可を受ける期間の初日。",
			LabelEN: "Start date", HelpEN: "The first day of the permitted period.", Clause: t.Clauses[0], Required: true},
			Name: "valid_from", Value: form.Get("valid_from"), Error: p.permitRefusal(errs["valid_from"]), Lang: p.Lang, pg: p}
		d.To = permitField{Field: permits.Field{Key: "valid_to", Type: permits.FieldDate, Label: "終了日",
			Help:    "許可を受ける期間の末日（" + strconv.Itoa(t.MaxDays) + " 日以内）。",
			LabelEN: "End date", HelpEN: "The last day of the permitted period (at most " + strconv.Itoa(t.MaxDays) + " days).",
			Clause: t.Clauses[0], Required: true},
			Name: "valid_to", Value: form.Get("valid_to"), Error: p.permitRefusal(errs["valid_to"]), Lang: p.Lang, pg: p}
	}
	p.Data = d
	p.Title = t.NameIn(p.Lang)
	return s.render(w, r, status, "permit_form", p)
}

// handlePermitFile files a request: each wrong field is shown beside it;
// a request whose approver cannot be found stays a draft and says who
// must fix the organisation data.
func (s *Server) handlePermitFile(w http.ResponseWriter, r *http.Request) error {
	if err := readPermitForm(r); err != nil {
		return err
	}
	t := s.permits.Registry().Type(r.PostForm.Get("type"))
	if t == nil {
		return kijun.Errorf(kijun.ENOTFOUND, "申請の種類 %q はありません", r.PostForm.Get("type"))
	}
	no, err := staffNoOf(r)
	if err != nil {
		return err
	}
	files, err := filesFrom(r, t.Attachments)
	if err != nil {
		return err
	}
	f := store.Filing{Type: t.Key, Requester: no, Fields: fieldsFrom(r.PostForm, t.Fields), Submit: r.PostForm.Get("draft") == "", Files: files}
	errs := map[string]string{}
	for _, k := range []string{"valid_from", "valid_to"} {
		if v := strings.TrimSpace(r.PostForm.Get(k)); v != "" {
			d, err := organisation.ParseDate(v)
			if err != nil {
				errs[k] = "日付は 2026-06-01 のように入力してください"
			}
			if k == "valid_from" {
				f.ValidFrom = d
			} else {
				f.ValidTo = d
			}
		}
	}
	if len(errs) > 0 {
		return s.renderPermitForm(w, r, http.StatusBadRequest, r.PostForm, errs, "")
	}
	req, err := s.permits.File(r.Context(), f)
	if req.ID != 0 {
		// Filed, if perhaps not submitted: the request's page says why.
		q := "?done=filed"
		if err != nil {
			q = "?problem=noapprover"
		}
		http.Redirect(w, r, "/permits/"+strconv.FormatInt(req.ID, 10)+q, http.StatusSeeOther)
		return nil
	}
	var fe *kijun.FieldErrors
	switch {
	case errors.As(err, &fe):
		for _, x := range fe.Fields {
			errs[x.Field] = x.Message
		}
		return s.renderPermitForm(w, r, http.StatusBadRequest, r.PostForm, errs, "")
	case kijun.ErrorCode(err) == kijun.EFORBIDDEN || kijun.ErrorCode(err) == kijun.ENOTFOUND:
		return s.renderPermitForm(w, r, statusOf(err), r.PostForm, errs, kijun.ErrorMessage(err))
	}
	return err
}

// readPermitForm reads a posted form, with its files when it has any.
func readPermitForm(r *http.Request) error {
	err := r.ParseMultipartForm(4 * permits.MaxAttachment)
	if errors.Is(err, http.ErrNotMultipart) {
		err = r.ParseForm()
	}
	if err != nil {
		return kijun.Errorf(kijun.EINVALID, "フォームを読めません（添付は %d MB まで）", permits.MaxAttachment>>20)
	}
	return nil
}

// filesFrom reads the declared attachments from a form ("a_" + key).
func filesFrom(r *http.Request, specs []permits.AttachmentSpec) ([]store.Attachment, error) {
	var out []store.Attachment
	for _, a := range specs {
		f, h, err := r.FormFile("a_" + a.Key)
		if errors.Is(err, http.ErrMissingFile) || errors.Is(err, http.ErrNotMultipart) {
			continue
		}
		if err != nil {
			return nil, kijun.Errorf(kijun.EINVALID, "添付 %s を読めません", a.Label)
		}
		data, err := io.ReadAll(io.LimitReader(f, permits.MaxAttachment+1))
		f.Close()
		if err != nil {
			return nil, kijun.Errorf(kijun.EINVALID, "添付 %s を読めません", a.Label)
		}
		out = append(out, store.Attachment{Key: a.Key, Name: kijun.FileName(h.Filename), ContentType: h.Header.Get("Content-Type"), Data: data})
	}
	return out, nil
}

// permitAttachment is one generated file input.
type permitAttachment struct {
	permits.AttachmentSpec
	Name, Error string
	Lang        string // the UI's language, for LabelIn and HelpIn
	pg          *page
}

// T is the page's message for key, as permitField.T.
func (a permitAttachment) T(key string) string { return a.pg.T(key) }

func attachmentInputs(specs []permits.AttachmentSpec, errs map[string]string, pg *page) []permitAttachment {
	out := make([]permitAttachment, len(specs))
	for i, a := range specs {
		out[i] = permitAttachment{AttachmentSpec: a, Name: "a_" + a.Key, Error: pg.permitRefusal(errs[a.Key], attachmentLabels(specs)), Lang: pg.Lang, pg: pg}
	}
	return out
}

// fieldsFrom reads the declared fields from a form ("f_" + key).
func fieldsFrom(form url.Values, fs []permits.Field) map[string]string {
	out := map[string]string{}
	for _, f := range fs {
		v := strings.TrimSpace(form.Get("f_" + f.Key))
		if f.Type == permits.FieldBool {
			if v != "" {
				v = "true"
			}
		}
		if v != "" {
			out[f.Key] = v
		}
	}
	return out
}

// mayViewPermit reports whether a person may read a request: its
// requester, anyone who took a step in it, those who may decide it now,
// the 情報管理者 of its 課, the city office and the audit director.
func mayViewPermit(p *access.Principal, v store.RequestView) bool {
	if p.Admin || p.CityOffice() || p.Auditor() || v.Requester == p.StaffNo || p.Acts(organisation.RoleInfoManager, organisation.UnitScope(v.Unit)) {
		return true
	}
	for _, e := range v.Timeline {
		if e.Actor == p.StaffNo || e.OnBehalfOf == p.StaffNo {
			return true
		}
	}
	for _, a := range v.Approvers {
		if a.Acting.Person.StaffNo == p.StaffNo || a.Acting.Holder.Person.StaffNo == p.StaffNo {
			return true
		}
	}
	return false
}

// permitDecider reports whether the person may decide the request's
// pending step now, and in which alternative.
func permitDecider(p *access.Principal, v store.RequestView) *store.PendingApprover {
	if !v.State.Pending() {
		return nil
	}
	for i, a := range v.Approvers {
		if a.Missing == "" && (a.Acting.Person.StaffNo == p.StaffNo || a.Acting.Holder.Person.StaffNo == p.StaffNo) {
			return &v.Approvers[i]
		}
	}
	return nil
}
