package web

import (
	"flag"
	"fmt"
	"os"
	"slices"
	"testing"
)

// TestMain runs the package's tests and then, when all of them ran and
// passed, fails the run if an operation of the OpenAPI document had no
// exchange validated against it: the document cannot describe an
// operation no test has checked it against.
func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if code == 0 && flag.Lookup("test.run").Value.String() == "" && flag.Lookup("test.skip").Value.String() == "" {
		if missing := openAPICoverage(); len(missing) > 0 {
			fmt.Fprintf(os.Stderr, "FAIL: %d operations of the OpenAPI document had no exchange validated against them: %v\n", len(missing), missing)
			code = 1
		}
	}
	os.Exit(code)
}

// openAPICoverage returns the operations of the documents loaded that no
// exchange was validated against.
func openAPICoverage() []string {
	var missing []string
	openAPIDocs.Range(func(id, _ any) bool {
		if _, ok := openAPIChecked.Load(id); !ok {
			missing = append(missing, id.(string))
		}
		return true
	})
	slices.Sort(missing)
	return missing
}
