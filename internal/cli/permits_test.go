package cli_test

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kijun/internal/store/storetest"
)

// kijun permits due lists the same reminders for the same time, and kijun
// permits exceptions writes the register of 9.5.3, on both engines.
func TestPermitsFromConsole(t *testing.T) {
	for engine, db := range storetest.URLs(t) {
		t.Run(engine, func(t *testing.T) {
			dir := t.TempDir()
			keys := []string{"--db", db, "--ledger-key", filepath.Join(dir, "ledger.key"), "--secret-key", filepath.Join(dir, "secret.key")}
			run := func(args ...string) result {
				t.Helper()
				return kijun(t, dir, append(args, keys...)...)
			}
			if r := run("demo"); r.code != 0 || !strings.Contains(r.stdout, "permits:") {
				t.Fatalf("demo: %+v", r)
			}
			at := time.Now().AddDate(0, 0, 10).UTC().Format(time.RFC3339)
			first, again := run("permits", "due", "--json", "--at", at), run("permits", "due", "--json", "--at", at)
			if first.code != 0 || first.stdout != again.stdout {
				t.Fatalf("permits due twice at the same time: %+v then %+v", first, again)
			}
			var due []struct{ Kind, Key string }
			if err := json.Unmarshal([]byte(first.stdout), &due); err != nil || len(due) == 0 {
				t.Fatalf("ten days on, the demo's waiting requests are due: %v, %s", err, first.stdout)
			}
			if r := run("permits", "exceptions", "-o", filepath.Join(dir, "reigai.xlsx")); r.code != 0 || !strings.Contains(r.stdout, "exception requests written") {
				t.Fatalf("permits exceptions: %+v", r)
			}
			if r := run("permits", "nonsense"); r.code == 0 {
				t.Fatalf("permits nonsense succeeded")
			}
		})
	}
}
