package web

import (
	"net/http"
	"strings"

	"kijun/internal/catalog"
	"kijun/internal/compliance"
	"kijun/internal/compliance/monitor"
	"kijun/internal/compliance/separation"
	"kijun/internal/soa"
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
	// Rules the rules that check it or what lies under it: the rule
	// file's and the separation proof's.
	Status *store.ProvisionStatus
	Rules  []provisionRule
	// Supports are what Kijun runs for the provision, from the statement
	// of applicability (the standard in force only).
	Supports []soa.Support
}

// provisionRule is a rule as a provision's page lists it.
type provisionRule struct {
	ID, Provision, Message string
	Applies                compliance.Kind
	Severity               compliance.Severity
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
	statement, err := s.statement(r.Context())
	if err != nil {
		return err
	}
	if statement.Catalog.Key == key && statement.Catalog.Edition == edition {
		if row := statement.Row(pid); row != nil {
			d.Supports = row.Supports
		}
	}
	under := func(p string) bool { return p == pid || strings.HasPrefix(p, pid+".") }
	rs, err := s.monitor.Rules(r.Context())
	if err != nil {
		return err
	}
	for _, rule := range rs.Rules {
		if under(rule.Provision) {
			d.Rules = append(d.Rules, provisionRule{ID: rule.ID, Provision: rule.Provision, Message: rule.Message, Applies: rule.Applies, Severity: rule.Severity})
		}
	}
	for _, sr := range separation.Rules() {
		if p := monitor.ProvisionID(sr.Clause); under(p) {
			d.Rules = append(d.Rules, provisionRule{ID: sr.Rule, Provision: p, Message: sr.Title, Applies: compliance.KindConnection, Severity: compliance.SeverityHigh})
		}
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
