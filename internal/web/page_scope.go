package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"kijun/internal/registers"
)

// unitScope is which units' items (assets, devices, media, areas) a
// person sees and edits: the units they work in and the units they manage; nil (every unit) for the CISO's
// office, the audit director and administrators.
func (s *Server) unitScope(r *http.Request) ([]string, error) {
	p := currentOf(r).Principal
	if p.LimitUnit != "" && p.SeesAllOfLimit {
		// A token limited to a 局 or 課 of someone who sees the city.
		subs, err := s.descendants(r, p.LimitUnit)
		return append([]string{p.LimitUnit}, subs...), err
	}
	if p.CityOffice() || p.Auditor() || p.Admin {
		return nil, nil
	}
	// Never nil: no units is none, not the whole city.
	units := append([]string{}, p.Units...)
	for _, a := range p.Roles {
		if a.Holder.Scope.Kind == "unit" {
			units = append(units, a.Holder.Scope.ID)
			// 3.1.5: a 情報責任者 manages every unit below theirs.
			subs, err := s.descendants(r, a.Holder.Scope.ID)
			if err != nil {
				return nil, err
			}
			units = append(units, subs...)
		}
	}
	slices.Sort(units)
	return slices.Compact(units), nil
}

// descendants returns the codes of the units below code today.
func (s *Server) descendants(r *http.Request, code string) ([]string, error) {
	units, err := s.db.UnitsOn(r.Context(), s.asOf(r).Value)
	if err != nil {
		return nil, err
	}
	children := map[string][]string{}
	for _, u := range units {
		children[u.Parent] = append(children[u.Parent], u.Code)
	}
	var out []string
	var walk func(string)
	walk = func(c string) {
		for _, ch := range children[c] {
			out = append(out, ch)
			walk(ch)
		}
	}
	walk(code)
	return out, nil
}

// mayEditUnit reports whether the signed-in person may change the items
// of unit in any register: a 課 edits its own. Pages ask it to offer an
// edit; the write itself is decided by package registers, which asks the
// same editor.
func (s *Server) mayEditUnit(r *http.Request, unit string) (bool, error) {
	ed, err := s.editor(r)
	if err != nil {
		return false, err
	}
	return ed.Keeps(unit), nil
}

// editor is who the signed-in person writes the registers as.
func (s *Server) editor(r *http.Request) (*registers.Editor, error) {
	return registers.EditorOf(r.Context(), s.db, currentOf(r).Principal)
}

// errOr returns err, or otherwise when err is nil: a refusal unless
// working out whether to refuse failed.
func errOr(err, otherwise error) error {
	if err != nil {
		return err
	}
	return otherwise
}

// unitFilter returns the units a register's list shows: those the signed-in
// person may see (nil for the whole city), or the one ?unit= asks for. A
// unit they may not see is a problem for the filter's error.
func (s *Server) unitFilter(r *http.Request) (units []string, problems []string, err error) {
	scope, err := s.unitScope(r)
	if err != nil {
		return nil, nil, err
	}
	if u := strings.TrimSpace(r.URL.Query().Get("unit")); u != "" {
		if scope != nil && !slices.Contains(scope, u) {
			problems = append(problems, "所管課 "+u+" の台帳は見られません")
		}
		return []string{u}, problems, nil
	}
	return scope, nil, nil
}

// offsetParam reads a list's offset from its query: 0 when absent, and a
// problem named when it is not a whole number of 0 or more.
func offsetParam(q url.Values, problems *[]string) int {
	o := q.Get("offset")
	if o == "" {
		return 0
	}
	n, err := strconv.Atoi(o)
	if err != nil || n < 0 {
		*problems = append(*problems, "offset は 0 以上の整数にしてください")
		return 0
	}
	return n
}
