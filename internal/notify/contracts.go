package notify

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"kijun/internal/organisation"
	"kijun/internal/store"
)

// contractCheckSoon is how long before a contractor's check falls due its
// reminder goes.
const contractCheckSoon = 14 * 24 * time.Hour

// ContractCheckReminders returns the due function of the periodic checks
// of contractors (10.1.3): the 情報管理者 of the 課 that keeps a contract
// in force is reminded two weeks before its next check falls due, and
// again once it has passed with no check. Each reminder names the due
// day in its key, so a check recorded moves the next one to a new key.
func ContractCheckReminders(db *store.DB) DueFunc {
	return func(ctx context.Context, now time.Time) ([]Reminder, error) {
		today := organisation.Day(now)
		dues, err := db.ContractChecksDue(ctx, today)
		if err != nil {
			return nil, err
		}
		managers := map[string]string{}
		var out []Reminder
		for _, d := range dues {
			left := d.Due.Sub(today)
			if left > contractCheckSoon {
				continue
			}
			m, ok := managers[d.Unit]
			if !ok {
				if h, err := db.HolderOf(ctx, organisation.RoleInfoManager, organisation.UnitScope(d.Unit), today); err == nil {
					m = h.Person.StaffNo
				}
				managers[d.Unit] = m
			}
			if m == "" {
				continue // nobody holds the role: the finding of the continuous checks still stands
			}
			key := fmt.Sprintf("contractcheck:%s:%s", d.Contract, organisation.FormatDate(d.Due))
			link := "/contracts/" + url.PathEscape(d.Contract) + "#checks-h"
			if d.Due.Before(today) {
				out = append(out, Reminder{Key: key + ":overdue", To: []string{m},
					Subject: "【委託先の確認】期日を過ぎています: " + d.Name,
					Body: fmt.Sprintf("委託契約「%s」（%s）の委託先の情報セキュリティの確認（%dか月ごと）の期日 %s を過ぎましたが、確認の記録がありません。委託先の取組みの実施状況を報告の徴収又は立入検査で確認し、結果を記録してください（10.1.3）。",
						d.Name, d.Contract, d.Months, organisation.FormatDate(d.Due)),
					Link: link})
				continue
			}
			out = append(out, Reminder{Key: key + ":soon", To: []string{m},
				Subject: "【委託先の確認】期日が近づいています: " + d.Name,
				Body: fmt.Sprintf("委託契約「%s」（%s）の委託先の情報セキュリティの確認（%dか月ごと）の期日は %s です。期日までに報告の徴収又は立入検査で確認し、結果を記録してください（10.1.3）。",
					d.Name, d.Contract, d.Months, organisation.FormatDate(d.Due)),
				Link: link})
		}
		return out, nil
	}
}
