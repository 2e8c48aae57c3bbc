package jobs_test

import (
	"context"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"kijun/internal/jobs"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

type countArgs struct {
	Name string `json:"name"`
}

func (countArgs) Kind() string { return "test.count" }

// counter counts the runs of each job name, across every scheduler of a test.
type counter struct {
	mu   sync.Mutex
	runs map[string]int
}

func (c *counter) register(r *jobs.Registry) {
	jobs.Register(r, func(ctx context.Context, a countArgs) error {
		c.mu.Lock()
		defer c.mu.Unlock()
		if c.runs == nil {
			c.runs = map[string]int{}
		}
		c.runs[a.Name]++
		return nil
	})
}

func (c *counter) get(name string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.runs[name]
}

// eachEngine runs fn once per engine with a database URL whose Kijun and
// job queue tables exist.
func eachEngine(t *testing.T, fn func(t *testing.T, url string)) {
	urls := storetest.URLs(t)
	for _, engine := range slices.Sorted(maps.Keys(urls)) {
		t.Run(engine, func(t *testing.T) {
			db := storetest.Open(t, urls[engine], store.Options{})
			if _, err := jobs.Migrate(context.Background(), db); err != nil {
				t.Fatalf("migrate jobs: %v", err)
			}
			fn(t, urls[engine])
		})
	}
}

func openDB(t *testing.T, url string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), url, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func start(t *testing.T, db *store.DB, reg *jobs.Registry, cfg jobs.Config) *jobs.Scheduler {
	t.Helper()
	cfg.PollInterval = 50 * time.Millisecond
	s, err := jobs.Open(context.Background(), db, reg, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stop(t, s) })
	return s
}

func stop(t *testing.T, s *jobs.Scheduler) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.Stop(ctx); err != nil {
		t.Errorf("stop: %v", err)
	}
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// A job inserted with a change, before any process works jobs, is worked
// once by the next process to start, and a job inserted in a transaction
// that rolls back never exists.
func TestJobSurvivesRestartAndRunsOnce(t *testing.T) {
	eachEngine(t, func(t *testing.T, url string) {
		ctx := context.Background()
		var c counter
		reg := jobs.NewRegistry()
		c.register(reg)

		db1 := openDB(t, url)
		s1, err := jobs.Open(ctx, db1, reg, jobs.Config{InsertOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		err = db1.Update(ctx, func(tx *store.Tx) error {
			if err := change(ctx, tx, "test.key"); err != nil {
				return err
			}
			_, err := s1.Insert(ctx, tx, countArgs{Name: "kept"}, nil)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		err = db1.Update(ctx, func(tx *store.Tx) error {
			if _, err := s1.Insert(ctx, tx, countArgs{Name: "rolled back"}, nil); err != nil {
				return err
			}
			return fmt.Errorf("the change fails")
		})
		if err == nil {
			t.Fatal("want the failing change's error")
		}
		stop(t, s1)
		db1.Close()

		// The "restart": another process, another connection.
		db2 := openDB(t, url)
		start(t, db2, reg, jobs.Config{})
		waitFor(t, "the kept job", func() bool { return c.get("kept") > 0 })
		time.Sleep(500 * time.Millisecond)
		if got := c.get("kept"); got != 1 {
			t.Errorf("kept job ran %d times, want 1", got)
		}
		if got := c.get("rolled back"); got != 0 {
			t.Errorf("rolled-back job ran %d times, want 0", got)
		}
	})
}

// Two processes on one database, each with the same periodic job: the one
// leader inserts it, and it runs once. A unique job inserted by both runs
// once too. A ticking job waits for its interval.
func TestPeriodicJobRunsOnceAcrossProcesses(t *testing.T) {
	eachEngine(t, func(t *testing.T, url string) {
		ctx := context.Background()
		var c counter
		var scheds []*jobs.Scheduler
		for i := range 2 {
			reg := jobs.NewRegistry()
			c.register(reg)
			reg.Daily("test.daily", 2, 0, countArgs{Name: "daily"})
			reg.Tick("test.tick", 4*time.Second, countArgs{Name: "tick"})
			scheds = append(scheds, start(t, openDB(t, url), reg, jobs.Config{ID: fmt.Sprintf("proc%d", i)}))
		}
		for _, s := range scheds {
			if _, err := s.InsertNow(ctx, countArgs{Name: "unique"}, &jobs.InsertOpts{UniqueOpts: jobs.UniqueOpts{ByArgs: true, ByPeriod: time.Hour}}); err != nil {
				t.Fatal(err)
			}
		}
		waitFor(t, "the daily job", func() bool { return c.get("daily") > 0 && c.get("unique") > 0 })
		if got := c.get("tick"); got != 0 {
			t.Errorf("a ticking job ran %d times at start, want 0 until its interval", got)
		}
		waitFor(t, "the ticking job", func() bool { return c.get("tick") > 0 })
		time.Sleep(2 * time.Second)
		if got := c.get("daily"); got != 1 {
			t.Errorf("daily job ran %d times, want 1", got)
		}
		if got := c.get("unique"); got != 1 {
			t.Errorf("unique job ran %d times, want 1", got)
		}
	})
}

// Kijun's writers and the queue's share one SQLite file without
// SQLITE_BUSY: many changes with jobs inserted in their transactions, while
// the queue works them and each job itself writes to the database.
func TestSQLiteWritersShareWithQueue(t *testing.T) {
	ctx := context.Background()
	url := storetest.URLs(t)["sqlite"]
	db := storetest.Open(t, url, store.Options{})
	if _, err := jobs.Migrate(ctx, db); err != nil {
		t.Fatal(err)
	}
	logs := &errorLog{}
	var done atomic.Int64
	reg := jobs.NewRegistry()
	jobs.Register(reg, func(ctx context.Context, a countArgs) error {
		if err := db.SetSetting(ctx, "test.job."+a.Name, "done"); err != nil {
			return err
		}
		done.Add(1)
		return nil
	})
	s := start(t, db, reg, jobs.Config{Logger: slog.New(logs), Workers: 4})
	const writers, each = 4, 25
	var wg sync.WaitGroup
	errs := make(chan error, writers*each)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				name := fmt.Sprintf("%d-%d", w, i)
				errs <- db.Update(ctx, func(tx *store.Tx) error {
					if err := change(ctx, tx, "test.change."+name); err != nil {
						return err
					}
					_, err := s.Insert(ctx, tx, countArgs{Name: name}, nil)
					return err
				})
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("change: %v", err)
		}
	}
	waitFor(t, "every job", func() bool { return done.Load() == writers*each })
	if got := logs.busy(); len(got) > 0 {
		t.Errorf("the queue logged busy errors: %v", got)
	}
}

// errorLog keeps warnings and errors a scheduler logs.
type errorLog struct {
	mu   sync.Mutex
	msgs []string
}

func (l *errorLog) Enabled(_ context.Context, lv slog.Level) bool { return lv >= slog.LevelWarn }
func (l *errorLog) Handle(_ context.Context, r slog.Record) error {
	var b strings.Builder
	b.WriteString(r.Message)
	r.Attrs(func(a slog.Attr) bool { fmt.Fprintf(&b, " %s=%v", a.Key, a.Value); return true })
	l.mu.Lock()
	l.msgs = append(l.msgs, b.String())
	l.mu.Unlock()
	return nil
}
func (l *errorLog) WithAttrs([]slog.Attr) slog.Handler { return l }
func (l *errorLog) WithGroup(string) slog.Handler      { return l }

func (l *errorLog) busy() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, m := range l.msgs {
		if strings.Contains(m, "SQLITE_BUSY") || strings.Contains(m, "database is locked") {
			out = append(out, m)
		}
	}
	return out
}

// change writes a setting and its ledger record in tx: a stand-in for any
// change that queues a job.
func change(ctx context.Context, tx *store.Tx, key string) error {
	if _, err := tx.ExecContext(ctx, "INSERT INTO settings (key, value, updated_at, version) VALUES (?, 'x', '2026-01-01T00:00:00Z', 1)", key); err != nil {
		return err
	}
	_, err := tx.Record(ctx, store.Change{Action: "setting.set", Entity: "setting", EntityID: key, State: key})
	return err
}

type floodArgs struct {
	N int `json:"n"`
}

func (floodArgs) Kind() string                { return "test.flood" }
func (floodArgs) InsertOpts() jobs.InsertOpts { return jobs.InsertOpts{Queue: jobs.QueueMail} }

type waitedArgs struct{}

func (waitedArgs) Kind() string                { return "test.waited" }
func (waitedArgs) InsertOpts() jobs.InsertOpts { return jobs.InsertOpts{Queue: jobs.QueueWaited} }

// A backlog of mails does not hold up work a person waits for: with
// hundreds of mail jobs queued ahead of it, each failing and going back in
// line, an import's job is worked while most of the mails still wait. On
// one queue the import waited behind all of them (a city-wide reminder
// queued 34,000 mails before a confirmed import, which then did not start
// within ten minutes).
func TestBacklogOfMailDoesNotHoldUpWaitedWork(t *testing.T) {
	eachEngine(t, func(t *testing.T, url string) {
		db := openDB(t, url)
		ctx := context.Background()
		const mails = 300
		var tried atomic.Int64
		reg := jobs.NewRegistry()
		jobs.Register(reg, func(ctx context.Context, a floodArgs) error {
			tried.Add(1)
			time.Sleep(50 * time.Millisecond) // a mail server that does not answer soon
			return fmt.Errorf("mail %d: the SMTP server is not configured", a.N)
		})
		var done atomic.Bool
		jobs.Register(reg, func(ctx context.Context, _ waitedArgs) error { done.Store(true); return nil })
		ins, err := jobs.Open(ctx, db, reg, jobs.Config{InsertOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		defer ins.Close()
		if err := db.Update(ctx, func(tx *store.Tx) error {
			for i := range mails {
				if _, err := ins.Insert(ctx, tx, floodArgs{N: i}, nil); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		start(t, db, reg, jobs.Config{RetryAfter: func(int) time.Duration { return 0 }})
		waitFor(t, "the first mails tried", func() bool { return tried.Load() > 0 })
		if _, err := ins.InsertNow(ctx, waitedArgs{}, nil); err != nil {
			t.Fatal(err)
		}
		waitFor(t, "the waited job", done.Load)
		if n := tried.Load(); n >= mails {
			t.Errorf("the waited job ran only after %d tries of the %d mails queued before it", n, mails)
		}
		table := "river_job"
		if db.Dialect == store.Postgres {
			schema, err := db.CurrentSchema(ctx)
			if err != nil {
				t.Fatal(err)
			}
			table = schema + "_river.river_job"
		}
		var queue string
		if err := db.View(ctx, func(tx *store.Tx) error {
			return tx.SQL().QueryRowContext(ctx, "SELECT queue FROM "+table+" WHERE kind = 'test.flood' LIMIT 1").Scan(&queue)
		}); err != nil {
			t.Fatal(err)
		}
		if queue != jobs.QueueMail {
			t.Errorf("a mail job is in queue %q, want %q", queue, jobs.QueueMail)
		}
	})
}
