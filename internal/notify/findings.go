package notify

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/wareki"
)

// FindingReminders is the due function of the continuous check's findings
// as work (9.2.1ア, イ): an open finding past its due day whose work is not
// done is mailed to its owner (the 課's 情報管理者 unless another was
// named) once a week while it stays overdue; past EscalateAfterDays it goes
// up to the 情報セキュリティ管理者 (3.1.3, 9.2.1イ: 適正かつ速やかに対処),
// once.
func FindingReminders(db *store.DB) DueFunc {
	return func(ctx context.Context, now time.Time) ([]Reminder, error) {
		fs, err := db.OverdueFindings(ctx, now)
		if err != nil {
			return nil, err
		}
		var manager string
		if h, err := db.ActingFor(ctx, organisation.RoleSecurityManager, organisation.City(), organisation.Day(now)); err == nil {
			manager = h.Person.StaffNo
		}
		today := organisation.Day(now)
		var out []Reminder
		for _, f := range fs {
			days := int(today.Sub(f.Work.Due).Hours() / 24)
			if days < 1 {
				continue
			}
			key := f.Rule + "|" + f.Subject
			link := "/compliance/finding?" + url.Values{"rule": {f.Rule}, "subject": {f.Subject}}.Encode()
			if f.Work.Owner != "" {
				out = append(out, Reminder{
					Key:     fmt.Sprintf("finding-overdue:%s:%s:w%d", key, organisation.FormatDate(f.Work.Due), (days-1)/7),
					To:      []string{f.Work.Owner},
					Subject: "【点検の指摘】対応期限を過ぎています: " + f.SubjectName,
					Body: fmt.Sprintf("%s 様\n\n担当している点検の指摘の対応期限（%s）を %d 日過ぎています（9.2.1）。\n\n対象: %s\n条項: %s\n重大度: %s\n内容: %s\n状態: %s\n\n"+
						"対応したら画面で状態を更新してください。直した台帳は次の点検で確かめられます。", f.Work.OwnerName, wareki.Date(f.Work.Due), days,
						f.SubjectName, f.Provision, f.Severity.Label(), f.Message, f.Work.State.Label()),
					Link: link,
				})
			}
			if days >= EscalateAfterDays && manager != "" && manager != f.Work.Owner {
				owner := f.Work.OwnerName
				if owner == "" {
					owner = "（担当者不在）"
				}
				out = append(out, Reminder{
					Key:     fmt.Sprintf("finding-escalate:%s:%s", key, organisation.FormatDate(f.Work.Due)),
					To:      []string{manager},
					Subject: fmt.Sprintf("【点検の指摘・上申】対応期限を %d 日過ぎています: %s", days, f.SubjectName),
					Body: fmt.Sprintf("情報セキュリティ管理者 様\n\n次の点検の指摘が対応期限（%s）を %d 日過ぎても対応されていません（9.2.1イ）。\n\n対象: %s\n条項: %s\n重大度: %s\n課: %s\n担当: %s\n\n"+
						"担当者への指示をお願いします。", wareki.Date(f.Work.Due), days, f.SubjectName, f.Provision, f.Severity.Label(), f.Unit, owner),
					Link: link,
				})
			}
		}
		return out, nil
	}
}
