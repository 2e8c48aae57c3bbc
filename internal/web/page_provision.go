package web

import (
	"net/http"
	"strings"

	"kijun/internal/catalog"
	"kijun/internal/compliance"
	"kijun/internal/store"
)

// provisionNode is a provision below the one shown, with its own children.
type provisionNode struct {
	P        catalog.Provision
	Href     string
	Children []*provisionNode
}

type provisionData struct {
	*store.ProvisionView
	Items      []*provisionNode
	Prev, Next string // hrefs
	Refs       []refLink
	// Status is the provision's standing across the city (9.2.1), and
	// Rules the rules that check it or what lies under it.
	Status *store.ProvisionStatus
	Rules  []*compliance.Rule
}

type refLink struct{ ID, Href string }

func (s *Server) handleProvision(w http.ResponseWriter, r *http.Request) error {
	key, edition, pid := r.PathValue("key"), r.PathValue("edition"), r.PathValue("pid")
	v, err := s.db.Provision(r.Context(), key, edition, pid)
	if err != nil {
		return err
	}
	d := provisionData{ProvisionView: v}
	nodes := map[string]*provisionNode{}
	for _, p := range v.Descendants {
		n := &provisionNode{P: p, Href: catalogPath(key, edition, p.ID)}
		nodes[p.ID] = n
		if parent, ok := nodes[p.Parent]; ok {
			parent.Children = append(parent.Children, n)
		} else {
			d.Items = append(d.Items, n)
		}
	}
	if v.Prev != "" {
		d.Prev = catalogPath(key, edition, v.Prev)
	}
	if v.Next != "" {
		d.Next = catalogPath(key, edition, v.Next)
	}
	for _, ref := range v.Provision.Refs {
		d.Refs = append(d.Refs, refLink{ID: ref, Href: catalogPath(key, edition, ref)})
	}
	if rs, err := s.monitor.Rules(r.Context()); err == nil {
		for i := range rs.Rules {
			if rule := &rs.Rules[i]; rule.Provision == pid || strings.HasPrefix(rule.Provision, pid+".") {
				d.Rules = append(d.Rules, rule)
			}
		}
	} else {
		return err
	}
	st, err := s.db.ProvisionStatus(r.Context(), pid)
	if err != nil {
		return err
	}
	d.Status = &st
	p := s.newPage(w, r, "provision.title", d)
	p.Title = strings.TrimSpace(v.Provision.ID + " " + v.Provision.Title)
	return s.render(w, r, http.StatusOK, "provision", p)
}
