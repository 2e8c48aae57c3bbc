package store

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strconv"

	"golang.org/x/mod/sumdb/tlog"

	"kijun/internal/kijun"
	"kijun/internal/records"
)

// SetLedgerHeads names the file of signed tree heads kept outside the
// database, beside the ledger key (records.HeadsPath). With it,
// Checkpoint also signs the Merkle tree's head and appends it there, after
// checking that the tree extends the last head the file holds. Call it
// before the database is used by more than one goroutine.
func (db *DB) SetLedgerHeads(path string) { db.heads = path }

// SetRetiredKeys names the public keys the ledger key replaced
// (records.ReadRetiredKeys): heads they signed are read as the current
// key's. Call it before the database is used by more than one goroutine.
func (db *DB) SetRetiredKeys(keys []ed25519.PublicKey) { db.retired = keys }

// HeadKeys are the keys the heads file may be signed with: the retired
// ones and the key in use.
func (db *DB) HeadKeys() []ed25519.PublicKey {
	return append(slices.Clone(db.retired), db.key.Public())
}

// RotateLedgerKey replaces the ledger key with next (4.4): the old key
// signs a last checkpoint and tree head, so everything before the
// rotation is covered by it; the new key is registered and the rotation
// recorded in one transaction; and the new key signs from there on. The
// old key's public key must be kept (records.RetireKey) for its heads to
// stay readable; the caller does that first.
func (db *DB) RotateLedgerKey(ctx context.Context, next *records.Key) error {
	if db.key == nil {
		return kijun.Errorf(kijun.EINVALID, "no ledger key to rotate")
	}
	old := db.key
	if next.ID() == old.ID() {
		return kijun.Errorf(kijun.EINVALID, "the new ledger key is the key in use")
	}
	if _, err := db.Checkpoint(ctx); err != nil && kijun.ErrorCode(err) != kijun.ENOTFOUND {
		return err
	}
	pub, err := records.EncodePublicKey(next.Public())
	if err != nil {
		return err
	}
	err = db.Update(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO ledger_keys (key_id, public_key, added_at) VALUES (?, ?, ?) ON CONFLICT (key_id) DO NOTHING`,
			next.ID(), pub, records.FormatTime(db.Now())); err != nil {
			return fmt.Errorf("register the new ledger key: %w", err)
		}
		_, err := tx.Record(ctx, Change{Action: "ledger.key_rotate", Entity: "ledger", EntityID: next.ID(),
			State: map[string]string{"old_key": old.ID(), "new_key": next.ID(), "public_key": pub}, Provisions: []string{"4.4"}})
		return err
	})
	if err != nil {
		return err
	}
	db.retired = append(db.retired, old.Public())
	db.key = next
	_, err = db.Checkpoint(ctx)
	return err
}

// LedgerHeads returns the heads file set with SetLedgerHeads.
func (db *DB) LedgerHeads() string { return db.heads }

// Tree returns the size and root of the ledger's Merkle tree, read from its
// stored hashes after checking that the tree ends at the last record.
func (db *DB) Tree(ctx context.Context) (tlog.Tree, error) {
	var t tlog.Tree
	err := db.View(ctx, func(tx *Tx) (err error) {
		t, err = tx.tree(ctx)
		return err
	})
	return t, err
}

func (tx *Tx) tree(ctx context.Context) (tlog.Tree, error) {
	seq, hash, err := tx.head(ctx)
	if err != nil {
		return tlog.Tree{}, err
	}
	if ready, err := tx.treeReady(ctx); err != nil {
		return tlog.Tree{}, err
	} else if !ready {
		return tlog.Tree{}, kijun.Errorf(kijun.EINVALID, "the ledger has no Merkle tree yet: run kijun migrate")
	}
	if err := tx.checkTreeEnd(ctx, seq, hash); err != nil {
		return tlog.Tree{}, err
	}
	root, err := tlog.TreeHash(seq, tx.treeReader(ctx))
	if err != nil {
		return tlog.Tree{}, kijun.Wrap(kijun.EINTERNAL, err, "compute the ledger's tree hash")
	}
	return tlog.Tree{N: seq, Hash: root}, nil
}

// ExtendsError says that the database's ledger does not extend a signed
// tree head: records before it were rewritten or removed.
type ExtendsError struct {
	Head *records.TreeHead // the signed head
	Tree tlog.Tree         // the database's tree
	// Root is the database's tree hash at the head's size, when it has
	// that many records.
	Root *tlog.Hash
}

// Error names both trees, so that the person who reads it can compare them
// with the heads the auditor keeps.
func (e *ExtendsError) Error() string {
	if e.Root == nil {
		return "記録台帳が署名済みの木の先頭より短くなっています（記録が削除されたか、古い複製に置き換えられました） / the ledger does not extend the last signed tree head: " +
			"the head (" + e.Head.String() + ") covers " + itoa(e.Head.N) + " records, the database has " + itoa(e.Tree.N) + " (root " + e.Tree.Hash.String() + ")"
	}
	return "記録台帳が署名済みの木の先頭と一致しません（記録が書き換えられました） / the ledger does not extend the last signed tree head: " +
		"the head (" + e.Head.String() + ") has root " + e.Head.Hash.String() + " at " + itoa(e.Head.N) + " records, the database's tree has " + e.Root.String() +
		" at that size (" + itoa(e.Tree.N) + " records now, root " + e.Tree.Hash.String() + ")"
}

// extends checks with a consistency proof (RFC 6962) that tree t, read
// from the stored hashes in tx, extends the signed head h.
func (tx *Tx) extends(ctx context.Context, t tlog.Tree, h *records.TreeHead) error {
	if t.N < h.N {
		return &ExtendsError{Head: h, Tree: t}
	}
	r := tx.treeReader(ctx)
	proof, err := tlog.ProveTree(t.N, h.N, r)
	if err != nil {
		return kijun.Wrap(kijun.EINTERNAL, err, "prove the ledger extends the signed head")
	}
	if tlog.CheckTree(proof, t.N, t.Hash, h.N, h.Hash) != nil {
		root, err := tlog.TreeHash(h.N, r)
		if err != nil {
			return kijun.Wrap(kijun.EINTERNAL, err, "compute the ledger's tree hash")
		}
		return &ExtendsError{Head: h, Tree: t, Root: &root}
	}
	return nil
}

// lastHead reads the heads file with the ledger key and returns the head
// a new one must extend, or nil when the file does not exist yet.
func (db *DB) lastHead() (*records.TreeHead, error) {
	heads, err := records.ReadHeads(db.heads, db.HeadKeys()...)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, kijun.Wrap(kijun.EINVALID, err, "署名済みの木の先頭のファイル %s が読めません / cannot read the signed tree heads", db.heads)
	}
	_, last := records.Current(heads)
	return last, nil
}

// CheckHeads checks that the ledger extends the last head in the heads
// file, from the stored tree: a few reads. Commands that sign call it
// first, so that nothing is signed over a rewritten ledger. Without a heads
// file set it does nothing.
func (db *DB) CheckHeads(ctx context.Context) error {
	if db.heads == "" || db.key == nil {
		return nil
	}
	heads, err := records.ReadHeads(db.heads, db.HeadKeys()...)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return kijun.Wrap(kijun.EINVALID, err, "署名済みの木の先頭のファイル %s が読めません / cannot read the signed tree heads", db.heads)
	}
	live, last := records.Current(heads)
	if last == nil {
		return nil
	}
	err = db.View(ctx, func(tx *Tx) error {
		t, err := tx.tree(ctx)
		if err != nil {
			return err
		}
		return tx.extends(ctx, t, last)
	})
	if err == nil {
		return nil
	}
	// Name the first record that differs from what was signed: reading
	// the whole ledger is worth it once something is wrong.
	if _, verr := db.VerifyLedger(ctx, VerifyOptions{Heads: live}); verr != nil {
		return errors.Join(verr, err)
	}
	return err
}

// SignTreeHead signs the ledger's current tree head and appends it to the
// heads file, after proving that it extends the last head there. It returns
// the head, or the last one when the ledger has not grown since.
func (db *DB) SignTreeHead(ctx context.Context) (*records.TreeHead, error) {
	if db.key == nil || db.heads == "" {
		return nil, kijun.Errorf(kijun.EINVALID, "no ledger key or heads file: tree heads cannot be signed")
	}
	last, err := db.lastHead()
	if err != nil {
		return nil, err
	}
	var t tlog.Tree
	err = db.View(ctx, func(tx *Tx) error {
		if t, err = tx.tree(ctx); err != nil {
			return err
		}
		if last != nil {
			return tx.extends(ctx, t, last)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if t.N == 0 {
		return nil, kijun.Errorf(kijun.ENOTFOUND, "the ledger is empty: nothing to sign")
	}
	if last != nil && last.N == t.N {
		return last, nil
	}
	h := &records.TreeHead{N: t.N, Hash: t.Hash, At: records.FormatTime(db.Now())}
	if err := records.AppendHead(db.heads, db.key, h); err != nil {
		return nil, err
	}
	return h, nil
}

// SignRollbackHead appends a head that does not extend the last one: the
// database was restored from a backup that was accepted although it does
// not extend what was signed (--accept-rollback). The head names the one
// it abandons.
func (db *DB) SignRollbackHead(ctx context.Context) (*records.TreeHead, error) {
	if db.key == nil || db.heads == "" {
		return nil, kijun.Errorf(kijun.EINVALID, "no ledger key or heads file: tree heads cannot be signed")
	}
	last, err := db.lastHead()
	if err != nil {
		return nil, err
	}
	t, err := db.Tree(ctx)
	if err != nil {
		return nil, err
	}
	h := &records.TreeHead{N: t.N, Hash: t.Hash, At: records.FormatTime(db.Now()), Rollback: true}
	if last != nil {
		h.Abandoned = tlog.Tree{N: last.N, Hash: last.Hash}
	}
	if err := records.AppendHead(db.heads, db.key, h); err != nil {
		return nil, err
	}
	return h, nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
