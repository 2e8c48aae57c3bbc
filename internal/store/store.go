// Package store is Kijun's one SQL layer. The same code serves SQLite (the
// embedded default, through a pure-Go driver) and PostgreSQL (through pgx):
// raw SQL, explicit transactions, and a Dialect for the few statements that
// differ. Every state change appends its ledger record in the same transaction
// (see Tx.Record).
package store

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver

	"kijun/internal/kijun"
	"kijun/internal/records"
)

// Dialect names a database engine.
type Dialect int

// The engines Kijun runs on.
const (
	SQLite Dialect = iota + 1
	Postgres
)

// String returns the engine's name.
func (d Dialect) String() string {
	switch d {
	case SQLite:
		return "sqlite"
	case Postgres:
		return "postgres"
	}
	return "unknown"
}

// ledgerLock is the PostgreSQL advisory lock every write transaction takes.
const ledgerLock = 7262202

// Options configure Open.
type Options struct {
	Logger *slog.Logger
	// Now is the clock; time.Now when nil. Tests set it to control deadlines.
	Now func() time.Time
	// LedgerKey signs checkpoints; without it no checkpoints are written.
	LedgerKey *records.Key
	// CheckpointEvery writes a signed checkpoint inside the transaction of
	// every Nth record (default 1000). The server also checkpoints on a timer.
	CheckpointEvery int64
}

// DB is an open Kijun database.
type DB struct {
	Dialect Dialect
	// Path is the SQLite file, or "" for PostgreSQL.
	Path string
	// Display is the URL with any password removed, for messages.
	Display string

	write *sql.DB // writers take writeTurn, so they queue in Go, not in SQLITE_BUSY
	read  *sql.DB // SQLite: several read-only connections; PostgreSQL: same as write
	// health is Ping's one connection of its own: behind a queue of readers
	// as long as the server's clients, a health check would report a busy
	// server down. That the pools never hang is kept by txGuard.
	health *sql.DB
	// writeTurn lets one write transaction run at a time in this process,
	// on either engine. A writer waits for its turn before it takes a
	// connection: on PostgreSQL, writers queued on the ledger lock would
	// otherwise hold connections of the pool readers use. On SQLite the
	// pool has a second connection for what runs outside transactions (a
	// backup, PRAGMA optimize, preparing a statement for the cache).
	writeTurn chan struct{}

	log             *slog.Logger
	now             func() time.Time
	key             *records.Key
	checkpointEvery int64
	heads           string              // the signed tree heads file (see SetLedgerHeads)
	retired         []ed25519.PublicKey // keys the ledger key replaced (see SetRetiredKeys)
	treeReady       atomic.Bool         // the ledger's Merkle tree table exists (migration 30)
	treeEnd         atomic.Pointer[treeFrontier]
	rebound         sync.Map // query -> query rewritten for the dialect
	writeStmts      sync.Map // query -> *sql.Stmt on the write pool (SQLite)
	readStmts       sync.Map // query -> *sql.Stmt on the read pool (SQLite)
	preparing       sync.Map // query -> struct{} while one goroutine prepares it for a cache
	guard           txGuard
	together        chan struct{}   // one viewTogether at a time
	shared          shared          // answers the same for everyone, kept briefly (shared.go)
	writes          writeCount      // write transactions committed, for shared
	attendance      attendanceCache // each year's training attendance at a ledger head
	chains          chainCache      // the chain check's rows at a ledger head
}

// ParseURL reads a database URL: a file path or sqlite:PATH for SQLite,
// postgres://... or postgresql://... for PostgreSQL.
func ParseURL(s string) (Dialect, string, error) {
	switch {
	case s == "":
		return 0, "", kijun.Errorf(kijun.EINVALID, "no database given: use a file path, sqlite:PATH or postgres://...")
	case strings.HasPrefix(s, "postgres://"), strings.HasPrefix(s, "postgresql://"):
		return Postgres, s, nil
	case strings.HasPrefix(s, "sqlite:"):
		p := strings.TrimPrefix(strings.TrimPrefix(s, "sqlite:"), "//")
		if p == "" {
			return 0, "", kijun.Errorf(kijun.EINVALID, "database URL %q names no file", s)
		}
		return SQLite, p, nil
	case strings.Contains(s, "://"):
		scheme, _, _ := strings.Cut(s, "://")
		return 0, "", kijun.Errorf(kijun.EINVALID, "unknown kind of database URL %q: use a file path, sqlite:PATH or postgres://...", scheme+"://")
	}
	return SQLite, s, nil
}

// Open opens the database at rawURL. It does not migrate: call Migrate, or
// CheckSchema to refuse a database that needs migrating.
func Open(ctx context.Context, rawURL string, opts Options) (*DB, error) {
	dialect, target, err := ParseURL(rawURL)
	if err != nil {
		return nil, err
	}
	db := &DB{Dialect: dialect, log: opts.Logger, now: opts.Now, key: opts.LedgerKey, checkpointEvery: opts.CheckpointEvery,
		guard: newTxGuard(), together: make(chan struct{}, 1), writeTurn: make(chan struct{}, 1)}
	if db.log == nil {
		db.log = slog.New(slog.DiscardHandler)
	}
	if db.now == nil {
		db.now = time.Now
	}
	if db.checkpointEvery <= 0 {
		db.checkpointEvery = 1000
	}
	switch dialect {
	case SQLite:
		err = db.openSQLite(ctx, target)
	case Postgres:
		err = db.openPostgres(ctx, target)
	}
	if err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func (db *DB) openSQLite(ctx context.Context, path string) error {
	db.Path, db.Display = path, path
	if err := checkSQLiteFile(path); err != nil {
		return err
	}
	// SQLite URI: %, ? and # in a file name must be escaped.
	name := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
	common := "_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)"
	var err error
	// synchronous(NORMAL) in WAL mode: a committed transaction survives the
	// process being killed; only an OS crash or power loss can lose the last ones.
	db.write, err = sql.Open("sqlite", "file:"+name+"?"+common+"&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=wal_autocheckpoint(8000)&_txlock=immediate")
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	db.write.SetMaxOpenConns(2)
	db.write.SetMaxIdleConns(2)
	db.write.SetConnMaxIdleTime(0)
	if err := db.write.PingContext(ctx); err != nil {
		return sqliteOpenError(path, err)
	}
	// Readers read the file through the operating system's cache, not a
	// memory map (mmap_size 0). Measured with go run ./internal/loadtest at
	// 200 clients on the city demo (docs/benchmarks.md, "Memory"): with
	// each of the 4 readers mapping up to 1 GiB, the server's resident set
	// reached 760 MB, since every connection's map counts the pages it
	// touched, though they are the same pages the cache holds anyway;
	// unmapped it stayed at 216 - 227 MB, with the same throughput within
	// the noise of the shared machine (245 - 287 req/s against 245). A
	// ledger verify of a million records took 7.1 s against 6.3 s mapped,
	// under the same load.
	db.read, err = sql.Open("sqlite", "file:"+name+"?"+common+"&_pragma=query_only(1)&_pragma=mmap_size(0)")
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	// Every connection stays open: one closed after a burst would lose the
	// statements prepared on it and pay the pragmas again. Four: on 2 cores
	// 2, 4 and 8 readers served the load's mix alike (271, 245 - 293 and
	// 244 req/s), and four let a long read (an export, a verify's parallel
	// runs) leave others for pages.
	db.read.SetMaxOpenConns(4)
	db.read.SetMaxIdleConns(4)
	if err := db.read.PingContext(ctx); err != nil {
		return sqliteOpenError(path, err)
	}
	if db.health, err = sql.Open("sqlite", "file:"+name+"?"+common+"&_pragma=query_only(1)"); err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	db.health.SetMaxOpenConns(1)
	return nil
}

// checkSQLiteFile refuses a path that is not an SQLite file before the driver
// is given a chance to report it less clearly.
func checkSQLiteFile(path string) error {
	st, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		dir := filepath.Dir(path)
		if _, err := os.Stat(dir); err != nil {
			return kijun.Errorf(kijun.EINVALID, "cannot create database %s: directory %s does not exist", path, dir)
		}
		return nil
	}
	if err != nil {
		return kijun.Wrap(kijun.EINVALID, err, "cannot open database %s", path)
	}
	if st.IsDir() {
		return kijun.Errorf(kijun.EINVALID, "%s is a directory, not a Kijun database file", path)
	}
	if st.Size() == 0 {
		return nil
	}
	f, err := os.Open(path)
	if err != nil {
		return kijun.Wrap(kijun.EINVALID, err, "cannot open database %s", path)
	}
	defer f.Close()
	head := make([]byte, 16)
	n, _ := f.Read(head)
	if n < 16 || string(head) != "SQLite format 3\x00" {
		return kijun.Errorf(kijun.EINVALID, "%s is not a Kijun database (not an SQLite file)", path)
	}
	return nil
}

func sqliteOpenError(path string, err error) error {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "not a database"), strings.Contains(msg, "malformed"):
		return kijun.Wrap(kijun.EINVALID, err, "%s is not a Kijun database (not a valid SQLite file)", path)
	case strings.Contains(msg, "readonly"), strings.Contains(msg, "permission denied"), strings.Contains(msg, "unable to open"):
		return kijun.Wrap(kijun.EINVALID, err, "cannot open database %s for writing", path)
	}
	return kijun.Wrap(kijun.EUNAVAILABLE, err, "cannot open database %s", path)
}

func (db *DB) openPostgres(ctx context.Context, rawURL string) error {
	db.Display = rawURL
	if u, err := url.Parse(rawURL); err == nil {
		db.Display = u.Redacted()
	}
	var err error
	db.write, err = sql.Open("pgx", withoutParallelWorkers(rawURL))
	if err != nil {
		return kijun.Wrap(kijun.EINVALID, err, "bad PostgreSQL URL %s", db.Display)
	}
	db.write.SetMaxOpenConns(20)
	db.write.SetMaxIdleConns(20)
	db.write.SetConnMaxIdleTime(5 * time.Minute)
	db.read = db.write
	if db.health, err = sql.Open("pgx", withoutParallelWorkers(rawURL)); err != nil {
		return kijun.Wrap(kijun.EINVALID, err, "bad PostgreSQL URL %s", db.Display)
	}
	db.health.SetMaxOpenConns(1)
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.write.PingContext(pctx); err != nil {
		return kijun.Wrap(kijun.EUNAVAILABLE, err, "cannot reach PostgreSQL at %s: is the server running and the URL right?", db.Display)
	}
	return nil
}

// withoutParallelWorkers sets max_parallel_workers_per_gather to 0 on each
// connection of a postgres:// URL that does not set it itself. Kijun's
// queries read a page, a record or one change's facts; on a machine of two
// cores, starting parallel workers for them cost more than the query (the
// count of the city's 173,000 assets in scope took 70 ms with two workers
// and 33 ms without). The whole city's read runs its parts on connections
// of their own instead (cityFacts).
func withoutParallelWorkers(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return rawURL
	}
	q := u.Query()
	if q.Has("max_parallel_workers_per_gather") {
		return rawURL
	}
	q.Set("max_parallel_workers_per_gather", "0")
	u.RawQuery = q.Encode()
	return u.String()
}

// Close closes the database.
func (db *DB) Close() error {
	var errs []error
	for _, m := range []*sync.Map{&db.writeStmts, &db.readStmts} {
		m.Range(func(_, st any) bool {
			errs = append(errs, st.(*sql.Stmt).Close())
			return true
		})
	}
	if db.read != nil && db.read != db.write {
		errs = append(errs, db.read.Close())
	}
	if db.health != nil {
		errs = append(errs, db.health.Close())
	}
	if db.write != nil {
		errs = append(errs, db.write.Close())
	}
	return errors.Join(errs...)
}

// Ping reports whether the database answers, on a connection of its own.
func (db *DB) Ping(ctx context.Context) error {
	db.guard.check("ping the database")
	var one int
	if err := db.health.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return kijun.Wrap(kijun.EUNAVAILABLE, err, "database does not answer")
	}
	return nil
}

// Now returns the current time from the database's clock, in UTC, to the
// microsecond the database keeps: a state recorded in the ledger (4.4) is
// then the state read back, and its digest can be compared with the row.
func (db *DB) Now() time.Time { return db.now().UTC().Truncate(time.Microsecond) }

// Update runs fn in a read-write transaction and commits when fn returns nil.
// A change and its ledger record therefore commit together or not at all.
//
// fn must not begin another transaction nor use the DB outside tx: it holds
// a connection, and one that waits for a second from the same pool can wait
// for ever (in tests a guard panics when it tries; see txGuard).
func (db *DB) Update(ctx context.Context, fn func(tx *Tx) error) error {
	tx, _, err := db.update(ctx, fn, 0)
	db.share(ctx, tx)
	if err == nil {
		db.writes.Add(1)
	}
	return err
}

// touchWait bounds how long a touch waits for another writer.
const touchWait = 100 * time.Millisecond

// touch runs fn in a write transaction when no other change is being saved
// within touchWait, and otherwise skips it: a note of when a session or
// token was last used, which a request that only reads makes once a
// minute, must not make that request wait for a long import (a register of
// the whole city is written in one transaction). The next request makes
// the note; 8.2.5: the idle timeout, which reads it, sees a session used
// during a long change at most that change's length late.
func (db *DB) touch(ctx context.Context, fn func(tx *Tx) error) error {
	tx, skipped, err := db.update(ctx, fn, touchWait)
	if skipped {
		db.log.Debug("skipped a note of last use: another change is being saved")
	}
	db.share(ctx, tx)
	return err
}

// update runs fn in a write transaction once it is this writer's turn. A
// patience above zero bounds the wait: past it, update gives up and
// reports skipped.
func (db *DB) update(ctx context.Context, fn func(tx *Tx) error, patience time.Duration) (tx *Tx, skipped bool, err error) {
	leave := db.guard.enter("begin a write transaction")
	defer leave()
	wait := ctx
	if patience > 0 {
		var cancel context.CancelFunc
		wait, cancel = context.WithTimeout(ctx, patience)
		defer cancel()
	}
	select {
	case db.writeTurn <- struct{}{}:
		defer func() { <-db.writeTurn }()
	case <-wait.Done():
		if ctx.Err() == nil {
			return nil, true, nil
		}
		return nil, false, kijun.Wrap(kijun.EUNAVAILABLE, ctx.Err(), "wait for another change to be saved")
	}
	tx, err = db.run(ctx, db.write, nil, fn)
	return tx, false, err
}

// View runs fn in a read-only transaction that sees one consistent snapshot.
// Like Update's, fn uses tx alone.
func (db *DB) View(ctx context.Context, fn func(tx *Tx) error) error {
	tx, err := db.view(ctx, fn)
	db.share(ctx, tx)
	return err
}

func (db *DB) view(ctx context.Context, fn func(tx *Tx) error) (*Tx, error) {
	opts := &sql.TxOptions{ReadOnly: true}
	if db.Dialect == Postgres {
		opts.Isolation = sql.LevelRepeatableRead
	}
	leave := db.guard.enter("begin a read transaction")
	defer leave()
	return db.run(ctx, db.read, opts, fn)
}

// run runs fn in a transaction on pool. It returns the transaction, ended,
// for DB.share.
func (db *DB) run(ctx context.Context, pool *sql.DB, opts *sql.TxOptions, fn func(tx *Tx) error) (*Tx, error) {
	stx, err := pool.BeginTx(ctx, opts)
	if err != nil {
		return nil, kijun.Wrap(kijun.EUNAVAILABLE, err, "begin transaction")
	}
	tx := &Tx{db: db, tx: stx, pool: pool, readOnly: opts != nil && opts.ReadOnly}
	if db.Dialect == Postgres && !(opts != nil && opts.ReadOnly) {
		// One writer at a time across every process, from the start of the
		// transaction: the ledger is one chain, and taking its lock first
		// means no transaction holds row locks while waiting for it.
		if _, err := stx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", ledgerLock); err != nil {
			stx.Rollback()
			return nil, kijun.Wrap(kijun.EUNAVAILABLE, err, "take the ledger lock")
		}
	}
	defer func() {
		// A panic in fn gives the connection back before it goes on up.
		if p := recover(); p != nil {
			stx.Rollback()
			panic(p)
		}
	}()
	if err := fn(tx); err != nil {
		if rerr := stx.Rollback(); rerr != nil && !errors.Is(rerr, sql.ErrTxDone) {
			db.log.Error("rollback failed", "err", rerr)
		}
		return tx, err
	}
	if err := stx.Commit(); err != nil {
		return tx, fmt.Errorf("commit: %w", err)
	}
	return tx, nil
}

// Optimize refreshes the planner's statistics after a large change, such as
// an import of a whole register: on PostgreSQL it vacuums and analyses the
// registers' tables and the findings (so counts can read indexes alone, and
// a full run's updates of every open finding leave no dead rows behind),
// on SQLite it runs PRAGMA optimize.
func (db *DB) Optimize(ctx context.Context) error {
	db.guard.check("optimize the database")
	if db.Dialect == SQLite {
		_, err := db.write.ExecContext(ctx, "PRAGMA optimize")
		return err
	}
	for _, t := range []string{"assets", "asset_holders", "holder_classes", "asset_stages", "systems", "system_software", "ledger_records", "compliance_findings",
		"incidents", "incident_versions", "incident_notices", "incident_events", "incident_actions",
		"devices", "media", "areas", "network_segments", "network_connections", "permit_requests",
		"contracts", "contract_articles", "contract_entrusted", "subcontracts", "contract_staff", "contract_staff_checks", "training_attendance"} {
		if _, err := db.write.ExecContext(ctx, "VACUUM (ANALYZE) "+t); err != nil {
			return fmt.Errorf("vacuum %s: %w", t, err)
		}
	}
	return nil
}
