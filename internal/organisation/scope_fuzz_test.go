package organisation

import "testing"

// FuzzParseScope: a scope read back from a notice or a form (ParseScope)
// writes out as it was read, and checking it against any role never
// panics; escalation and the deputy rules parse stored scopes this way.
func FuzzParseScope(f *testing.F) {
	for _, s := range []string{"city", "unit:111", "system:juki", "unit:", ":x", "a:b:c", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sc := ParseScope(s)
		if again := ParseScope(sc.String()); again != sc {
			t.Fatalf("ParseScope(%q) = %+v, written %q, read back %+v", s, sc, sc.String(), again)
		}
		for _, spec := range RoleSpecs() {
			_ = spec.Role.CheckScope(sc)
		}
	})
}
