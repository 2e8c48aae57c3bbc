package web

import (
	"errors"
	"net/http"

	"kijun/internal/catalog"
	"kijun/internal/catalog/oscal"
	"kijun/internal/kijun"
)

// maxCatalogBody bounds a catalog sent to the API: the city's standard in
// Kijun's YAML is about 240 KB, so 8 MiB leaves room for large OSCAL
// catalogs without letting one request hold the server's memory.
const maxCatalogBody = 8 << 20

// catalogLoadOperations load an edition of a standard over the API, for
// the CISO's office that keeps the 対策基準 (1.2, 2.2): the same parse and
// the same store call (store.DB.LoadCatalog) as kijun catalog load and
// kijun catalog import.
func (s *Server) catalogLoadOperations() []operation {
	return []operation{{
		Method: "POST", Path: "/api/v1/catalog/editions", ID: "loadCatalogEdition",
		Summary: "Load an edition of a standard, all or nothing: the file's text in Kijun's YAML (format kijun) or an OSCAL 1.1 catalog (format oscal, key names the standard). A file with problems is refused naming each line or provision; loading the same content again changes nothing (changed: false)",
		Request: "CatalogEditionLoad", Response: "CatalogEdition", Handler: s.apiLoadCatalogEdition, Rule: ruleCityOffice,
	}}
}

// catalogLoadJSON is a catalog file sent to the API.
type catalogLoadJSON struct {
	Format  string `json:"format"` // kijun (YAML) or oscal (JSON)
	Key     string `json:"key"`    // for oscal: the standard's key
	Content string `json:"content"`
}

func (s *Server) apiLoadCatalogEdition(w http.ResponseWriter, r *http.Request) error {
	var j catalogLoadJSON
	if err := decodeJSON(r, &j, maxCatalogBody); err != nil {
		return err
	}
	cat, err := j.parse()
	if err != nil {
		return err
	}
	info, changed, err := s.db.LoadCatalog(r.Context(), cat, j.Format)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, struct {
		catalogJSON
		Changed bool `json:"changed"`
	}{catalogJSON{Key: info.Key, Edition: info.Edition, Title: info.Title, Issuer: info.Issuer,
		Effective: info.Effective, Format: info.Format, Provisions: info.Provisions}, changed})
	return nil
}

// parse reads the file's text by its format, as kijun catalog load and
// kijun catalog import read a file; every refusal is EINVALID.
func (j catalogLoadJSON) parse() (*catalog.Catalog, error) {
	var (
		cat *catalog.Catalog
		err error
	)
	switch j.Format {
	case "kijun":
		cat, err = catalog.Parse("catalog.yaml", []byte(j.Content))
	case "oscal":
		if cat, err = oscal.Import("catalog.json", []byte(j.Content)); err == nil && j.Key != "" {
			cat.Key = j.Key
		}
	default:
		return nil, badField("format", "format は kijun か oscal にしてください", "format must be kijun or oscal")
	}
	if err != nil {
		return nil, catalogProblems(err)
	}
	return cat, nil
}

// catalogProblems turns a parse's problems into one problem response whose
// errors name the line and provision (YAML) or the JSON path (OSCAL) of
// each, under the field content.
func catalogProblems(err error) error {
	fe := &kijun.FieldErrors{}
	var pe *catalog.ParseError
	var oe *oscal.Error
	switch {
	case errors.As(err, &pe):
		for _, p := range pe.Problems {
			fe.Add("content", "%s", p.String())
		}
	case errors.As(err, &oe):
		for _, p := range oe.Problems {
			fe.Add("content", "%s: %s", p.Path, p.Reason)
		}
	default:
		return kijun.Wrap(kijun.EINVALID, err, "the catalog cannot be read")
	}
	return fe.AsError()
}
