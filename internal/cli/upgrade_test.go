package cli_test

import (
	"compress/gzip"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"kijun/internal/store/storetest"
)

// The databases in testdata/upgrade were made by earlier builds of Kijun
// (.ci/upgrade-fixture REV makes them): schema-0032 by the build before
// the first migration of the operations work (backups, key rotation), and
// one per release since. Each must upgrade to this build's schema on both
// engines with nothing lost: the same assets and people, the ledger's
// chain whole under the same key, and the checks running on the result.
var upgradeFixtures = []string{"schema-0032", "schema-0081"}

// upgradeCounts are the rows an upgrade must keep.
const upgradeCounts = "SELECT (SELECT COUNT(*) FROM assets), (SELECT COUNT(*) FROM org_people), (SELECT COUNT(*) FROM ledger_records)"

func TestUpgradeFromReleasesSQLite(t *testing.T) {
	for _, name := range upgradeFixtures {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			db := filepath.Join(dir, "kijun.db")
			gunzip(t, filepath.Join("testdata", "upgrade", name+"-sqlite.db.gz"), db)
			copyKey(t, filepath.Join("testdata", "upgrade", name+"-sqlite.ledger.key"), db+".ledger.key")
			before := counts(t, "sqlite", "file:"+db)
			r := kijun(t, dir, "migrate", "--db", db)
			if r.code != 0 {
				t.Fatalf("migrate: %+v", r)
			}
			// A fixture older than this build is copied before its
			// upgrade; the newest release's may be this build's schema.
			copies, _ := filepath.Glob(db + ".before-schema-*.db")
			if upgraded := strings.Contains(r.stderr, "upgrading the database schema from version "+fixtureVersion(name)); upgraded != (len(copies) == 1) || (!upgraded && !strings.Contains(r.stdout, "up to date")) {
				t.Errorf("migrate said %+v and left the copies %v", r, copies)
			}
			checkUpgraded(t, dir, db, before, counts(t, "sqlite", "file:"+db))
		})
	}
}

func TestUpgradeFromReleasesPostgres(t *testing.T) {
	dsn := os.Getenv(storetest.EnvPostgres)
	if dsn == "" {
		t.Skipf("PostgreSQL not tested: set %s", storetest.EnvPostgres)
	}
	psql, err := exec.LookPath("psql")
	if err != nil {
		t.Skip("psql is not installed")
	}
	for _, name := range upgradeFixtures {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			target := scratchDatabase(t, dsn)
			dump := filepath.Join(dir, "dump.sql")
			gunzip(t, filepath.Join("testdata", "upgrade", name+"-postgres.sql.gz"), dump)
			if out, err := exec.Command(psql, "-q", "-v", "ON_ERROR_STOP=1", "-d", target, "-f", dump).CombinedOutput(); err != nil {
				t.Fatalf("load the fixture: %v\n%s", err, out)
			}
			key := filepath.Join(dir, "ledger.key")
			copyKey(t, filepath.Join("testdata", "upgrade", name+"-postgres.ledger.key"), key)
			before := counts(t, "pgx", target)
			if r := kijun(t, dir, "migrate", "--db", target, "--ledger-key", key); r.code != 0 {
				t.Fatalf("migrate: %+v", r)
			}
			checkUpgraded(t, dir, target, before, counts(t, "pgx", target), "--ledger-key", key)
		})
	}
}

// checkUpgraded checks an upgraded database: this build's schema, nothing
// lost, the ledger verified, and the checks running.
func checkUpgraded(t *testing.T, dir, db string, before, after [3]int64, keyFlags ...string) {
	t.Helper()
	if after[0] != before[0] || after[1] != before[1] || after[2] < before[2] || before[0] == 0 || before[2] == 0 {
		t.Errorf("assets, people and ledger records before %v, after %v", before, after)
	}
	r := kijun(t, dir, append([]string{"migrate", "--db", db}, keyFlags...)...)
	if r.code != 0 || strings.Contains(r.stderr, "upgrading") {
		t.Errorf("a second migrate: %+v", r)
	}
	if r := kijun(t, dir, append([]string{"verify", "--db", db}, keyFlags...)...); r.code != 0 {
		t.Errorf("verify after the upgrade: %+v", r)
	}
	if r := kijun(t, dir, append([]string{"check", "--quiet", "--fail-on", "none", "--db", db}, keyFlags...)...); r.code != 0 {
		t.Errorf("check after the upgrade: %+v", r)
	}
}

// fixtureVersion is the schema version a fixture's name gives.
func fixtureVersion(name string) string {
	return strings.TrimLeft(strings.TrimPrefix(name, "schema-"), "0")
}

func counts(t *testing.T, driver, dsn string) [3]int64 {
	t.Helper()
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var c [3]int64
	if err := db.QueryRowContext(context.Background(), upgradeCounts).Scan(&c[0], &c[1], &c[2]); err != nil {
		t.Fatalf("count rows: %v", err)
	}
	return c
}

// scratchDatabase makes an empty database on the server at dsn, dropped
// when the test ends, and returns its URL.
func scratchDatabase(t *testing.T, dsn string) string {
	t.Helper()
	b := make([]byte, 5)
	rand.Read(b)
	name := "kijun_upgrade_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		admin, err := sql.Open("pgx", dsn)
		if err == nil {
			admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
			admin.Close()
		}
	})
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

func gunzip(t *testing.T, from, to string) {
	t.Helper()
	f, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	out, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, z); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(fmt.Errorf("write %s: %w", to, err))
	}
}

func copyKey(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o600); err != nil {
		t.Fatal(err)
	}
}
