// Package notify mails the people who must act: an approver with a request
// waiting, a requester whose return is overdue. A mail is queued as a job in
// the transaction of the change that causes it (an outbox: no mail about a
// change rolled back, none lost about one made) and sent by a worker that
// retries while the SMTP server refuses. Each person chooses each mail as it
// comes or one digest a day. Reminders come from "due" functions the
// processes register, run periodically; each reminder has a key and is
// mailed once.
package notify

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net/mail"
	"slices"
	"strings"
	"sync"
	"time"

	"kijun/internal/jobs"
	"kijun/internal/kijun"
	"kijun/internal/store"
	"kijun/internal/wareki"
)

// Mail is one notification to people, by staff number.
type Mail struct {
	To      []string
	Subject string // Japanese, short; "[Kijun] " is put before it
	Body    string
	// Link is the page to act on, as a path such as /permits/42; the mail
	// gives it under mail.base_url.
	Link string
}

// Config configures a Notifier.
type Config struct {
	DB     *store.DB
	Logger *slog.Logger
	// SealKey opens smtp.password (see SealPassword).
	SealKey []byte
	// PublicURL is the base of links when mail.base_url is not set.
	PublicURL string
	// DigestHour and DigestMinute are when, in Japan time, the daily
	// digests go out (default 8:30, before the working day).
	DigestHour, DigestMinute int
	// ReminderEvery is how often the due functions are asked (default 15
	// minutes).
	ReminderEvery time.Duration
	// TLS replaces the TLS configuration of STARTTLS; tests trust their
	// own server's certificate with it.
	TLS *tls.Config
}

// Notifier queues and sends mail.
type Notifier struct {
	db    *store.DB
	cfg   Config
	log   *slog.Logger
	sched *jobs.Scheduler

	mu  sync.Mutex
	due map[string]DueFunc
}

// New returns a notifier. Register its jobs, open the scheduler, then Use it.
func New(cfg Config) *Notifier {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.DigestHour == 0 && cfg.DigestMinute == 0 {
		cfg.DigestHour, cfg.DigestMinute = 8, 30
	}
	if cfg.ReminderEvery == 0 {
		cfg.ReminderEvery = 15 * time.Minute
	}
	return &Notifier{db: cfg.DB, cfg: cfg, log: cfg.Logger, due: map[string]DueFunc{}}
}

// Register adds mail's kinds of job and its periodic jobs (the daily
// digest, the reminders) to reg.
func (n *Notifier) Register(reg *jobs.Registry) {
	jobs.Register(reg, n.workSend)
	jobs.Register(reg, n.workDigest)
	jobs.Register(reg, n.workDigests)
	jobs.Register(reg, n.workReminders)
	reg.Daily("mail.digests", n.cfg.DigestHour, n.cfg.DigestMinute, digestsArgs{})
	reg.Every("mail.reminders", n.cfg.ReminderEvery, remindersArgs{})
}

// Use sets the scheduler mails are queued through.
func (n *Notifier) Use(s *jobs.Scheduler) { n.sched = s }

// sendArgs is one mail to one person.
type sendArgs struct {
	StaffNo string `json:"staff_no"`
	Subject string `json:"subject"`
	Body    string `json:"body"`
	Link    string `json:"link"`
}

func (sendArgs) Kind() string { return "mail.send" }

// InsertOpts puts a mail in the mail queue: a reminder to the whole city
// is tens of thousands of them, which must not hold up other work.
func (sendArgs) InsertOpts() jobs.InsertOpts { return jobs.InsertOpts{Queue: jobs.QueueMail} }

// digestArgs is one person's digest of one day.
type digestArgs struct {
	StaffNo string `json:"staff_no"`
	Day     string `json:"day"`
}

func (digestArgs) Kind() string { return "mail.digest" }

// InsertOpts puts a digest in the mail queue, as sendArgs.
func (digestArgs) InsertOpts() jobs.InsertOpts { return jobs.InsertOpts{Queue: jobs.QueueMail} }

// digestsArgs starts the day's digests.
type digestsArgs struct{}

func (digestsArgs) Kind() string { return "mail.digests" }

// remindersArgs asks the due functions for reminders.
type remindersArgs struct{}

func (remindersArgs) Kind() string { return "mail.reminders" }

// Queue queues m in tx, the transaction of the change that causes it: a job
// for each person who takes each mail, an item of tomorrow's digest for
// each who takes a digest; nothing while no mail server is set (mailOn). A person with no address, or who has left, is
// skipped and logged (the organisation data must be fixed), so a missing
// address never blocks the change. A staff number nobody has is an error.
func (n *Notifier) Queue(ctx context.Context, tx *store.Tx, m Mail) error {
	if n.sched == nil {
		return errors.New("queue mail: the notifier has no scheduler (call Use)")
	}
	if strings.TrimSpace(m.Subject) == "" {
		return errors.New("queue mail: no subject")
	}
	if on, err := mailOn(func(key string) (string, error) { return tx.Setting(ctx, key) }); err != nil || !on {
		if err == nil {
			n.log.Debug("mail not queued: no mail server is set (kijun config set smtp.host / smtp.from)", "subject", m.Subject)
		}
		return err
	}
	to := slices.Compact(slices.Sorted(slices.Values(m.To)))
	rs, err := tx.Recipients(ctx, to)
	if err != nil {
		return err
	}
	for _, r := range rs {
		switch {
		case r.Left:
			continue
		case r.Mail == "":
			n.log.Warn("mail not queued: the person has no mail address in the organisation data", "staff_no", r.StaffNo, "subject", m.Subject)
			continue
		case r.Mode == store.MailDigest:
			err = tx.QueueDigestItem(ctx, store.DigestItem{StaffNo: r.StaffNo, Subject: m.Subject, Body: m.Body, Link: m.Link})
		default:
			_, err = n.sched.Insert(ctx, tx, sendArgs{StaffNo: r.StaffNo, Subject: m.Subject, Body: m.Body, Link: m.Link}, nil)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// QueueNow queues m in a transaction of its own.
func (n *Notifier) QueueNow(ctx context.Context, m Mail) error {
	return n.db.Update(ctx, func(tx *store.Tx) error { return n.Queue(ctx, tx, m) })
}

// recipient loads the person a job mails, at send time: an address
// corrected since the mail was queued is the one used.
func (n *Notifier) recipient(ctx context.Context, staffNo string) (mail.Address, bool, error) {
	r, err := n.db.Recipient(ctx, staffNo)
	if kijun.ErrorCode(err) == kijun.ENOTFOUND {
		return mail.Address{}, false, nil
	}
	if err != nil {
		return mail.Address{}, false, err
	}
	if r.Mail == "" || r.Left {
		n.log.Warn("mail dropped: the person has no mail address or has left", "staff_no", staffNo)
		return mail.Address{}, false, nil
	}
	return mail.Address{Name: r.Name, Address: r.Mail}, true, nil
}

func (n *Notifier) workSend(ctx context.Context, a sendArgs) error {
	to, ok, err := n.recipient(ctx, a.StaffNo)
	if err != nil || !ok {
		return err
	}
	c, err := n.loadConfig(ctx)
	if err != nil {
		return err
	}
	body := a.Body
	if l := c.link(a.Link); l != "" {
		body = strings.TrimRight(body, "\n") + "\n\n" + l + "\n"
	}
	body += footer
	if err := n.send(ctx, c, message{From: c.from(), To: to, Subject: subjectPrefix + a.Subject, Body: body, Date: n.db.Now()}); err != nil {
		return err
	}
	n.recordSent(ctx, a.StaffNo, []string{a.Subject}, a.Link)
	return nil
}

// recordSent keeps in the ledger that a person was mailed, so that whoever
// asks whether an approver was told (a deadline missed, an escalation) can
// see when. A failure to record is logged, not retried: the mail went.
func (n *Notifier) recordSent(ctx context.Context, staffNo string, subjects []string, link string) {
	err := n.db.Update(ctx, func(tx *store.Tx) error {
		_, err := tx.Record(ctx, store.Change{Action: "mail.sent", Entity: "person", EntityID: staffNo,
			State: map[string]any{"staff_no": staffNo, "subjects": subjects, "link": link}})
		return err
	})
	if err != nil {
		n.log.Warn("mail sent but not recorded", "staff_no", staffNo, "err", err)
	}
}

const (
	subjectPrefix = "[Kijun] "
	footer        = "\n--\nこのメールは Kijun（情報セキュリティ対策基準の運用システム）から自動で送信しています。\n"
)

// workDigests queues the day's digest of each person with mail waiting,
// one job per person, so a refusal for one does not hold back the others.
func (n *Notifier) workDigests(ctx context.Context, _ digestsArgs) error {
	now := n.db.Now().In(wareki.JST())
	if now.Hour()*60+now.Minute() < n.cfg.DigestHour*60+n.cfg.DigestMinute {
		return nil // started by a new leader before the hour: the hour will come
	}
	return n.QueueDigests(ctx)
}

// QueueDigests queues today's digest of each person with mail waiting; a
// digest already queued today is not queued again.
func (n *Notifier) QueueDigests(ctx context.Context) error {
	if n.sched == nil {
		return errors.New("queue digests: the notifier has no scheduler (call Use)")
	}
	people, err := n.db.DigestRecipients(ctx)
	if err != nil {
		return err
	}
	day := n.db.Now().In(wareki.JST()).Format(time.DateOnly)
	return n.db.Update(ctx, func(tx *store.Tx) error {
		for _, p := range people {
			if _, err := n.sched.Insert(ctx, tx, digestArgs{StaffNo: p, Day: day},
				&jobs.InsertOpts{UniqueOpts: jobs.UniqueOpts{ByArgs: true}}); err != nil {
				return err
			}
		}
		return nil
	})
}

func (n *Notifier) workDigest(ctx context.Context, a digestArgs) error {
	items, err := n.db.PendingDigest(ctx, a.StaffNo)
	if err != nil || len(items) == 0 {
		return err
	}
	to, ok, err := n.recipient(ctx, a.StaffNo)
	if err != nil {
		return err
	}
	ids := make([]int64, len(items))
	for i, it := range items {
		ids[i] = it.ID
	}
	if !ok {
		return n.db.MarkDigestSent(ctx, a.StaffNo, ids) // nobody to send them to
	}
	c, err := n.loadConfig(ctx)
	if err != nil {
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s さん\n\nKijun からのお知らせが %d 件あります。\n", to.Name, len(items))
	for i, it := range items {
		fmt.Fprintf(&b, "\n■ %d. %s\n%s\n", i+1, it.Subject, strings.TrimRight(it.Body, "\n"))
		if l := c.link(it.Link); l != "" {
			b.WriteString(l + "\n")
		}
	}
	b.WriteString(footer)
	subject := fmt.Sprintf("%s本日のお知らせ %d 件（%s）", subjectPrefix, len(items), a.Day)
	if err := n.send(ctx, c, message{From: c.from(), To: to, Subject: subject, Body: b.String(), Date: n.db.Now()}); err != nil {
		return err
	}
	return n.db.MarkDigestSent(ctx, a.StaffNo, ids)
}

// SendTest sends a test mail to addr at once, not through the queue, so
// that whoever sets mail up sees the server's answer.
func (n *Notifier) SendTest(ctx context.Context, addr string) error {
	if err := store.CheckMailAddress(addr); err != nil {
		return err
	}
	c, err := n.loadConfig(ctx)
	if err != nil {
		return err
	}
	body := "Kijun からの試験送信です。このメールが届いていれば、メールの設定は正しく動いています。\n" +
		"This is a test mail from Kijun: mail settings work.\n\n" + c.link("/") + "\n" + footer
	return n.send(ctx, c, message{From: c.from(), To: mail.Address{Address: addr}, Subject: subjectPrefix + "メール送信の試験", Body: body, Date: n.db.Now()})
}
