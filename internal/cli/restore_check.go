package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"kijun/internal/kijun"
	"kijun/internal/records"
	"kijun/internal/store"
)

// rollback says why a backup does not extend what was signed, for the
// ledger record a restore with --accept-rollback leaves.
type rollback struct {
	Backup   string   `json:"backup"`
	Records  int64    `json:"records"`
	Root     string   `json:"root"`
	Reasons  []string `json:"reasons"`
	LastHead string   `json:"last_head,omitempty"`
}

// checkBackup verifies the backup at src before it replaces the database
// at target (M2, 4.4): first as a ledger of its own (a broken chain is
// never restored), then against what the live installation signed: the
// live ledger key, the last signed tree head beside it, and the live
// database's own tree when it can be read. A backup that does not extend
// all of them is a rollback: it returns why, and the caller restores it
// only when told --accept-rollback.
func checkBackup(ctx context.Context, e *env, d *dbFlags, src, target string) (*store.VerifyReport, *rollback, error) {
	bdb, err := store.Open(ctx, src, store.Options{Logger: e.log})
	if err != nil {
		return nil, nil, err
	}
	defer bdb.Close()
	if err := bdb.CheckSchema(ctx); err != nil {
		return nil, nil, err
	}
	rep, err := bdb.VerifyLedger(ctx, store.VerifyOptions{})
	if err != nil {
		return nil, nil, kijun.Wrap(kijun.EINVALID, err, "backup %s fails verification; not restored", src)
	}
	rb := &rollback{Backup: src, Records: rep.Records, Root: rep.Tree.Hash.String()}
	keyPath, err := d.ledgerKeyPath()
	if err != nil {
		return nil, nil, err
	}
	var opts store.VerifyOptions
	key, err := records.LoadKey(keyPath)
	switch {
	case err == nil:
		retired, err := records.ReadRetiredKeys(keyPath)
		if err != nil {
			return nil, nil, kijun.Wrap(kijun.EINVALID, err, "cannot read the retired ledger keys; not restored")
		}
		opts.Keys = append(retired, key.Public())
		heads, err := records.ReadHeads(records.HeadsPath(keyPath), opts.Keys...)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, nil, kijun.Wrap(kijun.EINVALID, err, "cannot read the signed tree heads; not restored")
		}
		var last *records.TreeHead
		opts.Heads, last = records.Current(heads)
		if last != nil {
			rb.LastHead = last.String()
		}
	case errors.Is(err, fs.ErrNotExist):
		rb.Reasons = append(rb.Reasons, fmt.Sprintf("no live ledger key at %s: the backup can be checked only against its own keys", keyPath))
	default:
		return nil, nil, kijun.Wrap(kijun.EINVALID, err, "cannot read the live ledger key %s", keyPath)
	}
	if live := liveTree(ctx, e, target); live != nil {
		opts.Heads = append(opts.Heads, live)
	}
	if _, err := bdb.VerifyLedger(ctx, opts); err != nil {
		rb.Reasons = append(rb.Reasons, err.Error())
	}
	if len(rb.Reasons) == 0 {
		return rep, nil, nil
	}
	return rep, rb, nil
}

// liveTree returns the tree of the database at target as a head the
// backup must extend, or nil when there is none or it cannot be read (a
// database broken beyond reading is a reason to restore).
func liveTree(ctx context.Context, e *env, target string) *records.TreeHead {
	if _, err := os.Stat(target); err != nil {
		return nil
	}
	db, err := store.Open(ctx, target, store.Options{Logger: e.log})
	if err != nil {
		return nil
	}
	defer db.Close()
	if db.CheckSchema(ctx) != nil {
		return nil
	}
	t, err := db.Tree(ctx)
	if err != nil || t.N == 0 {
		if err != nil {
			e.log.Warn("the live database's ledger cannot be read; the backup is not compared with it", "err", err)
		}
		return nil
	}
	return &records.TreeHead{N: t.N, Hash: t.Hash, At: "by the live database " + target + " (not signed)"}
}

// recordRollback leaves the ledger record of a restore accepted with
// --accept-rollback in the restored database, signed into the heads file
// as a head that abandons the last one.
func recordRollback(ctx context.Context, e *env, d *dbFlags, rb *rollback) error {
	db, err := d.open(ctx, e)
	if err != nil {
		return err
	}
	defer db.Close()
	keyPath, err := d.ledgerKeyPath()
	if err != nil {
		return err
	}
	key, err := records.LoadKey(keyPath)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return kijun.Wrap(kijun.EINVALID, err, "cannot read the live ledger key %s", keyPath)
	}
	if key != nil {
		// The live key signs from now on, whatever the backup's keys were.
		db.SetLedgerKey(key)
		if err := db.RegisterLedgerKey(ctx); err != nil {
			return err
		}
	}
	ctx = kijun.WithActor(ctx, kijun.Actor{ID: "console"})
	err = db.Update(ctx, func(tx *store.Tx) error {
		_, err := tx.Record(ctx, store.Change{Action: "ledger.rollback", Entity: "ledger", EntityID: "restore", State: rb, Provisions: []string{"4.4"}})
		return err
	})
	if err != nil {
		return err
	}
	if key == nil {
		return nil
	}
	db.SetLedgerHeads(records.HeadsPath(keyPath))
	h, err := db.SignRollbackHead(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "signed a rollback head in %s: %s (abandons %d records, root %s)\n", db.LedgerHeads(), h, h.Abandoned.N, h.Abandoned.Hash)
	return nil
}

func describeRollback(rb *rollback) string { return strings.Join(rb.Reasons, "; ") }
