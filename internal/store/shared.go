package store

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// Under a morning's load a few reads are asked again and again with the
// same answer for everyone: how many assets a filter of the register
// matches (the count of page 101 walks 150,000 index entries), the open
// findings per 課 and provision, the trend of the last 30 days. shared
// keeps such an answer for a short time, with the version of the data it
// was read at, and answers again from it only while the version is the
// same:
//
//   - the ledger's head: every change of state commits with its ledger
//     record (the project's rule, checked by the record-kinds test), so a
//     change made by any process, another server on PostgreSQL or a CLI
//     import on the same file, moves the head and the next read reads
//     again;
//   - the writes this process has committed (DB.writes): the findings of a
//     re-check are derived data written without a ledger record, and are
//     read again at once after one;
//   - and no older than sharedFor, which bounds how late a re-check run by
//     another process (kijun check's, which does write a record, is seen
//     at once) shows in the counts: 10 seconds.
//
// The head is read in the same read transaction as the answer, one
// snapshot on either engine (PostgreSQL's reads are repeatable read), and
// the count of writes before both, so an answer is never kept under a
// version newer than itself. A write transaction reads without keeping:
// what it wrote may yet roll back.
type shared struct {
	mu      sync.Mutex
	entries map[string]sharedEntry
}

type sharedEntry struct {
	head, writes int64
	at           time.Time
	v            any
}

// sharedFor is how long a shared answer is kept at most.
const sharedFor = 10 * time.Second

// sharedMax bounds the entries kept: a filter's count is one entry per
// filter, and people can type many filters.
const sharedMax = 512

// sharedRead returns read's answer for key, from the kept one when the
// data is at the version it was read at; read runs in tx.
func sharedRead[T any](ctx context.Context, tx *Tx, key string, read func() (T, error)) (T, error) {
	if !tx.readOnly {
		return read()
	}
	db := tx.db
	writes := db.writes.Load()
	head, _, err := tx.head(ctx)
	if err != nil {
		var zero T
		return zero, err
	}
	now := time.Now()
	db.shared.mu.Lock()
	e, ok := db.shared.entries[key]
	db.shared.mu.Unlock()
	if ok && e.head == head && e.writes == writes && now.Sub(e.at) < sharedFor {
		return e.v.(T), nil
	}
	v, err := read()
	if err != nil {
		return v, err
	}
	db.shared.mu.Lock()
	defer db.shared.mu.Unlock()
	if db.shared.entries == nil || len(db.shared.entries) >= sharedMax {
		db.shared.entries = map[string]sharedEntry{}
	}
	db.shared.entries[key] = sharedEntry{head: head, writes: writes, at: now, v: v}
	return v, nil
}

// sharedKey is a key of query and its arguments.
func sharedKey(query string, args []any) string {
	return fmt.Sprintf("%s\x1f%v", query, args)
}

// writeCount counts the write transactions this process has committed,
// for shared.
type writeCount = atomic.Int64
