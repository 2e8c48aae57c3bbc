package web

import (
	"maps"
	"net/http"
	"slices"
	"strings"

	"kijun/internal/devices"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/permits"
	"kijun/internal/store"
	"kijun/internal/systems"
)

// suggestion is one choice a picker offers: the ID the field takes, the
// name a person recognises it by, and a detail that tells two alike apart
// (the 課 that keeps it, a person's post).
type suggestion struct {
	ID     string `json:"id"`
	Label  string `json:"label"`
	Detail string `json:"detail,omitempty"`
}

// suggestLimit is how many choices a picker shows at once.
const suggestLimit = 10

// suggestKinds are what the pickers can look up, by the name forms use
// in data-suggest; the permit forms name theirs by field type.
var suggestKinds = []string{"asset", "unit", "staff", "system", "device", "medium", "area", "segment", "end"}

// handleSuggest answers a picker as the person types: at most ten things
// of the kind whose ID or name contains q, only from the registers the
// person may read (the 課 they belong to or manage, or the whole city for
// the CISO's office, the auditor and administrators, as the lists).
func (s *Server) handleSuggest(w http.ResponseWriter, r *http.Request) error {
	kind := r.PathValue("kind")
	if !slices.Contains(suggestKinds, kind) {
		return kijun.Errorf(kijun.ENOTFOUND, "候補の種類 %q はありません", kind)
	}
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if len([]rune(q)) > 50 {
		return kijun.Errorf(kijun.EINVALID, "検索する文字は 50 文字以内にしてください")
	}
	out := []suggestion{}
	if q == "" {
		writeJSON(w, http.StatusOK, map[string]any{"items": out})
		return nil
	}
	ctx := r.Context()
	scope, err := s.unitScope(r)
	if err != nil {
		return err
	}
	// A scope that is empty but not nil means no 課 at all: nothing to show.
	if scope == nil || len(scope) > 0 || kind == "unit" || kind == "staff" || kind == "segment" || kind == "end" {
		reg := store.RegisterFilter{Units: scope, Q: q, Sort: "id", Limit: suggestLimit}
		switch kind {
		case "asset":
			p, err := s.db.ListAssetPage(ctx, store.AssetFilter{Units: scope, Q: q, Sort: "id", Limit: suggestLimit})
			if err != nil {
				return err
			}
			for _, a := range p.Assets {
				out = append(out, suggestion{ID: a.ID, Label: a.Name, Detail: a.UnitName})
			}
		case "system":
			ss, _, err := s.db.ListSystems(ctx, store.SystemFilter{Units: scope, Q: q, Sort: "id", Limit: suggestLimit})
			if err != nil {
				return err
			}
			for _, x := range ss {
				out = append(out, suggestion{ID: x.ID, Label: x.Name, Detail: x.UnitName})
			}
		case "device":
			ds, _, err := s.db.ListDevices(ctx, reg)
			if err != nil {
				return err
			}
			out = appendEntries(out, ds, func(d devices.Device) devices.Entry { return d.Entry })
		case "medium":
			ms, _, err := s.db.ListMedia(ctx, reg)
			if err != nil {
				return err
			}
			out = appendEntries(out, ms, func(m devices.Medium) devices.Entry { return m.Entry })
		case "area":
			as, _, err := s.db.ListAreas(ctx, reg)
			if err != nil {
				return err
			}
			out = appendEntries(out, as, func(a devices.Area) devices.Entry { return a.Entry })
		case "staff":
			// Names and posts are the organisation's, open to all staff
			// as on /org/search.
			if organisation.SearchKey(q) == "" {
				break
			}
			hits, err := s.db.SearchPeople(ctx, q, organisation.Day(s.db.Now()), suggestLimit)
			if err != nil {
				return err
			}
			for _, h := range hits {
				out = append(out, suggestion{ID: h.StaffNo, Label: h.Name, Detail: strings.TrimSpace(h.UnitName + " " + string(h.Post))})
			}
		case "unit":
			units, err := s.db.UnitsOn(ctx, organisation.Day(s.db.Now()))
			if err != nil {
				return err
			}
			key := organisation.SearchKey(q)
			names := map[string]string{}
			for _, u := range units {
				names[u.Code] = u.Name
			}
			for _, u := range units {
				if strings.HasPrefix(u.Code, q) || strings.Contains(u.Name, q) || key != "" && strings.Contains(organisation.SearchKey(u.Kana), key) {
					out = append(out, suggestion{ID: u.Code, Label: u.Name, Detail: names[u.Parent]})
					if len(out) == suggestLimit {
						break
					}
				}
			}
		case "segment", "end":
			// The network register is open to all staff (/networks). An
			// end of a connection is segment:ID, system:ID or an external.
			prefix := ""
			if kind == "end" {
				prefix = "segment:"
				for _, k := range slices.Sorted(maps.Keys(systems.Externals)) {
					if id := "external:" + k; strings.Contains(id, q) || strings.Contains(systems.Externals[k], q) {
						out = append(out, suggestion{ID: id, Label: systems.Externals[k]})
					}
				}
			}
			n, err := s.db.NetworkRegister(ctx, "")
			if err != nil {
				return err
			}
			for _, sg := range n.Segments {
				if len(out) == suggestLimit {
					break
				}
				if strings.Contains(prefix+sg.ID, q) || strings.Contains(sg.Name, q) {
					out = append(out, suggestion{ID: prefix + sg.ID, Label: sg.Name, Detail: sg.UnitName})
				}
			}
			if kind == "end" && len(out) < suggestLimit && (scope == nil || len(scope) > 0) {
				ss, _, err := s.db.ListSystems(ctx, store.SystemFilter{Units: scope, Q: strings.TrimPrefix(q, "system:"), Sort: "id", Limit: suggestLimit - len(out)})
				if err != nil {
					return err
				}
				for _, x := range ss {
					out = append(out, suggestion{ID: "system:" + x.ID, Label: x.Name, Detail: x.UnitName})
				}
			}
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": out})
	return nil
}

func appendEntries[T any](out []suggestion, items []T, entry func(T) devices.Entry) []suggestion {
	for _, it := range items {
		e := entry(it)
		out = append(out, suggestion{ID: e.ID, Label: e.Name, Detail: e.UnitName})
	}
	return out
}

// pickable reports whether a permit form field of type t names something
// a picker can look up: its type is the picker's kind.
func pickable(t permits.FieldType) bool { return slices.Contains(suggestKinds, string(t)) }
