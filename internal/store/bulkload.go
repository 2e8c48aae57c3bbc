package store

import (
	"context"
	"fmt"
	"strings"
	"sync"
)

// bulkLoadBelow is the size of register below which an import into it is
// an initial load: on PostgreSQL it drops the tables' secondary indexes
// and builds them again once the rows are written, inside the import's
// transaction. Building an index from all its rows at once costs a
// fraction of adding the rows to it one by one (a GIN index of search
// terms most of all), and the register is nearly empty, so locking it
// against readers until the load commits holds up nothing they could use.
const bulkLoadBelow = 1000

// indexSet is the secondary indexes of some tables as the database defines
// them, kept to be built again after a bulk load.
type indexSet []index

// index is an index's name and the statement that creates it.
type index struct{ name, def string }

// dropSecondaryIndexes drops every index of tables that does not enforce a
// key (ON CONFLICT needs those) and returns their definitions, on
// PostgreSQL; on SQLite it does nothing. The drop takes the tables'
// exclusive lock until the transaction ends, and rolls back with it.
func (tx *Tx) dropSecondaryIndexes(ctx context.Context, tables ...string) (indexSet, error) {
	var set indexSet
	if tx.db.Dialect != Postgres {
		return set, nil
	}
	if err := tx.each(ctx, `SELECT i.relname, pg_get_indexdef(x.indexrelid)
		FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
		WHERE t.relnamespace = current_schema()::regnamespace AND t.relname = ANY(?) AND NOT x.indisunique
		ORDER BY i.relname`, []any{tables}, func(sc scanner) error {
		var ix index
		err := sc.Scan(&ix.name, &ix.def)
		set = append(set, ix)
		return err
	}); err != nil {
		return nil, fmt.Errorf("read indexes: %w", err)
	}
	for _, ix := range set {
		if _, err := tx.tx.ExecContext(ctx, "DROP INDEX "+quoteIdent(ix.name)); err != nil {
			return nil, fmt.Errorf("drop index %s: %w", ix.name, err)
		}
	}
	return set, nil
}

// build builds the indexes of set again, with the memory PostgreSQL
// allows a build raised for this transaction.
func (set indexSet) build(ctx context.Context, tx *Tx) error {
	if len(set) == 0 {
		return nil
	}
	if _, err := tx.tx.ExecContext(ctx, "SET LOCAL maintenance_work_mem = '256MB'"); err != nil {
		return fmt.Errorf("build indexes: %w", err)
	}
	for _, ix := range set {
		if _, err := tx.tx.ExecContext(ctx, ix.def); err != nil {
			return fmt.Errorf("build index %s: %w", ix.name, err)
		}
	}
	return nil
}

// quoteIdent quotes a PostgreSQL identifier.
func quoteIdent(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// writer runs a load's writes one after another on a goroutine of its own,
// so that the load reads and prepares its next batch while the last is
// written. While a write runs the transaction is the writer's: the load
// calls wait before it uses the transaction itself.
type writer struct {
	jobs    chan func() error
	done    chan struct{}
	pending sync.WaitGroup
	once    sync.Once
	mu      sync.Mutex
	err     error
}

// startWriter starts a writer that holds at most one write waiting while
// another runs.
func startWriter() *writer {
	w := &writer{jobs: make(chan func() error, 1), done: make(chan struct{})}
	go func() {
		defer close(w.done)
		for job := range w.jobs {
			if w.failed() == nil {
				if err := job(); err != nil {
					w.mu.Lock()
					w.err = err
					w.mu.Unlock()
				}
			}
			w.pending.Done()
		}
	}()
	return w
}

func (w *writer) failed() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

// do queues a write, or returns the error of one before it; after an
// error, nothing more is written.
func (w *writer) do(job func() error) error {
	if err := w.failed(); err != nil {
		return err
	}
	w.pending.Add(1)
	w.jobs <- job
	return nil
}

// wait returns when every write queued has run, with the first error.
func (w *writer) wait() error {
	w.pending.Wait()
	return w.failed()
}

// stop waits for the writes queued and ends the writer; it may be called
// more than once.
func (w *writer) stop() error {
	w.once.Do(func() { close(w.jobs) })
	<-w.done
	return w.failed()
}
