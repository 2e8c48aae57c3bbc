package web

import (
	"errors"
	"html/template"
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

// Chapter 10's contracts (10.1.2): the list of the 課's contracts, one
// contract with its checklist, its 再委託 chain drawn as a tree (10.1.4)
// and its staff (8.3.9), and the forms. Every write goes through the
// register's service, which asks who keeps the contract's 課.

type contractListData struct {
	Form       url.Values
	Contracts  []contractors.Contract
	Total      int
	From, To   int
	Prev, Next string
	States     []contractors.State
	CanCreate  bool
	Error      string
}

func (s *Server) handleContracts(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	d := contractListData{Form: q, States: contractors.States()}
	units, problems, err := s.unitFilter(r)
	if err != nil {
		return err
	}
	f := store.ContractFilter{Units: units, Contractor: strings.TrimSpace(q.Get("contractor")), Q: strings.TrimSpace(q.Get("q")), Limit: 100}
	if st := q.Get("state"); st != "" {
		v, ok := contractors.ParseState(st)
		if !ok {
			problems = append(problems, "状態 "+st+" はありません")
		}
		f.State = v
	}
	f.Offset = offsetParam(q, &problems)
	if len(problems) > 0 {
		d.Error = strings.Join(problems, "。")
		return s.render(w, r, http.StatusBadRequest, "contracts", s.newPage(w, r, "contracts.title", d))
	}
	if d.Contracts, d.Total, err = s.db.ListContracts(r.Context(), f); err != nil {
		return err
	}
	d.From, d.To = f.Offset+1, f.Offset+len(d.Contracts)
	d.Prev, d.Next, _ = pageLinks("/contracts", q, f.Offset, f.Limit, len(d.Contracts), d.Total)
	ed, err := s.editor(r)
	if err != nil {
		return err
	}
	d.CanCreate = ed.KeepsAny()
	return s.render(w, r, http.StatusOK, "contracts", s.newPage(w, r, "contracts.title", d))
}

// linkRow is one link as the contract's page shows it.
type linkRow struct {
	Link       contractors.Link
	Chain      string
	Depth      int
	Mark       contractors.LinkMark
	FromName   string
	ToName     string
	PermitLink string
}

type contractView struct {
	Contract   contractors.Contract
	Clauses    []contractors.Clause
	Class      compliance.Class
	Links      []linkRow
	Staff      []contractors.Staff
	SVG        template.HTML
	Findings   []compliance.Finding
	History    []*records.Record
	CanEdit    bool
	Day        time.Time
	LinkForm   contractors.Link
	LinkPermit string
	StaffForm  staffForm
	LinkErrors map[string]string
	StaffErrs  map[string]string
	States     []contractors.LinkState
	End        *contractEnd    // 10.1.2ア(8)
	Checks     *contractChecks // 10.1.3
}

// staffForm is the form of a new staff member, with one identity check.
type staffForm struct {
	Staff                       contractors.Staff
	From, To, Trained           string
	CheckOn, CheckBy, CheckShow string
}

// contractView reads a contract the person may see: its 課 must be in
// their scope (8.2.1ア).
func (s *Server) contractView(r *http.Request) (*contractView, error) {
	ctx := r.Context()
	c, err := s.db.ContractEntry(ctx, r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	scope, err := s.unitScope(r)
	if err != nil {
		return nil, err
	}
	if scope != nil && !slices.Contains(scope, c.Unit) {
		return nil, kijun.Errorf(kijun.EFORBIDDEN, "この契約（所管 %s）を見る権限がありません（8.2.1ア）", c.UnitName)
	}
	v := &contractView{Contract: c, Clauses: contractors.Clauses(), Day: organisation.Day(s.db.Now()), States: contractors.LinkStates(),
		LinkErrors: map[string]string{}, StaffErrs: map[string]string{}}
	v.LinkForm = contractors.Link{From: c.Contractor, State: contractors.LinkRequested}
	v.StaffForm.Staff.Affiliation = c.Contractor
	if v.Class, err = s.db.EntrustedClass(ctx, c.ID); err != nil {
		return nil, err
	}
	links, err := s.db.Links(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	if v.Staff, err = s.db.ContractStaff(ctx, c.ID); err != nil {
		return nil, err
	}
	// The chain's facts, as the continuous checks read them.
	subjects := store.FactsScope{"contract:" + c.ID}
	for _, l := range links {
		subjects = append(subjects, "subcontract:"+l.ID)
	}
	f, err := s.db.ComplianceFacts(ctx, v.Day, subjects)
	if err != nil {
		return nil, err
	}
	facts := map[string]compliance.Link{}
	for _, l := range f.Links {
		facts[l.ID] = l
	}
	names := map[string]string{}
	ids := []string{c.Contractor}
	for _, l := range links {
		ids = append(ids, l.From, l.To)
	}
	for _, id := range ids {
		if _, ok := names[id]; !ok {
			if k, err := s.db.ContractorEntry(ctx, id); err == nil {
				names[id] = k.Name
			}
		}
	}
	mark := func(l contractors.Link) contractors.LinkMark {
		lf := facts[l.ID]
		switch {
		case l.State == contractors.LinkFound:
			return contractors.LinkMark{Label: "無承認", Bad: true}
		case l.State == contractors.LinkActive && !lf.Approved:
			return contractors.LinkMark{Label: "承認期限切れ", Bad: true}
		case l.State == contractors.LinkActive && lf.Lapsed != "":
			return contractors.LinkMark{Label: "承認済・認証切れ", Bad: true}
		}
		return contractors.LinkMark{Label: l.State.Label()}
	}
	chain := contractors.NewChain(c.Contractor, links)
	for _, l := range links {
		row := linkRow{Link: l, Chain: facts[l.ID].Chain, Depth: facts[l.ID].Depth, Mark: mark(l), FromName: names[l.From], ToName: names[l.To]}
		if l.State == contractors.LinkEnded {
			row.Mark = contractors.LinkMark{Label: l.State.Label()}
		}
		if l.Permit != 0 {
			row.PermitLink = "/permits/" + strconv.FormatInt(l.Permit, 10)
		}
		v.Links = append(v.Links, row)
	}
	v.SVG = template.HTML(contractors.ChainSVG(chain, names, mark)) // escaped inside ChainSVG
	rs, err := s.monitor.Rules(ctx)
	if err != nil {
		return nil, err
	}
	if v.Findings, err = rs.Check(f); err != nil {
		return nil, err
	}
	if v.End, err = s.contractEnd(ctx, c); err != nil {
		return nil, err
	}
	if v.Checks, err = s.contractChecks(ctx, c); err != nil {
		return nil, err
	}
	if v.History, err = s.db.Records(ctx, store.RecordFilter{Entity: "contract", EntityID: c.ID, Limit: 50}); err != nil {
		return nil, err
	}
	if v.CanEdit, err = s.mayEditUnit(r, c.Unit); err != nil {
		return nil, err
	}
	return v, nil
}

func (s *Server) handleContract(w http.ResponseWriter, r *http.Request) error {
	v, err := s.contractView(r)
	if err != nil {
		return err
	}
	return s.renderContract(w, r, http.StatusOK, v)
}

func (s *Server) renderContract(w http.ResponseWriter, r *http.Request, status int, v *contractView) error {
	p := s.newPage(w, r, "contracts.title", v)
	p.Title = v.Contract.Name
	return s.render(w, r, status, "contract", p)
}

type contractFormData struct {
	Contract contractors.Contract
	Clauses  []contractors.Clause
	States   []contractors.State
	Systems  string
	Assets   string
	// FromText, ToText and ExceptionText are the fields as the form holds
	// them.
	FromText, ToText, ExceptionText string
	Errors                          map[string]string
	New                             bool
	Conflict                        string
}

func newContractForm(c contractors.Contract, isNew bool) *contractFormData {
	if c.Articles == nil {
		c.Articles = map[string]string{}
	}
	d := &contractFormData{Contract: c, Clauses: contractors.Clauses(), States: contractors.States(), New: isNew,
		Systems: strings.Join(c.Systems, ", "), Assets: strings.Join(c.Assets, ", "), Errors: map[string]string{},
		FromText: formDate(c.From), ToText: formDate(c.To)}
	if c.Exception != 0 {
		d.ExceptionText = strconv.FormatInt(c.Exception, 10)
	}
	return d
}

func (s *Server) handleContractNew(w http.ResponseWriter, r *http.Request) error {
	c := contractors.Contract{State: contractors.StateDraft, Contractor: r.URL.Query().Get("contractor")}
	if units := currentOf(r).Principal.Units; len(units) > 0 {
		c.Unit = units[0]
	}
	return s.render(w, r, http.StatusOK, "contract_form", s.newPage(w, r, "contracts.new.title", newContractForm(c, true)))
}

func (s *Server) handleContractEdit(w http.ResponseWriter, r *http.Request) error {
	c, err := s.db.ContractEntry(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if ok, err := s.mayEditUnit(r, c.Unit); err != nil || !ok {
		return errOr(err, kijun.Errorf(kijun.EFORBIDDEN, "所管課 %s の契約を変更する権限がありません（8.2.1ア）", c.UnitName))
	}
	return s.render(w, r, http.StatusOK, "contract_form", s.newPage(w, r, "contracts.edit.title", newContractForm(c, false)))
}

// splitIDs reads IDs separated by commas, 、 or spaces.
func splitIDs(v string) []string {
	return strings.FieldsFunc(v, func(r rune) bool { return strings.ContainsRune(",、， \u3000;；", r) })
}

func contractFromForm(r *http.Request) (contractors.Contract, map[string]string) {
	errs := map[string]string{}
	val := func(k string) string { return strings.TrimSpace(r.FormValue(k)) }
	c := contractors.Contract{ID: val("id"), Name: val("name"), Unit: val("unit"), Contractor: val("contractor"),
		From: formDay(r, contractors.FieldFrom, errs), To: formDay(r, contractors.FieldTo, errs), State: contractors.State(val("state")),
		MyNumber: r.FormValue("my_number") == "1", Systems: splitIDs(val("systems")), Assets: splitIDs(val("assets")), Articles: map[string]string{}}
	for _, cl := range contractors.Clauses() {
		if v := val(contractors.FieldArticle(cl.Key)); v != "" {
			c.Articles[cl.Key] = v
		}
	}
	if v := val(contractors.FieldException); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			errs[contractors.FieldException] = "例外措置は申請番号（数字）で入力してください"
		}
		c.Exception = n
	}
	c.Version, _ = strconv.Atoi(r.FormValue("version"))
	return c, errs
}

// handleContractSave adds (POST /contracts) or changes (POST
// /contracts/{id}) a contract, then re-checks it and its chain.
func (s *Server) handleContractSave(w http.ResponseWriter, r *http.Request) error {
	isNew := r.PathValue("id") == ""
	c, errs := contractFromForm(r)
	if !isNew {
		c.ID = r.PathValue("id")
	}
	d := newContractForm(c, isNew)
	d.Systems, d.Assets, d.Errors = r.FormValue("systems"), r.FormValue("assets"), errs
	d.FromText, d.ToText, d.ExceptionText = r.FormValue("from"), r.FormValue("to"), r.FormValue("exception")
	title := map[bool]string{true: "contracts.new.title", false: "contracts.edit.title"}[isNew]
	if len(errs) == 0 {
		ed, err := s.editor(r)
		if err != nil {
			return err
		}
		var saved contractors.Contract
		if isNew {
			saved, err = s.registers.Contractors.CreateContract(r.Context(), ed, c)
		} else {
			saved, err = s.registers.Contractors.UpdateContract(r.Context(), ed, c)
		}
		if ok, err := formResult(err, d.Errors, &d.Conflict); err != nil {
			return err
		} else if ok {
			subjects := []string{"contract:" + saved.ID}
			if links, err := s.db.Links(r.Context(), saved.ID); err == nil {
				for _, l := range links {
					subjects = append(subjects, "subcontract:"+l.ID)
				}
			}
			s.recheck(r, subjects...)
			http.Redirect(w, r, "/contracts/"+url.PathEscape(saved.ID)+"?saved=1", http.StatusSeeOther)
			return nil
		}
	}
	return s.render(w, r, statusOfForm(d.Conflict), "contract_form", s.newPage(w, r, title, d))
}

// handleLinkSave adds a 再委託 link to the contract (POST
// /contracts/{id}/links) or changes one (POST /contracts/{id}/links/{lid}):
// a loop, a link to itself or a link put in force without approval is
// refused beside its field on the contract's page.
func (s *Server) handleLinkSave(w http.ResponseWriter, r *http.Request) error {
	val := func(k string) string { return strings.TrimSpace(r.FormValue(k)) }
	l := contractors.Link{ID: val("id"), Contract: r.PathValue("id"), From: val(contractors.FieldGiver), To: val(contractors.FieldReceiver),
		Part: val(contractors.FieldPart), State: contractors.LinkState(val("state"))}
	errs := map[string]string{}
	if v := val(contractors.FieldPermit); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			errs[contractors.FieldPermit] = "承認は申請番号（数字）で入力してください"
		}
		l.Permit = n
	}
	l.Version, _ = strconv.Atoi(r.FormValue("version"))
	isNew := r.PathValue("lid") == ""
	if !isNew {
		l.ID = r.PathValue("lid")
	}
	if len(errs) == 0 {
		ed, err := s.editor(r)
		if err != nil {
			return err
		}
		if isNew {
			_, err = s.registers.Contractors.CreateLink(r.Context(), ed, l)
		} else {
			_, err = s.registers.Contractors.UpdateLink(r.Context(), ed, l)
		}
		var fe *kijun.FieldErrors
		switch {
		case errors.As(err, &fe):
			for _, f := range fe.Fields {
				errs[f.Field] = f.Message
			}
		case err != nil && kijun.ErrorCode(err) != kijun.ECONFLICT:
			return err
		case err != nil:
			errs["link"] = kijun.ErrorMessage(err)
		default:
			s.recheck(r, "subcontract:"+l.ID)
			http.Redirect(w, r, "/contracts/"+url.PathEscape(l.Contract)+"?saved=1#links-h", http.StatusSeeOther)
			return nil
		}
	}
	v, err := s.contractView(r)
	if err != nil {
		return err
	}
	if isNew {
		v.LinkForm, v.LinkErrors, v.LinkPermit = l, errs, r.FormValue(contractors.FieldPermit)
	} else { // the refusal stands beside the link's own row
		v.LinkErrors["link_"+l.ID] = strings.Join(slices.Collect(mapValues(errs)), " ")
	}
	return s.renderContract(w, r, http.StatusBadRequest, v)
}

// mapValues yields the values of m in the order of their keys.
func mapValues(m map[string]string) func(func(string) bool) {
	return func(yield func(string) bool) {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			if !yield(m[k]) {
				return
			}
		}
	}
}

// handleStaffSave adds a staff member to the contract, with the identity
// check made before their work (8.3.9).
func (s *Server) handleStaffSave(w http.ResponseWriter, r *http.Request) error {
	val := func(k string) string { return strings.TrimSpace(r.FormValue(k)) }
	errs := map[string]string{}
	st := contractors.Staff{ID: val("staff_id"), Contract: r.PathValue("id"), Name: val("staff_name"), Affiliation: val(contractors.FieldAffiliation),
		Workplace: val(contractors.FieldWorkplace), TrainedOn: formDay(r, contractors.FieldTrainedOn, errs),
		From: formDay(r, "staff_from", errs), To: formDay(r, "staff_to", errs)}
	form := staffForm{Staff: st, From: val("staff_from"), To: val("staff_to"), Trained: val(contractors.FieldTrainedOn),
		CheckOn: val("check_on"), CheckBy: val("check_by"), CheckShow: val("check_shown")}
	if form.CheckOn != "" || form.CheckBy != "" || form.CheckShow != "" {
		st.Checks = []contractors.IdentityCheck{{On: formDay(r, "check_on", errs), Checker: form.CheckBy, Shown: form.CheckShow}}
	}
	if len(errs) == 0 {
		ed, err := s.editor(r)
		if err != nil {
			return err
		}
		_, err = s.registers.Contractors.CreateStaff(r.Context(), ed, st)
		var fe *kijun.FieldErrors
		switch {
		case errors.As(err, &fe):
			for _, f := range fe.Fields {
				field := f.Field
				switch field {
				case contractors.FieldID:
					field = "staff_id"
				case contractors.FieldName:
					field = "staff_name"
				case contractors.FieldFrom, contractors.FieldTo:
					field = "staff_" + field
				case contractors.FieldChecks:
					field = "check_on"
				}
				errs[field] = f.Message
			}
		case err != nil:
			return err
		default:
			s.recheck(r, "contract:"+st.Contract)
			http.Redirect(w, r, "/contracts/"+url.PathEscape(st.Contract)+"?saved=1#staff-h", http.StatusSeeOther)
			return nil
		}
	}
	v, err := s.contractView(r)
	if err != nil {
		return err
	}
	v.StaffForm, v.StaffErrs = form, errs
	return s.renderContract(w, r, http.StatusBadRequest, v)
}
