package notify

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/store"
)

// ackLate is how long after an edition comes into force a person who has
// not acknowledged it is reminded again, with their 情報管理者.
const ackLate = 30 * 24 * time.Hour

// AckReminders returns the due function of the acknowledgements (7.1.1ア,
// 7.1.3): every person serving who has not acknowledged the edition in
// force is reminded once; 30 days after it came into force, once more.
// Then the 情報管理者 of each 課 with someone still owing it, who answers
// for the 課's staff keeping the standard, is told once who they are, in
// one mail for the 課 rather than one for each person (a 課 of a large
// city has a hundred staff). Who owes it is computed from the
// organisation of the day, as the progress per 課 is.
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
		byUnit := map[string][]string{}
		out := make([]Reminder, 0, len(owed.People))
		for _, p := range owed.People {
			key := "ack:" + e.ID + ":" + p.StaffNo
			body := fmt.Sprintf("%s 様\n\n「%s」が %s に施行されました。職員等は情報セキュリティ対策基準及び実施手順を遵守しなければなりません（7.1.1ア）。Kijun の研修の画面で内容を確認し、「確認しました」を押してください（7.1.3）。",
				p.Name, e.Title, organisation.FormatDate(e.InForce))
			if !late {
				out = append(out, Reminder{Key: key, To: []string{p.StaffNo}, Subject: "【確認のお願い】" + e.Title, Body: body, Link: "/training"})
				continue
			}
			out = append(out, Reminder{Key: key + ":late", To: []string{p.StaffNo}, Subject: "【確認のお願い・再送】" + e.Title,
				Body: body + fmt.Sprintf("\n\n施行から %d 日を過ぎても確認の記録がありません。所属の課の情報管理者にも、課として未確認の方をお知らせしています。", int(ackLate.Hours()/24)),
				Link: "/training"})
			if p.Unit != "" {
				byUnit[p.Unit] = append(byUnit[p.Unit], p.Name)
			}
		}
		for _, unit := range slices.Sorted(maps.Keys(byUnit)) {
			h, err := db.HolderOf(ctx, organisation.RoleInfoManager, organisation.UnitScope(unit), today)
			if kijun.ErrorCode(err) == kijun.ENOTFOUND {
				continue // a 課 with no 情報管理者 is a finding of its own (3.1.6)
			}
			if err != nil {
				return nil, err
			}
			names := byUnit[unit]
			list := strings.Join(names[:min(len(names), ackListed)], "、")
			if len(names) > ackListed {
				list += fmt.Sprintf(" ほか %d 名", len(names)-ackListed)
			}
			out = append(out, Reminder{Key: "ack:" + e.ID + ":unit:" + unit + ":late", To: []string{h.Person.StaffNo},
				Subject: "【確認状況】" + e.Title + "の未確認者",
				Body: fmt.Sprintf("%s 様\n\n「%s」の施行（%s）から %d 日を過ぎても、課の次の %d 名に確認の記録がありません（7.1.3）。情報管理者として確認を促してください。\n\n%s",
					h.Person.Name, e.Title, organisation.FormatDate(e.InForce), int(ackLate.Hours()/24), len(names), list),
				Link: "/training/pledges/units/" + unit})
		}
		return out, nil
	}
}

// ackListed is how many of a 課's people owing the acknowledgement its
// 情報管理者's mail names; the page it links to lists them all.
const ackListed = 50
