package cli_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// 8.1.3: backups into a directory are verified and recorded, the oldest
// beyond --keep removed; a restore drill restores the newest into a
// scratch place, verifies it and is recorded, and a damaged backup fails
// its drill, which is recorded too.
func TestBackupDirectoryAndDrill(t *testing.T) {
	dir := t.TempDir()
	backupDirectoryAndDrill(t, dir, filepath.Join(dir, "kijun.db"), ".db")
}

// On PostgreSQL a backup is pg_dump's, checked and drilled by restoring it
// into a scratch database.
func TestBackupDirectoryAndDrillPostgres(t *testing.T) {
	dsn := os.Getenv(storetest.EnvPostgres)
	if dsn == "" {
		t.Skipf("PostgreSQL not tested: set %s", storetest.EnvPostgres)
	}
	if _, err := exec.LookPath("pg_restore"); err != nil {
		t.Skip("pg_dump and pg_restore are not installed")
	}
	dir := t.TempDir()
	backupDirectoryAndDrill(t, dir, storetest.PostgresURL(t, dsn), ".dump", "--ledger-key", filepath.Join(dir, "ledger.key"))
}

func backupDirectoryAndDrill(t *testing.T, dir, db, ext string, keyFlags ...string) {
	t.Helper()
	backups := filepath.Join(dir, "backups")
	if r := kijun(t, dir, append([]string{"migrate", "--db", db}, keyFlags...)...); r.code != 0 {
		t.Fatalf("migrate: %+v", r)
	}
	for i := range 3 {
		r := kijun(t, dir, append([]string{"backup", "--db", db, "--dir", backups, "--keep", "2"}, keyFlags...)...)
		if r.code != 0 || !strings.Contains(r.stdout, "verified") {
			t.Fatalf("backup %d: %+v", i, r)
		}
	}
	files, _ := filepath.Glob(filepath.Join(backups, "kijun-*"+ext))
	if len(files) != 2 {
		t.Fatalf("%d backups kept, want 2: %v", len(files), files)
	}
	r := kijun(t, dir, append([]string{"backup", "drill", "--db", db, "--dir", backups}, keyFlags...)...)
	if r.code != 0 || !strings.Contains(r.stdout, "restore drill of") || !strings.Contains(r.stdout, "ok") {
		t.Fatalf("drill: %+v", r)
	}
	// A damaged newest backup fails its drill, and the failure is kept.
	newest := files[len(files)-1]
	data, _ := os.ReadFile(newest)
	os.WriteFile(newest, data[:len(data)/2], 0o600) // cut short, as a full disk leaves it
	if r := kijun(t, dir, append([]string{"backup", "drill", "--db", db, "--dir", backups}, keyFlags...)...); r.code == 0 {
		t.Fatalf("a damaged backup passed its drill: %+v", r)
	}
	s, err := store.Open(context.Background(), db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	evs, err := s.BackupEvents(context.Background(), 10)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, ev := range evs {
		res := ev.Result
		if res != "ok" {
			res = "failed"
		}
		got = append(got, ev.Kind+":"+res)
	}
	if want := "drill:failed drill:ok made:ok made:ok made:ok"; strings.Join(got, " ") != want {
		t.Fatalf("backup events %q, want %q", got, want)
	}
	if len(evs[2].Removed) != 1 || evs[3].SHA256 == "" || evs[1].Records == 0 {
		t.Errorf("events: %+v", evs)
	}
	recs, err := s.Records(context.Background(), store.RecordFilter{Entity: "backup"})
	if err != nil || len(recs) != 5 || recs[0].Action != "backup.drill" || recs[4].Action != "backup.made" {
		t.Fatalf("ledger records of the backups: %d, %v", len(recs), err)
	}
	if r := kijun(t, dir, append([]string{"verify", "--db", db}, keyFlags...)...); r.code != 0 {
		t.Errorf("verify after the backups and drills: %+v", r)
	}
}

// An upgrade copies the database as it was before the first migration
// runs, so a failed upgrade can be undone with kijun restore.
func TestUpgradeBacksUpFirst(t *testing.T) {
	if _, err := exec.LookPath("sqlite3"); err != nil {
		t.Skip("the sqlite3 shell is not installed (apt-get install sqlite3)")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "kijun.db")
	if r := kijun(t, dir, "migrate", "--db", db); r.code != 0 {
		t.Fatalf("migrate: %+v", r)
	}
	// The database as the previous release left it: the newest migration
	// undone, statement by statement from the last.
	ms, err := store.SQLite.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	undo := undoMigration(t, ms[len(ms)-1].SQL)
	out, err := exec.Command("sqlite3", db, undo+"DELETE FROM schema_migrations WHERE version = (SELECT MAX(version) FROM schema_migrations);").CombinedOutput()
	if err != nil {
		t.Fatalf("sqlite3: %v %s\n%s", err, out, undo)
	}
	r := kijun(t, dir, "backup", "--db", db, "--dir", filepath.Join(dir, "b"))
	if r.code != 0 || !strings.Contains(r.stderr, "upgrading the database schema from version") {
		t.Fatalf("upgrade: %+v", r)
	}
	copies, _ := filepath.Glob(db + ".before-schema-*.db")
	if len(copies) != 1 {
		t.Fatalf("copies before the upgrade: %v", copies)
	}
	if out, err := exec.Command("sqlite3", copies[0], "SELECT MAX(version) FROM schema_migrations").Output(); err != nil || strings.TrimSpace(string(out)) != fmt.Sprint(ms[len(ms)-2].Version) {
		t.Errorf("the copy is not the database as it was: version %q %v", out, err)
	}
}

// undoMigration writes the statements that undo a migration of created
// tables, indexes and added columns, last first.
func undoMigration(t *testing.T, sql string) string {
	t.Helper()
	var undo []string
	re := regexp.MustCompile(`(?is)CREATE\s+(?:UNIQUE\s+)?(TABLE|INDEX)\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)|ALTER\s+TABLE\s+(\w+)\s+ADD\s+COLUMN\s+(\w+)`)
	for _, m := range re.FindAllStringSubmatch(sql, -1) {
		switch {
		case m[1] != "":
			undo = append([]string{"DROP " + strings.ToUpper(m[1]) + " IF EXISTS " + m[2] + ";"}, undo...)
		default:
			undo = append([]string{"ALTER TABLE " + m[3] + " DROP COLUMN " + m[4] + ";"}, undo...)
		}
	}
	if len(undo) == 0 {
		t.Fatalf("the newest migration creates nothing this test can undo:\n%s", sql)
	}
	return strings.Join(undo, " ")
}
