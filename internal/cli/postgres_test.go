package cli_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"kijun/internal/catalog"
	"kijun/internal/store/storetest"
)

// Several kijun processes against one PostgreSQL at once, each migrating,
// loading the embedded standard and a catalog of its own: every change lands
// once, and the ledger is one valid chain.
func TestConcurrentProcessesOnPostgres(t *testing.T) {
	dsn := os.Getenv(storetest.EnvPostgres)
	if dsn == "" {
		t.Skipf("PostgreSQL not tested: set %s", storetest.EnvPostgres)
	}
	url := storetest.PostgresURL(t, dsn)
	dir := t.TempDir()
	data, err := os.ReadFile(filepath.Join("..", "catalog", catalog.DefaultFile))
	if err != nil {
		t.Fatal(err)
	}
	const procs = 4
	var wg sync.WaitGroup
	results := make([]result, procs)
	for i := range procs {
		file := filepath.Join(dir, fmt.Sprintf("edition-%d.yaml", i))
		os.WriteFile(file, []byte(strings.Replace(string(data), `edition: "5.5"`, fmt.Sprintf(`edition: "5.5-draft%d"`, i), 1)), 0o644)
		wg.Go(func() {
			results[i] = kijun(t, dir, "catalog", "load", file, "--db", url, "--ledger-key", filepath.Join(dir, "ledger.key"))
		})
	}
	wg.Wait()
	for i, r := range results {
		if r.code != 0 {
			t.Errorf("process %d: %+v", i, r)
		}
	}
	r := kijun(t, dir, "verify", "--db", url)
	if r.code != 0 {
		t.Fatalf("verify: %+v", r)
	}
	r = kijun(t, dir, "catalog", "editions", "--db", url)
	for i := range procs {
		if !strings.Contains(r.stdout, fmt.Sprintf("kobe-kijun@5.5-draft%d", i)) {
			t.Errorf("edition %d missing:\n%s", i, r.stdout)
		}
	}
	// The embedded standard was loaded once, not once per process.
	r = kijun(t, dir, "catalog", "show", "4.4", "--db", url)
	if r.code != 0 {
		t.Fatalf("show: %+v", r)
	}
	out := kijun(t, dir, "verify", "--db", url).stdout
	if !strings.Contains(out, "OK ledger intact") {
		t.Errorf("verify: %s", out)
	}
}
