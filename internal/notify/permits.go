package notify

import (
	"context"
	"time"

	"kijun/internal/store"
)

// PermitMail is the mail of a request's notice: to the approvers a request
// now waits for, or to the requester of a decision, with the link to it.
func PermitMail(pn store.PermitNotice) Mail {
	return Mail{To: pn.To, Subject: pn.Subject, Body: pn.Body, Link: pn.Link}
}

// TellPermits makes every step of a request queue its mail in the step's
// own transaction: a decision rolled back mails nobody, and none made is
// left unmailed.
func (n *Notifier) TellPermits(p *store.Permits) {
	p.SetOnStep(func(ctx context.Context, tx *store.Tx, pn store.PermitNotice) error {
		return n.Queue(ctx, tx, PermitMail(pn))
	})
}

// PermitReminders is the due function of the permits: approvals waiting
// too long and their escalation to the CISO's office, records missing
// after approval, returns overdue (7.1.1キ), exceptions near their end
// (9.5.1) and emergency exceptions not reported in time (9.5.2), each
// mailed once by its key.
func PermitReminders(p *store.Permits) DueFunc {
	return func(ctx context.Context, now time.Time) ([]Reminder, error) {
		ns, err := p.Notices(ctx, now)
		if err != nil {
			return nil, err
		}
		out := make([]Reminder, 0, len(ns))
		for _, pn := range ns {
			if len(pn.To) == 0 {
				continue
			}
			out = append(out, Reminder{Key: pn.Key, To: pn.To, Subject: pn.Subject, Body: pn.Body, Link: pn.Link})
		}
		return out, nil
	}
}
