// Package storetest opens real databases for tests: SQLite always, and
// PostgreSQL when KIJUN_TEST_POSTGRES holds a DSN, each in a schema of its own
// so that runs do not collide.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"kijun/internal/store"
)

// EnvPostgres names the variable that holds the PostgreSQL DSN for tests.
const EnvPostgres = "KIJUN_TEST_POSTGRES"

// URLs returns one fresh database URL per engine, keyed by engine name. The
// PostgreSQL schema is dropped when the test ends.
func URLs(t testing.TB) map[string]string {
	t.Helper()
	urls := map[string]string{"sqlite": filepath.Join(t.TempDir(), "kijun.db")}
	if dsn := os.Getenv(EnvPostgres); dsn != "" {
		urls["postgres"] = PostgresURL(t, dsn)
	}
	return urls
}

// PostgresURL creates a schema of its own in the server at dsn and returns a
// URL whose connections use it.
func PostgresURL(t testing.TB, dsn string) string {
	t.Helper()
	b := make([]byte, 6)
	rand.Read(b)
	schema := "kijun_test_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatalf("open %s: %v", EnvPostgres, err)
	}
	defer admin.Close()
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("create test schema (is PostgreSQL at %s up?): %v", EnvPostgres, err)
	}
	t.Cleanup(func() {
		admin, err := sql.Open("pgx", dsn)
		if err != nil {
			return
		}
		defer admin.Close()
		admin.Exec("DROP SCHEMA " + schema + " CASCADE")
		admin.Exec("DROP SCHEMA IF EXISTS " + schema + "_river CASCADE") // the job queue's (internal/jobs)
	})
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatalf("%s must be a postgres:// URL: %v", EnvPostgres, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Each runs fn as a subtest once per engine, with a migrated database.
func Each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	if os.Getenv(EnvPostgres) == "" {
		t.Logf("PostgreSQL not tested: set %s to a DSN such as postgres://postgres@127.0.0.1:5432/test", EnvPostgres)
	}
	urls := URLs(t)
	for _, engine := range slices.Sorted(maps.Keys(urls)) {
		t.Run(engine, func(t *testing.T) {
			fn(t, Open(t, urls[engine], store.Options{}))
		})
	}
}

// Open opens and migrates the database at u, closing it when the test ends.
func Open(t testing.TB, u string, opts store.Options) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, u, opts)
	if err != nil {
		t.Fatalf("open %s: %v", redact(u), err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return db
}

func redact(u string) string {
	if strings.HasPrefix(u, "postgres") {
		if p, err := url.Parse(u); err == nil {
			return p.Redacted()
		}
	}
	return u
}

// Keeps is a store.Gate that keeps the records of the units given and no
// others, for tests of who may write what; the application builds its
// gates in package registers.
func Keeps(units ...string) store.Gate { return keeps(units) }

type keeps []string

func (k keeps) Keeps(unit string) bool { return slices.Contains(k, unit) }
