package web

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"kijun/internal/assets"
	"kijun/internal/devices"
	"kijun/internal/devicesheet"
	"kijun/internal/kijun"
	"kijun/internal/records"
	"kijun/internal/registers"
	"kijun/internal/sheets"
	"kijun/internal/store"
)

// registerPages serves the pages of one of chapter 6's registers: the
// list, an item, its form, import and export. The three registers differ
// only in their fields, given here.
type registerPages[T any] struct {
	base    string // "/devices"
	key     string // the prefix of its messages and templates: "devices"
	one     string // the template of one item: "device"
	holder  string // the holder kind in asset_holders: "device"
	kinds   []devices.Choice
	lacking []devices.Protection // what the list may be narrowed to lack
	sheet   *devicesheet.Register[T]
	list    func(*store.DB, context.Context, store.RegisterFilter) ([]T, int, error)
	get     func(*store.DB, context.Context, string) (T, error)
	// writer is the register's write service: every create, change and
	// import goes through it.
	writer func(*registers.Service) *registers.Register[T]
	entry  func(*T) *devices.Entry
	blank  func() T
	// fromForm reads an item from a form; fields that are not even the
	// right type are returned as errors.
	fromForm func(*http.Request) (T, map[string]string)
	// gaps are the measures the item lacks, given the class of what it
	// holds.
	gaps func(T, assets.Classification) []devices.Gap
	// listClass says the list shows each item's class (4.2オ(4)), read
	// for the page's items only.
	listClass bool
	// areaChoices says the form offers the registered managed areas to
	// choose the item's area from (6.2, 4.2カ(3)).
	areaChoices bool
}

type registerListData[T any] struct {
	Filter    store.RegisterFilter
	Form      url.Values
	Items     []T
	Total     int
	From, To  int
	Prev      string
	Next      string
	Kinds     []devices.Choice
	Lacking   []devices.Protection
	Query     string // the filter as a query string, for the export links
	Base      string
	CanCreate bool
	Error     string
	// Classes are the classes of the page's items that hold assets, by
	// item ID (4.2オ(4)); an item missing holds nothing.
	Classes map[string]store.HeldClass
}

// filter reads the list's query: every value is checked, and a wrong one
// is an EINVALID error that says which.
func (rp *registerPages[T]) filter(s *Server, r *http.Request) (store.RegisterFilter, error) {
	q := r.URL.Query()
	f := store.RegisterFilter{Q: strings.TrimSpace(q.Get("q")), Sort: q.Get("sort"), Desc: q.Get("desc") == "1", Limit: 50,
		Area: strings.TrimSpace(q.Get("area"))}
	units, problems, err := s.unitFilter(r)
	if err != nil {
		return f, err
	}
	f.Units = units
	if k := q.Get("kind"); k != "" {
		if !slices.ContainsFunc(rp.kinds, func(c devices.Choice) bool { return c.Value == k }) {
			problems = append(problems, "種類 "+k+" はありません")
		}
		f.Kind = k
	}
	if l := q.Get("lacking"); l != "" {
		if !slices.ContainsFunc(rp.lacking, func(p devices.Protection) bool { return p.Field == l }) {
			problems = append(problems, "対策 "+l+" では絞り込めません")
		}
		f.Lacking = l
	}
	f.Offset, problems = listPaging(q, f.Q, f.Sort, []string{"id", "name", "unit", "kind", "updated"}, problems)
	if len(problems) > 0 {
		return f, kijun.Errorf(kijun.EINVALID, "%s", strings.Join(problems, "。"))
	}
	return f, nil
}

// listPaging checks what every list's query has: the sort among sorts,
// the offset and the length of the search words. It returns the offset
// and problems with any new ones added.
func listPaging(q url.Values, words, sort string, sorts []string, problems []string) (int, []string) {
	if sort != "" && !slices.Contains(sorts, sort) {
		problems = append(problems, "並べ替え "+sort+" はできません")
	}
	offset := offsetParam(q, &problems)
	if len([]rune(words)) > 100 {
		problems = append(problems, "検索語は 100 文字以内にしてください")
	}
	return offset, problems
}

// handleList lists the register: filtered, sorted and a page at a time.
func (rp *registerPages[T]) handleList(s *Server) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		q := r.URL.Query()
		d := registerListData[T]{Form: q, Kinds: rp.kinds, Lacking: rp.lacking, Base: rp.base}
		p := currentOf(r).Principal
		d.CanCreate = len(p.Units) > 0 || p.CityOffice() || p.Admin
		f, err := rp.filter(s, r)
		if err != nil {
			d.Error = kijun.ErrorMessage(err)
			return s.render(w, r, http.StatusBadRequest, rp.key, s.newPage(w, r, rp.key+".title", d))
		}
		d.Filter = f
		if d.Items, d.Total, err = rp.list(s.db, r.Context(), f); err != nil {
			return err
		}
		if rp.listClass {
			if d.Classes, err = rp.classes(s, r, d.Items); err != nil {
				return err
			}
		}
		d.From, d.To = f.Offset+1, f.Offset+len(d.Items)
		d.Prev, d.Next, d.Query = pageLinks(rp.base, q, f.Offset, f.Limit, len(d.Items), d.Total)
		return s.render(w, r, http.StatusOK, rp.key, s.newPage(w, r, rp.key+".title", d))
	}
}

// classes reads the class of each of items from what it holds, keyed by
// item ID.
func (rp *registerPages[T]) classes(s *Server, r *http.Request, items []T) (map[string]store.HeldClass, error) {
	holders := make([]string, len(items))
	for i := range items {
		holders[i] = rp.holder + ":" + rp.entry(&items[i]).ID
	}
	byHolder, err := s.db.HolderClasses(r.Context(), holders)
	if err != nil {
		return nil, err
	}
	out := make(map[string]store.HeldClass, len(byHolder))
	for h, c := range byHolder {
		out[strings.TrimPrefix(h, rp.holder+":")] = c
	}
	return out, nil
}

// pageLinks returns the links to the previous and next pages of a list at
// base, and the query without its offset, for export links.
func pageLinks(base string, q url.Values, offset, limit, shown, total int) (prev, next, query string) {
	v := url.Values{}
	for k, vs := range q {
		if k != "offset" {
			v[k] = vs
		}
	}
	page := func(o int) string {
		v.Set("offset", strconv.Itoa(o))
		defer v.Del("offset")
		return base + "?" + v.Encode()
	}
	if offset > 0 {
		prev = page(max(offset-limit, 0))
	}
	if offset+shown < total {
		next = page(offset + limit)
	}
	return prev, next, v.Encode()
}

type registerItemView[T any] struct {
	Item T
	// Protections are the protections a device may have, for its page.
	Protections []devices.Protection
	Holder      string
	Class       assets.Classification
	Held        int
	Gaps        []devices.Gap
	History     []*records.Record
	CanEdit     bool
	Base        string
}

// view reads one item the signed-in person may see, with the class of
// what it holds (4.2オ(4)), what it lacks and its history.
func (rp *registerPages[T]) view(s *Server, r *http.Request) (*registerItemView[T], error) {
	ctx := r.Context()
	item, err := rp.get(s.db, ctx, r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	e := rp.entry(&item)
	scope, err := s.unitScope(r)
	if err != nil {
		return nil, err
	}
	if scope != nil && !slices.Contains(scope, e.Unit) {
		return nil, kijun.Errorf(kijun.EFORBIDDEN, "この台帳の項目（所管 %s）を見る権限がありません（8.2.1ア）", e.UnitName)
	}
	v := &registerItemView[T]{Item: item, Holder: rp.holder + ":" + e.ID, Base: rp.base, Protections: devices.ProtectionList()}
	if v.Class, v.Held, err = s.db.HolderClass(ctx, v.Holder); err != nil {
		return nil, err
	}
	v.Gaps = rp.gaps(item, v.Class)
	if v.History, err = s.db.Records(ctx, store.RecordFilter{Entity: rp.holder, EntityID: e.ID, Limit: 50}); err != nil {
		return nil, err
	}
	if v.CanEdit, err = s.mayEditUnit(r, e.Unit); err != nil {
		return nil, err
	}
	return v, nil
}

func (rp *registerPages[T]) handleShow(s *Server) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		v, err := rp.view(s, r)
		if err != nil {
			return err
		}
		p := s.newPage(w, r, rp.key+".title", v)
		p.Title = rp.entry(&v.Item).Name
		return s.render(w, r, http.StatusOK, rp.one, p)
	}
}

type registerFormData[T any] struct {
	Item        T
	Errors      map[string]string
	New         bool
	Kinds       []devices.Choice
	Protections []devices.Protection
	// States are the states a device or medium may take (6.1.7, 9.2.1).
	States []devices.Choice
	// PeopleText is an area's people as typed, one per line.
	PeopleText string
	// Areas are the registered managed areas, offered for the item's
	// area.
	Areas    []devices.Area
	Conflict string
	Base     string
}

func (rp *registerPages[T]) form(s *Server, r *http.Request, item T, isNew bool) (*registerFormData[T], error) {
	d := &registerFormData[T]{Item: item, New: isNew, Kinds: rp.kinds, Protections: devices.ProtectionList(), States: devices.States(), Errors: map[string]string{}, Base: rp.base}
	if a, ok := any(item).(devices.Area); ok {
		d.PeopleText = strings.Join(a.People, "\n")
	}
	if rp.areaChoices {
		// Every area is offered, not only those of the person's 課: a
		// 局's media storage room is kept by one 課 for all of them. The
		// choice shows only an area's ID, name and kind; who may enter and
		// how stay on the area's page, which is scoped. A city has tens of
		// managed areas, so one page of 500 holds them all.
		var err error
		if d.Areas, _, err = s.db.ListAreas(r.Context(), store.RegisterFilter{Sort: "name", Limit: 500}); err != nil {
			return nil, err
		}
	}
	return d, nil
}

func (rp *registerPages[T]) handleNew(s *Server) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		item := rp.blank()
		if units := currentOf(r).Principal.Units; len(units) > 0 {
			rp.entry(&item).Unit = units[0]
		}
		d, err := rp.form(s, r, item, true)
		if err != nil {
			return err
		}
		return s.render(w, r, http.StatusOK, rp.one+"_form", s.newPage(w, r, rp.key+".new.title", d))
	}
}

func (rp *registerPages[T]) handleEdit(s *Server) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		item, err := rp.get(s.db, r.Context(), r.PathValue("id"))
		if err != nil {
			return err
		}
		if err := rp.mayEdit(s, r, item); err != nil {
			return err
		}
		d, err := rp.form(s, r, item, false)
		if err != nil {
			return err
		}
		return s.render(w, r, http.StatusOK, rp.one+"_form", s.newPage(w, r, rp.key+".edit.title", d))
	}
}

func (rp *registerPages[T]) mayEdit(s *Server, r *http.Request, item T) error {
	e := rp.entry(&item)
	if ok, err := s.mayEditUnit(r, e.Unit); err != nil || !ok {
		return errOr(err, kijun.Errorf(kijun.EFORBIDDEN, "所管課 %s の台帳を変更する権限がありません（8.2.1ア）", e.UnitName))
	}
	return nil
}

// handleSave adds (POST base) or changes (POST base/{id}) an item from
// the form, through the register's service, which decides who may. Every
// wrong field is shown beside it; a change someone else made first is
// shown, not overwritten.
func (rp *registerPages[T]) handleSave(s *Server) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		isNew := r.PathValue("id") == ""
		item, formErrs := rp.fromForm(r)
		if !isNew {
			rp.entry(&item).ID = r.PathValue("id")
		}
		ed, err := s.editor(r)
		if err != nil {
			return err
		}
		d, err := rp.form(s, r, item, isNew)
		if err != nil {
			return err
		}
		for f, m := range formErrs {
			d.Errors[f] = m
		}
		title := rp.key + ".edit.title"
		if isNew {
			title = rp.key + ".new.title"
		}
		if len(d.Errors) == 0 {
			var saved T
			if isNew {
				saved, err = rp.writer(s.registers).Create(r.Context(), ed, item)
			} else {
				saved, err = rp.writer(s.registers).Update(r.Context(), ed, item)
			}
			if ok, err := formResult(err, d.Errors, &d.Conflict); err != nil {
				return err
			} else if ok {
				s.recheck(r, rp.one+":"+rp.entry(&saved).ID)
				http.Redirect(w, r, rp.base+"/"+url.PathEscape(rp.entry(&saved).ID)+"?saved=1", http.StatusSeeOther)
				return nil
			}
		}
		return s.render(w, r, statusOfForm(d.Conflict), rp.one+"_form", s.newPage(w, r, title, d))
	}
}

// importer is the register's import page.
func (rp *registerPages[T]) importer(s *Server) sheetImport {
	return sheetImport{titleKey: rp.key + ".import.title", action: rp.base + "/import", template: rp.base + "/template.xlsx", maxSize: devicesheet.MaxSize,
		run: rp.writer(s.registers).Import}
}

// handleExport downloads the visible register, as filtered, as .xlsx or
// CSV.
func (rp *registerPages[T]) handleExport(s *Server) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		f, err := rp.filter(s, r)
		if err != nil {
			return err
		}
		format := r.URL.Query().Get("format")
		if format == "" {
			format = sheets.XLSX
		}
		return download(w, rp.sheet.File, format, func(w io.Writer) error { return rp.sheet.Export(r.Context(), s.db, f, format, w) })
	}
}

func (rp *registerPages[T]) handleTemplate(w http.ResponseWriter, r *http.Request) error {
	return download(w, rp.sheet.File+"-template", sheets.XLSX, rp.sheet.WriteTemplate)
}

// routes are the register's pages, in the order routes.go lists them.
func (rp *registerPages[T]) routes(s *Server) []route {
	page := func(pattern string, h handler) route { return route{pattern: pattern, rule: ruleStaff, page: h} }
	imp := rp.importer(s)
	return []route{
		page("GET "+rp.base, rp.handleList(s)),
		page("GET "+rp.base+"/new", rp.handleNew(s)),
		page("POST "+rp.base, rp.handleSave(s)),
		page("GET "+rp.base+"/import", s.importForm(imp)),
		page("POST "+rp.base+"/import", s.importFile(imp)),
		page("GET "+rp.base+"/export", rp.handleExport(s)),
		page("GET "+rp.base+"/template.xlsx", rp.handleTemplate),
		page("GET "+rp.base+"/{id}", rp.handleShow(s)),
		page("GET "+rp.base+"/{id}/edit", rp.handleEdit(s)),
		page("POST "+rp.base+"/{id}", rp.handleSave(s)),
	}
}

// registerKind makes a kind's devices.Choice value the kind of the
// register at base (devices, media or areas), so page.L can name it in
// the page's language.
func registerKind(base, v string) interface{ Label() string } {
	switch base {
	case "/media":
		return devices.MediumKind(v)
	case "/areas":
		return devices.AreaKind(v)
	}
	return devices.DeviceKind(v)
}
