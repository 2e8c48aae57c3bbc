package compliance

import (
	"testing"

	"kijun/internal/kijun"
)

// A city's own rule file is outside input: whatever it holds, Parse returns
// a ruleset or an EINVALID error naming the problems, never panics, and a
// ruleset it returns has every rule compiled for its kind.
func FuzzParseRules(f *testing.F) {
	src := DefaultSource()
	f.Add(src[:min(len(src), 3000)])
	f.Add([]byte("version: \"1\"\nrules:\n  - id: a\n    provision: \"6.4.3\"\n    severity: high\n    applies: device\n    when: \"true\"\n    message: m\n"))
	f.Add([]byte("version: \"1\"\nrules:\n  - id: a\n    provision: \"6.4.3\"\n    severity: high\n    applies: asset\n    when: \"len(1..100000000) > 0\"\n    message: m\n"))
	f.Add([]byte("rules: [\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rs, err := Parse(data, nil)
		if err != nil {
			if rs != nil || kijun.ErrorCode(err) != kijun.EINVALID {
				t.Fatalf("Parse failed with %v (code %s), want EINVALID and no ruleset", err, kijun.ErrorCode(err))
			}
			return
		}
		for i := range rs.Rules {
			r := &rs.Rules[i]
			if r.when == nil || rs.Rule(r.ID) != r {
				t.Fatalf("rule %q accepted without its condition compiled or indexed", r.ID)
			}
		}
	})
}
