package web

import (
	"net/http"
	"strings"

	"kijun/internal/catalog"
	"kijun/internal/kijun"
	"kijun/internal/store"
)

// catalogOperations are the JSON API of the standard as data.
func (s *Server) catalogOperations() []operation {
	return []operation{
		{
			Method: "GET", Path: "/api/v1/catalogs", ID: "listCatalogs",
			Summary: "The loaded standards and editions", Response: "CatalogList", Handler: s.apiCatalogs,
		},
		{
			Method: "GET", Path: "/api/v1/catalogs/{key}/{edition}/provisions/{pid}", ID: "getProvision",
			Summary: "One provision with its items, annotations and mappings",
			Params: []param{
				{Name: "key", In: "path", Type: "string", Description: "the standard, such as kobe-kijun", Required: true},
				{Name: "edition", In: "path", Type: "string", Description: "the edition, such as 5.5", Required: true},
				{Name: "pid", In: "path", Type: "string", Description: "the provision ID as the standard writes it, such as 8.2.6.ウ", Required: true},
			},
			Response: "Provision", Handler: s.apiProvision,
		},
		{
			Method: "GET", Path: "/api/v1/catalogs/search", ID: "searchProvisions",
			Summary: "Provisions containing every word of q, also as parts of words",
			Params: []param{
				{Name: "q", In: "query", Type: "string", Description: "words to look for", Required: true},
				{Name: "key", In: "query", Type: "string", Description: "only this standard"},
			},
			Response: "SearchResult", Handler: s.apiSearch,
		},
	}
}

type catalogJSON struct {
	Key        string `json:"key"`
	Edition    string `json:"edition"`
	Title      string `json:"title"`
	Issuer     string `json:"issuer"`
	Effective  string `json:"effective,omitempty"`
	Format     string `json:"format"`
	Provisions int    `json:"provisions"`
	InForce    bool   `json:"in_force"`
}

func (s *Server) apiCatalogs(w http.ResponseWriter, r *http.Request) error {
	infos, err := s.db.Catalogs(r.Context())
	if err != nil {
		return err
	}
	def, _ := s.db.DefaultCatalog(r.Context())
	out := make([]catalogJSON, len(infos))
	for i, c := range infos {
		out[i] = catalogJSON{Key: c.Key, Edition: c.Edition, Title: c.Title, Issuer: c.Issuer, Effective: c.Effective,
			Format: c.Format, Provisions: c.Provisions, InForce: def != nil && def.ID == c.ID}
	}
	writeJSON(w, http.StatusOK, map[string]any{"catalogs": out})
	return nil
}

// provisionJSON is a provision as the API shows it.
type provisionJSON struct {
	ID            string              `json:"id"`
	Kind          string              `json:"kind"`
	Parent        string              `json:"parent,omitempty"`
	Title         string              `json:"title,omitempty"`
	Text          string              `json:"text,omitempty"`
	Obliges       []catalog.Role      `json:"obliges,omitempty"`
	Force         string              `json:"force,omitempty"`
	Operations    []catalog.Operation `json:"operations,omitempty"`
	Refs          []string            `json:"refs,omitempty"`
	ImplementedBy []string            `json:"implemented_by,omitempty"`
}

func toProvisionJSON(p catalog.Provision) provisionJSON {
	return provisionJSON{ID: p.ID, Kind: string(p.Kind), Parent: p.Parent, Title: p.Title, Text: p.Text, Obliges: p.Obliges,
		Force: string(p.Force), Operations: p.Operations, Refs: p.Refs, ImplementedBy: p.ImplementedBy}
}

type mappingJSON struct {
	Direction    string `json:"direction"`
	Catalog      string `json:"catalog"`
	Provision    string `json:"provision"`
	Relationship string `json:"relationship"`
	Note         string `json:"note,omitempty"`
}

func (s *Server) apiProvision(w http.ResponseWriter, r *http.Request) error {
	v, err := s.db.Provision(r.Context(), r.PathValue("key"), r.PathValue("edition"), r.PathValue("pid"))
	if err != nil {
		return err
	}
	out := struct {
		provisionJSON
		Items    []provisionJSON `json:"items"`
		Mappings []mappingJSON   `json:"mappings"`
	}{provisionJSON: toProvisionJSON(v.Provision), Items: []provisionJSON{}, Mappings: []mappingJSON{}}
	for _, d := range v.Descendants {
		out.Items = append(out.Items, toProvisionJSON(d))
	}
	for _, m := range v.Mappings {
		dir := "to"
		if !m.Outgoing {
			dir = "from"
		}
		out.Mappings = append(out.Mappings, mappingJSON{Direction: dir, Catalog: m.Other, Provision: m.OtherPID, Relationship: string(m.Relationship), Note: m.Note})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) error {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if q == "" {
		return kijun.Errorf(kijun.EINVALID, "q を指定してください（q is required）")
	}
	hits, err := s.db.SearchProvisions(r.Context(), q, r.URL.Query().Get("key"), searchLimit)
	if err != nil {
		return err
	}
	type hitJSON struct {
		Catalog   string        `json:"catalog"`
		Provision provisionJSON `json:"provision"`
	}
	out := make([]hitJSON, len(hits))
	for i, h := range hits {
		out[i] = hitJSON{Catalog: (&store.CatalogInfo{Key: h.Key, Edition: h.Edition}).Ref(), Provision: toProvisionJSON(h.Provision)}
	}
	writeJSON(w, http.StatusOK, map[string]any{"hits": out})
	return nil
}
