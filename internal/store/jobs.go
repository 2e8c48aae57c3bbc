package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// SQL returns the transaction underneath tx, for a library that must write
// in the same transaction as Kijun's change: the job queue inserts a job
// (such as a mail to send) that commits or rolls back with the change that
// caused it.
func (tx *Tx) SQL() *sql.Tx { return tx.tx }

// JobPool is the connection pool the job queue works through.
type JobPool struct {
	DB    *sql.DB
	owned bool
}

// Close closes the pool when it is the queue's own.
func (p *JobPool) Close() error {
	if p == nil || !p.owned {
		return nil
	}
	return p.DB.Close()
}

// queueBusyTimeout is how long, in milliseconds, the queue's connection
// waits for the write lock: five minutes. The write of 200,000 assets
// imported at once holds it for about a minute on a loaded server of two
// cores (docs/benchmarks.md, BenchmarkCityImportWhileSaving).
const queueBusyTimeout = "300000"

// OpenJobPool returns the pool for the job queue. On PostgreSQL it is the
// write pool: River locks rows, not the ledger, so it never waits for
// Kijun's writers. On SQLite it is a pool of its own with one connection,
// as River's SQLite driver asks (its parallel internal operations would
// otherwise collide inside one process). Its transactions begin IMMEDIATE
// like Kijun's: a transaction that takes the write lock at BEGIN waits for
// the other writer under busy_timeout, where one that reads first and then
// tries to write gets SQLITE_BUSY at once. Its busy timeout outlasts the
// longest write Kijun makes, the final write of a city's register imported
// whole (queueBusyTimeout), so that the queue waits for it rather than
// failing. Jobs inserted with a change go through that change's
// transaction on Kijun's own write pool.
func (db *DB) OpenJobPool(ctx context.Context) (*JobPool, error) {
	if db.Dialect != SQLite {
		return &JobPool{DB: db.write}, nil
	}
	name := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(db.Path)
	pool, err := sql.Open("sqlite", "file:"+name+"?_pragma=foreign_keys(1)&_pragma=busy_timeout("+queueBusyTimeout+")&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open the job queue's connection to %s: %w", db.Path, err)
	}
	pool.SetMaxOpenConns(1)
	pool.SetMaxIdleConns(1)
	pool.SetConnMaxIdleTime(0)
	if err := pool.PingContext(ctx); err != nil {
		pool.Close()
		return nil, sqliteOpenError(db.Path, err)
	}
	return &JobPool{DB: pool, owned: true}, nil
}

// CurrentSchema returns the PostgreSQL schema Kijun's tables live in, or ""
// on SQLite.
func (db *DB) CurrentSchema(ctx context.Context) (string, error) {
	if db.Dialect != Postgres {
		return "", nil
	}
	db.guard.check("read the current schema")
	var s string
	if err := db.write.QueryRowContext(ctx, "SELECT current_schema()").Scan(&s); err != nil {
		return "", fmt.Errorf("read the current schema: %w", err)
	}
	return s, nil
}
