package oscal

import (
	"encoding/json"
	"testing"
)

// TestTargetMatchesExport checks that every provision Target places is
// where Export put it: the control exists and holds the statement part, so
// assessment results that name them point at the exported catalog.
func TestTargetMatchesExport(t *testing.T) {
	c, out := exportDefault(t)
	var doc document
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatalf("decode export: %v", err)
	}
	parts := map[string]map[string]bool{} // control id -> part ids under it
	var walkParts func(set map[string]bool, ps []part)
	walkParts = func(set map[string]bool, ps []part) {
		for _, p := range ps {
			set[p.ID] = true
			walkParts(set, p.Parts)
		}
	}
	var walkGroups func([]group)
	walkGroups = func(gs []group) {
		for _, g := range gs {
			for _, ct := range g.Controls {
				parts[ct.ID] = map[string]bool{}
				walkParts(parts[ct.ID], ct.Parts)
			}
			walkGroups(g.Groups)
		}
	}
	walkGroups(doc.Catalog.Groups)
	placed := 0
	for _, p := range c.Provisions {
		ctl, smt, ok := Target(c, p.ID)
		if !ok {
			continue
		}
		placed++
		if parts[ctl] == nil {
			t.Errorf("Target(%s): control %s is not in the export", p.ID, ctl)
		} else if smt != "" && !parts[ctl][smt] {
			t.Errorf("Target(%s): control %s has no part %s", p.ID, ctl, smt)
		}
	}
	if placed < len(c.Provisions)/2 {
		t.Errorf("Target placed %d of %d provisions", placed, len(c.Provisions))
	}
	tests := []struct{ id, control, statement string }{
		{"6.1.5.ア", "kobe-kijun-6.1.5", "kobe-kijun-6.1.5.a"},
		{"4.2.ア.(1)", "kobe-kijun-4.2", "kobe-kijun-4.2.a.p1"},
		{"3.1.1", "kobe-kijun-3.1.1", "kobe-kijun-3.1.1_smt"},
		{"4.1.1", "kobe-kijun-4.1.1", "kobe-kijun-4.1.1_tbl"},
	}
	for _, tt := range tests {
		ctl, smt, ok := Target(c, tt.id)
		if !ok || ctl != tt.control || smt != tt.statement {
			t.Errorf("Target(%s): got %s, %s, %v; want %s, %s", tt.id, ctl, smt, ok, tt.control, tt.statement)
		}
	}
	if _, _, ok := Target(c, "99.9"); ok {
		t.Errorf("Target(99.9): got ok for a provision the catalog lacks")
	}
}
