package notify

import (
	"context"
	"fmt"
	"time"

	"kijun/internal/organisation"
	"kijun/internal/store"
)

// ackLate is how long after an edition comes into force a person who has
// not acknowledged it is reminded again, with their 情報管理者.
const ackLate = 30 * 24 * time.Hour

// AckReminders returns the due function of the acknowledgements (7.1.1ア,
// 7.1.3): every person serving who has not acknowledged the edition in
// force is reminded once; 30 days after it came into force, once more,
// with the 情報管理者 of their 課, who answers for the 課's staff keeping
// the standard. Who owes it is computed from the organisation of the day,
// as the progress per 課 is.
func AckReminders(db *store.DB) DueFunc {
	return func(ctx context.Context, now time.Time) ([]Reminder, error) {
		today := organisation.Day(now)
		owed, ok, err := db.AcksOwed(ctx, today)
		if err != nil {
			return nil, fmt.Errorf("acknowledgements owed: %w", err)
		}
		if !ok {
			return nil, nil
		}
		e := owed.Edition
		late := today.Sub(e.InForce) >= ackLate
		managers := map[string]string{}
		out := make([]Reminder, 0, len(owed.People))
		for _, p := range owed.People {
			key := "ack:" + e.ID + ":" + p.StaffNo
			body := fmt.Sprintf("%s 様\n\n「%s」が %s に施行されました。職員等は情報セキュリティ対策基準及び実施手順を遵守しなければなりません（7.1.1ア）。Kijun の研修の画面で内容を確認し、「確認しました」を押してください（7.1.3）。",
				p.Name, e.Title, organisation.FormatDate(e.InForce))
			if !late {
				out = append(out, Reminder{Key: key, To: []string{p.StaffNo}, Subject: "【確認のお願い】" + e.Title, Body: body, Link: "/training"})
				continue
			}
			to := []string{p.StaffNo}
			m, seen := managers[p.Unit]
			if !seen {
				if h, err := db.HolderOf(ctx, organisation.RoleInfoManager, organisation.UnitScope(p.Unit), today); err == nil {
					m = h.Person.StaffNo
				}
				managers[p.Unit] = m
			}
			if m != "" && m != p.StaffNo {
				to = append(to, m)
			}
			out = append(out, Reminder{Key: key + ":late", To: to, Subject: "【確認のお願い・再送】" + e.Title,
				Body: body + fmt.Sprintf("\n\n施行から %d 日を過ぎても確認の記録がありません。このメールは所属の課の情報管理者にもお送りしています。", int(ackLate.Hours()/24)),
				Link: "/training"})
		}
		return out, nil
	}
}
