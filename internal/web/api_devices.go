package web

import (
	"net/http"

	"kijun/internal/devices"
)

// deviceOperations are the JSON API of chapter 6's registers.
func (s *Server) deviceOperations() []operation {
	ops := s.devices.apiOperations(s, "Devices", "Device", "device register (6.1, 6.4, 8.1.13, 8.1.14)")
	ops = append(ops, s.media.apiOperations(s, "Media", "Medium", "removable media register (6.4.3, 4.2カ)")...)
	return append(ops, s.areas.apiOperations(s, "Areas", "Area", "managed area register (6.2)")...)
}

// apiOperations are the JSON API of one register: a page of it, and one
// item with the class of what it holds and what it lacks.
func (rp *registerPages[T]) apiOperations(s *Server, plural, one, summary string) []operation {
	return []operation{
		{
			Method: "GET", Path: "/api/v1" + rp.base, ID: "list" + plural,
			Summary: "A page of the " + summary + " the caller may see, filtered and sorted",
			Params: []param{
				{Name: "q", In: "query", Type: "string", Description: "words in the ID, name or place"},
				{Name: "unit", In: "query", Type: "string", Description: "only this unit's items"},
				{Name: "kind", In: "query", Type: "string", Description: "only this kind"},
				{Name: "area", In: "query", Type: "string", Description: "only items in this managed area (devices and media)"},
				{Name: "lacking", In: "query", Type: "string", Description: "only items without this protection (devices: disk_encryption, screen_lock...; media: encrypted)"},
				{Name: "sort", In: "query", Type: "string", Description: "id, name, unit, kind or updated"},
				{Name: "desc", In: "query", Type: "string", Description: "1: descending"},
				{Name: "offset", In: "query", Type: "integer", Description: "skip this many"},
			},
			Response: "RegisterList", Handler: rp.apiList(s),
		},
		{
			Method: "GET", Path: "/api/v1" + rp.base + "/{id}", ID: "get" + one,
			Summary:  "One item of the " + summary + ", the class of the assets it holds (4.2オ(4)) and the measures it lacks",
			Params:   []param{{Name: "id", In: "path", Type: "string", Description: "管理番号", Required: true}},
			Response: "RegisterItem", Handler: rp.apiGet(s),
		},
	}
}

func (rp *registerPages[T]) apiList(s *Server) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		f, err := rp.filter(s, r)
		if err != nil {
			return err
		}
		list, total, err := rp.list(s.db, r.Context(), f)
		if err != nil {
			return err
		}
		if list == nil {
			list = []T{}
		}
		writeJSON(w, http.StatusOK, map[string]any{"total": total, "offset": f.Offset, "items": list})
		return nil
	}
}

func (rp *registerPages[T]) apiGet(s *Server) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		v, err := rp.view(s, r)
		if err != nil {
			return err
		}
		gaps := v.Gaps
		if gaps == nil {
			gaps = []devices.Gap{}
		}
		writeJSON(w, http.StatusOK, map[string]any{"item": v.Item, "holder": v.Holder, "held": v.Held, "class": v.Class, "gaps": gaps})
		return nil
	}
}
