package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kijun/internal/catalog"
)

// `catalog load --default` makes the edition the standard in force as the
// page and the API do (11.3): the setting changes with a ledger record
// naming the edition (4.4), and loading it again as the default records
// nothing more.
func TestCatalogLoadDefaultRecordsTheEditionInForce(t *testing.T) {
	needSQLite3(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "kijun.db")
	data, err := os.ReadFile(filepath.Join("..", "catalog", catalog.DefaultFile))
	if err != nil {
		t.Fatal(err)
	}
	next := filepath.Join(dir, "next.yaml")
	if err := os.WriteFile(next, []byte(strings.Replace(string(data), "edition: \"5.5\"", "edition: \"5.6\"", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		if r := kijun(t, dir, "catalog", "load", "--default", next, "--db", db); r.code != 0 {
			t.Fatalf("load --default (%d): %+v", i+1, r)
		}
	}
	if got := sqlite3(t, db, "SELECT value FROM settings WHERE key = 'catalog.default'"); got != "kobe-kijun@5.6" {
		t.Errorf("the standard in force is %q, want kobe-kijun@5.6", got)
	}
	recs := sqlite3(t, db, "SELECT entity_id || ' ' || provisions FROM ledger_records WHERE action = 'catalog.in_force'")
	if recs != `kobe-kijun@5.6 ["11.3","4.4"]` {
		t.Errorf("ledger records of the edition in force: %q, want one for kobe-kijun@5.6", recs)
	}
}
