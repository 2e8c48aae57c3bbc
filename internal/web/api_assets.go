package web

import (
	"net/http"

	"kijun/internal/assets"
	"kijun/internal/systems"
)

// assetOperations are the JSON API of chapter 4's register.
func (s *Server) assetOperations() []operation {
	return []operation{
		{
			Method: "GET", Path: "/api/v1/assets", ID: "listAssets",
			Summary: "A page of the information asset register the caller may see (4.1, 4.2), filtered and sorted",
			Params: pagedParams(
				param{Name: "q", In: "query", Type: "string", Description: "words in the ID, name, description or location"},
				param{Name: "unit", In: "query", Type: "string", Description: "only this unit's assets"},
				param{Name: "kind", In: "query", Type: "string", Description: "data, document, paper, media, database or other"},
				param{Name: "c", In: "query", Type: "integer", Description: "only 機密性 of at least this"},
				param{Name: "scope", In: "query", Type: "string", Description: "1: only assets in scope (4.1.4ア)"},
				param{Name: "stage", In: "query", Type: "string", Description: "lifecycle stage"},
				param{Name: "sort", In: "query", Type: "string", Description: "id, name, unit, confidentiality or updated"},
				param{Name: "desc", In: "query", Type: "string", Description: "1: descending"},
				param{Name: "offset", In: "query", Type: "integer", Description: "skip this many"},
			),
			Response: "AssetList", Handler: s.apiAssets,
		},
		{
			Method: "GET", Path: "/api/v1/assets/{id}", ID: "getAsset",
			Summary:  "One asset with its handling restrictions (取扱制限) and label (4.2)",
			Params:   []param{{Name: "id", In: "path", Type: "string", Description: "管理番号", Required: true}},
			Response: "Asset", Handler: s.apiAsset,
		},
		{
			Method: "GET", Path: "/api/v1/systems", ID: "listSystems",
			Summary: "A page of the information system register the caller may see (5, 6.1, 8.1)",
			Params: pagedParams(
				param{Name: "q", In: "query", Type: "string", Description: "words in the ID, name, description, domain or software"},
				param{Name: "zone", In: "query", Type: "string", Description: "mynumber, lgwan, internet or other (5.1 to 5.4)"},
				param{Name: "sort", In: "query", Type: "string", Description: "id, name, unit, zone or updated"},
				param{Name: "desc", In: "query", Type: "string", Description: "1: descending"},
				param{Name: "offset", In: "query", Type: "integer", Description: "skip this many"},
			),
			Response: "SystemList", Handler: s.apiSystems,
		},
		{
			Method: "GET", Path: "/api/v1/systems/{id}", ID: "getSystem",
			Summary:  "One system with what the standard asks attention for",
			Params:   []param{{Name: "id", In: "path", Type: "string", Description: "system ID", Required: true}},
			Response: "System", Handler: s.apiSystem,
		},
	}
}

func (s *Server) apiSystems(w http.ResponseWriter, r *http.Request) error {
	f, err := s.systemFilter(r)
	if err != nil {
		return err
	}
	if f.Keys, err = pageKeys(r); err != nil {
		return err
	}
	if f.Keys.After != nil {
		f.Offset = 0
	}
	list, total, err := s.db.ListSystems(r.Context(), f)
	if err != nil {
		return cursorError(err)
	}
	if list == nil {
		list = []systems.System{}
	}
	writeJSON(w, http.StatusOK, withCursor(map[string]any{"total": total, "offset": f.Offset, "systems": list}, r, f.Keys))
	return nil
}

func (s *Server) apiSystem(w http.ResponseWriter, r *http.Request) error {
	return s.writeSystem(w, r, http.StatusOK)
}

// writeSystem answers with the system of the path as GET gives it, with
// its version as the ETag an update sends back.
func (s *Server) writeSystem(w http.ResponseWriter, r *http.Request, status int) error {
	v, err := s.systemView(r)
	if err != nil {
		return err
	}
	notes := v.Notes
	if notes == nil {
		notes = []systems.Note{}
	}
	etag(w, int(v.System.Version))
	writeJSON(w, status, map[string]any{"system": v.System, "notes": notes, "assets_held": v.Held, "availability": v.Availability})
	return nil
}

func (s *Server) apiAssets(w http.ResponseWriter, r *http.Request) error {
	f, err := s.assetFilter(r)
	if err != nil {
		return err
	}
	if f.Keys, err = pageKeys(r); err != nil {
		return err
	}
	if f.Keys.After != nil {
		f.Offset = 0
	}
	list, total, err := s.db.ListAssets(r.Context(), f)
	if err != nil {
		return cursorError(err)
	}
	if list == nil {
		list = []assets.Asset{}
	}
	writeJSON(w, http.StatusOK, withCursor(map[string]any{"total": total, "offset": f.Offset, "assets": list}, r, f.Keys))
	return nil
}

func (s *Server) apiAsset(w http.ResponseWriter, r *http.Request) error {
	return s.writeAsset(w, r, http.StatusOK)
}

// writeAsset answers with the asset of the path as GET gives it, with its
// version as the ETag an update sends back.
func (s *Server) writeAsset(w http.ResponseWriter, r *http.Request, status int) error {
	v, err := s.assetView(r)
	if err != nil {
		return err
	}
	etag(w, int(v.Asset.Version))
	writeJSON(w, status, map[string]any{"asset": v.Asset, "in_scope": v.InScope, "label": v.Label,
		"restrictions": v.Restrictions, "copies": nonNil(v.Copies)})
	return nil
}
