package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"kijun/internal/access"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/stocktake"
)

// takerOf is the stocktake's gate for the signed-in person (9.2.2): the
// 課 they are 情報管理者 or 情報責任者 of run it, the 課 they work in
// count; the CISO's office runs any, the audit director and an
// administrator read all.
func takerOf(p *access.Principal) stocktake.Taker {
	t := stocktake.Taker{StaffNo: p.StaffNo, City: p.CityOffice(), Reader: p.Auditor() || p.Admin, Manages: map[string]bool{}, Units: map[string]bool{}}
	for _, u := range p.Units {
		t.Units[u] = true
	}
	for _, a := range p.Roles {
		if a.Holder.Scope.Kind == organisation.ScopeUnit && (a.Holder.Role == organisation.RoleInfoManager || a.Holder.Role == organisation.RoleInfoOfficer) {
			t.Manages[a.Holder.Scope.ID] = true
		}
	}
	return t
}

// stocktakesData is what the list of stocktakes shows.
type stocktakesData struct {
	Stocktakes []stocktake.Stocktake
	// Units are the 課 the person may start a stocktake of; the CISO's
	// office types a code.
	Units  []string
	City   bool
	Unit   string
	Title  string
	Errors map[string]string
}

// handleStocktakes lists the stocktakes the person sees, with the form to
// start one for those who may (9.2.2).
func (s *Server) handleStocktakes(w http.ResponseWriter, r *http.Request) error {
	return s.renderStocktakes(w, r, http.StatusOK, &stocktakesData{Errors: map[string]string{}})
}

func (s *Server) renderStocktakes(w http.ResponseWriter, r *http.Request, status int, d *stocktakesData) error {
	t := takerOf(currentOf(r).Principal)
	var err error
	if d.Stocktakes, err = s.db.Stocktakes(r.Context(), t, strings.TrimSpace(r.URL.Query().Get("unit"))); err != nil {
		return err
	}
	d.City = t.City
	for u := range t.Manages {
		d.Units = append(d.Units, u)
	}
	if d.Unit == "" && len(d.Units) > 0 {
		d.Unit = d.Units[0]
	}
	return s.render(w, r, status, "stocktakes", s.newPage(w, r, "stocktake.title", d))
}

// handleStocktakeStart starts a stocktake; the service decides who may.
func (s *Server) handleStocktakeStart(w http.ResponseWriter, r *http.Request) error {
	d := &stocktakesData{Errors: map[string]string{}, Unit: strings.TrimSpace(r.FormValue("unit")), Title: r.FormValue("title")}
	st, err := s.db.StartStocktake(r.Context(), takerOf(currentOf(r).Principal), d.Unit, d.Title)
	var conflict string
	done, err := formResult(err, d.Errors, &conflict)
	if err != nil {
		return err
	}
	if done {
		http.Redirect(w, r, "/stocktakes/"+strconv.FormatInt(st.ID, 10), http.StatusSeeOther)
		return nil
	}
	return s.renderStocktakes(w, r, http.StatusBadRequest, d)
}

// stocktakeData is what the counting page shows.
type stocktakeData struct {
	S        stocktake.Stocktake
	Counts   map[stocktake.Mark]int
	MayRun   bool
	MayCount bool
	// Code, Mark and Place are the form as sent; Marked the item just
	// marked, shown at the top so the person sees the scan counted.
	Code, Place string
	Mark        stocktake.Mark
	Marked      *stocktake.Item
	Errors      map[string]string
	// Problem is why the closing was refused.
	Problem string
}

// Marks are the choices of the counting form.
func (stocktakeData) Marks() []stocktake.Mark { return stocktake.Marks() }

func (s *Server) stocktakeID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return 0, kijun.Errorf(kijun.ENOTFOUND, "利用状況調査 %q はありません", r.PathValue("id"))
	}
	return id, nil
}

// handleStocktake is the counting page, made for a phone: read a label's
// QR code with the camera where the browser can, or type the 管理番号,
// and mark the item (9.2.2).
func (s *Server) handleStocktake(w http.ResponseWriter, r *http.Request) error {
	d := &stocktakeData{Errors: map[string]string{}, Mark: stocktake.MarkFound}
	if c := r.URL.Query().Get("marked"); c != "" {
		d.Code = c
	}
	return s.renderStocktake(w, r, http.StatusOK, d)
}

func (s *Server) renderStocktake(w http.ResponseWriter, r *http.Request, status int, d *stocktakeData) error {
	id, err := s.stocktakeID(r)
	if err != nil {
		return err
	}
	t := takerOf(currentOf(r).Principal)
	if d.S, err = s.db.Stocktake(r.Context(), t, id); err != nil {
		return err
	}
	if status == http.StatusOK && d.Code != "" {
		if it, ok := d.S.Find(d.Code); ok {
			d.Marked, d.Code = &it, ""
		}
	}
	d.Counts = d.S.Counts()
	d.MayRun = t.Runs(d.S.Unit) && d.S.State == stocktake.StateOpen
	d.MayCount = t.Counts(d.S.Unit) && d.S.State == stocktake.StateOpen
	// 9.2.2: this page alone may use the camera, to read the labels'
	// QR codes; every other page keeps it off.
	w.Header().Set("Permissions-Policy", "camera=(self), microphone=(), geolocation=()")
	return s.render(w, r, status, "stocktake", s.newPage(w, r, "stocktake.one", d))
}

// handleStocktakeMark marks one item, found by the code read or typed.
func (s *Server) handleStocktakeMark(w http.ResponseWriter, r *http.Request) error {
	id, err := s.stocktakeID(r)
	if err != nil {
		return err
	}
	d := &stocktakeData{Errors: map[string]string{}, Code: r.FormValue("code"), Mark: stocktake.Mark(r.FormValue("mark")), Place: r.FormValue("place")}
	it, err := s.db.MarkStocktakeItem(r.Context(), takerOf(currentOf(r).Principal), id, d.Code, d.Mark, d.Place)
	var conflict string
	done, err := formResult(err, d.Errors, &conflict)
	if err != nil {
		return err
	}
	if done {
		http.Redirect(w, r, "/stocktakes/"+strconv.FormatInt(id, 10)+"?marked="+url.QueryEscape(it.Code())+"#count", http.StatusSeeOther)
		return nil
	}
	d.Problem = conflict
	return s.renderStocktake(w, r, statusOfForm(conflict), d)
}

// handleStocktakeClose ends the stocktake; what it opens for the missing
// items is shown on its page.
func (s *Server) handleStocktakeClose(w http.ResponseWriter, r *http.Request) error {
	id, err := s.stocktakeID(r)
	if err != nil {
		return err
	}
	_, err = s.db.CloseStocktake(r.Context(), takerOf(currentOf(r).Principal), id)
	switch kijun.ErrorCode(err) {
	case "":
		http.Redirect(w, r, "/stocktakes/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
		return nil
	case kijun.EINVALID, kijun.ECONFLICT:
		return s.renderStocktake(w, r, http.StatusBadRequest, &stocktakeData{Errors: map[string]string{}, Mark: stocktake.MarkFound, Problem: kijun.ErrorMessage(err)})
	}
	return err
}
