// Package jobs is Kijun's durable job queue, on River: work that must happen
// later or again (a mail to send, a reminder, the nightly check) is a row in
// the database, inserted in the same transaction as the change that calls
// for it, and worked by whichever server process fetches it first. A job
// survives restarts; a unique job is inserted once however many processes
// ask; periodic jobs are inserted by the one elected leader.
package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivertype"

	"kijun/internal/soa"
	"kijun/internal/store"
)

// Args are a job's arguments: a struct that names its kind and is stored
// as JSON. Args whose work belongs to a queue other than QueueDefault say
// so with a method InsertOpts() InsertOpts that names it.
type Args = river.JobArgs

// The queues a server works. Each has workers of its own, so that the
// backlog of one never holds up another: a reminder that mails a whole
// city queues tens of thousands of mails at once, which must not keep a
// 情報管理者 waiting for the import they confirmed, nor an incident's
// escalation waiting for its hour.
const (
	// QueueDefault holds the checks, reminders, escalations and backups.
	QueueDefault = river.QueueDefault
	// QueueMail holds one job per mail to send.
	QueueMail = "mail"
	// QueueWaited holds work a person is waiting for at a page (a
	// register's import), worked as soon as it is asked for.
	QueueWaited = "waited"
)

// queueWorkers is how many jobs of each queue but the default one a
// process works at once: mails wait on the SMTP server, and an import
// takes a core of its own.
var queueWorkers = map[string]int{QueueMail: 4, QueueWaited: 2}

// InsertOpts change how a job is inserted: when it runs (ScheduledAt), how
// often it may be tried (MaxAttempts), and whether an equal job already
// queued makes this one a no-op (UniqueOpts).
type InsertOpts = river.InsertOpts

// UniqueOpts say which jobs count as the same for InsertOpts.
type UniqueOpts = river.UniqueOpts

// Registry holds the kinds of job this process can work and its periodic
// jobs. Fill it before Open.
type Registry struct {
	workers  *river.Workers
	periodic []*river.PeriodicJob
	// ids are the periodic jobs' IDs in the order added, and serves the
	// provisions each serves, for the statement of applicability.
	ids    []string
	serves map[string][]string
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry {
	return &Registry{workers: river.NewWorkers(), serves: map[string][]string{}}
}

// Serves declares the provisions the periodic job id carries out, for the
// statement of applicability.
func (r *Registry) Serves(id string, provisions ...string) {
	r.serves[id] = append(r.serves[id], provisions...)
}

// Periodic lists the IDs of the periodic jobs added, in order.
func (r *Registry) Periodic() []string { return slices.Clone(r.ids) }

// Supports declares, for the statement of applicability, the provisions
// each periodic job serves; a job added without Serves declares none.
func (r *Registry) Supports() []soa.Support {
	var out []soa.Support
	for _, id := range r.ids {
		for _, p := range r.serves[id] {
			out = append(out, soa.Support{Provision: p, Kind: soa.Job, Name: id})
		}
	}
	return out
}

// Register makes fn the handler of jobs of T's kind. A handler that returns
// an error is tried again later, with a growing delay, up to the job's
// attempts; then the job is discarded and the error logged.
func Register[T Args](r *Registry, fn func(ctx context.Context, args T) error) {
	river.AddWorker(r.workers, river.WorkFunc(func(ctx context.Context, j *river.Job[T]) error {
		return fn(ctx, j.Args)
	}))
}

// Daily inserts args every day at hour:minute in Japan time, and once when a
// leader starts, so that a day whose hour passed while no server ran is not
// skipped; its handler must therefore tolerate a second run in one day. The
// job is unique per day, so no two leaders insert it twice for one day.
func (r *Registry) Daily(id string, hour, minute int, args Args) {
	r.ids = append(r.ids, id)
	r.periodic = append(r.periodic, river.NewPeriodicJob(DailyAt(hour, minute),
		func() (river.JobArgs, *river.InsertOpts) {
			return args, &river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true, ByPeriod: 24 * time.Hour}}
		}, &river.PeriodicJobOpts{ID: id, RunOnStart: true}))
}

// Every inserts args every interval, unique within the interval, and once
// when a leader starts.
func (r *Registry) Every(id string, every time.Duration, args Args) {
	r.interval(id, every, args, true)
}

// Tick inserts args every interval, the first an interval after a leader
// starts, as a ticker would: for a job whose handler decides whether there
// is anything to do. Unique within the interval.
func (r *Registry) Tick(id string, every time.Duration, args Args) {
	r.interval(id, every, args, false)
}

func (r *Registry) interval(id string, every time.Duration, args Args, onStart bool) {
	r.ids = append(r.ids, id)
	r.periodic = append(r.periodic, river.NewPeriodicJob(river.PeriodicInterval(every),
		func() (river.JobArgs, *river.InsertOpts) {
			return args, &river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true, ByPeriod: every}}
		}, &river.PeriodicJobOpts{ID: id, RunOnStart: onStart}))
}

// Config tunes a Scheduler. The zero value is right for a server.
type Config struct {
	Logger *slog.Logger
	// Workers is how many jobs of QueueDefault this process works at once
	// (default 4); the other queues have their own (queueWorkers).
	Workers int
	// PollInterval is how often an idle process looks for new jobs
	// (default one second).
	PollInterval time.Duration
	// RetryAfter, when set, gives the delay before a failed job's next
	// attempt; tests shorten it. River's default grows as attempts^4 seconds.
	RetryAfter func(attempt int) time.Duration
	// InsertOnly makes a scheduler that inserts jobs and works none, for
	// commands that are not the server.
	InsertOnly bool
	// ID names this process among the queue's clients (default: River's).
	ID string
	// JobTimeout ends a job that runs longer (default 30 minutes: the
	// nightly check of a whole city takes minutes, a mail seconds).
	JobTimeout time.Duration
	// SoftStop is how long Stop lets running jobs finish before it
	// cancels them (default 5 seconds).
	SoftStop time.Duration
}

// Scheduler inserts and works jobs.
type Scheduler struct {
	db     *store.DB
	pool   *store.JobPool
	client *river.Client[*sql.Tx]
}

// Open makes a scheduler over db for the kinds and periodic jobs in reg. It
// does not start working: call Start. The queue's tables must exist (see
// Migrate).
func Open(ctx context.Context, db *store.DB, reg *Registry, cfg Config) (*Scheduler, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	pool, err := db.OpenJobPool(ctx)
	if err != nil {
		return nil, err
	}
	schema, err := riverSchema(ctx, db)
	if err != nil {
		pool.Close()
		return nil, err
	}
	rc := &river.Config{
		ID:                cfg.ID,
		Logger:            cfg.Logger,
		Schema:            schema,
		FetchPollInterval: cfg.PollInterval,
		// Kijun's jobs are mails and checks: a day's trace is enough.
		CompletedJobRetentionPeriod: 24 * time.Hour,
		JobTimeout:                  cfg.JobTimeout,
		SoftStopTimeout:             cfg.SoftStop,
	}
	if rc.SoftStopTimeout == 0 {
		rc.SoftStopTimeout = 5 * time.Second
	}
	if rc.JobTimeout == 0 {
		rc.JobTimeout = 30 * time.Minute
	}
	if rc.FetchPollInterval == 0 {
		rc.FetchPollInterval = time.Second
	}
	if rc.FetchPollInterval < river.FetchCooldownDefault {
		rc.FetchCooldown = rc.FetchPollInterval
	}
	if cfg.RetryAfter != nil {
		rc.RetryPolicy = retryPolicy(cfg.RetryAfter)
	}
	if reg == nil {
		reg = NewRegistry()
	}
	if !cfg.InsertOnly {
		rc.Workers = reg.workers
		rc.PeriodicJobs = reg.periodic
		workers := cfg.Workers
		if workers <= 0 {
			workers = 4
		}
		rc.Queues = map[string]river.QueueConfig{QueueDefault: {MaxWorkers: workers}}
		for q, n := range queueWorkers {
			rc.Queues[q] = river.QueueConfig{MaxWorkers: n}
		}
	}
	c, err := river.NewClient(driver(db, pool.DB), rc)
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("make the job queue: %w", err)
	}
	return &Scheduler{db: db, pool: pool, client: c}, nil
}

func driver(db *store.DB, pool *sql.DB) riverdriver.Driver[*sql.Tx] {
	if db.Dialect == store.SQLite {
		return riversqlite.New(pool)
	}
	return riverdatabasesql.New(pool)
}

// Start starts working jobs until Stop is called, or ctx ends (which cancels
// running jobs at once; a server passes a context that outlives its
// signals and calls Stop).
func (s *Scheduler) Start(ctx context.Context) error {
	if err := s.client.Start(ctx); err != nil {
		return fmt.Errorf("start the job queue: %w", err)
	}
	return nil
}

// Stop stops fetching jobs and lets running ones finish, for up to the
// SoftStop of the Config, then cancels them (a cancelled job is tried again
// by whichever process works next); it returns once they have ended or
// ctx ends, and closes the queue's own connections.
func (s *Scheduler) Stop(ctx context.Context) error {
	return errors.Join(s.client.Stop(ctx), s.pool.Close())
}

// Close closes the queue's own connections of a scheduler that was never
// started.
func (s *Scheduler) Close() error { return s.pool.Close() }

// Insert queues a job in tx: it exists when tx commits and not otherwise,
// so a mail is never sent about a change that was rolled back, and never
// forgotten about one that was made. It reports whether a job was inserted
// (false when a unique job equal to it was already queued).
func (s *Scheduler) Insert(ctx context.Context, tx *store.Tx, args Args, opts *InsertOpts) (bool, error) {
	res, err := s.client.InsertTx(ctx, tx.SQL(), args, opts)
	if err != nil {
		return false, fmt.Errorf("queue job %s: %w", args.Kind(), err)
	}
	return !res.UniqueSkippedAsDuplicate, nil
}

// InsertNow queues a job in a transaction of its own.
func (s *Scheduler) InsertNow(ctx context.Context, args Args, opts *InsertOpts) (bool, error) {
	var inserted bool
	err := s.db.Update(ctx, func(tx *store.Tx) error {
		var err error
		inserted, err = s.Insert(ctx, tx, args, opts)
		return err
	})
	return inserted, err
}

type retryPolicy func(attempt int) time.Duration

func (p retryPolicy) NextRetry(job *rivertype.JobRow) time.Time {
	return time.Now().Add(p(job.Attempt))
}

// Permanent wraps err, returned by a handler, to say that trying again
// cannot help (a mail server that rejects the address for good): the job
// ends now, with err logged, instead of being retried.
func Permanent(err error) error { return river.JobCancel(err) }
