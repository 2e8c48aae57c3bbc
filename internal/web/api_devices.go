package web

import (
	"net/http"

	"kijun/internal/devices"
	"kijun/internal/kijun"
	"kijun/internal/store"
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
			Params: pagedParams(
				param{Name: "q", In: "query", Type: "string", Description: "words in the ID, name or place"},
				param{Name: "unit", In: "query", Type: "string", Description: "only this unit's items"},
				param{Name: "kind", In: "query", Type: "string", Description: "only this kind"},
				param{Name: "area", In: "query", Type: "string", Description: "only items in this managed area (devices and media)"},
				param{Name: "lacking", In: "query", Type: "string", Description: "only items without this protection (devices: disk_encryption, screen_lock...; media: encrypted)"},
				param{Name: "sort", In: "query", Type: "string", Description: "id, name, unit, kind or updated"},
				param{Name: "desc", In: "query", Type: "string", Description: "1: descending"},
				param{Name: "offset", In: "query", Type: "integer", Description: "skip this many"},
			),
			Response: "RegisterList", Handler: rp.apiList(s),
		},
		{
			Method: "POST", Path: "/api/v1" + rp.base, ID: "create" + one,
			Summary: "Add an item to the " + summary + " (its 課 must be one the caller keeps)",
			Request: "RegisterWrite", Status: http.StatusCreated, Response: "RegisterItem", Handler: rp.apiCreate(s),
		},
		{
			Method: "POST", Path: "/api/v1" + rp.base + "/bulk", ID: "upsert" + plural,
			Summary: "Add or change many items of the " + summary + " in one call, all or nothing, by the rules of the spreadsheet import; " +
				"a refusal lists every row, field and reason. dry_run=1 checks and reports without writing",
			Params:  []param{{Name: "dry_run", In: "query", Type: "string", Description: "1: check and report, write nothing"}},
			Request: "RegisterBulk", Response: "ImportPlan", Handler: rp.apiBulk(s),
		},
		{
			Method: "POST", Path: "/api/v1" + rp.base + "/{id}", ID: "update" + one,
			Summary: "Change an item (the whole item, as GET gives it; retire it by its lifecycle state). The caller must keep its 課 before and after. Needs If-Match",
			Params:  []param{{Name: "id", In: "path", Type: "string", Description: "管理番号", Required: true}, ifMatchParam},
			Request: "RegisterWrite", Response: "RegisterItem", Handler: rp.apiUpdate(s),
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
		if f.Keys, err = pageKeys(r); err != nil {
			return err
		}
		if f.Keys.After != nil {
			f.Offset = 0
		}
		list, total, err := rp.list(s.db, r.Context(), f)
		if err != nil {
			return cursorError(err)
		}
		if list == nil {
			list = []T{}
		}
		writeJSON(w, http.StatusOK, withCursor(map[string]any{"total": total, "offset": f.Offset, "items": list}, r, f.Keys))
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
		etag(w, int(rp.entry(&v.Item).Version))
		writeJSON(w, http.StatusOK, map[string]any{"item": v.Item, "holder": v.Holder, "held": v.Held, "class": v.Class, "gaps": gaps})
		return nil
	}
}

// apiCreate adds an item through the register's write service, as the
// page's form does.
func (rp *registerPages[T]) apiCreate(s *Server) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		item := rp.blank()
		if err := decodeBody(r, &item); err != nil {
			return err
		}
		ed, err := s.editor(r)
		if err != nil {
			return err
		}
		saved, err := rp.writer(s.registers).Create(r.Context(), ed, item)
		if err != nil {
			return err
		}
		return rp.writeItem(s, w, r, saved, http.StatusCreated)
	}
}

// apiUpdate changes an item through the register's write service; the
// version of If-Match is the one the store checks.
func (rp *registerPages[T]) apiUpdate(s *Server) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		item := rp.blank()
		if err := decodeBody(r, &item); err != nil {
			return err
		}
		sent, err := ifMatchVersion(r)
		if err != nil {
			return err
		}
		e := rp.entry(&item)
		if e.ID != "" && e.ID != r.PathValue("id") {
			return badField("id", "管理番号は URL のものと同じにしてください", "the id must be the one in the URL")
		}
		e.ID, e.Version = r.PathValue("id"), sent
		ed, err := s.editor(r)
		if err != nil {
			return err
		}
		// The service decides who may change the item before the version
		// is compared, as for the page's form.
		saved, err := rp.writer(s.registers).Update(r.Context(), ed, item)
		if kijun.ErrorCode(err) == kijun.ECONFLICT {
			if now, gerr := rp.get(s.db, r.Context(), e.ID); gerr == nil {
				err = staleVersion(err, sent, rp.entry(&now).Version)
			}
		}
		if err != nil {
			return err
		}
		return rp.writeItem(s, w, r, saved, http.StatusOK)
	}
}

// apiBulk adds or changes many items, all or nothing, by the import's
// rules (the same service and checks as the spreadsheet import).
func (rp *registerPages[T]) apiBulk(s *Server) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		var body struct {
			Items []T `json:"items"`
		}
		if err := decodeJSON(r, &body, maxBulkBody); err != nil {
			return err
		}
		if len(body.Items) == 0 {
			return badField("items", "items に 1 件以上を入れてください", "put at least one item in items")
		}
		rows := make([]store.Row[T], len(body.Items))
		for i, it := range body.Items {
			rows[i] = store.Row[T]{Line: i + 1, Item: it}
		}
		ed, err := s.editor(r)
		if err != nil {
			return err
		}
		plan, err := rp.writer(s.registers).Upsert(r.Context(), ed, rows, r.URL.Query().Get("dry_run") == "1")
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, map[string]any{"added": nonNil(plan.Added), "changed": nonNil(plan.Changed),
			"unchanged": plan.Unchanged, "dry_run": plan.DryRun})
		return nil
	}
}

// writeItem answers with an item as GET gives it, read again.
func (rp *registerPages[T]) writeItem(s *Server, w http.ResponseWriter, r *http.Request, saved T, status int) error {
	r.SetPathValue("id", rp.entry(&saved).ID)
	v, err := rp.view(s, r)
	if err != nil {
		return err
	}
	gaps := v.Gaps
	if gaps == nil {
		gaps = []devices.Gap{}
	}
	etag(w, int(rp.entry(&v.Item).Version))
	writeJSON(w, status, map[string]any{"item": v.Item, "holder": v.Holder, "held": v.Held, "class": v.Class, "gaps": gaps})
	return nil
}
