package store

import (
	"context"
	"strings"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/permits"
)

// Record keeps the record that must follow approval (ret false) or the
// return (ret true) of a taken-out asset; for 9.5.2 the record is of the
// measure already taken, and starts the deadline of the report. The
// requester records: they did what was permitted.
func (p *Permits) Record(ctx context.Context, id int64, staffNo string, fields map[string]string, ret bool, files ...Attachment) (permits.Request, error) {
	var r permits.Request
	action, may := permits.ActionRecord, "の記録を作れる"
	if ret {
		action, may = permits.ActionReturn, "の返却を記録できる"
	}
	err := p.db.Update(ctx, func(tx *Tx) error {
		var t *permits.Type
		var next permits.State
		var err error
		if r, t, next, err = p.requesterStep(ctx, tx, id, staffNo, action, may); err != nil {
			return err
		}
		if t.CarriedOutFirst {
			// 9.5.2: the request's own fields are the record of the measure.
			fields = r.Fields
		} else if err := t.CheckRecord(fields, ret).AsError(); err != nil {
			return err
		}
		rec := t.Record
		if ret {
			rec = t.Return
		}
		kept := map[string]string{}
		if rec != nil && !t.CarriedOutFirst {
			var fe kijun.FieldErrors
			for _, f := range rec.Fields {
				v := strings.TrimSpace(fields[f.Key])
				if v == "" {
					continue
				}
				kept[f.Key] = v
				if f.Type == permits.FieldDate && !ret && t.Period && !r.ValidTo.IsZero() {
					// What was done must be done within the permitted period.
					if d, err := organisation.ParseDate(v); err == nil && (d.Before(r.ValidFrom) || d.After(r.ValidTo)) {
						fe.Add(f.Key, "%s %s は許可された期間（%s〜%s）の外です", f.Label, v, dateArg(r.ValidFrom), dateArg(r.ValidTo))
					}
				}
				if f.Type == permits.FieldStaff {
					var name string
					if err := tx.QueryRowContext(ctx, "SELECT name FROM org_people WHERE staff_no = ?", v).Scan(&name); err != nil {
						fe.Add(f.Key, "%s %s は台帳にありません", f.Label, v)
					}
				}
			}
			fe.Fields = append(fe.Fields, checkFiles(rec.Attachments, files).Fields...)
			if err := fe.AsError(); err != nil {
				return err
			}
		} else if len(files) > 0 {
			return kijun.Errorf(kijun.EINVALID, "この手続きの記録には添付はありません")
		}
		now := p.db.Now()
		from := r.State
		r.State = next
		switch {
		case t.CarriedOutFirst:
			// 9.5.2: the report is due counting from the day the measure
			// was carried out, not from when it was recorded here.
			if r.DueAt, err = t.ReportDue(r.Fields, now); err != nil {
				return err
			}
		case next == permits.StateCarriedOut && !r.ValidTo.IsZero():
			// 7.1.1キ: due back by the end of the permitted period (JST).
			r.DueAt = r.ValidTo.Add(24*time.Hour - 9*time.Hour)
		case next == permits.StateClosed:
			r.DueAt = time.Time{}
		}
		if err := tx.saveRequest(ctx, r); err != nil {
			return err
		}
		r.Version++
		e := permits.Entry{Action: action, From: from, To: next, Actor: staffNo}
		if !t.CarriedOutFirst {
			e.Fields = kept
		}
		return p.appendStep(ctx, tx, t, &r, e, files...)
	})
	return r, err
}

// Withdraw withdraws a draft or a pending request; only the requester may.
func (p *Permits) Withdraw(ctx context.Context, id int64, staffNo, reason string) (permits.Request, error) {
	var r permits.Request
	err := p.db.Update(ctx, func(tx *Tx) error {
		var t *permits.Type
		var next permits.State
		var err error
		if r, t, next, err = p.requesterStep(ctx, tx, id, staffNo, permits.ActionWithdraw, "を取り下げられる"); err != nil {
			return err
		}
		from := r.State
		r.State, r.DecidedAt = next, p.db.Now()
		if err := tx.saveRequest(ctx, r); err != nil {
			return err
		}
		r.Version++
		if err := tx.setPending(ctx, t, r); err != nil {
			return err
		}
		return p.appendStep(ctx, tx, t, &r, permits.Entry{Action: permits.ActionWithdraw, From: from, To: next, Actor: staffNo, Reason: strings.TrimSpace(reason)})
	})
	return r, err
}

// Close closes an approved request that was not carried out, with the
// reason; only the requester may, and no record is then awaited.
func (p *Permits) Close(ctx context.Context, id int64, staffNo, reason string) (permits.Request, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return permits.Request{}, (&kijun.FieldErrors{Fields: []kijun.FieldError{{Field: "close_reason", Message: "実施しなかった理由を入力してください"}}}).AsError()
	}
	var r permits.Request
	err := p.db.Update(ctx, func(tx *Tx) error {
		var t *permits.Type
		var next permits.State
		var err error
		if r, t, next, err = p.requesterStep(ctx, tx, id, staffNo, permits.ActionClose, "を完了にできる"); err != nil {
			return err
		}
		from := r.State
		r.State = next
		if err := tx.saveRequest(ctx, r); err != nil {
			return err
		}
		r.Version++
		return p.appendStep(ctx, tx, t, &r, permits.Entry{Action: permits.ActionClose, From: from, To: next, Actor: staffNo, Reason: reason})
	})
	return r, err
}

// Correct adds a correction or note to a request's timeline: the earlier
// steps stay as they were. The requester or anyone who decided it may.
func (p *Permits) Correct(ctx context.Context, id int64, staffNo, note string) error {
	note = strings.TrimSpace(note)
	if note == "" {
		return (&kijun.FieldErrors{Fields: []kijun.FieldError{{Field: "note", Message: "訂正・補足の内容を入力してください"}}}).AsError()
	}
	return p.db.Update(ctx, func(tx *Tx) error {
		r, t, err := p.load(ctx, tx, id)
		if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM permit_steps WHERE request_id = ? AND (actor = ? OR on_behalf_of = ?)", id, staffNo, staffNo).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return kijun.Errorf(kijun.EFORBIDDEN, "申請 %d に訂正・補足を加えられるのは申請者と決裁した者です", id)
		}
		return p.appendStep(ctx, tx, t, &r, permits.Entry{Action: permits.ActionCorrect, From: r.State, To: r.State, Actor: staffNo, Note: note})
	})
}
