package store

import (
	"context"
	"os"

	"kijun/internal/kijun"
)

// Backup writes a consistent copy of a running SQLite database to path, with
// VACUUM INTO, which reads one snapshot while writers go on. PostgreSQL is
// backed up with its own tools (pg_dump), which Backup says.
func (db *DB) Backup(ctx context.Context, path string) error {
	if db.Dialect != SQLite {
		return kijun.Errorf(kijun.EINVALID, "kijun backup works on SQLite; for PostgreSQL use pg_dump --format=custom and pg_restore (see the README)")
	}
	if _, err := os.Stat(path); err == nil {
		return kijun.Errorf(kijun.EINVALID, "backup file %s already exists: choose a new name", path)
	}
	db.guard.check("back up the database")
	if _, err := db.write.ExecContext(ctx, "VACUUM INTO ?", path); err != nil {
		return kijun.Wrap(kijun.EINVALID, err, "back up to %s", path)
	}
	return nil
}
