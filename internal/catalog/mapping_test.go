package catalog

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kijun/internal/sharedtest"
)

// lowControlIDs reads the control and enhancement IDs of the NIST LOW
// baseline file.
func lowControlIDs(t *testing.T) map[string]bool {
	t.Helper()
	path := sharedtest.File(t, "KIJUN_NIST_LOW", filepath.Join("oscal", "NIST_SP-800-53_rev5_LOW-baseline-resolved-profile_catalog.json"))
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read NIST file: %v", err)
	}
	type control struct {
		ID       string    `json:"id"`
		Controls []control `json:"controls"`
	}
	var doc struct {
		Catalog struct {
			Groups []struct {
				Controls []control `json:"controls"`
			} `json:"groups"`
		} `json:"catalog"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("decode NIST file: %v", err)
	}
	ids := map[string]bool{}
	var walk func([]control)
	walk = func(cs []control) {
		for _, c := range cs {
			ids[c.ID] = true
			walk(c.Controls)
		}
	}
	for _, g := range doc.Catalog.Groups {
		walk(g.Controls)
	}
	return ids
}

func TestDefaultMappings(t *testing.T) {
	ms, err := DefaultMappings()
	if err != nil {
		t.Fatalf("DefaultMappings: %v", err)
	}
	if got := len(ms.Mappings); got < 30 {
		t.Errorf("mappings: got %d, want at least 30", got)
	}
	c, err := Default()
	if err != nil {
		t.Fatalf("Default: %v", err)
	}
	low := lowControlIDs(t)
	if err := ms.Check(DefaultMappingsFile, c, func(id string) bool { return low[id] }); err != nil {
		t.Errorf("mappings do not check against the catalog and the LOW baseline:\n%v", err)
	}
	want := map[[2]string]Relationship{{"8.2.6.ウ", "ia-5"}: IntersectsWith, {"8.2.5", "ac-7"}: IntersectsWith, {"8.1.3", "cp-9"}: IntersectsWith, {"7.2.2.イ", "at-2"}: IntersectsWith}
	for _, m := range ms.Mappings {
		if r, ok := want[[2]string{m.From, m.To}]; ok {
			if r != m.Relationship || m.FromCatalog != "kobe-kijun" || m.ToCatalog != "nist-sp800-53r5" {
				t.Errorf("%s → %s: got %s (%s → %s), want %s", m.From, m.To, m.Relationship, m.FromCatalog, m.ToCatalog, r)
			}
			delete(want, [2]string{m.From, m.To})
		}
	}
	if len(want) > 0 {
		t.Errorf("missing mappings: %v", want)
	}
}

func TestMappingErrors(t *testing.T) {
	data := "from_catalog: kobe-kijun\nto_catalog: nist\nmappings:\n  - {from: \"8.2.5\", to: ac-7, relationship: same}\n  - {from: \"99.1\", to: zz-1, relationship: related-to}\n"
	ms, err := ParseMappings("m.yaml", []byte(data))
	var pe *ParseError
	if !errors.As(err, &pe) || ms != nil {
		t.Fatalf("got %v, want *ParseError", err)
	}
	if got := pe.Problems[0]; got.Line != 4 || !strings.Contains(got.Reason, "unknown relationship") {
		t.Errorf("got %v, want line 4 unknown relationship", got)
	}
	ms, err = ParseMappings("m.yaml", []byte(strings.Replace(data, "same", "equivalent", 1)))
	if err != nil {
		t.Fatalf("ParseMappings: %v", err)
	}
	c, _ := Default()
	err = ms.Check("m.yaml", c, func(id string) bool { return id == "ac-7" })
	if !errors.As(err, &pe) || len(pe.Problems) != 2 || pe.Problems[0].Line != 5 {
		t.Errorf("Check: got %v, want two problems at line 5", err)
	}
}
