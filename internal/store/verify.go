package store

import (
	"cmp"
	"context"
	"crypto/ed25519"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"

	"golang.org/x/mod/sumdb/tlog"

	"kijun/internal/records"
)

// VerifyOptions tune VerifyLedger.
type VerifyOptions struct {
	// Keys are the public keys checkpoints must be signed with. When nil, the
	// keys registered in the database are trusted; an auditor checking a copy
	// offline passes the key they were given instead.
	Keys []ed25519.PublicKey
	// Checkpoints are extra checkpoints the caller kept, such as the last line
	// of `kijun ledger checkpoint` an auditor wrote down: a copy of the database
	// cut short before them fails.
	Checkpoints []*records.Checkpoint
	// Heads are signed tree heads, opened with a key the caller trusts
	// (records.ReadHeads, records.Current): the ledger's Merkle tree must
	// have each one's root at its size. A ledger rewritten and re-chained
	// after a head was signed fails, whatever its own checkpoints say.
	Heads []*records.TreeHead
}

// VerifyReport says what VerifyLedger checked.
type VerifyReport struct {
	Records        int64
	LastSeq        int64
	LastHash       string
	Checkpoints    int
	LastCheckpoint *records.Checkpoint
	// Tree is the Merkle tree over the records checked, computed from them.
	Tree tlog.Tree
	// LastHead is the largest of opts.Heads, all of which the ledger matches.
	LastHead *records.TreeHead
}

// VerifyLedger checks every record's hash and every checkpoint, up to the
// last record present when it starts. A broken ledger returns a
// *records.Break naming the first bad record. The ledger is read in as many
// parallel runs as there are CPUs, each in a read transaction of its own;
// records are append-only, so runs below the starting head are stable.
func (db *DB) VerifyLedger(ctx context.Context, opts VerifyOptions) (*VerifyReport, error) {
	rep := &VerifyReport{}
	var expect map[int64]string
	err := db.View(ctx, func(tx *Tx) error {
		keys := map[string]ed25519.PublicKey{}
		if opts.Keys != nil {
			for _, k := range opts.Keys {
				keys[records.KeyID(k)] = k
			}
		} else if err := tx.loadLedgerKeys(ctx, keys); err != nil {
			return err
		}
		cps, err := tx.checkpoints(ctx)
		if err != nil {
			return err
		}
		rep.Checkpoints = len(cps)
		if len(cps) > 0 {
			rep.LastCheckpoint = cps[len(cps)-1]
		}
		if expect, err = records.Checkpoints(append(cps, opts.Checkpoints...), keys); err != nil {
			return err
		}
		if rep.LastSeq, rep.LastHash, err = tx.head(ctx); err != nil {
			return err
		}
		// Rows numbered below 1 (slipped in around the schema's check) would
		// otherwise never be read by the runs over 1..head.
		var first int64
		if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MIN(seq), 1) FROM ledger_records").Scan(&first); err != nil {
			return fmt.Errorf("read first ledger record: %w", err)
		}
		if first < 1 {
			return &records.Break{Seq: first, Reason: "a record numbered below 1 was inserted"}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := records.CheckTail(expect, rep.LastSeq); err != nil {
		return nil, err
	}
	runs := int64(runtime.GOMAXPROCS(0))
	if rep.LastSeq < 10_000 {
		runs = 1
	}
	var wg sync.WaitGroup
	errs := make([]error, runs)
	counts := make([]int64, runs)
	// The runs also compute each record's Merkle leaf, which the tree is
	// then built from in order: 32 bytes a record, and no second read.
	leaves := make([]tlog.Hash, rep.LastSeq)
	for i := range runs {
		from := 1 + rep.LastSeq*i/runs
		to := rep.LastSeq * (i + 1) / runs
		wg.Go(func() {
			counts[i], errs[i] = db.verifyRun(ctx, expect, from, to, leaves[from-1:to])
		})
	}
	wg.Wait()
	if err := firstBreak(errs); err != nil {
		return nil, err
	}
	for _, n := range counts {
		rep.Records += n
	}
	if err := db.verifyTree(ctx, rep, opts.Heads, leaves); err != nil {
		return nil, err
	}
	return rep, nil
}

// verifyTree computes the Merkle tree over records 1..rep.LastSeq from
// their hashes, checks it against every signed head and against the tree
// the database stores, and fills rep.Tree.
func (db *DB) verifyTree(ctx context.Context, rep *VerifyReport, heads []*records.TreeHead, leaves []tlog.Hash) error {
	sorted := slices.Clone(heads)
	slices.SortFunc(sorted, func(a, b *records.TreeHead) int { return cmp.Compare(a.N, b.N) })
	if len(sorted) > 0 {
		last := sorted[len(sorted)-1]
		rep.LastHead = last
		if last.N > rep.LastSeq {
			return &records.Break{Seq: rep.LastSeq + 1, Reason: fmt.Sprintf("the tree head signed %s covers %d records but the ledger ends at %d: records were removed from the end, or the database was replaced by an older copy", last.At, last.N, rep.LastSeq)}
		}
	}
	var b records.TreeBuilder
	var mismatch *records.TreeHead
	check := func() {
		for len(sorted) > 0 && sorted[0].N == b.Size() {
			if mismatch == nil && sorted[0].Hash != b.Root() {
				mismatch = sorted[0]
			}
			sorted = sorted[1:]
		}
	}
	for _, l := range leaves {
		b.Add(l)
		check()
	}
	var stored tlog.Hash
	var haveTree bool
	err := db.View(ctx, func(tx *Tx) (err error) {
		if haveTree, err = tx.treeReady(ctx); err != nil || !haveTree || rep.LastSeq == 0 {
			return err
		}
		stored, err = tlog.TreeHash(rep.LastSeq, tx.treeReader(ctx))
		return err
	})
	if err != nil {
		return err
	}
	rep.Tree = tlog.Tree{N: b.Size(), Hash: b.Root()}
	if mismatch != nil {
		reason := fmt.Sprintf("records 1–%d do not match the tree head signed %s (signed root %s): records were rewritten after it was signed", mismatch.N, mismatch.At, mismatch.Hash)
		seq, err := db.firstRewritten(ctx, mismatch)
		if err != nil {
			return err
		}
		return &records.Break{Seq: seq, Reason: reason}
	}
	if haveTree && rep.LastSeq > 0 && stored != rep.Tree.Hash {
		return &records.Break{Reason: fmt.Sprintf("the Merkle tree stored in the database (root %s) does not match its %d records (root %s): the tree or the records were changed outside Kijun", stored, rep.LastSeq, rep.Tree.Hash)}
	}
	return nil
}

// firstRewritten names the first record, up to head h, whose hash is not
// the leaf the stored tree holds for it, when the stored tree still has
// h's root; 0 when it cannot be told.
func (db *DB) firstRewritten(ctx context.Context, h *records.TreeHead) (int64, error) {
	var first int64
	err := db.View(ctx, func(tx *Tx) error {
		if ready, err := tx.treeReady(ctx); err != nil || !ready {
			return err
		}
		if root, err := tlog.TreeHash(h.N, tx.treeReader(ctx)); err != nil || root != h.Hash {
			return nil // the stored tree was rewritten too: it cannot tell
		}
		for from := int64(1); from <= h.N; from += 500 {
			to := min(from+499, h.N)
			idx := make([]int64, 0, to-from+1)
			for seq := from; seq <= to; seq++ {
				idx = append(idx, tlog.StoredHashIndex(0, seq-1))
			}
			leaves, err := tx.treeHashes(ctx, idx)
			if err != nil {
				return err
			}
			rows, err := tx.QueryContext(ctx, "SELECT seq, hash FROM ledger_records WHERE seq >= ? AND seq <= ? ORDER BY seq", from, to)
			if err != nil {
				return fmt.Errorf("read ledger: %w", err)
			}
			for rows.Next() {
				var seq int64
				var hash string
				if err := rows.Scan(&seq, &hash); err != nil {
					rows.Close()
					return fmt.Errorf("read ledger: %w", err)
				}
				if records.LeafHash([]byte(hash)) != leaves[seq-from] {
					first = seq
					break
				}
			}
			rows.Close()
			if first != 0 {
				return nil
			}
		}
		return nil
	})
	return first, err
}

// firstBreak returns the break with the lowest record number, or else the
// first other error.
func firstBreak(errs []error) error {
	var first *records.Break
	var other error
	for _, err := range errs {
		var b *records.Break
		switch {
		case errors.As(err, &b):
			if first == nil || b.Seq < first.Seq {
				first = b
			}
		case err != nil && other == nil:
			other = err
		}
	}
	if first != nil {
		return first
	}
	return other
}

// verifyRun checks records from..to, starting from the stored hash of the
// record before from.
func (db *DB) verifyRun(ctx context.Context, expect map[int64]string, from, to int64, leaves []tlog.Hash) (int64, error) {
	var n int64
	err := db.View(ctx, func(tx *Tx) error {
		prev := records.GenesisHash
		if from > 1 {
			err := tx.QueryRowContext(ctx, "SELECT hash FROM ledger_records WHERE seq = ?", from-1).Scan(&prev)
			if errors.Is(err, sql.ErrNoRows) {
				return &records.Break{Seq: from - 1, Reason: "record missing"}
			}
			if err != nil {
				return fmt.Errorf("read ledger record %d: %w", from-1, err)
			}
		}
		v := records.NewVerifier(expect, from, prev)
		rows, err := tx.QueryContext(ctx, "SELECT seq, body, hash FROM ledger_records WHERE seq >= ? AND seq <= ? ORDER BY seq", from, to)
		if err != nil {
			return fmt.Errorf("read ledger: %w", err)
		}
		defer rows.Close()
		var seq int64
		var body, hash sql.RawBytes // valid until the next row; nothing is allocated per record
		for rows.Next() {
			if err := rows.Scan(&seq, &body, &hash); err != nil {
				return fmt.Errorf("read ledger record after %d: %w", seq, err)
			}
			if err := v.Add(seq, body, hash); err != nil {
				return err
			}
			leaves[seq-from] = records.LeafHash(hash)
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("read ledger: %w", err)
		}
		if last, _ := v.Last(); last != to {
			return &records.Break{Seq: last + 1, Reason: "record missing"}
		}
		n = v.Records
		return nil
	})
	return n, err
}

func (tx *Tx) loadLedgerKeys(ctx context.Context, into map[string]ed25519.PublicKey) error {
	rows, err := tx.QueryContext(ctx, "SELECT key_id, public_key FROM ledger_keys")
	if err != nil {
		return fmt.Errorf("read ledger keys: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, pem string
		if err := rows.Scan(&id, &pem); err != nil {
			return fmt.Errorf("read ledger keys: %w", err)
		}
		pub, err := records.ParsePublicKey(pem)
		if err != nil {
			return &records.Break{Reason: fmt.Sprintf("ledger key %s is unreadable: %v", id, err)}
		}
		into[records.KeyID(pub)] = pub
	}
	return rows.Err()
}

func (tx *Tx) checkpoints(ctx context.Context) ([]*records.Checkpoint, error) {
	rows, err := tx.QueryContext(ctx, "SELECT seq, hash, at, key_id, signature FROM ledger_checkpoints ORDER BY seq")
	if err != nil {
		return nil, fmt.Errorf("read checkpoints: %w", err)
	}
	defer rows.Close()
	var cps []*records.Checkpoint
	for rows.Next() {
		c := &records.Checkpoint{}
		if err := rows.Scan(&c.Seq, &c.Hash, &c.At, &c.KeyID, &c.Signature); err != nil {
			return nil, fmt.Errorf("read checkpoints: %w", err)
		}
		cps = append(cps, c)
	}
	return cps, rows.Err()
}
