package web

import (
	"net/http"

	"kijun/internal/assets"
)

// assetOperations are the JSON API of chapter 4's register.
func (s *Server) assetOperations() []operation {
	return []operation{
		{
			Method: "GET", Path: "/api/v1/assets", ID: "listAssets",
			Summary: "A page of the information asset register the caller may see (4.1, 4.2), filtered and sorted",
			Params: []param{
				{Name: "q", In: "query", Type: "string", Description: "words in the ID, name, description or location"},
				{Name: "unit", In: "query", Type: "string", Description: "only this unit's assets"},
				{Name: "kind", In: "query", Type: "string", Description: "data, document, paper, media, database or other"},
				{Name: "c", In: "query", Type: "integer", Description: "only 機密性 of at least this"},
				{Name: "scope", In: "query", Type: "string", Description: "1: only assets in scope (4.1.4ア)"},
				{Name: "stage", In: "query", Type: "string", Description: "lifecycle stage"},
				{Name: "sort", In: "query", Type: "string", Description: "id, name, unit, confidentiality or updated"},
				{Name: "desc", In: "query", Type: "string", Description: "1: descending"},
				{Name: "offset", In: "query", Type: "integer", Description: "skip this many"},
			},
			Response: "AssetList", Handler: s.apiAssets,
		},
		{
			Method: "GET", Path: "/api/v1/assets/{id}", ID: "getAsset",
			Summary:  "One asset with its handling restrictions (取扱制限) and label (4.2)",
			Params:   []param{{Name: "id", In: "path", Type: "string", Description: "管理番号", Required: true}},
			Response: "Asset", Handler: s.apiAsset,
		},
	}
}

func (s *Server) apiAssets(w http.ResponseWriter, r *http.Request) error {
	f, err := s.assetFilter(r)
	if err != nil {
		return err
	}
	list, total, err := s.db.ListAssets(r.Context(), f)
	if err != nil {
		return err
	}
	if list == nil {
		list = []assets.Asset{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"total": total, "offset": f.Offset, "assets": list})
	return nil
}

func (s *Server) apiAsset(w http.ResponseWriter, r *http.Request) error {
	v, err := s.assetView(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"asset": v.Asset, "in_scope": v.InScope, "label": v.Label,
		"restrictions": v.Restrictions, "copies": v.Copies})
	return nil
}
