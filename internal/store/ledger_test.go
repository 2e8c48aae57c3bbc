package store_test

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/records"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

func appendN(t *testing.T, db *store.DB, n int) {
	t.Helper()
	ctx := kijun.WithActor(context.Background(), kijun.Actor{ID: "person:1", OnBehalfOf: "person:2"})
	for i := range n {
		if err := db.SetSetting(ctx, fmt.Sprintf("k%d", i%7), fmt.Sprint(i)); err != nil {
			t.Fatalf("set setting: %v", err)
		}
	}
}

func TestLedgerAppendAndVerify(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		before, _, err := db.Head(ctx)
		if err != nil {
			t.Fatal(err)
		}
		appendN(t, db, 20)
		rep, err := db.VerifyLedger(ctx, store.VerifyOptions{})
		if err != nil {
			t.Fatalf("verify: %v", err)
		}
		if got, want := rep.Records, before+20; got != want {
			t.Errorf("records = %d, want %d", got, want)
		}
		recs, err := db.Records(ctx, store.RecordFilter{Entity: "setting", EntityID: "k0", Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 3 { // i = 0, 7, 14
			t.Fatalf("records for k0 = %d, want 3", len(recs))
		}
		r := recs[0]
		if r.Actor != "person:1" || r.OnBehalfOf != "person:2" || r.Action != "setting.set" || strings.Join(r.Provisions, ",") != "4.4" {
			t.Errorf("record = %+v, want actor person:1 on behalf of person:2, setting.set, 4.4", r)
		}
		want, _ := records.Digest(store.Setting{Key: "k0", Value: "14", Version: 3})
		if r.Digest != want {
			t.Errorf("digest = %s, want digest of the new state %s", r.Digest, want)
		}
		if _, err := db.RecordBySeq(ctx, 999999); kijun.ErrorCode(err) != kijun.ENOTFOUND {
			t.Errorf("missing record: err = %v, want not found", err)
		}
	})
}

// A change and its record commit together: when the change fails, no record.
func TestLedgerRollsBackWithChange(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		before, _, _ := db.Head(ctx)
		boom := errors.New("boom")
		err := db.Update(ctx, func(tx *store.Tx) error {
			if _, err := tx.Record(ctx, store.Change{Action: "x.y", Entity: "x", EntityID: "1", State: 1}); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("err = %v, want boom", err)
		}
		after, _, _ := db.Head(ctx)
		if after != before {
			t.Errorf("head moved from %d to %d after a rolled-back change", before, after)
		}
		if _, err := db.VerifyLedger(ctx, store.VerifyOptions{}); err != nil {
			t.Errorf("verify: %v", err)
		}
	})
}

func TestLedgerIsAppendOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		appendN(t, db, 2)
		for _, q := range []string{"UPDATE ledger_records SET body = body || ' ' WHERE seq = 1", "UPDATE ledger_records SET hash = 'x' WHERE seq = 1", "DELETE FROM ledger_records WHERE seq = 1"} {
			err := db.Update(ctx, func(tx *store.Tx) error {
				_, err := tx.ExecContext(ctx, q)
				return err
			})
			if err == nil || !strings.Contains(err.Error(), "append-only") {
				t.Errorf("%s: err = %v, want refusal as append-only", q, err)
			}
		}
	})
}

// Tampering with any field of any record, or its hash, makes verify name
// that record.
func TestLedgerTamperDetected(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		appendN(t, db, 10)
		head, _, _ := db.Head(ctx)
		edits := []struct {
			name string
			edit func(r *records.Record)
		}{
			{"at", func(r *records.Record) { r.At = r.At.Add(time.Second) }},
			{"actor", func(r *records.Record) { r.Actor += "x" }},
			{"on_behalf_of", func(r *records.Record) { r.OnBehalfOf = "person:9" }},
			{"action", func(r *records.Record) { r.Action += "x" }},
			{"entity", func(r *records.Record) { r.Entity += "x" }},
			{"entity_id", func(r *records.Record) { r.EntityID += "x" }},
			{"digest", func(r *records.Record) { r.Digest = "x" + r.Digest[1:] }},
			{"provisions", func(r *records.Record) { r.Provisions = append(r.Provisions, "9.9") }},
		}
		for _, seq := range []int64{1, head / 2, head} {
			orig, err := db.RecordBySeq(ctx, seq)
			if err != nil {
				t.Fatal(err)
			}
			origBody, _ := orig.Body()
			check := func(t *testing.T, set, value string) {
				undo := tamper(t, db, fmt.Sprintf("UPDATE ledger_records SET %s = '%s' WHERE seq = %d", set, value, seq), "")
				defer undo()
				defer tamper(t, db, fmt.Sprintf("UPDATE ledger_records SET body = '%s', hash = '%s' WHERE seq = %d", origBody, orig.Hash, seq), "")
				_, err := db.VerifyLedger(ctx, store.VerifyOptions{})
				var b *records.Break
				if !errors.As(err, &b) {
					t.Fatalf("verify after editing %s of record %d: err = %v, want a break", set, seq, err)
				}
				if b.Seq != seq {
					t.Errorf("break names record %d, want %d (%v)", b.Seq, seq, b)
				}
			}
			for _, e := range edits {
				t.Run(fmt.Sprintf("%s/%d", e.name, seq), func(t *testing.T) {
					r := *orig
					e.edit(&r)
					body, _ := r.Body()
					check(t, "body", string(body))
				})
			}
			t.Run(fmt.Sprintf("hash/%d", seq), func(t *testing.T) {
				first := "0"
				if orig.Hash[0] == '0' {
					first = "1"
				}
				check(t, "hash", first+orig.Hash[1:])
			})
		}
		if _, err := db.VerifyLedger(ctx, store.VerifyOptions{}); err != nil {
			t.Fatalf("verify after undoing the edits: %v", err)
		}
	})
}

func TestLedgerDeletedAndReorderedDetected(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		appendN(t, db, 6)
		t.Run("deleted", func(t *testing.T) {
			tamper(t, db, "DELETE FROM ledger_records WHERE seq = 3", "")
			_, err := db.VerifyLedger(ctx, store.VerifyOptions{})
			var b *records.Break
			if !errors.As(err, &b) || b.Seq != 3 {
				t.Fatalf("verify after deleting record 3: %v, want a break at 3", err)
			}
		})
	})
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		appendN(t, db, 6)
		t.Run("swapped", func(t *testing.T) {
			// Swap the contents of records 4 and 5, keeping their numbers.
			tamper(t, db, `UPDATE ledger_records SET seq = 999004 WHERE seq = 4;
				UPDATE ledger_records SET seq = 4 WHERE seq = 5;
				UPDATE ledger_records SET seq = 5 WHERE seq = 999004`, "")
			_, err := db.VerifyLedger(ctx, store.VerifyOptions{})
			var b *records.Break
			if !errors.As(err, &b) || b.Seq != 4 {
				t.Fatalf("verify after swapping records 4 and 5: %v, want a break at 4", err)
			}
		})
	})
}

// tamper runs SQL with the append-only triggers off, as someone with direct
// access to the database could, and returns a function that runs undo likewise.
func tamper(t *testing.T, db *store.DB, do, undo string) func() {
	t.Helper()
	run := func(q string) {
		ctx := context.Background()
		err := db.Update(ctx, func(tx *store.Tx) error {
			var pre, post []string
			if db.Dialect == store.Postgres {
				pre = []string{"ALTER TABLE ledger_records DISABLE TRIGGER ledger_records_no_change"}
				post = []string{"ALTER TABLE ledger_records ENABLE TRIGGER ledger_records_no_change"}
			} else {
				pre = []string{"DROP TRIGGER ledger_records_no_update", "DROP TRIGGER ledger_records_no_delete"}
				post = []string{
					"CREATE TRIGGER ledger_records_no_update BEFORE UPDATE ON ledger_records BEGIN SELECT RAISE(ABORT, 'ledger records are append-only'); END",
					"CREATE TRIGGER ledger_records_no_delete BEFORE DELETE ON ledger_records BEGIN SELECT RAISE(ABORT, 'ledger records are append-only'); END",
				}
			}
			for _, s := range append(append(pre, strings.Split(q, ";")...), post...) {
				if strings.TrimSpace(s) == "" {
					continue
				}
				if _, err := tx.ExecContext(ctx, s); err != nil {
					return fmt.Errorf("%s: %w", s, err)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatalf("tamper: %v", err)
		}
	}
	run(do)
	return func() {
		if undo != "" {
			run(undo)
		}
	}
}

// Records numbered 0 or below cannot be added, and if one is slipped in
// around the schema's check, verify names it.
func TestLedgerRefusesAndFindsRecordsBelowOne(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		appendN(t, db, 3)
		err := db.Update(ctx, func(tx *store.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO ledger_records (seq, hash, body) VALUES (0, 'x', '{"actor":"person:1"}')`)
			return err
		})
		if err == nil {
			t.Fatal("a record numbered 0 was accepted")
		}
		if db.Dialect != store.SQLite {
			return
		}
		// An intruder with the sqlite3 shell can switch the check off.
		tamper(t, db, `PRAGMA ignore_check_constraints = ON;
			INSERT INTO ledger_records (seq, hash, body) VALUES (0, 'x', '{"actor":"person:1"}');
			PRAGMA ignore_check_constraints = OFF`, "")
		_, err = db.VerifyLedger(ctx, store.VerifyOptions{})
		var b *records.Break
		if !errors.As(err, &b) || b.Seq != 0 {
			t.Errorf("verify with a record numbered 0: %v, want a break naming it", err)
		}
	})
}

func TestCheckpointsDetectTruncation(t *testing.T) {
	for engine, u := range storetest.URLs(t) {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			key, _, err := records.LoadOrCreateKey(filepath.Join(t.TempDir(), "ledger.key"))
			if err != nil {
				t.Fatal(err)
			}
			db := storetest.Open(t, u, store.Options{LedgerKey: key, CheckpointEvery: 5})
			if err := db.RegisterLedgerKey(ctx); err != nil {
				t.Fatal(err)
			}
			appendN(t, db, 12)
			rep, err := db.VerifyLedger(ctx, store.VerifyOptions{Keys: []ed25519.PublicKey{key.Public()}})
			if err != nil {
				t.Fatalf("verify: %v", err)
			}
			if rep.Checkpoints < 2 {
				t.Fatalf("checkpoints = %d, want at least 2 (every 5 records)", rep.Checkpoints)
			}
			last := rep.LastCheckpoint.Seq
			// Cut the ledger back to before the last checkpoint, head included,
			// as an intruder hiding the latest records would.
			tamper(t, db, fmt.Sprintf("DELETE FROM ledger_records WHERE seq >= %d", last), "")
			_, err = db.VerifyLedger(ctx, store.VerifyOptions{})
			var b *records.Break
			if !errors.As(err, &b) || b.Seq != last {
				t.Fatalf("verify after truncation: %v, want a break naming checkpoint %d", err, last)
			}
			// An auditor's own key refuses a checkpoint signed by another key.
			other, _, _ := records.LoadOrCreateKey(filepath.Join(t.TempDir(), "other.key"))
			if _, err := db.VerifyLedger(ctx, store.VerifyOptions{Keys: []ed25519.PublicKey{other.Public()}}); err == nil || !strings.Contains(err.Error(), "unknown key") {
				t.Errorf("verify with another key: err = %v, want unknown key", err)
			}
		})
	}
}

// Several writers, each with its own connection pool as separate server
// processes would have, still build one valid chain with no gaps.
func TestConcurrentWritersBuildOneChain(t *testing.T) {
	for engine, u := range storetest.URLs(t) {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			first := storetest.Open(t, u, store.Options{})
			before, _, _ := first.Head(ctx)
			const writers, each = 4, 25
			var wg sync.WaitGroup
			errs := make(chan error, writers)
			for w := range writers {
				db := storetest.Open(t, u, store.Options{})
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := range each {
						if err := db.SetSetting(ctx, fmt.Sprintf("w%d", w), fmt.Sprint(i)); err != nil {
							errs <- err
							return
						}
					}
				}()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Fatalf("writer: %v", err)
			}
			rep, err := first.VerifyLedger(ctx, store.VerifyOptions{})
			if err != nil {
				t.Fatalf("verify: %v", err)
			}
			if got, want := rep.Records, before+writers*each; got != want {
				t.Errorf("records = %d, want %d", got, want)
			}
		})
	}
}

// A ledger long enough to be verified in parallel runs still names the first
// broken record, wherever the runs split.
func TestVerifyParallelRunsNameFirstBreak(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		err := db.Update(ctx, func(tx *store.Tx) error {
			for i := range 12_000 {
				if _, err := tx.Record(ctx, store.Change{Action: "x.set", Entity: "x", EntityID: fmt.Sprint(i), State: i}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		head, _, _ := db.Head(ctx)
		mid := head/2 + 1 // the first record of the second run on two CPUs
		check := func(t *testing.T, want int64) {
			t.Helper()
			_, err := db.VerifyLedger(ctx, store.VerifyOptions{})
			var b *records.Break
			if want == 0 {
				if err != nil {
					t.Fatalf("verify: %v, want intact", err)
				}
				return
			}
			if !errors.As(err, &b) || b.Seq != want {
				t.Fatalf("verify: %v, want a break at %d", err, want)
			}
		}
		check(t, 0)
		editActor := func(seq int64) func() {
			return tamper(t, db, fmt.Sprintf(`UPDATE ledger_records SET body = replace(body, '"actor":"system"', '"actor":"x"') WHERE seq = %d`, seq),
				fmt.Sprintf(`UPDATE ledger_records SET body = replace(body, '"actor":"x"', '"actor":"system"') WHERE seq = %d`, seq))
		}
		undoLate := editActor(head - 5)
		undoEarly := editActor(3000)
		check(t, 3000)
		undoEarly()
		check(t, head-5)
		undoLate()
		check(t, 0)
		for _, seq := range []int64{mid - 1, mid} {
			t.Run(fmt.Sprint("deleted ", seq), func(t *testing.T) {
				undo := tamper(t, db,
					fmt.Sprintf("CREATE TABLE saved AS SELECT seq, hash, body FROM ledger_records WHERE seq = %d; DELETE FROM ledger_records WHERE seq = %d", seq, seq),
					"INSERT INTO ledger_records (seq, hash, body) SELECT seq, hash, body FROM saved; DROP TABLE saved")
				check(t, seq)
				undo()
				check(t, 0)
			})
		}
	})
}
