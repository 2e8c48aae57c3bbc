package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"kijun/internal/organisation"
	"kijun/internal/permits"
	"kijun/internal/wareki"
)

// PermitNotice is a mail to the people who must act on a request, or who should
// know of its decision, by staff number. Key names it so that it is sent
// once: a step's notice by the step, a reminder by its condition.
type PermitNotice struct {
	Key     string
	To      []string
	Subject string
	Body    string
	Link    string // the request's page, such as /permits/42
}

// PermitOnStep, when set on Permits, is called inside the transaction of every
// step after it is written, with the notice the step calls for: the place
// to queue a mail in the same transaction as the change (an outbox).
type PermitOnStep func(ctx context.Context, tx *Tx, n PermitNotice) error

// SetOnStep sets the function each step's notice is given to.
func (p *Permits) SetOnStep(fn PermitOnStep) { p.onStep = fn }

// appendStep writes a step and its ledger record, keeps the files the
// step adds, then hands the notice the step calls for, if any, to the
// OnStep function.
func (p *Permits) appendStep(ctx context.Context, tx *Tx, t *permits.Type, r *permits.Request, e permits.Entry, files ...Attachment) error {
	var err error
	if e.Seq, err = tx.appendStep(ctx, t, r, e); err != nil {
		return err
	}
	if err := tx.addFiles(ctx, t, *r, e.Seq, files); err != nil {
		return err
	}
	if p.onStep == nil {
		return nil
	}
	n, err := p.stepNotice(ctx, tx, t, *r, e)
	if err != nil || len(n.To) == 0 {
		return err
	}
	return p.onStep(ctx, tx, n)
}

// stepNotice says who a step concerns: the approvers a request now waits
// for, or the requester of a decided request; and, when a deputy acts or
// decided, the holder they act for (9.3). e is the step as written,
// numbered.
func (p *Permits) stepNotice(ctx context.Context, tx *Tx, t *permits.Type, r permits.Request, e permits.Entry) (PermitNotice, error) {
	n := PermitNotice{Key: fmt.Sprintf("permit:%d:step:%d", r.ID, e.Seq), Link: fmt.Sprintf("/permits/%d", r.ID)}
	title := fmt.Sprintf("%s No.%d", t.Name, r.ID)
	toRequester := func() { n.To = []string{r.Requester} }
	toApprovers := func() error {
		as, err := p.approversOf(ctx, tx, r, organisation.Day(p.db.Now()))
		if err != nil {
			return err
		}
		for _, a := range as {
			for _, x := range a.Told() {
				n.To = append(n.To, x.StaffNo)
			}
		}
		return nil
	}
	// 9.3: the holder is told what their deputy decided for them.
	toRequester = func() {
		n.To = []string{r.Requester}
		if e.OnBehalfOf != "" && e.OnBehalfOf != r.Requester {
			n.To = append(n.To, e.OnBehalfOf)
		}
	}
	switch {
	case (e.Action == permits.ActionSubmit || e.Action == permits.ActionApprove) && r.State.Pending():
		if err := toApprovers(); err != nil {
			return n, err
		}
		n.Subject = "決裁をお願いします: " + title
		if t.CarriedOutFirst {
			n.Subject = "緊急時の例外措置の報告があります: " + title
		}
		n.Body = fmt.Sprintf("%s さんから「%s」の%sがあります（%s）。内容を確認して決裁してください。", nameOr(r.RequesterName, r.Requester), t.Name,
			map[bool]string{true: "報告", false: "申請"}[t.CarriedOutFirst], strings.Join(t.Clauses, "・"))
	case e.Action == permits.ActionApprove && r.State == permits.StateApproved:
		toRequester()
		n.Subject = "承認されました: " + title
		label := "承認後の記録"
		if t.Record != nil {
			label = t.Record.Label
		}
		n.Body = fmt.Sprintf("「%s」が承認されました。実施したら%sを作成してください。", t.Name, label)
	case e.Action == permits.ActionApprove && r.State == permits.StateClosed:
		toRequester()
		n.Subject = "承認されました: " + title
		n.Body = fmt.Sprintf("「%s」が承認されました。", t.Name)
		if t.CarriedOutFirst {
			n.Subject, n.Body = "報告が受理されました: "+title, "緊急時の例外措置の報告が CISO に受理されました（9.5.2）。"
		}
	case e.Action == permits.ActionReject || e.Action == permits.ActionAutoReject:
		toRequester()
		n.Subject = "却下されました: " + title
		n.Body = fmt.Sprintf("「%s」は却下されました。理由: %s", t.Name, nameOr(e.Reason, "（記載なし）"))
	}
	return n, nil
}

func nameOr(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

// Notices returns the reminders and escalations due at now (Due) as
// notices to their recipients: what a reminder job mails. The same now
// gives the same notices; each Key is stable while its condition lasts.
func (p *Permits) Notices(ctx context.Context, now time.Time) ([]PermitNotice, error) {
	type dueOf struct {
		r  permits.Request
		rs []permits.Reminder
	}
	var out []PermitNotice
	err := p.db.View(ctx, func(tx *Tx) error {
		// The requests are read whole first: the recipients' reads then
		// use the transaction.
		var due []dueOf
		if err := p.due(ctx, tx, now, func(r permits.Request, rs []permits.Reminder) { due = append(due, dueOf{r, rs}) }); err != nil {
			return err
		}
		reads := newRecipientReads()
		for _, x := range due {
			for _, d := range x.rs {
				to, err := p.recipients(ctx, tx, x.r, d, reads)
				if err != nil {
					return err
				}
				out = append(out, p.reminderNotice(d, to))
			}
		}
		return nil
	})
	return out, err
}

// reminderNotice is the notice of reminder d to the people to.
func (p *Permits) reminderNotice(d permits.Reminder, to []organisation.PersonRef) PermitNotice {
	n := PermitNotice{Key: "permit:" + d.Key, Link: fmt.Sprintf("/permits/%d", d.RequestID)}
	for _, x := range to {
		n.To = append(n.To, x.StaffNo)
	}
	name := d.Type
	if t := p.reg.Type(d.Type); t != nil {
		name = t.Name
	}
	title := fmt.Sprintf("%s No.%d", name, d.RequestID)
	since := d.Since.In(wareki.JST()).Format("2006-01-02 15:04")
	switch d.Kind {
	case permits.RemindApproval:
		n.Subject, n.Body = "決裁を待っています: "+title, fmt.Sprintf("「%s」が %s から決裁を待っています。", name, since)
	case permits.EscalateApproval:
		n.Subject, n.Body = "決裁が滞っています: "+title, fmt.Sprintf("「%s」が長く決裁を待っています（%s から）。CISO 室にもお知らせしています。", name, since)
	case permits.RemindReturn:
		n.Subject, n.Body = "返却の期限を過ぎています: "+title, fmt.Sprintf("持ち出した情報資産・端末等の返却期限（%s）を過ぎています。返却して記録してください（7.1.1キ）。", since)
	case permits.RemindExpiry:
		n.Subject, n.Body = "例外措置の終了日が近づいています: "+title, "例外措置の終了日が近づいています。終了の準備をするか、改めて申請してください（9.5.1）。"
	case permits.RemindRecord:
		n.Subject, n.Body = "記録をお願いします: "+title, "承認された手続きの記録がまだありません。実施したら記録を、実施しなかったら「実施せずに完了する」を選んでください。"
	case permits.RemindReport:
		n.Subject, n.Body = "緊急時の例外措置を報告してください: "+title, "実施した緊急時の例外措置の報告期限が近づいています。CISO に報告してください（9.5.2）。"
	case permits.EscalateReport:
		n.Subject, n.Body = "緊急時の例外措置の報告期限を過ぎています: "+title, fmt.Sprintf("報告期限（%s）を過ぎても CISO に報告されていません（9.5.2）。", since)
	}
	return n
}
