package store

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"math/bits"
	"strings"

	"golang.org/x/mod/sumdb/tlog"

	"kijun/internal/kijun"
	"kijun/internal/records"
)

// treeVersion is the migration that creates the ledger's Merkle tree.
const treeVersion = 30

// treeReady reports whether the ledger_tree table exists: records written
// by the migrations before it are added to the tree when it is created.
func (tx *Tx) treeReady(ctx context.Context) (bool, error) {
	if tx.db.treeReady.Load() {
		return true, nil
	}
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM schema_migrations WHERE version = ?", treeVersion).Scan(&n); err != nil {
		return false, fmt.Errorf("read schema version: %w", err)
	}
	if n > 0 {
		tx.db.treeReady.Store(true)
	}
	return n > 0, nil
}

// treeAppender adds records' leaves to the stored Merkle tree, computing
// the hashes tlog stores for each (O(log n) reads per record, most of them
// of hashes it has just computed).
type treeAppender struct {
	ctx   context.Context
	tx    *Tx
	n     int64       // leaves in the tree
	leaf  tlog.Hash   // the last leaf added
	base  int64       // the first stored-hash index not yet in the table
	fresh []tlog.Hash // the stored hashes from base on, not yet written
	read  map[int64]tlog.Hash
}

// openTree returns an appender for the tree of a ledger whose last record
// is seq with hash, or nil before the tree's migration. It refuses a tree
// that does not end at that record: records added, removed or rewritten
// outside Kijun, on which no record may be appended.
func (tx *Tx) openTree(ctx context.Context, seq int64, hash string) (*treeAppender, error) {
	ready, err := tx.treeReady(ctx)
	if err != nil || !ready {
		return nil, err
	}
	a := &treeAppender{ctx: ctx, tx: tx, n: seq, base: tlog.StoredHashCount(seq), read: map[int64]tlog.Hash{}}
	// The end this process last appended, when the committed head is
	// still its last leaf: the check and the reads are answered from memory.
	if f := tx.db.treeEnd.Load(); f != nil && f.n == seq && (seq == 0 || f.leaf == records.LeafHash([]byte(hash))) {
		maps.Copy(a.read, f.next)
		return a, nil
	}
	// One query reads the tree's end, to check it, and the hashes the next
	// leaf is merged with (tlog.StoredHashesForRecordHash): appending a
	// record stays one read and one insert more than the record itself.
	from := int64(0)
	if seq > 0 {
		from = tlog.StoredHashIndex(0, seq-1)
	}
	args := []any{from}
	q := "SELECT idx, hash FROM ledger_tree WHERE idx >= ?"
	if next := nextIndexes(seq); len(next) > 0 {
		q += " UNION ALL SELECT idx, hash FROM ledger_tree WHERE idx IN (" + strings.TrimSuffix(strings.Repeat("?, ", len(next)), ", ") + ")"
		for _, x := range next {
			args = append(args, x)
		}
	}
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("read ledger tree: %w", err)
	}
	defer rows.Close()
	got := int64(-1)
	for rows.Next() {
		var x int64
		var s string
		if err := rows.Scan(&x, &s); err != nil {
			return nil, fmt.Errorf("read ledger tree: %w", err)
		}
		h, err := tlog.ParseHash(s)
		if err != nil {
			return nil, kijun.Errorf(kijun.EINTERNAL, "ledger tree hash %d is unreadable: %v", x, err)
		}
		got = max(got, x)
		a.read[x] = h
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read ledger tree: %w", err)
	}
	if err := treeEndError(seq, hash, got, a.read); err != nil {
		return nil, err
	}
	return a, nil
}

// treeFrontier is the end of the tree as this process last appended it:
// its size, the leaf of its last record, and the stored hashes the next
// leaf is merged with. It is trusted only while the committed head is
// that record with that leaf, so a rolled-back append or another
// process's append makes it unused.
type treeFrontier struct {
	n    int64
	leaf tlog.Hash
	next map[int64]tlog.Hash
}

// nextIndexes returns the stored hashes tlog reads to append leaf n.
func nextIndexes(n int64) []int64 {
	m := bits.TrailingZeros64(uint64(n + 1))
	idx := make([]int64, m)
	for i := range m {
		idx[i] = tlog.StoredHashIndex(i, n>>uint(i)-1)
	}
	return idx
}

// keepEnd remembers the end of the tree after the appender's last flush,
// for the next append (see treeFrontier).
func (a *treeAppender) keepEnd(leaf tlog.Hash) {
	f := &treeFrontier{n: a.n, leaf: leaf, next: map[int64]tlog.Hash{}}
	for _, x := range nextIndexes(a.n) {
		h, ok := a.read[x]
		if !ok {
			a.tx.db.treeEnd.Store(nil)
			return
		}
		f.next[x] = h
	}
	a.tx.db.treeEnd.Store(f)
}

// treeEndError says what is wrong when the stored tree, whose last index
// is last and whose hashes read include those in hs, does not end at
// record seq with hash.
func treeEndError(seq int64, hash string, last int64, hs map[int64]tlog.Hash) error {
	if want := tlog.StoredHashCount(seq) - 1; last != want {
		return kijun.Errorf(kijun.EINTERNAL, "記録台帳のマークル木が記録 %d 件と合いません（木の末尾 %d、あるべき末尾 %d）。台帳が Kijun の外で変更されたおそれがあります: kijun verify で確認してください / the ledger's Merkle tree does not end at record %d: records were added or removed outside Kijun", seq, last, want, seq)
	}
	if seq == 0 {
		return nil
	}
	if leaf, ok := hs[tlog.StoredHashIndex(0, seq-1)]; !ok || leaf != records.LeafHash([]byte(hash)) {
		return kijun.Errorf(kijun.EINTERNAL, "記録台帳の最後の記録 %d がマークル木の葉と一致しません。台帳が書き換えられたおそれがあります: kijun verify で確認してください / ledger record %d is not the leaf the Merkle tree holds for it: the ledger was rewritten", seq, seq)
	}
	return nil
}

// checkTreeEnd checks that the stored tree has exactly seq leaves, the
// last of them record seq's hash.
func (tx *Tx) checkTreeEnd(ctx context.Context, seq int64, hash string) error {
	var last sql.NullInt64
	if err := tx.QueryRowContext(ctx, "SELECT MAX(idx) FROM ledger_tree").Scan(&last); err != nil {
		return fmt.Errorf("read ledger tree: %w", err)
	}
	got := int64(-1)
	if last.Valid {
		got = last.Int64
	}
	hs := map[int64]tlog.Hash{}
	if seq > 0 && got == tlog.StoredHashCount(seq)-1 {
		leaf, err := tx.treeHashes(ctx, []int64{tlog.StoredHashIndex(0, seq-1)})
		if err != nil {
			return err
		}
		hs[tlog.StoredHashIndex(0, seq-1)] = leaf[0]
	}
	return treeEndError(seq, hash, got, hs)
}

// treeHashes reads stored hashes by index, in the order asked.
func (tx *Tx) treeHashes(ctx context.Context, idx []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(idx))
	if len(idx) == 0 {
		return out, nil
	}
	pos := make(map[int64][]int, len(idx))
	args := make([]any, 0, len(idx))
	for i, x := range idx {
		if _, seen := pos[x]; !seen {
			args = append(args, x)
		}
		pos[x] = append(pos[x], i)
	}
	rows, err := tx.QueryContext(ctx, "SELECT idx, hash FROM ledger_tree WHERE idx IN ("+strings.TrimSuffix(strings.Repeat("?, ", len(args)), ", ")+")", args...)
	if err != nil {
		return nil, fmt.Errorf("read ledger tree: %w", err)
	}
	defer rows.Close()
	found := 0
	for rows.Next() {
		var x int64
		var s string
		if err := rows.Scan(&x, &s); err != nil {
			return nil, fmt.Errorf("read ledger tree: %w", err)
		}
		h, err := tlog.ParseHash(s)
		if err != nil {
			return nil, kijun.Errorf(kijun.EINTERNAL, "ledger tree hash %d is unreadable: %v", x, err)
		}
		for _, i := range pos[x] {
			out[i] = h
		}
		found++
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read ledger tree: %w", err)
	}
	if found != len(args) {
		return nil, kijun.Errorf(kijun.EINTERNAL, "the ledger's Merkle tree is missing hashes: it was changed outside Kijun; run kijun verify")
	}
	return out, nil
}

// treeReader reads the stored tree in tx.
func (tx *Tx) treeReader(ctx context.Context) tlog.HashReader {
	return tlog.HashReaderFunc(func(idx []int64) ([]tlog.Hash, error) { return tx.treeHashes(ctx, idx) })
}

func (a *treeAppender) ReadHashes(idx []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(idx))
	var missing []int64
	for i, x := range idx {
		switch h, ok := a.read[x]; {
		case x >= a.base:
			out[i] = a.fresh[x-a.base]
		case ok:
			out[i] = h
		default:
			missing = append(missing, x)
		}
	}
	if len(missing) == 0 {
		return out, nil
	}
	got, err := a.tx.treeHashes(a.ctx, missing)
	if err != nil {
		return nil, err
	}
	for i, x := range missing {
		a.read[x] = got[i]
	}
	for i, x := range idx {
		if x < a.base {
			out[i] = a.read[x]
		}
	}
	return out, nil
}

// add appends the leaf of the record whose chain hash is hash.
func (a *treeAppender) add(hash string) error {
	leaf := records.LeafHash([]byte(hash))
	hs, err := tlog.StoredHashesForRecordHash(a.n, leaf, a)
	if err != nil {
		return fmt.Errorf("ledger tree: record %d: %w", a.n+1, err)
	}
	a.fresh = append(a.fresh, hs...)
	a.n++
	a.leaf = leaf
	return nil
}

// flush writes the hashes computed since the last flush.
func (a *treeAppender) flush(ctx context.Context) error {
	tx := a.tx
	for len(a.fresh) > 0 {
		chunk := a.fresh[:min(len(a.fresh), 500)]
		var err error
		if tx.db.Dialect == Postgres {
			idx, hs := make([]int64, len(chunk)), make([]string, len(chunk))
			for i, h := range chunk {
				idx[i], hs[i] = a.base+int64(i), h.String()
			}
			_, err = tx.tx.ExecContext(ctx, "INSERT INTO ledger_tree (idx, hash) SELECT * FROM unnest($1::bigint[], $2::text[])", idx, hs)
		} else {
			args := make([]any, 0, 2*len(chunk))
			for i, h := range chunk {
				args = append(args, a.base+int64(i), h.String())
			}
			// Prepared once per shape: a single record adds one to a few rows.
			_, err = tx.ExecContext(ctx, "INSERT INTO ledger_tree (idx, hash) VALUES "+strings.TrimSuffix(strings.Repeat("(?, ?), ", len(chunk)), ", "), args...)
		}
		if err != nil {
			return fmt.Errorf("append ledger tree: %w", err)
		}
		// The hashes written stay readable from the cache: the next
		// records' hashes are built on them.
		for i, h := range chunk {
			a.read[a.base+int64(i)] = h
		}
		a.base += int64(len(chunk))
		a.fresh = a.fresh[len(chunk):]
	}
	a.fresh = nil
	a.keepEnd(a.leaf)
	// Only the roots of complete subtrees are read again; keep the cache
	// from growing with a long import.
	if len(a.read) > 4096 {
		clear(a.read)
	}
	return nil
}

// fillTree builds the tree from the records already in the ledger, when
// the tree's migration is applied to a database that has them.
func (tx *Tx) fillTree(ctx context.Context) error {
	a := &treeAppender{ctx: ctx, tx: tx, read: map[int64]tlog.Hash{}}
	rows, err := tx.QueryContext(ctx, "SELECT seq, hash FROM ledger_records ORDER BY seq")
	if err != nil {
		return fmt.Errorf("read ledger: %w", err)
	}
	var hashes []string
	var next int64 = 1
	for rows.Next() {
		var seq int64
		var h string
		if err := rows.Scan(&seq, &h); err != nil {
			rows.Close()
			return fmt.Errorf("read ledger: %w", err)
		}
		if seq != next {
			rows.Close()
			return &records.Break{Seq: next, Reason: "record missing: the Merkle tree cannot be built over a broken ledger"}
		}
		next++
		hashes = append(hashes, h)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read ledger: %w", err)
	}
	for _, h := range hashes {
		if err := a.add(h); err != nil {
			return err
		}
		if len(a.fresh) >= 5000 {
			if err := a.flush(ctx); err != nil {
				return err
			}
		}
	}
	return a.flush(ctx)
}
