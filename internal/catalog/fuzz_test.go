package catalog

import (
	"errors"
	"testing"
)

// A city's catalog file is outside input: whatever it holds, Parse returns
// a catalog that validates or a *ParseError, and never panics.
func FuzzParse(f *testing.F) {
	f.Add([]byte(validYAML))
	f.Add([]byte("key: x\nedition: \"1\"\ntitle: t\nprovisions:\n  - id: \"1\"\n    kind: chapter\n  - id: \"1\"\n    kind: chapter\n"))
	f.Add([]byte("key: [\n"))
	f.Add([]byte("provisions: &a [*a]\n"))
	if data, err := dataFS.ReadFile(DefaultFile); err == nil {
		f.Add(data[:min(len(data), 8000)])
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse("fuzz.yaml", data)
		if err != nil {
			var pe *ParseError
			if c != nil || !errors.As(err, &pe) {
				t.Fatalf("Parse failed with %T %v and catalog %v, want only a *ParseError", err, err, c != nil)
			}
			return
		}
		if err := Validate("fuzz.yaml", c); err != nil {
			t.Fatalf("Parse accepted a catalog that does not validate: %v", err)
		}
	})
}

// A city's mapping file is outside input too.
func FuzzParseMappings(f *testing.F) {
	if data, err := dataFS.ReadFile(DefaultMappingsFile); err == nil {
		f.Add(data[:min(len(data), 4000)])
	}
	f.Add([]byte("from: a@1\nto: b@2\nmappings:\n  - {from: \"1\", to: \"x\", relationship: equivalent-to}\n"))
	f.Add([]byte("mappings: {\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ParseMappings("fuzz.yaml", data)
		if err != nil {
			var pe *ParseError
			if m != nil || !errors.As(err, &pe) {
				t.Fatalf("ParseMappings failed with %T %v, want only a *ParseError", err, err)
			}
		}
	})
}
