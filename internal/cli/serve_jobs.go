package cli

import (
	"context"
	"time"

	"kijun/internal/compliance/monitor"
	"kijun/internal/jobs"
	"kijun/internal/kijun"
	"kijun/internal/notify"
	"kijun/internal/permits"
	"kijun/internal/soa"
	"kijun/internal/store"
	"kijun/internal/wareki"
	"kijun/internal/web"
)

// startJobs starts serve's job queue: the nightly compliance check, mail
// and its reminders. Processes that queue mail (the workflow engine,
// incidents) take the notifier, and register their reminders on it with
// Due; the mail goes through the queue started here.
func startJobs(ctx context.Context, e *env, db *store.DB, d *dbFlags, publicURL string, m *monitor.Monitor, bp backupPlan, imports *web.ImportJobs) (*jobs.Scheduler, *notify.Notifier, error) {
	// The queue's tables, with River's own migrations: only a server
	// needs them, so other commands do not migrate them.
	if _, err := jobs.Migrate(ctx, db); err != nil {
		return nil, nil, err
	}
	key, err := sealKey(ctx, db, d)
	if err != nil {
		return nil, nil, err
	}
	reg := jobs.NewRegistry()
	n := notify.New(notify.Config{DB: db, Logger: e.log, SealKey: key, PublicURL: publicURL})
	if err := registerJobs(reg, e, db, d, m, n, bp); err != nil {
		return nil, nil, err
	}
	// Register files uploaded on the import pages: checked, and written
	// once confirmed, in the name of the person who uploaded them.
	jobs.Register(reg, imports.Work)
	s, err := jobs.Open(ctx, db, reg, jobs.Config{Logger: e.log})
	if err != nil {
		return nil, nil, err
	}
	n.Use(s)
	// Not cancelled with serve's context: stopJobs lets running jobs end.
	if err := s.Start(context.WithoutCancel(ctx)); err != nil {
		s.Close()
		return nil, nil, err
	}
	return s, n, nil
}

// registerJobs adds serve's kinds of job and periodic jobs to reg, each
// periodic job with the provisions it serves. Nothing runs until the
// scheduler opened over reg starts, so the statement of applicability
// reads the same registry (jobSupports) without a server.
func registerJobs(reg *jobs.Registry, e *env, db *store.DB, d *dbFlags, m *monitor.Monitor, n *notify.Notifier, bp backupPlan) error {
	jobs.Register(reg, func(ctx context.Context, _ nightlyCheckArgs) error { return nightlyCheck(ctx, e, db, m) })
	reg.Tick("compliance.nightly", 10*time.Minute, nightlyCheckArgs{})
	reg.Serves("compliance.nightly", "9.2.1")
	// 4.4: the ledger against its signed heads, and the registers against
	// the ledger, nightly.
	jobs.Register(reg, func(ctx context.Context, _ stateCheckArgs) error { return nightlyLedgerCheck(ctx, e, db) })
	reg.Tick("ledger.nightly", 10*time.Minute, stateCheckArgs{})
	reg.Serves("ledger.nightly", "4.4")
	// 8.1.3: the nightly backup, verified and recorded, where a directory
	// is set.
	if bp.dir != "" {
		jobs.Register(reg, func(ctx context.Context, _ nightlyBackupArgs) error {
			return nightlyBackup(ctx, e, db, d, bp.dir, bp.keep)
		})
		reg.Tick("backup.nightly", 10*time.Minute, nightlyBackupArgs{})
		reg.Serves("backup.nightly", "8.1.3")
	}
	n.Register(reg)
	// 7.3.1: notices of incidents, and their escalation up the chain.
	n.Due("incidents", notify.IncidentReminders(db))
	jobs.Register(reg, func(ctx context.Context, _ escalateArgs) error { return escalate(ctx, db, n) })
	reg.Tick("incidents.escalate", 5*time.Minute, escalateArgs{})
	reg.Serves("incidents.escalate", "7.3.1")
	// 7.3.1: the reminders of unacknowledged incident notices go by mail.
	reg.Serves("mail.reminders", "7.3.1")
	// Permits: approvals waiting, records missing, returns overdue,
	// exceptions ending, emergency exceptions not reported (each step's own
	// mail goes with the step, from the web).
	preg, err := permits.Default()
	if err != nil {
		return err
	}
	n.Due("permits", notify.PermitReminders(db.Permits(preg)))
	// 7.2.4: training falling due, and past due (to the 情報管理者 too).
	n.Due("training", notify.TrainingReminders(db))
	reg.Serves("mail.reminders", "7.2.4")
	// 7.1.3: the edition in force not yet acknowledged (to the 情報管理者 too after 30 days).
	n.Due("acks", notify.AckReminders(db))
	reg.Serves("mail.reminders", "7.1.3")
	// 11.1.7, 11.2.3: corrective actions past their due day.
	n.Due("corrective", notify.CorrectiveReminders(db))
	// 9.2.1ア, イ: findings past their due day, to their owner, then up.
	n.Due("findings", notify.FindingReminders(db))
	reg.Serves("mail.reminders", "11.1.7")
	// 8.1.7ウ, 8.6.1: log reviews due, security holes to act on.
	n.Due("operations", notify.OperationsReminders(db))
	reg.Serves("mail.reminders", "8.6.1")
	// 10.1.3: a contractor's periodic check falling due, and past due.
	n.Due("contractchecks", notify.ContractCheckReminders(db))
	reg.Serves("mail.reminders", "10.1.3")
	// 11.2.2ア: self-check reports due soon or overdue, and the overdue
	// ones told to the 統括責任者.
	n.Due("selfcheck", notify.SelfcheckReminders(db))
	reg.Serves("mail.reminders", "11.2.2.ア")
	// 11.2.2ア, 3.1.5: a week overdue, the 局's 情報責任者 (and their
	// acting deputy) is told which of its reports are late.
	n.Due("selfcheck-officer", notify.SelfcheckEscalation(db))
	return nil
}

// jobSupports declares the provisions serve's periodic jobs serve.
func jobSupports(e *env) ([]soa.Support, error) {
	reg := jobs.NewRegistry()
	if err := registerJobs(reg, e, nil, nil, nil, notify.New(notify.Config{}), backupPlan{}); err != nil {
		return nil, err
	}
	return reg.Supports(), nil
}

// escalateArgs is the job that takes unacknowledged incident notices up
// the chain of 7.3.1.
type escalateArgs struct{}

func (escalateArgs) Kind() string { return "incidents.escalate" }

// escalate tells the next person up the chain of 7.3.1 of every notice
// left unacknowledged past its due time, and mails them at once.
func escalate(ctx context.Context, db *store.DB, n *notify.Notifier) error {
	ns, err := db.EscalateOverdue(ctx, db.Now())
	if err != nil || len(ns) == 0 {
		return err
	}
	ids := map[int64]bool{}
	for _, x := range ns {
		ids[x.IncidentID] = true
	}
	for id := range ids {
		if err := n.TellIncident(ctx, id); err != nil {
			return err
		}
	}
	return nil
}

// nightlyCheckArgs is the job of the nightly compliance check.
type nightlyCheckArgs struct{}

func (nightlyCheckArgs) Kind() string { return "compliance.nightly" }

// nightlyCheck runs every rule over the city once a day, from 2 a.m. JST,
// when no full run has been made that day (9.2.1); the dashboard's trend is
// kept from these runs. The queue's leader asks every ten minutes, so a day
// whose 2 a.m. passed with no server running is checked soon after one
// starts, and only one of several servers runs it.
func nightlyCheck(ctx context.Context, e *env, db *store.DB, m *monitor.Monitor) error {
	now := db.Now().In(wareki.JST())
	if now.Hour() < 2 {
		return nil
	}
	last, err := db.LastCheckRun(ctx)
	if err == nil && last.At.In(wareki.JST()).Format(time.DateOnly) == now.Format(time.DateOnly) {
		return nil
	}
	if err != nil && kijun.ErrorCode(err) != kijun.ENOTFOUND {
		return err
	}
	res, err := m.Run(ctx, db.Now())
	if err != nil {
		return err
	}
	e.log.Info("nightly check", "findings", len(res.Findings), "opened", res.Opened, "closed", res.Closed)
	return nil
}

// stopJobs lets running jobs finish, for up to ten seconds; a job cut off
// is worked again by the next server, as River rescues it.
func stopJobs(e *env, s *jobs.Scheduler) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.Stop(ctx); err != nil {
		e.log.Warn("stop the job queue", "err", err)
	}
}

// backupPlan is where serve makes its nightly backups, and how many it
// keeps; no directory, no backups.
type backupPlan struct {
	dir  string
	keep int
}
