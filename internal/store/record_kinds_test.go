package store

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"kijun/internal/catalog"
	"kijun/internal/soa"
)

// changeLiteral is a ledger write whose action, entity and provisions are
// written out in the code.
var changeLiteral = regexp.MustCompile(`(?s)Change\{Action: "([^"]+)", Entity: "([^"]+)",[^{}]*?Provisions: \[\]string\{([^}]*)\}`)

// TestRecordKindsDeclared reads every ledger write of the code whose
// action and provisions are literal and checks RecordKinds declares it
// with the same provisions, so the statement of applicability counts the
// records the code really keeps.
func TestRecordKindsDeclared(t *testing.T) {
	declared := map[string][]string{}
	for _, k := range RecordKinds() {
		declared[k.Entity+" "+k.Action] = k.Provisions
	}
	found := 0
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range changeLiteral.FindAllStringSubmatch(string(src), -1) {
			found++
			var want []string
			for _, p := range strings.Split(m[3], ",") {
				want = append(want, strings.Trim(strings.TrimSpace(p), `"`))
			}
			got, ok := declared[m[2]+" "+m[1]]
			if !ok {
				t.Errorf("%s: ledger record %s of %s is not in RecordKinds", path, m[1], m[2])
			} else if !slices.Equal(got, want) {
				t.Errorf("%s: ledger record %s cites %v, RecordKinds says %v", path, m[1], want, got)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found < 20 {
		t.Errorf("found %d literal ledger writes; the pattern no longer reads the code", found)
	}
}

// Every provision a record kind cites is in the shipped catalog.
func TestRecordKindsCiteTheCatalog(t *testing.T) {
	cat, err := catalog.Default()
	if err != nil {
		t.Fatal(err)
	}
	st := soa.Compute(cat, RecordSupports())
	for _, s := range st.Unknown {
		t.Errorf("record %s cites %s, which the catalog does not have", s.Name, s.Provision)
	}
	if st.Total.Supported == 0 {
		t.Error("no provision is supported by a record")
	}
}
