package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/permits"
)

// Acceptance is a finding accepted under a 例外措置 (9.5.1): it stays
// found, shown as accepted, until the day it ends.
type Acceptance struct {
	Rule, Subject string
	// Request is the number of the approved 例外措置 request (9.5.1) or
	// reported emergency exception (9.5.2) the finding is accepted under.
	Request int64
	// Note says anything more of why; the request holds the reason.
	Note string
	// Until is the last day: the exception's end, or, for an emergency
	// exception, which has none, the day given.
	Until time.Time
}

// maxEmergencyAcceptance is the longest an emergency exception, which has
// no period of its own, may carry a finding: the longest period an
// exception may be granted for.
const maxEmergencyAcceptance = 366

// AcceptFinding records that an open finding is accepted under a 例外措置
// in force whose 遵守が困難な規定 covers the finding's provision, with its
// ledger record; every reason it cannot be is given beside its field.
func (db *DB) AcceptFinding(ctx context.Context, a Acceptance) error {
	today := organisation.Day(db.Now())
	return db.Update(ctx, func(tx *Tx) error {
		var provision string
		if err := tx.QueryRowContext(ctx, "SELECT provision FROM compliance_findings WHERE rule = ? AND subject = ? AND closed_at = ''", a.Rule, a.Subject).Scan(&provision); err != nil {
			return errNoRows(err, "未解消の指摘（%s・%s）はありません", a.Rule, a.Subject)
		}
		var fe kijun.FieldErrors
		x, problem, err := tx.exceptionFor(ctx, a.Request, provision, today)
		if err != nil {
			return err
		}
		switch {
		case problem != "":
			fe.Add("request", "%s", problem)
		case !x.ValidTo.IsZero():
			if !a.Until.IsZero() && !a.Until.Equal(x.ValidTo) {
				fe.Add("until", "例外措置 %d の終了日は %s です。受け入れはその日までです（9.5.1）", x.ID, dateArg(x.ValidTo))
			}
			a.Until = x.ValidTo
		case a.Until.IsZero() || a.Until.Before(today):
			fe.Add("until", "緊急時の例外措置には期間がありません。受け入れの終了日を今日以降の日付で入力してください（9.5.2）")
		case a.Until.After(today.AddDate(0, 0, maxEmergencyAcceptance)):
			fe.Add("until", "受け入れの終了日は %d 日以内（%s まで）にしてください", maxEmergencyAcceptance, dateArg(today.AddDate(0, 0, maxEmergencyAcceptance)))
		}
		if err := fe.AsError(); err != nil {
			return err
		}
		a.Note = strings.TrimSpace(a.Note)
		ref := strconv.FormatInt(a.Request, 10)
		if _, err := tx.ExecContext(ctx, `INSERT INTO compliance_acceptances (rule, subject, reference, request_id, reason, until_day, accepted_by, accepted_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (rule, subject) DO UPDATE SET reference = excluded.reference, request_id = excluded.request_id,
			reason = excluded.reason, until_day = excluded.until_day, accepted_by = excluded.accepted_by, accepted_at = excluded.accepted_at`,
			a.Rule, a.Subject, ref, a.Request, a.Note, dateArg(a.Until), kijun.ActorFrom(ctx).ID, storedTime(db.Now())); err != nil {
			return fmt.Errorf("accept finding: %w", err)
		}
		_, err = tx.Record(ctx, Change{Action: "compliance.accept", Entity: "compliance_finding", EntityID: a.Rule + "|" + a.Subject,
			State: a, Provisions: []string{"9.5.1", "9.5.3"}})
		return err
	})
}

// exceptionFor reads request id and says, as problem, why a finding of
// provision may not be accepted under it on day: it must be a 例外措置
// (9.5.1) approved, or an emergency exception (9.5.2) reported and
// acknowledged, not ended, and written against the provision or one above
// it. The request is returned for its end (ValidTo), which an emergency
// exception does not have.
func (tx *Tx) exceptionFor(ctx context.Context, id int64, provision string, day time.Time) (r permits.Request, problem string, err error) {
	if id <= 0 {
		return r, "受け入れの根拠とする例外措置の申請番号を選んでください（9.5.1）", nil
	}
	if r, err = tx.request(ctx, id); kijun.ErrorCode(err) == kijun.ENOTFOUND {
		return r, fmt.Sprintf("申請番号 %d の申請はありません", id), nil
	} else if err != nil {
		return r, "", err
	}
	reg, err := permits.Default()
	if err != nil {
		return r, "", err
	}
	switch t := reg.Type(r.Type); {
	case t == nil || !t.Exception:
		name := r.Type
		if t != nil {
			name = t.Name
		}
		problem = fmt.Sprintf("申請番号 %d は「%s」の申請で、例外措置ではありません（9.5.1）", id, name)
	case r.State != permits.StateClosed:
		problem = fmt.Sprintf("例外措置 %d は%sです。承認された例外措置の下でだけ受け入れられます（9.5.1）", id, r.State.Label())
	case !r.ValidTo.IsZero() && r.ValidTo.Before(day):
		problem = fmt.Sprintf("例外措置 %d は %s に終了しています", id, dateArg(r.ValidTo))
	case !permits.Covers(r.Fields["provision"], provision):
		problem = fmt.Sprintf("例外措置 %d は %s についてのもので、この指摘の条項 %s を含みません", id, r.Fields["provision"], provision)
	}
	return r, problem, nil
}
