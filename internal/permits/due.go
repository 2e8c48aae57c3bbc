package permits

import (
	"fmt"
	"strings"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
)

// ReminderKind is what a reminder is about.
type ReminderKind string

// The reminders and escalations.
const (
	RemindApproval   ReminderKind = "approval_waiting"   // a decision waits longer than the type allows
	EscalateApproval ReminderKind = "approval_overdue"   // ... and longer than its escalation limit
	RemindReturn     ReminderKind = "return_overdue"     // 7.1.1キ: a taken-out asset not returned
	RemindExpiry     ReminderKind = "exception_expiring" // 9.5.1: an exception's end date is near
	RemindRecord     ReminderKind = "record_missing"     // approved, but its record is not kept
	RemindReport     ReminderKind = "report_due"         // 9.5.2: an emergency exception not yet reported
	EscalateReport   ReminderKind = "report_overdue"     // 9.5.2: ... and its deadline has passed
)

// escalationRole is who a decision waiting too long is escalated to: the
// 情報セキュリティ管理者, the CISO's office (3.1.3).
const escalationRole = organisation.RoleSecurityManager

// Reminder is one reminder or escalation due. Key is stable while the
// condition lasts, so a scheduler that has sent a Key once need not send
// it again.
type Reminder struct {
	Key       string       `json:"key"`
	Kind      ReminderKind `json:"kind"`
	RequestID int64        `json:"request_id"`
	Type      string       `json:"type"`
	// Since is when the condition began (the deadline passed).
	Since time.Time `json:"since"`
	// ToRequester: the requester must act; otherwise the approvers of the
	// pending step (Approvers) must. Escalate adds the CISO's office
	// (情報セキュリティ管理者, or the CISO for 9.5.2).
	ToRequester bool                `json:"to_requester"`
	Escalate    []organisation.Role `json:"escalate,omitempty"`
	Clause      string              `json:"clause"`
}

// Due returns the reminders and escalations due at now for one request.
// It depends on nothing but its arguments: the same request and now give
// the same answer.
func (t *Type) Due(r Request, now time.Time) []Reminder {
	var out []Reminder
	add := func(kind ReminderKind, since time.Time, toReq bool, clause string, esc ...organisation.Role) {
		out = append(out, Reminder{Key: fmt.Sprintf("%s:%d:%s", kind, r.ID, since.UTC().Format(time.RFC3339)),
			Kind: kind, RequestID: r.ID, Type: t.Key, Since: since, ToRequester: toReq, Escalate: esc, Clause: clause})
	}
	day := 24 * time.Hour
	switch {
	case r.State.Pending() && !r.SubmittedAt.IsZero():
		if t.EscalateAfterDays > 0 {
			if at := r.SubmittedAt.Add(time.Duration(t.EscalateAfterDays) * day); !now.Before(at) {
				add(EscalateApproval, at, false, t.Clauses[0], escalationRole)
				break
			}
		}
		if t.RemindAfterDays > 0 {
			if at := r.SubmittedAt.Add(time.Duration(t.RemindAfterDays) * day); !now.Before(at) {
				add(RemindApproval, at, false, t.Clauses[0])
			}
		}
	case t.CarriedOutFirst && r.State == StateCarriedOut && !r.DueAt.IsZero():
		// 9.5.2: 実施後速やかに CISO に報告. A reminder a day before the
		// deadline, an escalation to the CISO once it has passed.
		if !now.Before(r.DueAt) {
			add(EscalateReport, r.DueAt, true, "9.5.2", organisation.RoleCISO)
		} else if at := r.DueAt.Add(-day); !now.Before(at) {
			add(RemindReport, at, true, "9.5.2")
		}
	case r.State == StateApproved && t.Record != nil && !r.DecidedAt.IsZero():
		// The record must follow: remind once the permitted period has
		// ended, or for a type without one, as long after the approval as
		// a decision may wait.
		at := r.DecidedAt.Add(time.Duration(max(t.RemindAfterDays, 1)) * day)
		if t.Period && !r.ValidTo.IsZero() {
			at = r.ValidTo.Add(day - 9*time.Hour) // the end of the last day, JST
		}
		if !now.Before(at) {
			add(RemindRecord, at, true, t.Clauses[0])
		}
	case t.Return != nil && r.State == StateCarriedOut && !r.DueAt.IsZero():
		if !now.Before(r.DueAt) {
			add(RemindReturn, r.DueAt, true, "7.1.1.キ", organisation.RoleInfoManager)
		}
	}
	// 9.5.1: an approved exception reminds before its end date.
	if t.Exception && !t.CarriedOutFirst && (r.State == StateClosed || r.State == StateApproved) && !r.ValidTo.IsZero() && t.ExpiryReminderDays > 0 {
		end := r.ValidTo.Add(day) // the end date is the last day it holds
		if at := end.Add(-time.Duration(t.ExpiryReminderDays) * day); !now.Before(at) && now.Before(end) {
			add(RemindExpiry, at, true, "9.5.1")
		}
	}
	return out
}

// ReportDue returns when the report of a measure carried out first (9.5.2)
// is due: ReportWithinHours after the measure was carried out. The form
// gives only the day, so the measure counts as carried out at the end of
// that day (JST), or now if that is earlier; a measure done ten days ago
// and written in today is overdue today. A day after today is refused.
func (t *Type) ReportDue(fields map[string]string, now time.Time) (time.Time, error) {
	var fe kijun.FieldErrors
	label := t.CarriedOutField
	if f := t.Field(t.CarriedOutField); f != nil {
		label = f.Label
	}
	v := strings.TrimSpace(fields[t.CarriedOutField])
	day, err := organisation.ParseDate(v)
	switch {
	case err != nil:
		fe.Add(t.CarriedOutField, "%sを YYYY-MM-DD の形で入力してください", label)
	case day.After(organisation.Day(now)):
		fe.Add(t.CarriedOutField, "%s %s は今日より後です。実施した後に記録してください（9.5.2）", label, v)
	}
	if err := fe.AsError(); err != nil {
		return time.Time{}, err
	}
	carried := day.Add(24*time.Hour - 9*time.Hour)
	if now.Before(carried) {
		carried = now
	}
	return carried.Add(time.Duration(t.ReportWithinHours) * time.Hour), nil
}
