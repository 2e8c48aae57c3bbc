package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/records"
)

// Change describes a state change for the ledger.
type Change struct {
	Action     string   // what was done, such as "catalog.load"
	Entity     string   // the kind of thing changed
	EntityID   string   // which one
	State      any      // the new state; the record keeps its digest
	Provisions []string // the provisions the change serves
}

// Record appends c to the ledger inside tx, as done by the actor in ctx. The
// record commits or rolls back with the change it describes (4.4).
func (tx *Tx) Record(ctx context.Context, c Change) (*records.Record, error) {
	if c.Action == "" || c.Entity == "" {
		return nil, errors.New("ledger record needs an action and an entity")
	}
	digest, err := records.Digest(c.State)
	if err != nil {
		return nil, err
	}
	// Write transactions are serialised (see DB.run), so the head read here
	// is the one this record follows, in every process.
	prevSeq, prevHash, err := tx.head(ctx)
	if err != nil {
		return nil, err
	}
	actor := kijun.ActorFrom(ctx)
	r := &records.Record{
		Seq: prevSeq + 1, At: tx.db.Now(), Actor: actor.ID, OnBehalfOf: actor.OnBehalfOf,
		Action: c.Action, Entity: c.Entity, EntityID: c.EntityID, Digest: digest, Provisions: c.Provisions,
	}
	body, err := r.Body()
	if err != nil {
		return nil, err
	}
	r.Hash = string(records.NewHasher().Hash([]byte(prevHash), r.Seq, body))
	// The Merkle tree must end at the head this record follows: a head
	// rewritten outside Kijun is refused here, before anything is signed.
	tree, err := tx.openTree(ctx, prevSeq, prevHash)
	if err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO ledger_records (seq, hash, body) VALUES (?, ?, ?)", r.Seq, r.Hash, string(body)); err != nil {
		return nil, fmt.Errorf("append ledger record: %w", err)
	}
	if tree != nil {
		if err := tree.add(r.Hash); err != nil {
			return nil, err
		}
		if err := tree.flush(ctx); err != nil {
			return nil, err
		}
	}
	if tx.db.key != nil && r.Seq%tx.db.checkpointEvery == 0 {
		if err := tx.insertCheckpoint(ctx, tx.db.key.Sign(r.Seq, r.Hash, r.At)); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// RecordMany appends one record per change, in order, in the current
// transaction, as Record would one at a time but with many rows to an
// INSERT: an import of hundreds of thousands of rows keeps a record per row
// without a round trip per record.
func (tx *Tx) RecordMany(ctx context.Context, cs []Change) error {
	if len(cs) == 0 {
		return nil
	}
	prevSeq, prevHash, err := tx.head(ctx)
	if err != nil {
		return err
	}
	tree, err := tx.openTree(ctx, prevSeq, prevHash)
	if err != nil {
		return err
	}
	actor := kijun.ActorFrom(ctx)
	hasher := records.NewHasher()
	batch := 500
	if tx.db.Dialect == Postgres {
		batch = 5000
	}
	args := make([]any, 0, 3*batch)
	var cps []*records.Checkpoint
	flush := func() error {
		if len(args) == 0 {
			return nil
		}
		var err error
		if tx.db.Dialect == Postgres {
			// One array a column: thousands of records in three parameters.
			seqs, hashes, bodies := make([]int64, 0, len(args)/3), make([]string, 0, len(args)/3), make([]string, 0, len(args)/3)
			for i := 0; i < len(args); i += 3 {
				seqs, hashes, bodies = append(seqs, args[i].(int64)), append(hashes, args[i+1].(string)), append(bodies, args[i+2].(string))
			}
			_, err = tx.tx.ExecContext(ctx, "INSERT INTO ledger_records (seq, hash, body) SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[])", seqs, hashes, bodies)
		} else {
			q := "INSERT INTO ledger_records (seq, hash, body) VALUES " + strings.TrimSuffix(strings.Repeat("(?, ?, ?), ", len(args)/3), ", ")
			_, err = tx.tx.ExecContext(ctx, tx.db.rebind(q), args...)
		}
		if err != nil {
			return fmt.Errorf("append ledger records: %w", err)
		}
		args = args[:0]
		if tree != nil {
			return tree.flush(ctx)
		}
		return nil
	}
	at := tx.db.Now()
	for _, c := range cs {
		if c.Action == "" || c.Entity == "" {
			return errors.New("ledger record needs an action and an entity")
		}
		digest, err := records.Digest(c.State)
		if err != nil {
			return err
		}
		r := &records.Record{Seq: prevSeq + 1, At: at, Actor: actor.ID, OnBehalfOf: actor.OnBehalfOf,
			Action: c.Action, Entity: c.Entity, EntityID: c.EntityID, Digest: digest, Provisions: c.Provisions}
		body, err := r.Body()
		if err != nil {
			return err
		}
		r.Hash = string(hasher.Hash([]byte(prevHash), r.Seq, body))
		args = append(args, r.Seq, r.Hash, string(body))
		if tree != nil {
			if err := tree.add(r.Hash); err != nil {
				return err
			}
		}
		if tx.db.key != nil && r.Seq%tx.db.checkpointEvery == 0 {
			cps = append(cps, tx.db.key.Sign(r.Seq, r.Hash, r.At))
		}
		prevSeq, prevHash = r.Seq, r.Hash
		if len(args) == 3*batch {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	for _, cp := range cps {
		if err := tx.insertCheckpoint(ctx, cp); err != nil {
			return err
		}
	}
	return nil
}

func (tx *Tx) insertCheckpoint(ctx context.Context, c *records.Checkpoint) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO ledger_checkpoints (seq, hash, at, key_id, signature)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT (seq) DO NOTHING`, c.Seq, c.Hash, c.At, c.KeyID, c.Signature)
	if err != nil {
		return fmt.Errorf("write ledger checkpoint: %w", err)
	}
	return nil
}

// head returns the last record's sequence number and hash, or 0 and the
// genesis hash for an empty ledger.
func (tx *Tx) head(ctx context.Context) (seq int64, hash string, err error) {
	err = tx.QueryRowContext(ctx, "SELECT seq, hash FROM ledger_records ORDER BY seq DESC LIMIT 1").Scan(&seq, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, records.GenesisHash, nil
	}
	if err != nil {
		return 0, "", fmt.Errorf("read ledger head: %w", err)
	}
	return seq, hash, nil
}

// Head returns the number of records in the ledger and the last hash.
func (db *DB) Head(ctx context.Context) (seq int64, hash string, err error) {
	err = db.View(ctx, func(tx *Tx) error {
		seq, hash, err = tx.head(ctx)
		return err
	})
	return seq, hash, err
}

// RegisterLedgerKey stores the public half of the database's checkpoint key,
// with a ledger record, the first time the key is used.
func (db *DB) RegisterLedgerKey(ctx context.Context) error {
	if db.key == nil {
		return nil
	}
	pub, err := records.EncodePublicKey(db.key.Public())
	if err != nil {
		return err
	}
	return db.Update(ctx, func(tx *Tx) error {
		// Several processes may start with the same key at once: the insert
		// decides which one records it.
		var id string
		err := tx.QueryRowContext(ctx, `INSERT INTO ledger_keys (key_id, public_key, added_at) VALUES (?, ?, ?)
			ON CONFLICT (key_id) DO NOTHING RETURNING key_id`, db.key.ID(), pub, records.FormatTime(db.Now())).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("register ledger key: %w", err)
		}
		_, err = tx.Record(ctx, Change{Action: "ledger.key.register", Entity: "ledger_key", EntityID: db.key.ID(),
			State: pub, Provisions: []string{"4.4"}})
		return err
	})
}

// Checkpoint signs the current head unless it is already checkpointed, and
// returns the newest checkpoint. An empty ledger has nothing to sign: ENOTFOUND.
func (db *DB) Checkpoint(ctx context.Context) (*records.Checkpoint, error) {
	if db.key == nil {
		return nil, kijun.Errorf(kijun.EINVALID, "no ledger key: checkpoints cannot be signed")
	}
	// 4.4: the tree head goes to the file outside the database first; a
	// ledger that does not extend the last head there gets no signature.
	if db.heads != "" {
		if _, err := db.SignTreeHead(ctx); err != nil {
			return nil, err
		}
	}
	var cp *records.Checkpoint
	err := db.Update(ctx, func(tx *Tx) error {
		seq, hash, err := tx.head(ctx)
		if err != nil {
			return err
		}
		if seq == 0 {
			return nil
		}
		cp = db.key.Sign(seq, hash, db.Now())
		return tx.insertCheckpoint(ctx, cp)
	})
	if err != nil {
		return nil, err
	}
	if cp == nil {
		return nil, kijun.Errorf(kijun.ENOTFOUND, "the ledger is empty: nothing to checkpoint")
	}
	return db.checkpointAt(ctx, cp.Seq)
}

func (db *DB) checkpointAt(ctx context.Context, seq int64) (*records.Checkpoint, error) {
	db.guard.check("read a checkpoint")
	c := &records.Checkpoint{}
	err := db.read.QueryRowContext(ctx, db.rebind("SELECT seq, hash, at, key_id, signature FROM ledger_checkpoints WHERE seq = ?"), seq).
		Scan(&c.Seq, &c.Hash, &c.At, &c.KeyID, &c.Signature)
	if err != nil {
		return nil, fmt.Errorf("read checkpoint %d: %w", seq, err)
	}
	return c, nil
}

// RecordFilter selects ledger records for a list.
type RecordFilter struct {
	Entity   string // "" for any
	EntityID string // "" for any; only with Entity
	Before   int64  // only records with seq < Before; 0 for the newest
	Limit    int    // at most this many, newest first; default 50
	// Actor keeps the records made by this actor, as the record names
	// them ("person:100005").
	Actor string
	// Action keeps the records of this action, or of every action under
	// it when it ends in "." ("permit." for every permit step).
	Action string
	// From and To keep the records made on or after From and before To;
	// zero for no bound.
	From, To time.Time
}

// Records lists ledger records, newest first.
func (db *DB) Records(ctx context.Context, f RecordFilter) ([]*records.Record, error) {
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	var where []string
	var args []any
	if f.Entity != "" {
		where = append(where, "entity = ?")
		args = append(args, f.Entity)
		if f.EntityID != "" {
			where = append(where, "entity_id = ?")
			args = append(args, f.EntityID)
		}
	}
	if f.Before > 0 {
		where = append(where, "seq < ?")
		args = append(args, f.Before)
	}
	if f.Actor != "" {
		where = append(where, "actor = ?")
		args = append(args, f.Actor)
	}
	prefix, isPrefix := strings.CutSuffix(f.Action, ".")
	if f.Action != "" && !isPrefix {
		where = append(where, "action = ?")
		args = append(args, f.Action)
	}
	if !f.From.IsZero() {
		where = append(where, "at >= ?")
		args = append(args, records.FormatTime(f.From))
	}
	if !f.To.IsZero() {
		where = append(where, "at < ?")
		args = append(args, records.FormatTime(f.To))
	}
	// The page's numbers are found first, from an index alone where one
	// serves the filter (a range of actions or days sorts only numbers),
	// and only their bodies are read.
	// Every action under a prefix is one ordered walk of the action index
	// per action, merged, rather than a sort of all that match.
	page := func(where []string, args []any) (string, []any) {
		q := "SELECT seq FROM ledger_records"
		if len(where) > 0 {
			q += " WHERE " + strings.Join(where, " AND ")
		}
		return q + " ORDER BY seq DESC LIMIT ?", append(args, f.Limit)
	}
	var out []*records.Record
	err := db.View(ctx, func(tx *Tx) error {
		var q string
		var qargs []any
		if f.Action != "" && isPrefix {
			actions, err := tx.actionsUnder(ctx, prefix+".")
			if err != nil {
				return err
			}
			if len(actions) == 0 {
				return nil
			}
			var parts []string
			for i, a := range actions {
				sub, subArgs := page(append(slices.Clone(where), "action = ?"), append(slices.Clone(args), a))
				parts = append(parts, fmt.Sprintf("SELECT seq FROM (%s) AS a%d", sub, i))
				qargs = append(qargs, subArgs...)
			}
			q = strings.Join(parts, " UNION ALL ")
		} else {
			q, qargs = page(where, args)
		}
		q = "SELECT seq, hash, body FROM ledger_records WHERE seq IN (" + q + ") ORDER BY seq DESC LIMIT ?"
		qargs = append(qargs, f.Limit)
		rows, err := tx.QueryContext(ctx, q, qargs...)
		if err != nil {
			return fmt.Errorf("list ledger records: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			r, err := scanRecord(rows)
			if err != nil {
				return err
			}
			out = append(out, r)
		}
		return rows.Err()
	})
	return out, err
}

// actionsUnder returns the distinct actions that begin with prefix, each
// found by one step along the action index.
func (tx *Tx) actionsUnder(ctx context.Context, prefix string) ([]string, error) {
	var out []string
	// A range rather than LIKE, so that the index serves it: "/" follows ".".
	last, end := prefix, strings.TrimSuffix(prefix, ".")+"/"
	for op := ">="; ; op = ">" {
		var a sql.NullString
		if err := tx.QueryRowContext(ctx, "SELECT MIN(action) FROM ledger_records WHERE action "+op+" ? AND action < ?", last, end).Scan(&a); err != nil {
			return nil, fmt.Errorf("list the actions under %s: %w", prefix, err)
		}
		if !a.Valid {
			return out, nil
		}
		out = append(out, a.String)
		last = a.String
	}
}

// RecordBySeq returns one ledger record.
func (db *DB) RecordBySeq(ctx context.Context, seq int64) (*records.Record, error) {
	var r *records.Record
	err := db.View(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, "SELECT seq, hash, body FROM ledger_records WHERE seq = ?", seq)
		if err != nil {
			return fmt.Errorf("read ledger record %d: %w", seq, err)
		}
		defer rows.Close()
		if !rows.Next() {
			if err := rows.Err(); err != nil {
				return err
			}
			return kijun.Errorf(kijun.ENOTFOUND, "ledger record %d does not exist", seq)
		}
		r, err = scanRecord(rows)
		return err
	})
	return r, err
}

func scanRecord(rows *sql.Rows) (*records.Record, error) {
	var r records.Record
	var body string
	if err := rows.Scan(&r.Seq, &r.Hash, &body); err != nil {
		return nil, fmt.Errorf("read ledger record: %w", err)
	}
	// A record edited outside Kijun may not parse; show what can be read,
	// verification names it.
	_ = r.ParseBody([]byte(body))
	return &r, nil
}

// LatestCheckpoint returns the newest signed checkpoint, or an ENOTFOUND error
// when none has been written yet.
func (db *DB) LatestCheckpoint(ctx context.Context) (*records.Checkpoint, error) {
	db.guard.check("read the latest checkpoint")
	var seq int64
	if err := db.read.QueryRowContext(ctx, "SELECT COALESCE(MAX(seq), 0) FROM ledger_checkpoints").Scan(&seq); err != nil {
		return nil, fmt.Errorf("read latest checkpoint: %w", err)
	}
	if seq == 0 {
		return nil, kijun.Errorf(kijun.ENOTFOUND, "no ledger checkpoint has been written yet")
	}
	return db.checkpointAt(ctx, seq)
}

// SetLedgerKey gives the database the key that signs checkpoints. Call it
// before the database is used by more than one goroutine.
func (db *DB) SetLedgerKey(k *records.Key) { db.key = k }

// LedgerKey returns the key that signs checkpoints, or nil.
func (db *DB) LedgerKey() *records.Key { return db.key }

// LedgerKeyIDs returns the IDs of the checkpoint keys registered in the
// database, oldest first.
func (db *DB) LedgerKeyIDs(ctx context.Context) ([]string, error) {
	var ids []string
	err := db.View(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, "SELECT key_id FROM ledger_keys ORDER BY added_at, key_id")
		if err != nil {
			return fmt.Errorf("read ledger keys: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				return fmt.Errorf("read ledger keys: %w", err)
			}
			ids = append(ids, id)
		}
		return rows.Err()
	})
	return ids, err
}
