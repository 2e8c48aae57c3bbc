package notify

import (
	"context"
	"fmt"
	"time"

	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/training"
)

// trainingSoon is how long before a duty falls due its reminder goes.
const trainingSoon = 14 * 24 * time.Hour

// TrainingReminders returns the due function of training (7.2.4): a
// person whose course falls due within two weeks is reminded once; one
// past due is reminded once, with their 情報管理者 (7.2.2オ), who answers
// for the 課's training. Who must attend is computed from the
// organisation of the day, as the pages compute it.
func TrainingReminders(db *store.DB) DueFunc {
	return func(ctx context.Context, now time.Time) ([]Reminder, error) {
		today := organisation.Day(now)
		year := training.FiscalYear(today)
		y, err := db.TrainingYear(ctx, year, today, "")
		if err != nil {
			return nil, fmt.Errorf("training duties of %d: %w", year, err)
		}
		managers := map[string]string{}
		var out []Reminder
		for _, o := range y.Outcomes {
			if o.Met != nil {
				continue
			}
			p := y.Person(o.StaffNo)
			if p == nil {
				continue
			}
			key := fmt.Sprintf("training:%d:%s|%s", year, o.StaffNo, o.Need)
			switch {
			case o.Overdue:
				to := []string{o.StaffNo}
				m, ok := managers[p.Unit]
				if !ok {
					if h, err := db.HolderOf(ctx, organisation.RoleInfoManager, organisation.UnitScope(p.Unit), today); err == nil {
						m = h.Person.StaffNo
					}
					managers[p.Unit] = m
				}
				if m != "" && m != o.StaffNo {
					to = append(to, m)
				}
				out = append(out, Reminder{Key: key + ":overdue", To: to,
					Subject: "【研修】受講期限を過ぎています: " + o.Need.Label(),
					Body: fmt.Sprintf("%s 様\n\n%s向けの研修（%s）の受講期限 %s を過ぎましたが、受講の記録がありません。すべての職員等は定められた研修に参加しなければなりません（7.2.4）。速やかに受講してください。\n\nこのメールは所属の課の情報管理者にもお送りしています（7.2.2オ）。",
						p.Name, o.Need.Label(), o.Need.Clause(), organisation.FormatDate(o.Due)),
					Link: "/training"})
			case o.Due.Sub(today) <= trainingSoon:
				out = append(out, Reminder{Key: key + ":soon", To: []string{o.StaffNo},
					Subject: "【研修】受講期限が近づいています: " + o.Need.Label(),
					Body: fmt.Sprintf("%s 様\n\n%s向けの研修（%s）の受講期限は %s です。期限までに受講してください。",
						p.Name, o.Need.Label(), o.Need.Clause(), organisation.FormatDate(o.Due)),
					Link: "/training"})
			}
		}
		return out, nil
	}
}
