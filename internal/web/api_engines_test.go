package web

import (
	"maps"
	"net/http/httptest"
	"os"
	"slices"
	"testing"

	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// eachEngine runs fn as a subtest once per engine, each with a test
// server over a migrated database of its own: SQLite always, PostgreSQL
// when KIJUN_TEST_POSTGRES is set, as the store's own tests run.
func eachEngine(t *testing.T, fn func(t *testing.T, ts *httptest.Server, db *store.DB)) {
	t.Helper()
	if os.Getenv(storetest.EnvPostgres) == "" {
		t.Logf("PostgreSQL not tested: set %s to a DSN such as postgres://postgres@127.0.0.1:5432/test", storetest.EnvPostgres)
	}
	urls := storetest.URLs(t)
	for _, engine := range slices.Sorted(maps.Keys(urls)) {
		t.Run(engine, func(t *testing.T) {
			ts, db := newTestServerAt(t, urls[engine])
			fn(t, ts, db)
		})
	}
}
