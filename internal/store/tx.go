package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
)

// Tx is a transaction. Queries are written once with ? placeholders; Tx
// rewrites them for the engine.
type Tx struct {
	db *DB
	tx *sql.Tx
}

// DB returns the database the transaction belongs to.
func (tx *Tx) DB() *DB { return tx.db }

// ExecContext runs a statement.
func (tx *Tx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return tx.tx.ExecContext(ctx, tx.db.rebind(query), args...)
}

// QueryContext runs a query that returns rows.
func (tx *Tx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return tx.tx.QueryContext(ctx, tx.db.rebind(query), args...)
}

// QueryRowContext runs a query that returns at most one row.
func (tx *Tx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return tx.tx.QueryRowContext(ctx, tx.db.rebind(query), args...)
}

// ForUpdate returns the clause that locks selected rows until the transaction
// ends. SQLite needs none: its write transactions are already exclusive.
func (db *DB) ForUpdate() string {
	if db.Dialect == Postgres {
		return " FOR UPDATE"
	}
	return ""
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
