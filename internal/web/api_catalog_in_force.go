package web

import (
	"net/http"
	"strings"

	"kijun/internal/kijun"
)

// catalogInForceOperations say which loaded edition of the standard is in
// force, and let the CISO's office change it (1.2) through the store's
// SetInForce, at the version read (If-Match), with its ledger record.
func (s *Server) catalogInForceOperations() []operation {
	return []operation{
		{
			Method: "GET", Path: "/api/v1/catalog/in-force", ID: "getCatalogInForce",
			Summary:  "The edition of the standard in force; the ETag is the version to send in If-Match to change it",
			Response: "CatalogInForce", Handler: s.apiCatalogInForce,
		},
		{
			Method: "POST", Path: "/api/v1/catalog/in-force", ID: "setCatalogInForce",
			Summary: "Put a loaded edition in force (1.2, 11.3), by the CISO's office, at the version read (If-Match: the ETag of getCatalogInForce); " +
				"the change is a ledger record (4.4). Load the edition first (loadCatalogEdition)",
			Request: "CatalogInForceSet", Response: "CatalogInForce", Handler: s.apiSetCatalogInForce, Rule: ruleCityOffice,
		},
	}
}

func (s *Server) apiCatalogInForce(w http.ResponseWriter, r *http.Request) error {
	f, err := s.db.InForce(r.Context())
	if err != nil {
		return err
	}
	etag(w, int(f.Version))
	writeJSON(w, http.StatusOK, f)
	return nil
}

// catalogInForceJSON is the body of setCatalogInForce.
type catalogInForceJSON struct {
	Key     string `json:"key"`
	Edition string `json:"edition"`
}

// check names the fields left empty.
func (j catalogInForceJSON) check() error {
	var fe kijun.FieldErrors
	if strings.TrimSpace(j.Key) == "" {
		fe.Add("key", "基準の識別子（kobe-kijun など）を入力してください")
	}
	if strings.TrimSpace(j.Edition) == "" {
		fe.Add("edition", "版（5.5 など）を入力してください")
	}
	return fe.AsError()
}

func (s *Server) apiSetCatalogInForce(w http.ResponseWriter, r *http.Request) error {
	var j catalogInForceJSON
	if err := decodeBody(r, &j); err != nil {
		return err
	}
	if err := j.check(); err != nil {
		return err
	}
	sent, err := ifMatchVersion(r)
	if err != nil {
		return err
	}
	ed, err := s.editor(r)
	if err != nil {
		return err
	}
	f, err := s.db.SetInForce(r.Context(), ed, strings.TrimSpace(j.Key), strings.TrimSpace(j.Edition), sent)
	if kijun.ErrorCode(err) == kijun.ECONFLICT {
		if now, gerr := s.db.InForce(r.Context()); gerr == nil {
			err = staleVersion(err, sent, now.Version)
		}
	}
	if err != nil {
		return err
	}
	etag(w, int(f.Version))
	writeJSON(w, http.StatusOK, f)
	return nil
}
