package cli_test

import (
	"database/sql"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite"
)

// Each kind of bad start stops with exit status 1 and one clear line that says
// what is wrong and what to do, never a stack trace.
func TestBadInputStopsWithOneClearLine(t *testing.T) {
	dir := t.TempDir()
	junk := filepath.Join(dir, "junk.db")
	os.WriteFile(junk, []byte("this is a spreadsheet, not a database, honestly......"), 0o644)

	foreign := filepath.Join(dir, "foreign.db")
	fdb, err := sql.Open("sqlite", foreign)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fdb.Exec("CREATE TABLE invoices (id INTEGER PRIMARY KEY)"); err != nil {
		t.Fatal(err)
	}
	fdb.Close()

	newer := filepath.Join(dir, "newer.db")
	if r := kijun(t, dir, "migrate", "--db", newer); r.code != 0 {
		t.Fatalf("migrate: %+v", r)
	}
	ndb, _ := sql.Open("sqlite", newer)
	if _, err := ndb.Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 'x')"); err != nil {
		t.Fatal(err)
	}
	ndb.Close()

	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()

	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown URL kind", []string{"serve", "--db", "mysql://localhost/kijun"}, `unknown kind of database URL "mysql://"`},
		{"not an SQLite file", []string{"migrate", "--db", junk}, "is not a Kijun database (not an SQLite file)"},
		{"someone else's database", []string{"serve", "--db", foreign, "--addr", "127.0.0.1:0"}, "is not a Kijun database: it holds other tables (invoices)"},
		{"newer schema", []string{"serve", "--db", newer, "--addr", "127.0.0.1:0"}, "database schema version 999 is newer than this kijun knows"},
		{"newer schema verify", []string{"verify", "--db", newer}, "newer than this kijun knows"},
		{"PostgreSQL down", []string{"migrate", "--db", "postgres://postgres@127.0.0.1:1/test?connect_timeout=2"}, "cannot reach PostgreSQL at postgres://postgres@127.0.0.1:1/test"},
		{"port in use", []string{"serve", "--db", filepath.Join(dir, "ok.db"), "--addr", busy.Addr().String()}, "already in use; stop the other program or choose another with --addr or KIJUN_ADDR"},
		{"missing directory", []string{"verify", "--db", filepath.Join(dir, "no", "such", "kijun.db")}, "directory " + filepath.Join(dir, "no", "such") + " does not exist"},
		{"unknown command", []string{"frobnicate"}, `unknown command "frobnicate"`},
		{"bad scale", []string{"demo", "--db", filepath.Join(dir, "d.db"), "--scale", "huge"}, `unknown scale "huge": use small or city`},
		{"restore over existing", []string{"restore", "--db", newer, junk}, "is not a Kijun database"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := kijun(t, dir, tt.args...)
			if r.code != 1 {
				t.Errorf("exit status = %d, want 1 (stderr %q)", r.code, r.stderr)
			}
			line := lastLine(r.stderr)
			if !strings.HasPrefix(line, "kijun: ") || !strings.Contains(line, tt.want) {
				t.Errorf("last line of stderr = %q, want kijun: ...%s...", line, tt.want)
			}
			if strings.Contains(r.stderr, "goroutine ") || strings.Contains(r.stderr, "panic") {
				t.Errorf("stderr has a stack trace:\n%s", r.stderr)
			}
		})
	}
}

// A serve that cannot listen must not create the first administrator: its
// one-time password would be printed and lost, and the next start would
// print nothing.
func TestServeOnBusyPortCreatesNothing(t *testing.T) {
	dir := t.TempDir()
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	path := filepath.Join(dir, "k.db")
	r := kijun(t, dir, "serve", "--db", path, "--addr", busy.Addr().String())
	if r.code != 1 {
		t.Fatalf("exit status = %d, want 1", r.code)
	}
	if strings.Contains(r.stdout, "First administrator created") {
		t.Errorf("a serve that could not listen created the first administrator:\n%s", r.stdout)
	}
	if _, err := os.Stat(path); err == nil {
		db, err := sql.Open("sqlite", path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var n int
		if err := db.QueryRow("SELECT count(*) FROM auth_accounts").Scan(&n); err == nil && n > 0 {
			t.Errorf("%d accounts exist after a serve that could not listen", n)
		}
	}
}
