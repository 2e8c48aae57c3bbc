package notify

import (
	"context"
	"fmt"
	"time"

	"kijun/internal/corrective"
	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/wareki"
)

// EscalateAfterDays is how long an action may stay overdue before the
// 情報セキュリティ管理者 is told as well as its owner.
const EscalateAfterDays = 14

// CorrectiveReminders is the due function of the register of corrective
// actions (11.1.7, 11.2.3): an open action past its due day is mailed to
// whoever holds its owner role that day, once a week while it stays
// overdue; past EscalateAfterDays it goes up to the 情報セキュリティ管理者
// (3.1.3), once.
func CorrectiveReminders(db *store.DB) DueFunc {
	return func(ctx context.Context, now time.Time) ([]Reminder, error) {
		as, err := db.CorrectiveActions(ctx, corrective.Officer{Console: true}, store.CorrectiveFilter{Overdue: true, Day: now})
		if err != nil {
			return nil, err
		}
		var manager string
		if h, err := db.ActingFor(ctx, organisation.RoleSecurityManager, organisation.City(), organisation.Day(now)); err == nil {
			manager = h.Person.StaffNo
		}
		var out []Reminder
		for _, a := range as {
			days := a.DaysOverdue(now)
			link := fmt.Sprintf("/actions/%d", a.ID)
			if a.Owner != "" {
				out = append(out, Reminder{
					// One a week while overdue: the week's number in the key.
					Key:     fmt.Sprintf("corrective-overdue:%d:%s:w%d", a.ID, organisation.FormatDate(a.Due), (days-1)/7),
					To:      []string{a.Owner},
					Subject: "【是正措置】期限を過ぎています: " + a.Title,
					Body: fmt.Sprintf("%s 様\n\n%sとして担当している是正措置の期限（%s）を %d 日過ぎています（11.1.7）。\n\n件名: %s\nきっかけ: %s %s\n\n"+
						"是正を終えたら証拠を添付して完了を報告してください。期限を変えるときは計画を見直してください。", a.OwnerName, a.OwnerRole.Label(),
						wareki.Date(a.Due), days, a.Title, a.Source.Kind.Label(), a.Source.ID),
					Link: link,
				})
			}
			if days >= EscalateAfterDays && manager != "" && manager != a.Owner {
				owner := a.OwnerName
				if owner == "" {
					owner = a.OwnerRole.Label() + "（不在）"
				}
				out = append(out, Reminder{
					Key:     fmt.Sprintf("corrective-escalate:%d:%s", a.ID, organisation.FormatDate(a.Due)),
					To:      []string{manager},
					Subject: "【是正措置・上申】期限を " + fmt.Sprint(days) + " 日過ぎています: " + a.Title,
					Body: fmt.Sprintf("情報セキュリティ管理者 様\n\n次の是正措置が期限（%s）を %d 日過ぎても完了していません（11.1.7、11.2.3）。\n\n件名: %s\n担当課: %s\n担当: %s\n\n"+
						"担当者への指示をお願いします。", wareki.Date(a.Due), days, a.Title, a.UnitName, owner),
					Link: link,
				})
			}
		}
		return out, nil
	}
}
