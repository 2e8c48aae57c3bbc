package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"

	"kijun/internal/kijun"
	"kijun/internal/records"
)

//go:embed migrations
var migrationFS embed.FS

// Migration is one schema change, kept per dialect as NNNN_name.sql.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Migrations returns the dialect's migrations in order.
func (d Dialect) Migrations() ([]Migration, error) {
	dir := path.Join("migrations", d.String())
	entries, err := fs.ReadDir(migrationFS, dir)
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	var ms []Migration
	for _, e := range entries {
		num, name, ok := strings.Cut(strings.TrimSuffix(e.Name(), ".sql"), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration file %s: name must be NNNN_name.sql", e.Name())
		}
		b, err := fs.ReadFile(migrationFS, path.Join(dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", e.Name(), err)
		}
		ms = append(ms, Migration{Version: v, Name: name, SQL: string(b)})
	}
	slices.SortFunc(ms, func(a, b Migration) int { return a.Version - b.Version })
	return ms, nil
}

// SchemaVersion returns the version the database is at (0 for an empty one)
// and the newest version this binary knows.
func (db *DB) SchemaVersion(ctx context.Context) (have, want int, err error) {
	ms, err := db.Dialect.Migrations()
	if err != nil {
		return 0, 0, err
	}
	want = ms[len(ms)-1].Version
	err = db.View(ctx, func(tx *Tx) error {
		have, err = tx.schemaVersion(ctx)
		return err
	})
	return have, want, err
}

// CheckSchema refuses a database that is not at this binary's schema version.
func (db *DB) CheckSchema(ctx context.Context) error {
	have, want, err := db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	switch {
	case have > want:
		return newerSchemaError(have, want)
	case have == 0:
		return kijun.Errorf(kijun.EINVALID, "%s is not initialised: run kijun migrate (or kijun serve) first", db.Display)
	case have < want:
		return kijun.Errorf(kijun.EINVALID, "database schema is at version %d, this kijun needs %d: run kijun migrate", have, want)
	}
	return nil
}

func newerSchemaError(have, want int) error {
	return kijun.Errorf(kijun.EINVALID, "database schema version %d is newer than this kijun knows (%d): use a newer kijun", have, want)
}

// Migrate brings the schema up to date, one migration per transaction, each
// with its ledger record. It refuses a database that holds tables but is not
// Kijun's, and one whose schema is newer than this binary. Several processes
// may call it at once.
func (db *DB) Migrate(ctx context.Context) (applied []int, err error) {
	return db.migrate(ctx, 0)
}

// migrate is Migrate, stopping after version upTo unless it is 0: tests
// make databases as older versions of Kijun left them.
func (db *DB) migrate(ctx context.Context, upTo int) (applied []int, err error) {
	ms, err := db.Dialect.Migrations()
	if err != nil {
		return nil, err
	}
	// Write transactions run one at a time across processes (see DB.run),
	// so concurrent migrators cannot race on CREATE TABLE IF NOT EXISTS or
	// apply a migration twice.
	err = db.Update(ctx, func(tx *Tx) error { return tx.ensureMigrationTable(ctx) })
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		if upTo > 0 && m.Version > upTo {
			break
		}
		err := db.Update(ctx, func(tx *Tx) error {
			have, err := tx.schemaVersion(ctx)
			if err != nil {
				return err
			}
			if have > ms[len(ms)-1].Version {
				return newerSchemaError(have, ms[len(ms)-1].Version)
			}
			// A migration is applied when it has no record, not only when
			// it is newer than the last: one numbered below a migration
			// already applied (work merged from several branches) still
			// runs.
			var done int
			if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM schema_migrations WHERE version = ?", m.Version).Scan(&done); err != nil {
				return fmt.Errorf("read schema version: %w", err)
			}
			if done > 0 {
				return nil
			}
			if err := tx.ExecScript(ctx, m.SQL); err != nil {
				return fmt.Errorf("apply migration %04d_%s: %w", m.Version, m.Name, err)
			}
			if err := tx.afterMigration(ctx, m.Version); err != nil {
				return fmt.Errorf("apply migration %04d_%s: %w", m.Version, m.Name, err)
			}
			if _, err := tx.ExecContext(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
				m.Version, m.Name, records.FormatTime(db.Now())); err != nil {
				return fmt.Errorf("record migration %d: %w", m.Version, err)
			}
			applied = append(applied, m.Version)
			_, err = tx.Record(ctx, Change{
				Action: "schema.migrate", Entity: "schema", EntityID: strconv.Itoa(m.Version),
				State: m, Provisions: []string{"4.4", "8.3.6"},
			})
			return err
		})
		if err != nil {
			return applied, err
		}
	}
	return applied, nil
}

// afterMigration runs the Go a migration needs after its SQL, in its
// transaction: filling what only Go computes, such as the search terms of
// 0009, 0014 and 0018.
func (tx *Tx) afterMigration(ctx context.Context, version int) error {
	switch version {
	case 9, 14, 18:
		return tx.fillAssetSearch(ctx)
	case treeVersion:
		return tx.fillTree(ctx)
	}
	return nil
}

func (tx *Tx) ensureMigrationTable(ctx context.Context) error {
	tables, err := tx.tables(ctx)
	if err != nil {
		return err
	}
	if len(tables) > 0 && !slices.Contains(tables, "schema_migrations") {
		return kijun.Errorf(kijun.EINVALID, "%s is not a Kijun database: it holds other tables (%s)", tx.db.Display, strings.Join(tables[:min(3, len(tables))], ", "))
	}
	_, err = tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at TEXT NOT NULL)`)
	if err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	return nil
}

func (tx *Tx) tables(ctx context.Context) ([]string, error) {
	q := "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY name"
	if tx.db.Dialect == Postgres {
		q = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name"
	}
	rows, err := tx.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("list tables: %w", err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, fmt.Errorf("list tables: %w", err)
		}
		names = append(names, n)
	}
	return names, rows.Err()
}

func (tx *Tx) schemaVersion(ctx context.Context) (int, error) {
	tables, err := tx.tables(ctx)
	if err != nil {
		return 0, err
	}
	if !slices.Contains(tables, "schema_migrations") {
		if len(tables) > 0 {
			return 0, kijun.Errorf(kijun.EINVALID, "%s is not a Kijun database: it holds other tables", tx.db.Display)
		}
		return 0, nil
	}
	var v int
	if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations").Scan(&v); err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	return v, nil
}
