package cli

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os/exec"
	"strings"

	"kijun/internal/kijun"
	"kijun/internal/store"
)

// 8.1.3 on PostgreSQL: a backup is PostgreSQL's own dump (pg_dump, custom
// format), and it is verified by restoring it (pg_restore) into a scratch
// database on the same server, checked as a SQLite copy is, and dropped.
// The service's role needs CREATEDB for the check; without it the backup
// is recorded as failed with PostgreSQL's reason.

// pgTarget is what pg_dump and pg_restore need of a Kijun PostgreSQL URL:
// the URL without the search_path Kijun reads (libpq refuses parameters it
// does not know), and the schemas that search_path names, with the job
// queue's schema beside each (internal/jobs).
func pgTarget(raw string) (libpq string, schemas []string, err error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", nil, kijun.Wrap(kijun.EINVALID, err, "database URL")
	}
	q := u.Query()
	if sp := q.Get("search_path"); sp != "" {
		for s := range strings.SplitSeq(sp, ",") {
			if s = strings.TrimSpace(s); s != "" {
				schemas = append(schemas, s, s+"_river")
			}
		}
		q.Del("search_path")
	}
	u.RawQuery = q.Encode()
	return u.String(), schemas, nil
}

// pgDump writes a custom-format dump of the database at raw to path.
func pgDump(ctx context.Context, raw, path string) error {
	bin, err := exec.LookPath("pg_dump")
	if err != nil {
		return kijun.Errorf(kijun.EINVALID, "backing up PostgreSQL needs pg_dump (apt-get install postgresql-client)")
	}
	target, schemas, err := pgTarget(raw)
	if err != nil {
		return err
	}
	args := []string{"--format=custom", "--no-owner", "--no-privileges", "--file=" + path}
	for _, s := range schemas {
		args = append(args, "--schema="+s)
	}
	if out, err := exec.CommandContext(ctx, bin, append(args, "--dbname="+target)...).CombinedOutput(); err != nil {
		return kijun.Errorf(kijun.EINVALID, "pg_dump: %v: %s", err, strings.TrimSpace(string(out)))
	}
	return nil
}

// pgRestoreScratch restores the dump at path into a new database on the
// server of raw, and returns that database's Kijun URL and a function that
// drops it.
func pgRestoreScratch(ctx context.Context, raw, path string) (string, func(), error) {
	bin, err := exec.LookPath("pg_restore")
	if err != nil {
		return "", nil, kijun.Errorf(kijun.EINVALID, "checking a PostgreSQL backup needs pg_restore (apt-get install postgresql-client)")
	}
	b := make([]byte, 6)
	rand.Read(b)
	name := "kijun_restore_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", raw)
	if err != nil {
		return "", nil, err
	}
	defer admin.Close()
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		return "", nil, kijun.Wrap(kijun.EINVALID, err, "cannot make a scratch database to check the backup in (the role needs CREATEDB)")
	}
	drop := func() {
		a, err := sql.Open("pgx", raw)
		if err == nil {
			a.ExecContext(context.WithoutCancel(ctx), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
			a.Close()
		}
	}
	u, err := url.Parse(raw)
	if err != nil {
		drop()
		return "", nil, err
	}
	u.Path = "/" + name
	scratch := u.String()
	target, _, err := pgTarget(scratch)
	if err != nil {
		drop()
		return "", nil, err
	}
	if out, err := exec.CommandContext(ctx, bin, "--no-owner", "--no-privileges", "--exit-on-error", "--dbname="+target, path).CombinedOutput(); err != nil {
		drop()
		return "", nil, kijun.Errorf(kijun.EINVALID, "pg_restore: %v: %s", err, strings.TrimSpace(string(out)))
	}
	return scratch, drop, nil
}

// writeBackup writes a backup of db to path: VACUUM INTO for SQLite,
// pg_dump for PostgreSQL.
func writeBackup(ctx context.Context, db *store.DB, d *dbFlags, path string) error {
	if db.Dialect == store.SQLite {
		return db.Backup(ctx, path)
	}
	return pgDump(ctx, d.url, path)
}

// openCopy makes the backup at path openable as a database: the file
// itself for SQLite, a scratch database restored from it for PostgreSQL.
// done removes what it made.
func openCopy(ctx context.Context, db *store.DB, d *dbFlags, path string) (target string, done func(), err error) {
	if db.Dialect == store.SQLite {
		return path, func() {}, nil
	}
	return pgRestoreScratch(ctx, d.url, path)
}

// backupExt is the extension of a backup of db's engine.
func backupExt(db *store.DB) string {
	if db.Dialect == store.SQLite {
		return ".db"
	}
	return ".dump"
}
