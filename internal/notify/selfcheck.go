package notify

import (
	"context"
	"fmt"
	"time"

	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/wareki"
)

// selfcheckSoon is how long before the due day an unsubmitted report is
// reminded.
const selfcheckSoon = 14 * 24 * time.Hour

// SelfcheckReminders reminds the respondent of every report of an open
// self-check that is not submitted (11.2.2ア): once two weeks before the
// due day, and once it is overdue; and it tells the 情報セキュリティ統括
// 責任者, once a day while any are overdue, how many 課 and system reports
// are late, so that they can press the 局.
func SelfcheckReminders(db *store.DB) DueFunc {
	return func(ctx context.Context, now time.Time) ([]Reminder, error) {
		owed, err := db.SelfcheckUnsubmitted(ctx)
		if err != nil {
			return nil, err
		}
		var out []Reminder
		late := map[int]int{}
		for _, o := range owed {
			end := o.Due.AddDate(0, 0, 1)
			link := fmt.Sprintf("/selfcheck/reports/%d", o.Report.ID)
			switch {
			case !now.Before(end):
				out = append(out, Reminder{Key: fmt.Sprintf("selfcheck:%d:overdue", o.Report.ID), To: []string{o.Report.Respondent},
					Subject: fmt.Sprintf("【自己点検】%d 年度の報告が提出期限を過ぎています", o.FiscalYear),
					Body: fmt.Sprintf("%s（%s）の自己点検の報告が、提出期限（%s）を過ぎても提出されていません（11.2.2ア）。回答して提出してください。",
						o.Report.SubjectName, o.Report.Audience.Label(), wareki.Date(o.Due)), Link: link})
				if o.Report.Audience != "staff" {
					late[o.FiscalYear]++
				}
			case !now.Before(end.Add(-selfcheckSoon)):
				out = append(out, Reminder{Key: fmt.Sprintf("selfcheck:%d:due-soon", o.Report.ID), To: []string{o.Report.Respondent},
					Subject: fmt.Sprintf("【自己点検】%d 年度の報告の提出期限が近づいています", o.FiscalYear),
					Body: fmt.Sprintf("%s（%s）の自己点検の報告の提出期限は %s です（11.2.2ア）。回答 %d 問。",
						o.Report.SubjectName, o.Report.Audience.Label(), wareki.Date(o.Due), o.Report.Answered), Link: link})
			}
		}
		if len(late) > 0 {
			h, err := db.HolderOf(ctx, organisation.RoleSecurityDirector, organisation.City(), now)
			if err == nil {
				day := now.In(wareki.JST()).Format("2006-01-02")
				for fy, n := range late {
					out = append(out, Reminder{Key: fmt.Sprintf("selfcheck:%d:escalate:%s", fy, day), To: []string{h.Person.StaffNo},
						Subject: fmt.Sprintf("【自己点検】%d 年度: 期限を過ぎた課・システムの報告 %d 件", fy, n),
						Body:    fmt.Sprintf("%d 年度の自己点検で、課・システムの報告 %d 件が提出期限を過ぎています。局ごとの進捗を確認してください。", fy, n),
						Link:    fmt.Sprintf("/selfcheck/years/%d", fy)})
				}
			}
		}
		return out, nil
	}
}
