package jobs

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"

	"github.com/riverqueue/river/rivermigrate"

	"kijun/internal/store"
)

// riverSchema is where the queue's tables live. On PostgreSQL it is a schema
// of their own beside Kijun's (Kijun's schema name with _river after it), so
// Kijun's tables and River's never mix and either can be inspected alone.
// On SQLite River's tables stay in the main file, named river_*: SQLite's
// other "schemas" are attached files, and a transaction across attached
// files in WAL mode is not atomic, where a job must commit with its change.
func riverSchema(ctx context.Context, db *store.DB) (string, error) {
	if db.Dialect != store.Postgres {
		return "", nil
	}
	s, err := db.CurrentSchema(ctx)
	if err != nil {
		return "", err
	}
	return s + "_river", nil
}

// Migrate creates or updates the queue's tables with River's own migrations,
// in one Kijun write transaction with a ledger record for each version, so
// several processes migrating at once apply each version once. kijun migrate
// and kijun serve call it after store.Migrate.
func Migrate(ctx context.Context, db *store.DB) (applied []int, err error) {
	schema, err := riverSchema(ctx, db)
	if err != nil {
		return nil, err
	}
	pool, err := db.OpenJobPool(ctx)
	if err != nil {
		return nil, err
	}
	defer pool.Close()
	m, err := rivermigrate.New(driver(db, pool.DB), &rivermigrate.Config{Schema: schema, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return nil, fmt.Errorf("prepare the job queue's migrations: %w", err)
	}
	// One version per transaction: some of River's PostgreSQL migrations use
	// an enum value that an earlier one adds, which must be committed first.
	for {
		n := len(applied)
		err := db.Update(ctx, func(tx *store.Tx) error {
			if schema != "" {
				if _, err := tx.ExecContext(ctx, "CREATE SCHEMA IF NOT EXISTS "+schema); err != nil {
					return fmt.Errorf("create schema %s for the job queue: %w", schema, err)
				}
			}
			res, err := m.MigrateTx(ctx, tx.SQL(), rivermigrate.DirectionUp, &rivermigrate.MigrateOpts{MaxSteps: 1})
			if err != nil {
				return fmt.Errorf("migrate the job queue's tables: %w", err)
			}
			for _, v := range res.Versions {
				applied = append(applied, v.Version)
				if _, err := tx.Record(ctx, store.Change{
					Action: "schema.migrate", Entity: "schema", EntityID: "river-" + strconv.Itoa(v.Version),
					State:      map[string]any{"line": "river", "version": v.Version, "name": v.Name, "sql": v.SQL},
					Provisions: []string{"4.4", "8.3.6"},
				}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil || len(applied) == n {
			return applied, err
		}
	}
}
