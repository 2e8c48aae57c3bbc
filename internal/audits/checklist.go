package audits

import (
	"strings"

	"kijun/internal/catalog"
)

// Item is one line of an audit's checklist: a provision of the criteria
// in scope, the question it puts, and the register facts that bear on it.
type Item struct {
	Provision string   `json:"provision"`
	Title     string   `json:"title,omitempty"`
	Question  string   `json:"question"`
	Selfcheck bool     `json:"selfcheck,omitempty"` // the catalog marks it for self-checks
	Facts     []string `json:"facts,omitempty"`
}

// Checklist is generated from the catalog's provisions in scope: each
// provision named, and every provision under it, that has text of its own.
// facts gives, per provision, what the registers say (the continuous
// checks' open findings for the units in scope).
func Checklist(c *catalog.Catalog, scope []string, facts map[string][]string) []Item {
	var out []Item
	for _, p := range c.Provisions {
		if !inScope(p.ID, scope) || strings.TrimSpace(p.Text) == "" {
			continue
		}
		it := Item{Provision: p.ID, Title: p.Title, Question: question(p)}
		for _, op := range p.Operations {
			if op.Kind == catalog.OpSelfcheck {
				it.Selfcheck = true
			}
		}
		it.Facts = facts[p.ID]
		out = append(out, it)
	}
	return out
}

// inScope reports whether provision id is one of scope or under one.
func inScope(id string, scope []string) bool {
	for _, s := range scope {
		if id == s || strings.HasPrefix(id, s+".") {
			return true
		}
	}
	return false
}

// InScope reports whether provision id is one of scope or under one.
func InScope(id string, scope []string) bool { return inScope(id, scope) }

// question turns a provision's text into the auditor's question: the
// text itself, asked as "is this followed?".
func question(p catalog.Provision) string {
	t := strings.TrimSpace(strings.ReplaceAll(p.Text, "\n", " "))
	if r := []rune(t); len(r) > 300 {
		t = string(r[:300]) + "…"
	}
	return t + " ― このとおり実施されているか。"
}
