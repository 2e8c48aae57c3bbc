package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"kijun/internal/auth"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// As many read transactions as the pool has connections, all open at once,
// each running a query no transaction has run before, all finish: none
// waits for a second connection of the pool it holds one of (a statement
// prepared on the pool while the transaction held a connection did, and the
// server hung when four pages were read at once after a start).
func TestFullPoolOfReadTransactionsFinishes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		n := db.ReadConns()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		var all sync.WaitGroup
		all.Add(n)
		errs := make([]error, n)
		var wg sync.WaitGroup
		t0 := time.Now()
		for i := range n {
			wg.Go(func() {
				errs[i] = db.View(ctx, func(tx *store.Tx) error {
					// Every transaction holds its connection before any asks
					// for more.
					all.Done()
					all.Wait()
					var got int
					q := fmt.Sprintf("SELECT %d + 0 * COUNT(*) FROM ledger_records", i)
					if err := tx.QueryRowContext(ctx, q).Scan(&got); err != nil {
						return fmt.Errorf("transaction %d: %w", i, err)
					}
					if got != i {
						return fmt.Errorf("transaction %d read %d, want %d", i, got, i)
					}
					return nil
				})
			})
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			t.Fatalf("%d read transactions at once did not all finish within 5s (%v): %v", n, time.Since(t0).Round(time.Millisecond), err)
		}
	})
}

// While every read connection is held, the health check answers at once
// (a busy server is not a dead one) and write transactions, one after
// another, each preparing a statement no transaction has run before,
// finish: a writer needs nothing from the read pool.
func TestPingAndWritesFinishWhileEveryReaderIsBusy(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		n := db.ReadConns()
		if db.Dialect == store.Postgres {
			n-- // on PostgreSQL readers and writers share one pool
		}
		release := make(chan struct{})
		var holding, wg sync.WaitGroup
		holding.Add(n)
		for range n {
			wg.Go(func() {
				db.View(ctx, func(tx *store.Tx) error {
					var one int
					tx.QueryRowContext(ctx, "SELECT 1").Scan(&one)
					holding.Done()
					<-release
					return nil
				})
			})
		}
		holding.Wait()
		defer wg.Wait()
		defer close(release)
		pctx, pcancel := context.WithTimeout(ctx, time.Second)
		defer pcancel()
		if err := db.Ping(pctx); err != nil {
			t.Fatalf("ping while every reader is busy: %v", err)
		}
		for i := range 3 {
			err := db.Update(ctx, func(tx *store.Tx) error {
				var got int
				return tx.QueryRowContext(ctx, fmt.Sprintf("SELECT %d + 0 * COUNT(*) FROM ledger_records", 100+i)).Scan(&got)
			})
			if err != nil {
				t.Fatalf("write %d while the readers are busy: %v", i, err)
			}
		}
	})
}

// In tests, code that holds a transaction and begins another, or reads
// through the DB instead of its Tx, panics at once, naming what it did,
// instead of hanging only when the pool happens to be full.
func TestSecondConnectionInsideATransactionPanicsInTests(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		none := func(*store.Tx) error { return nil }
		tests := []struct {
			name  string
			outer func(context.Context, func(*store.Tx) error) error
			inner func() error
			want  string
		}{
			{"read in read", db.View, func() error { return db.View(ctx, none) }, "begin a read transaction"},
			{"write in read", db.View, func() error { return db.Update(ctx, none) }, "begin a write transaction"},
			{"read in write", db.Update, func() error { return db.View(ctx, none) }, "begin a read transaction"},
			{"ping in read", db.View, func() error { return db.Ping(ctx) }, "ping the database"},
			{"checkpoint in write", db.Update, func() error { _, err := db.LatestCheckpoint(ctx); return err }, "read the latest checkpoint"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				var got any
				func() {
					defer func() { got = recover() }()
					tt.outer(ctx, func(*store.Tx) error { return tt.inner() })
				}()
				msg, _ := got.(string)
				if !strings.Contains(msg, tt.want) || !strings.Contains(msg, "holds a transaction") {
					t.Fatalf("panic = %v, want one saying %q while holding a transaction", got, tt.want)
				}
			})
		}
		// The guard and the pool are left as they were: the same goroutine
		// reads again.
		if err := db.View(ctx, func(tx *store.Tx) error {
			var one int
			return tx.QueryRowContext(ctx, "SELECT 1").Scan(&one)
		}); err != nil {
			t.Fatalf("read after the panics: %v", err)
		}
	})
}

// Reads of the whole city, twice as many at once as the pool has
// connections, all finish: each is a group of transactions that wait for one another
// (on PostgreSQL the first keeps its snapshot open until the others have
// taken it), and groups that each hold part of the pool must not wait for
// the rest.
func TestReadsOfTheWholeCityAtOnceFinish(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		part := func(ctx context.Context, tx *store.Tx) error {
			var n int
			return tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM ledger_records").Scan(&n)
		}
		n := 2 * db.ReadConns()
		errs := make([]error, n)
		var wg sync.WaitGroup
		t0 := time.Now()
		for i := range n {
			wg.Go(func() {
				_, errs[i] = db.ViewTogether(ctx, []func(context.Context, *store.Tx) error{part, part, part})
			})
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			t.Fatalf("%d reads of the whole city at once did not all finish within 10s (%v): %v", n, time.Since(t0).Round(time.Millisecond), err)
		}
	})
}

// While a long change is being saved (an import of the whole city is one
// transaction), reads go on: a read transaction begins and answers at
// once, even with more writers queued behind the change than the pool
// has connections, and the note of a session's last use, the one write a
// page that only reads makes, is skipped rather than waited for.
func TestReadsGoOnWhileALongChangeIsSaved(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		acct := auth.Account{ID: "reader", DisplayName: "読む人", Admin: true, Status: auth.StatusActive, CreatedAt: db.Now(),
			Credential: auth.Credential{Hash: "x", ChangedAt: db.Now()}}
		before := db.Now().Add(-time.Hour).Truncate(time.Second)
		err := db.Update(ctx, func(tx *store.Tx) error {
			if err := tx.InsertAccount(ctx, acct); err != nil {
				return err
			}
			return tx.InsertSession(ctx, store.Session{TokenHash: "h", AccountID: acct.ID, CSRF: "c", Method: "password", Factors: 2,
				CreatedAt: before, LastSeen: before})
		})
		if err != nil {
			t.Fatal(err)
		}
		lastSeen := func() time.Time {
			t.Helper()
			var s store.Session
			if err := db.View(ctx, func(tx *store.Tx) (err error) { s, err = tx.Session(ctx, "h"); return err }); err != nil {
				t.Fatal(err)
			}
			return s.LastSeen
		}

		// The long change, and writers queued behind it.
		saving, finish := make(chan struct{}), make(chan struct{})
		stop := sync.OnceFunc(func() { close(finish) })
		var wg sync.WaitGroup
		defer wg.Wait()
		defer stop()
		wg.Go(func() {
			db.Update(ctx, func(tx *store.Tx) error {
				close(saving)
				<-finish
				return nil
			})
		})
		<-saving
		for range 2 * db.ReadConns() {
			wg.Go(func() { db.Update(ctx, func(*store.Tx) error { return nil }) })
		}
		time.Sleep(200 * time.Millisecond) // the writers are queued

		tctx, cancel := context.WithTimeout(ctx, 3*time.Second)
		defer cancel()
		t0 := time.Now()
		read := make(chan error, 1)
		go func() {
			if err := db.Ping(tctx); err != nil {
				read <- fmt.Errorf("ping: %w", err)
				return
			}
			if err := db.TouchSession(tctx, "h", db.Now()); err != nil {
				read <- fmt.Errorf("note of last use: %w", err)
				return
			}
			var s store.Session
			read <- db.View(tctx, func(tx *store.Tx) (err error) {
				if s, err = tx.Session(tctx, "h"); err == nil && !s.LastSeen.Equal(before) {
					err = fmt.Errorf("last seen = %v; want the note skipped, %v", s.LastSeen, before)
				}
				return err
			})
		}()
		select {
		case err := <-read:
			if err != nil {
				t.Fatalf("while a change is saved: %v", err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("a read and a note of last use wait for a change being saved")
		}
		if took := time.Since(t0); took > time.Second {
			t.Errorf("a read and a skipped note took %v while a change was saved; want under 1s", took)
		}

		// Once the change is saved, the note is made.
		stop()
		wg.Wait()
		now := db.Now().Truncate(time.Second)
		if err := db.TouchSession(ctx, "h", now); err != nil {
			t.Fatal(err)
		}
		if got := lastSeen(); !got.Equal(now) {
			t.Errorf("last seen = %v with no change being saved; want %v", got, now)
		}
	})
}

// A writer that waits for its turn gives up when its request ends.
func TestWaitingWriterGivesUpWithItsRequest(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		saving, finish := make(chan struct{}), make(chan struct{})
		var wg sync.WaitGroup
		defer wg.Wait()
		defer close(finish)
		wg.Go(func() {
			db.Update(ctx, func(tx *store.Tx) error {
				close(saving)
				<-finish
				return nil
			})
		})
		<-saving
		rctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
		defer cancel()
		done := make(chan error, 1)
		go func() { done <- db.Update(rctx, func(*store.Tx) error { return nil }) }()
		select {
		case err := <-done:
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("a writer whose request ended: %v, want the deadline", err)
			}
		case <-time.After(3 * time.Second):
			t.Fatal("a writer whose request ended 200ms ago still waits for its turn")
		}
	})
}
