package web

import (
	"bytes"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"kijun/internal/catalog"
	"kijun/internal/catalog/oscal"
	"kijun/internal/soa"
	"kijun/internal/store"
)

// catalogPath is the page of a catalog, and of one provision when pid is set.
func catalogPath(key, edition, pid string) string {
	p := "/catalog/" + url.PathEscape(key) + "/" + url.PathEscape(edition)
	if pid != "" {
		p += "/p/" + url.PathEscape(pid)
	}
	return p
}

// handleStandard leads to the standard in force.
func (s *Server) handleStandard(w http.ResponseWriter, r *http.Request) error {
	info, err := s.db.DefaultCatalog(r.Context())
	if err != nil {
		return err
	}
	http.Redirect(w, r, catalogPath(info.Key, info.Edition, ""), http.StatusFound)
	return nil
}

type catalogsData struct {
	Catalogs []*store.CatalogInfo
	Default  int64
}

func (s *Server) handleCatalogs(w http.ResponseWriter, r *http.Request) error {
	infos, err := s.db.Catalogs(r.Context())
	if err != nil {
		return err
	}
	d := catalogsData{Catalogs: infos}
	if def, err := s.db.DefaultCatalog(r.Context()); err == nil {
		d.Default = def.ID
	}
	return s.render(w, r, http.StatusOK, "catalogs", s.newPage(w, r, "catalog.list.title", d))
}

// tocNode is a heading in a catalog's table of contents.
type tocNode struct {
	P        catalog.Provision
	Href     string
	Children []*tocNode
}

type catalogData struct {
	Info    *store.CatalogInfo
	Catalog *catalog.Catalog
	TOC     []*tocNode
	// Coverage is the statement of applicability of this edition,
	// computed from what Kijun runs (see /catalog/soa).
	Coverage *soa.Statement
}

func (s *Server) handleCatalog(w http.ResponseWriter, r *http.Request) error {
	key, edition := r.PathValue("key"), r.PathValue("edition")
	info, err := s.db.CatalogInfo(r.Context(), key, edition)
	if err != nil {
		return err
	}
	c, err := s.db.Catalog(r.Context(), key, edition)
	if err != nil {
		return err
	}
	st, err := Statement(r.Context(), s.db, s.monitor, s.permits.Registry(), c, s.jobSupports)
	if err != nil {
		return err
	}
	d := catalogData{Info: info, Catalog: c, TOC: toc(c), Coverage: st}
	p := s.newPage(w, r, "catalog.title", d)
	p.Title = c.Title + " " + p.T("catalog.edition.prefix") + c.Edition + p.T("catalog.edition.suffix")
	return s.render(w, r, http.StatusOK, "catalog", p)
}

// toc builds the tree of headings; a catalog imported from elsewhere whose
// headings carry no kind shows its top two levels.
func toc(c *catalog.Catalog) []*tocNode {
	nodes := map[string]*tocNode{}
	var roots []*tocNode
	for _, p := range c.Provisions {
		parent, hasParent := nodes[p.Parent]
		if !p.Kind.Heading() || (p.Parent != "" && !hasParent) {
			continue
		}
		n := &tocNode{P: p, Href: catalogPath(c.Key, c.Edition, p.ID)}
		nodes[p.ID] = n
		if p.Parent == "" {
			roots = append(roots, n)
		} else {
			parent.Children = append(parent.Children, n)
		}
	}
	return roots
}

func (s *Server) handleCatalogOSCAL(w http.ResponseWriter, r *http.Request) error {
	c, err := s.db.Catalog(r.Context(), r.PathValue("key"), r.PathValue("edition"))
	if err != nil {
		return err
	}
	b, err := oscal.Export(c)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", attachment(c.Key+"-"+c.Edition+"-oscal.json"))
	_, err = w.Write(b)
	return err
}

func (s *Server) handleCatalogXLSX(w http.ResponseWriter, r *http.Request) error {
	c, err := s.db.Catalog(r.Context(), r.PathValue("key"), r.PathValue("edition"))
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := catalog.WriteXLSX(&buf, c); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", attachment(c.Key+"-"+c.Edition+".xlsx"))
	_, err = w.Write(buf.Bytes())
	return err
}

// attachment is a Content-Disposition for a download named name, which may
// hold any characters a catalog's key or edition has.
func attachment(name string) string {
	return mime.FormatMediaType("attachment", map[string]string{"filename": name})
}

// paragraphs splits a provision's text into its paragraphs.
func paragraphs(s string) []string {
	var out []string
	for _, p := range strings.Split(s, "\n") {
		if strings.TrimSpace(p) != "" {
			out = append(out, p)
		}
	}
	return out
}
