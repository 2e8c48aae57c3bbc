package oscal

import (
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"kijun/internal/catalog"
	"kijun/internal/sharedtest"
)

func readShared(t testing.TB, env, rel string) []byte {
	t.Helper()
	data, err := os.ReadFile(sharedtest.File(t, env, "oscal/"+rel))
	if err != nil {
		t.Fatalf("read %s: %v", rel, err)
	}
	return data
}

func exportDefault(t testing.TB) (*catalog.Catalog, []byte) {
	t.Helper()
	c, err := catalog.Default()
	if err != nil {
		t.Fatalf("Default: %v", err)
	}
	out, err := Export(c)
	if err != nil {
		t.Fatalf("Export: %v", err)
	}
	return c, out
}

func TestExportValidates(t *testing.T) {
	_, out := exportDefault(t)
	embedded, err := NewValidator(nil)
	if err != nil {
		t.Fatalf("NewValidator(embedded): %v", err)
	}
	if err := embedded.Validate("export.json", out); err != nil {
		t.Errorf("export does not validate against the embedded schema:\n%v", err)
	}
	shared, err := NewValidator(readShared(t, "KIJUN_OSCAL_SCHEMA", "oscal_complete_schema-1.1.2.json"))
	if err != nil {
		t.Fatalf("NewValidator(shared): %v", err)
	}
	if err := shared.Validate("export.json", out); err != nil {
		t.Errorf("export does not validate against the shared schema:\n%v", err)
	}
	_, again := exportDefault(t)
	if string(again) != string(out) {
		t.Errorf("export is not reproducible")
	}
	var doc document
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatalf("decode export: %v", err)
	}
	if got, want := len(doc.Catalog.Metadata.Revisions), 18; got != want {
		t.Errorf("revisions: got %d, want %d", got, want)
	}
	if got, want := len(doc.Catalog.Groups), 11; got != want {
		t.Errorf("top-level groups: got %d, want %d", got, want)
	}
}

func TestRoundTrip(t *testing.T) {
	c, out := exportDefault(t)
	back, err := Import("export.json", out)
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	if got, want := len(back.Provisions), len(c.Provisions); got != want {
		t.Fatalf("provisions: got %d, want %d", got, want)
	}
	for i, want := range c.Provisions {
		got := back.Provisions[i]
		if got.ID != want.ID || got.Title != want.Title || got.Text != want.Text || got.Kind != want.Kind || got.Parent != want.Parent {
			t.Errorf("provision %d: got %s %s %q %q, want %s %s %q %q", i, got.ID, got.Kind, got.Title, got.Text, want.ID, want.Kind, want.Title, want.Text)
		}
	}
	for _, ch := range catalog.Diff(c, back) {
		t.Errorf("round trip changed %s: %v", ch.ID, ch.Fields)
	}
	if back.Key != c.Key || back.Edition != c.Edition || len(back.Revisions) != len(c.Revisions) {
		t.Errorf("identity: got %s %s %d revisions", back.Key, back.Edition, len(back.Revisions))
	}
}

func TestImportNIST(t *testing.T) {
	data := readShared(t, "KIJUN_NIST_LOW", "NIST_SP-800-53_rev5_LOW-baseline-resolved-profile_catalog.json")
	c, err := Import("low.json", data)
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	var groups, controls int
	for _, p := range c.Provisions {
		switch {
		case p.Kind == catalog.KindChapter:
			groups++
		case p.Kind == catalog.KindSubsection:
			controls++
		}
	}
	if groups != 18 || controls != 149 {
		t.Errorf("got %d groups and %d controls, want 18 and 149", groups, controls)
	}
	ac1 := c.Find("AC-1")
	if ac1 == nil || ac1.OSCALID != "ac-1" || ac1.Title != "Policy and Procedures" {
		t.Fatalf("AC-1: got %+v", ac1)
	}
	a := c.Find("ac-1_smt.a")
	if a == nil || a.Parent != "AC-1" || a.Part != "item" {
		t.Fatalf("ac-1_smt.a: got %+v", a)
	}
	if want := "Develop, document, and disseminate to [Assignment: organization-defined personnel or roles]:"; a.Text != want {
		t.Errorf("AC-1 a. text: got %q, want %q", a.Text, want)
	}
	var sawSelection, sawGuidance bool
	for _, p := range c.Provisions {
		if strings.Contains(p.Text, "{{") {
			t.Errorf("%s: parameter left in text: %q", p.ID, p.Text)
		}
		if p.Parent == "ac-1_smt.a" && strings.Contains(p.Text, "[Selection (one or more): organization-level; mission/business process-level; system-level]") {
			sawSelection = true
		}
		if p.Parent == "AC-1" && p.Part == "guidance" {
			sawGuidance = true
		}
	}
	if !sawSelection || !sawGuidance {
		t.Errorf("AC-1: selection inserted %v, guidance kept apart %v", sawSelection, sawGuidance)
	}
}

func TestImportBasicCatalog(t *testing.T) {
	c, err := Import("basic-catalog.json", readShared(t, "KIJUN_OSCAL_BASIC", "basic-catalog.json"))
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	if len(c.Provisions) == 0 || c.Title == "" {
		t.Errorf("got %d provisions titled %q", len(c.Provisions), c.Title)
	}
}

func TestImportRefuses(t *testing.T) {
	tests := []struct {
		name, data, path, reason string
	}{
		{"not oscal", `{"catalog":{"uuid":"x"}}`, "/catalog", "missing"},
		{"bad uuid", `{"catalog":{"uuid":"x","metadata":{"title":"t","last-modified":"2024-01-01T00:00:00Z","version":"1","oscal-version":"1.1.2"}}}`, "/catalog/uuid", ""},
		{"malformed", "{\"catalog\": {\n  \"uuid\": }", "", "line 2"},
		{"no catalog", `{"profile":{}}`, "", "catalog"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Import("in.json", []byte(tt.data))
			var oe *Error
			if c != nil || !errors.As(err, &oe) {
				t.Fatalf("got %v, %v; want *Error", c, err)
			}
			found := false
			for _, p := range oe.Problems {
				if p.File == "in.json" && p.Path == tt.path && strings.Contains(p.Reason, tt.reason) {
					found = true
				}
			}
			if !found {
				t.Errorf("got\n%v\nwant a problem at %q with %q", err, tt.path, tt.reason)
			}
		})
	}
}

func TestOSCALID(t *testing.T) {
	tests := []struct{ id, want string }{
		{"8.2.6.ウ", "k-8.2.6.u"},
		{"4.2.オ.(3)", "k-4.2.o.p3"},
		{"8.1.2.(1)", "k-8.1.2.p1"},
		{"3", "k-3"},
	}
	for _, tt := range tests {
		if got := oscalID("k", tt.id); got != tt.want {
			t.Errorf("oscalID(%q): got %q, want %q", tt.id, got, tt.want)
		}
	}
}

func BenchmarkImportNIST(b *testing.B) {
	data := readShared(b, "KIJUN_NIST_LOW", "NIST_SP-800-53_rev5_LOW-baseline-resolved-profile_catalog.json")
	for b.Loop() {
		if _, err := Import("low.json", data); err != nil {
			b.Fatal(err)
		}
	}
}

// A catalog imported without a key is keyed by its OSCAL UUID, which may
// start with a digit; exporting it again must still give valid OSCAL, whose
// ids must start with a letter or an underscore.
func TestExportImportedCatalogValidates(t *testing.T) {
	v, err := NewValidator(nil)
	if err != nil {
		t.Fatalf("NewValidator: %v", err)
	}
	for _, name := range []string{"basic-catalog.json", "NIST_SP-800-53_rev5_LOW-baseline-resolved-profile_catalog.json"} {
		c, err := Import(name, readShared(t, "", name))
		if err != nil {
			t.Fatalf("Import %s: %v", name, err)
		}
		out, err := Export(c)
		if err != nil {
			t.Fatalf("Export %s: %v", name, err)
		}
		if err := v.Validate(name, out); err != nil {
			t.Errorf("%s (key %s) exported again does not validate:\n%v", name, c.Key, err)
		}
	}
}
