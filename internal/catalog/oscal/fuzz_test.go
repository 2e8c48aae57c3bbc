package oscal

import (
	"errors"
	"testing"
)

const tinyCatalog = `{"catalog": {
  "uuid": "74c8ba1e-5cd4-4ad1-bbfd-d888e2f6c724",
  "metadata": {"title": "t", "last-modified": "2024-02-01T13:57:28-04:00", "version": "1.1", "oscal-version": "1.1.2"},
  "groups": [{"id": "s1", "title": "Organization", "props": [{"name": "label", "value": "1"}],
    "controls": [{"id": "s1.1.1", "title": "Roles", "props": [{"name": "label", "value": "1.1.1"}],
      "params": [{"id": "p1", "label": "a duration"}],
      "parts": [{"id": "s1.1.1_smt", "name": "statement", "prose": "Lock after {{ insert: param, p1 }}.",
        "parts": [{"id": "s1.1.1_smt.a", "name": "item", "prose": "a."}]},
        {"id": "s1.1.1_gdn", "name": "guidance", "prose": "g"}]}]}]
}}`

// An OSCAL catalog a city imports is outside input: Import either returns
// a catalog or an error, never panics, and what it accepts exports again as
// valid OSCAL.
func FuzzImport(f *testing.F) {
	f.Add([]byte(tinyCatalog))
	f.Add([]byte(`{"catalog":{"uuid":"x"}}`))
	f.Add([]byte("{\"catalog\": {\n  \"uuid\": }"))
	f.Add([]byte(`{"profile":{}}`))
	v, err := NewValidator(nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := v.Import("fuzz.json", data)
		if err != nil {
			if c != nil {
				t.Fatalf("Import returned a catalog with its error %v", err)
			}
			return
		}
		out, err := Export(c)
		if err != nil {
			var oe *Error
			if errors.As(err, &oe) {
				t.Fatalf("Export of an imported catalog: %v", err)
			}
			return // a catalog with no heading at its top cannot be exported, and says so
		}
		if err := v.Validate("export.json", out); err != nil {
			t.Fatalf("an imported catalog exported again is not valid OSCAL: %v", err)
		}
	})
}
