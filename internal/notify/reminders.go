package notify

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"kijun/internal/store"
)

// Reminder is a mail a due function finds should go now: an approval
// waiting too long, a return overdue, an exception about to expire.
type Reminder struct {
	// Key names the reminder so it is mailed once, whoever finds it due and
	// however often: for instance "permit:42:approval-waiting:3d". A
	// reminder meant to repeat puts the day or the step in its key.
	Key     string
	To      []string // staff numbers
	Subject string
	Body    string
	Link    string
}

// DueFunc returns the reminders due at now. It is called every
// ReminderEvery by one server process (the queue's leader); what it returns
// that was already mailed is left out by key, so it may return a reminder
// again on every call until the matter is settled.
type DueFunc func(ctx context.Context, now time.Time) ([]Reminder, error)

// Due registers fn under name (such as "permits" or "incidents"); a second
// registration under one name replaces the first.
func (n *Notifier) Due(name string, fn DueFunc) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.due[name] = fn
}

func (n *Notifier) workReminders(ctx context.Context, _ remindersArgs) error {
	_, err := n.RunReminders(ctx)
	return err
}

// RunReminders asks every due function for its reminders and queues the
// mails of those not mailed before, each with its key in one transaction;
// nothing while no mail server is set (mailOn).
// It returns how many it queued. A failing due function does not stop the
// others; its error is returned with theirs, and the job is tried again.
func (n *Notifier) RunReminders(ctx context.Context) (int, error) {
	if on, err := mailOn(func(key string) (string, error) { return n.db.Setting(ctx, key) }); err != nil || !on {
		return 0, err // found again once a mail server is set
	}
	n.mu.Lock()
	due := maps.Clone(n.due)
	n.mu.Unlock()
	now := n.db.Now()
	queued := 0
	var errs []error
	for _, name := range slices.Sorted(maps.Keys(due)) {
		rs, err := due[name](ctx, now)
		if err != nil {
			errs = append(errs, fmt.Errorf("reminders of %s: %w", name, err))
			continue
		}
		// Most reminders due were mailed at an earlier run: they are
		// skipped on one read, and only the new ones are claimed, each
		// with its mail in a transaction of its own.
		keys := make([]string, len(rs))
		for i, r := range rs {
			keys[i] = r.Key
		}
		sent, err := n.db.RemindersSent(ctx, keys)
		if err != nil {
			errs = append(errs, fmt.Errorf("reminders of %s: %w", name, err))
			continue
		}
		for _, r := range rs {
			if sent[r.Key] {
				continue
			}
			claimed, err := n.Remind(ctx, r)
			switch {
			case err != nil:
				errs = append(errs, fmt.Errorf("reminder %s of %s: %w", r.Key, name, err))
			case claimed:
				queued++
			}
		}
	}
	return queued, errors.Join(errs...)
}

// Remind queues the mail of one reminder now, unless its key was mailed
// before: for a matter that must be told at once, such as the notices of
// an incident just reported (7.3.1), which the due functions would find
// again at their next call. It reports whether it queued the mail.
func (n *Notifier) Remind(ctx context.Context, r Reminder) (claimed bool, err error) {
	err = n.db.Update(ctx, func(tx *store.Tx) error {
		if on, err := mailOn(func(key string) (string, error) { return tx.Setting(ctx, key) }); err != nil || !on {
			return err // not claimed: told once a mail server is set
		}
		claimed, err = tx.ClaimReminder(ctx, r.Key, r.To, r.Subject)
		if err != nil || !claimed {
			return err
		}
		return n.Queue(ctx, tx, Mail{To: r.To, Subject: r.Subject, Body: r.Body, Link: r.Link})
	})
	return claimed, err
}
