package store

import (
	"context"
	"database/sql"
	"slices"
	"strconv"
	"strings"
)

// Tx is a transaction. Queries are written once with ? placeholders; Tx
// rewrites them for the engine.
type Tx struct {
	db   *DB
	tx   *sql.Tx
	pool *sql.DB
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
func (tx *Tx) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if tx.db.Dialect != SQLite {
		return nil, nil
	}
	cache := &tx.db.readStmts
	if tx.pool == tx.db.write {
		cache = &tx.db.writeStmts
	}
	if st, ok := cache.Load(query); ok {
		return tx.tx.StmtContext(ctx, st.(*sql.Stmt)), nil
	}
	st, err := tx.pool.PrepareContext(ctx, query)
	if err != nil {
		// Outside this transaction the statement may not prepare, for
		// instance when it names a table the transaction has just created.
		// Run it uncached; the transaction reports any real error.
		return nil, nil
	}
	if prev, loaded := cache.LoadOrStore(query, st); loaded {
		st.Close()
		st = prev.(*sql.Stmt)
	}
	return tx.tx.StmtContext(ctx, st), nil
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
