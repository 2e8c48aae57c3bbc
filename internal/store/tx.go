package store

import (
	"context"
	"database/sql"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Tx is a transaction. Queries are written once with ? placeholders; Tx
// rewrites them for the engine.
type Tx struct {
	db   *DB
	tx   *sql.Tx
	pool *sql.DB
	// own holds the statements this transaction prepared on its own
	// connection, by query: the shared cache had none yet. Once the
	// transaction has ended and its connection is back in the pool, they
	// are prepared for the cache (DB.share). An import writes through the
	// transaction from a goroutine of its own while it reads: ownMu.
	ownMu sync.Mutex
	own   map[string]*sql.Stmt
	// readOnly: a read transaction, whose answers shared may keep; a
	// write's may never commit.
	readOnly bool
}

// ExecContext runs one statement.
func (tx *Tx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, err := tx.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return tx.tx.ExecContext(ctx, tx.db.rebind(query), args...)
	}
	return st.ExecContext(ctx, args...)
}

// QueryContext runs a query that returns rows.
func (tx *Tx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := tx.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return tx.tx.QueryContext(ctx, tx.db.rebind(query), args...)
	}
	return st.QueryContext(ctx, args...)
}

// each runs a query and calls fn for each row it returns.
func (tx *Tx) each(ctx context.Context, query string, args []any, fn func(scanner) error) error {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// eachIn runs query, which ends in "IN ", with a list of keys after it,
// 500 keys to a statement, and calls fn for each row: a read by many keys
// within what one statement may carry.
func (tx *Tx) eachIn(ctx context.Context, query string, keys []any, fn func(scanner) error) error {
	for chunk := range slices.Chunk(keys, 500) {
		if err := tx.each(ctx, query+inList(len(chunk)), chunk, fn); err != nil {
			return err
		}
	}
	return nil
}

// QueryRowContext runs a query that returns at most one row.
func (tx *Tx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	st, err := tx.stmt(ctx, query)
	if err != nil || st == nil {
		// On a preparation error, let database/sql report it through the Row.
		return tx.tx.QueryRowContext(ctx, tx.db.rebind(query), args...)
	}
	return st.QueryRowContext(ctx, args...)
}

// ExecScript runs several statements at once, such as a migration. It is
// never prepared: preparation would run only the first statement.
func (tx *Tx) ExecScript(ctx context.Context, script string) error {
	_, err := tx.tx.ExecContext(ctx, script)
	return err
}

// stmt returns the statement prepared once per pool for query, bound to the
// transaction, or nil where the driver caches statements itself (pgx does).
// SQLite spends a quarter of a small write transaction parsing SQL otherwise.
//
// A transaction never asks its pool for a second connection: with as many
// transactions open as the pool has connections, each would wait for
// another to end, for ever. A statement the cache lacks is therefore
// prepared on the transaction's own connection, and put in the cache by
// DB.share once the transaction has given its connection back.
func (tx *Tx) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if tx.db.Dialect != SQLite {
		return nil, nil
	}
	if st, ok := tx.db.stmts(tx.pool).Load(query); ok {
		return tx.tx.StmtContext(ctx, st.(*sql.Stmt)), nil
	}
	tx.ownMu.Lock()
	defer tx.ownMu.Unlock()
	if st, ok := tx.own[query]; ok {
		return st, nil
	}
	st, err := tx.tx.PrepareContext(ctx, query)
	if err != nil {
		// Run it unprepared; the transaction reports the error.
		return nil, nil
	}
	if tx.own == nil {
		tx.own = make(map[string]*sql.Stmt)
	}
	tx.own[query] = st
	return st, nil
}

// stmts returns the statement cache of pool.
func (db *DB) stmts(pool *sql.DB) *sync.Map {
	if pool == db.write {
		return &db.writeStmts
	}
	return &db.readStmts
}

// share prepares on pool, for the statement cache, the statements that tx
// prepared on its own connection. It runs after tx has ended, holding no
// connection, so waiting for one is safe. One goroutine prepares a query
// while others go on without it.
func (db *DB) share(ctx context.Context, tx *Tx) {
	if tx == nil || len(tx.own) == 0 {
		return
	}
	cache := db.stmts(tx.pool)
	for query := range tx.own {
		if _, ok := cache.Load(query); ok {
			continue
		}
		if _, busy := db.preparing.LoadOrStore(query, struct{}{}); busy {
			continue
		}
		// A query may not prepare outside its transaction, as when it names
		// a table the transaction created: it stays uncached.
		if st, err := tx.pool.PrepareContext(ctx, query); err == nil {
			if _, loaded := cache.LoadOrStore(query, st); loaded {
				st.Close()
			}
		}
		db.preparing.Delete(query)
	}
}

// rebind turns ? placeholders into $1, $2 ... for PostgreSQL. Question marks
// inside quoted strings are left alone.
func (db *DB) rebind(q string) string {
	if db.Dialect != Postgres {
		return q
	}
	if r, ok := db.rebound.Load(q); ok {
		return r.(string)
	}
	var b strings.Builder
	n := 0
	quote := byte(0)
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '?':
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(c)
	}
	r := b.String()
	db.rebound.Store(q, r)
	return r
}
