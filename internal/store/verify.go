package store

import (
	"context"
	"crypto/ed25519"
	"fmt"

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
}

// VerifyReport says what VerifyLedger checked.
type VerifyReport struct {
	Records        int64
	LastSeq        int64
	LastHash       string
	Checkpoints    int
	LastCheckpoint *records.Checkpoint
}

// VerifyLedger reads the whole ledger in one snapshot and checks every hash,
// every checkpoint and the head. A broken ledger returns a *records.Break
// naming the first bad record.
func (db *DB) VerifyLedger(ctx context.Context, opts VerifyOptions) (*VerifyReport, error) {
	rep := &VerifyReport{}
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
		v, err := records.NewVerifier(append(cps, opts.Checkpoints...), keys)
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, "SELECT seq, at, actor, on_behalf_of, action, entity, entity_id, digest, provisions, hash FROM ledger_records ORDER BY seq")
		if err != nil {
			return fmt.Errorf("read ledger: %w", err)
		}
		defer rows.Close()
		var f records.Fields
		var stored string
		for rows.Next() {
			if err := rows.Scan(&f.Seq, &f.At, &f.Actor, &f.OnBehalfOf, &f.Action, &f.Entity, &f.EntityID, &f.Digest, &f.Provisions, &stored); err != nil {
				return fmt.Errorf("read ledger record after %d: %w", f.Seq, err)
			}
			if err := v.Add(&f, stored); err != nil {
				return err
			}
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("read ledger: %w", err)
		}
		if err := v.Finish(); err != nil {
			return err
		}
		rep.Records = v.Records
		rep.LastSeq, rep.LastHash = v.Last()
		return nil
	})
	if err != nil {
		return nil, err
	}
	return rep, nil
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
