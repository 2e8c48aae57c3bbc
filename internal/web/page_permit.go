package web

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/permits"
	"kijun/internal/store"
)

// permitData is a request's page: its fields, the clauses it serves, its
// timeline, who must act, and the forms the reader may use now.
type permitData struct {
	store.RequestView
	T       *permits.Type
	Catalog *store.CatalogInfo
	// Cites names the type's clauses as the city's standard in force
	// cites them through its alignment.
	Cites map[string]*citation
	// What the reader may do now.
	Decider     *store.PendingApprover
	OwnRequest  bool // the reader decides their own request: 3.2.10ア applies
	CanSubmit   bool
	CanRecord   bool // approved: the record that must follow
	CanReturn   bool // taken out: the return
	CanReport   bool // 9.5.2: carried out, to be reported
	CanCarry    bool // 9.5.2: record the measure taken
	CanWithdraw bool
	CanCorrect  bool
	// RecordFields are the form of the record or the return.
	RecordFields []permitField
	RecordFiles  []permitAttachment
	Fields       []permitField     // the request's fields with their values
	Labels       map[string]string // field key -> label, for the timeline's records
	UnitName     string            // the name of the request's 課
	Errors       map[string]string
	Form         url.Values
	Problem      string
	Done         string
}

func (s *Server) permitView(r *http.Request) (store.RequestView, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return store.RequestView{}, kijun.Errorf(kijun.ENOTFOUND, "申請 %q はありません", r.PathValue("id"))
	}
	v, err := s.permits.Get(r.Context(), id)
	if err != nil {
		return v, err
	}
	if !mayViewPermit(currentOf(r).Principal, v) {
		return v, kijun.Errorf(kijun.EFORBIDDEN, "申請 %d を見られるのは、申請者、決裁する者、所管課の情報管理者と CISO 室です（8.2.1ア）", id)
	}
	return v, nil
}

// handlePermit shows a request.
func (s *Server) handlePermit(w http.ResponseWriter, r *http.Request) error {
	v, err := s.permitView(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	problem := ""
	if q.Get("problem") == "noapprover" {
		// Said again from the data, never from the query string.
		if err := s.permits.ApproverProblem(r.Context(), v.ID); err != nil {
			problem = kijun.ErrorMessage(err)
		}
	}
	return s.renderPermit(w, r, http.StatusOK, v, "permit", nil, url.Values{}, problem, q.Get("done"))
}

// handlePermitPrint shows a request for paper: its fields, its timeline
// and the decisions with their stamps' names.
func (s *Server) handlePermitPrint(w http.ResponseWriter, r *http.Request) error {
	v, err := s.permitView(r)
	if err != nil {
		return err
	}
	return s.renderPermit(w, r, http.StatusOK, v, "permit_print", nil, url.Values{}, "", "")
}

func (s *Server) renderPermit(w http.ResponseWriter, r *http.Request, status int, v store.RequestView, tmpl string, errs map[string]string, form url.Values, problem, done string) error {
	t := s.permits.Registry().Type(v.Type)
	if t == nil {
		return kijun.Errorf(kijun.EINTERNAL, "request %d has unknown type %s", v.ID, v.Type)
	}
	cat, err := s.db.DefaultCatalog(r.Context())
	if err != nil && kijun.ErrorCode(err) != kijun.ENOTFOUND {
		return err
	}
	p := currentOf(r).Principal
	own := v.Requester == p.StaffNo
	if _, ok := s.msgs[langJA]["permits.done."+done]; !ok {
		done = ""
	}
	d := permitData{RequestView: v, T: t, Catalog: cat, Errors: errs, Form: form, Problem: problem, Done: done,
		Decider: permitDecider(p, v)}
	if d.Cites, err = s.permitCites(r, slices.Values(t.Clauses)); err != nil {
		return err
	}
	d.OwnRequest = d.Decider != nil && own
	if u, err := s.db.Unit(r.Context(), v.Unit, organisation.Day(s.db.Now())); err == nil {
		d.UnitName = u.Name
	}
	pg := s.newPage(w, r, "permits.request", nil)
	d.Problem = pg.permitRefusal(problem, t.Fields, permitRecordFields(t), attachmentLabels(t.AttachmentSpecs()))
	for k, e := range errs {
		errs[k] = pg.permitRefusal(e, t.Fields, permitRecordFields(t), attachmentLabels(t.AttachmentSpecs()))
	}
	d.Labels = map[string]string{}
	for _, rec := range []*permits.Record{t.Record, t.Return} {
		if rec != nil {
			for _, f := range rec.Fields {
				d.Labels[f.Key] = f.LabelIn(pg.Lang)
			}
		}
	}
	for _, f := range t.Fields {
		d.Fields = append(d.Fields, permitField{Field: f, Value: v.Fields[f.Key]})
	}
	if own {
		d.CanSubmit = v.State == permits.StateDrafted && !t.CarriedOutFirst
		d.CanCarry = v.State == permits.StateDrafted && t.CarriedOutFirst
		d.CanReport = v.State == permits.StateCarriedOut && t.CarriedOutFirst
		d.CanRecord = v.State == permits.StateApproved && t.Record != nil
		d.CanReturn = v.State == permits.StateCarriedOut && t.Return != nil
		_, werr := t.Next(v.Request, permits.ActionWithdraw)
		d.CanWithdraw = werr == nil
	}
	switch {
	case d.CanRecord:
		d.RecordFields, d.RecordFiles = formFields(t.Record.Fields, form, errs, pg), attachmentInputs(t.Record.Attachments, errs, pg)
	case d.CanReturn:
		d.RecordFields, d.RecordFiles = formFields(t.Return.Fields, form, errs, pg), attachmentInputs(t.Return.Attachments, errs, pg)
	}
	d.CanCorrect = own || d.Decider != nil
	for _, e := range v.Timeline {
		d.CanCorrect = d.CanCorrect || (p.StaffNo != "" && e.Actor == p.StaffNo)
	}
	pg.Data = d
	pg.Title = t.NameIn(pg.Lang) + " No." + strconv.FormatInt(v.ID, 10)
	return s.render(w, r, status, tmpl, pg)
}

// handlePermitAction takes a step on a request: submit, decide, record,
// return, withdraw or correct. A refusal is shown on the request's page
// with its reason; a wrong field beside the field.
func (s *Server) handlePermitAction(w http.ResponseWriter, r *http.Request) error {
	v, err := s.permitView(r)
	if err != nil {
		return err
	}
	no, err := staffNoOf(r)
	if err != nil {
		return err
	}
	if err := readPermitForm(r); err != nil {
		return err
	}
	ctx := r.Context()
	t := s.permits.Registry().Type(v.Type)
	action := r.PathValue("action")
	// The free text an action carries is checked first, whatever the
	// action: a refusal is shown beside its field below.
	if err = permits.CheckNotes(r.PostForm.Get).AsError(); err != nil {
		action = ""
	}
	switch action {
	case "": // refused above
	case "submit":
		_, err = s.permits.Submit(ctx, v.ID, no)
	case "decide":
		_, err = s.permits.Decide(ctx, v.ID, store.Decision{Approve: r.PostForm.Get("decision") == "approve", Decider: no,
			Unavoidable: r.PostForm.Get("unavoidable") != "", Reason: r.PostForm.Get("reason"),
			Judgement: r.PostForm.Get("judgement"), Note: r.PostForm.Get("note")})
		if err == nil {
			action = r.PostForm.Get("decision")
		}
	case "record", "return":
		rec := t.Record
		if action == "return" {
			rec = t.Return
		}
		var fs []permits.Field
		var files []store.Attachment
		if rec != nil {
			fs = rec.Fields
			if files, err = filesFrom(r, rec.Attachments); err != nil {
				return err
			}
		}
		_, err = s.permits.Record(ctx, v.ID, no, fieldsFrom(r.PostForm, fs), action == "return", files...)
	case "withdraw":
		_, err = s.permits.Withdraw(ctx, v.ID, no, r.PostForm.Get("reason"))
	case "close":
		_, err = s.permits.Close(ctx, v.ID, no, r.PostForm.Get("close_reason"))
	case "correct":
		err = s.permits.Correct(ctx, v.ID, no, r.PostForm.Get("note"))
	default:
		return kijun.Errorf(kijun.ENOTFOUND, "操作 %q はありません", action)
	}
	if err == nil {
		switch action {
		case "record", "return", "submit":
			// 7.1.1キ, 9.5.2: what the request owed may now be done.
			s.recheck(r, "request:"+strconv.FormatInt(v.ID, 10))
		}
		http.Redirect(w, r, "/permits/"+strconv.FormatInt(v.ID, 10)+"?done="+url.QueryEscape(action), http.StatusSeeOther)
		return nil
	}
	var fe *kijun.FieldErrors
	errs := map[string]string{}
	problem := ""
	switch code := kijun.ErrorCode(err); {
	case errors.As(err, &fe):
		for _, f := range fe.Fields {
			errs[f.Field] = f.Message
		}
		problem = kijun.ErrorMessage(err)
	case code == kijun.EINVALID || code == kijun.ECONFLICT || code == kijun.EFORBIDDEN || code == kijun.ENOTFOUND:
		problem = kijun.ErrorMessage(err)
		if code == kijun.EINVALID && action == "decide" {
			errs["reason"] = problem
		}
	default:
		return err
	}
	// Show the request as it stands now, with the refusal.
	if fresh, gerr := s.permits.Get(ctx, v.ID); gerr == nil {
		v = fresh
	}
	return s.renderPermit(w, r, statusOf(err), v, "permit", errs, r.PostForm, problem, "")
}

// handlePermitAttachment sends a request's file to those who may read the
// request, always as a download.
func (s *Server) handlePermitAttachment(w http.ResponseWriter, r *http.Request) error {
	v, err := s.permitView(r)
	if err != nil {
		return err
	}
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil {
		return kijun.Errorf(kijun.ENOTFOUND, "添付 %q はありません", r.PathValue("n"))
	}
	a, err := s.permits.Attachment(r.Context(), v.ID, n)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", a.ContentType)
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(kijun.FileName(a.Name)))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, err = w.Write(a.Data)
	return err
}
