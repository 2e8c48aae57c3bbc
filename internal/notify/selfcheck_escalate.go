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
	"kijun/internal/wareki"
)

// selfcheckEscalateAfter is how long a 課's or system's report may stay
// overdue before the 情報責任者 of its 局 is told.
const selfcheckEscalateAfter = 7 * 24 * time.Hour

// SelfcheckEscalation tells the 情報責任者 of each 局 (3.1.5), and the
// deputy acting for them while they are away (9.3), which of the 局's 課
// and system reports of an open self-check are still unsubmitted a week
// after the due day (11.2.2ア), once a week while any are: the 局's
// officer answers for its 課 as the 統括責任者 does for the city.
func SelfcheckEscalation(db *store.DB) DueFunc {
	return func(ctx context.Context, now time.Time) ([]Reminder, error) {
		owed, err := db.SelfcheckUnsubmitted(ctx)
		if err != nil {
			return nil, err
		}
		type late struct {
			year  int
			names []string
		}
		byBureau := map[string]*late{}
		bureau := map[string]string{}
		for _, o := range owed {
			if o.Report.Audience == "staff" || now.Before(o.Due.AddDate(0, 0, 1).Add(selfcheckEscalateAfter)) {
				continue
			}
			b, ok := bureau[o.Report.Unit]
			if !ok {
				if b, err = officerUnit(ctx, db, o.Report.Unit, now); err != nil {
					return nil, err
				}
				bureau[o.Report.Unit] = b
			}
			if b == "" {
				continue
			}
			if byBureau[b] == nil {
				byBureau[b] = &late{year: o.FiscalYear}
			}
			byBureau[b].names = append(byBureau[b].names, o.Report.SubjectName+"（"+o.Report.Audience.Label()+"）")
		}
		year, week := now.In(wareki.JST()).ISOWeek()
		var out []Reminder
		for _, b := range slices.Sorted(maps.Keys(byBureau)) {
			a, err := db.ActingFor(ctx, organisation.RoleInfoOfficer, organisation.UnitScope(b), now)
			if err != nil {
				continue // no 情報責任者 on record: the 統括責任者's daily mail still counts the 局's reports
			}
			to := []string{a.Holder.Person.StaffNo}
			if a.Deputy() && a.Person.StaffNo != "" && a.Person.StaffNo != a.Holder.Person.StaffNo {
				to = append(to, a.Person.StaffNo)
			}
			l := byBureau[b]
			out = append(out, Reminder{Key: fmt.Sprintf("selfcheck-officer:%d:%s:%d-%02d", l.year, b, year, week), To: to,
				Subject: fmt.Sprintf("【自己点検】%d 年度: 局内の報告 %d 件が期限を 1 週間以上過ぎています", l.year, len(l.names)),
				Body: fmt.Sprintf("%d 年度の自己点検で、次の報告が提出期限を 1 週間以上過ぎても提出されていません（11.2.2ア）。情報責任者として提出を促してください。\n%s",
					l.year, strings.Join(l.names, "\n")),
				Link: fmt.Sprintf("/selfcheck/years/%d", l.year)})
		}
		return out, nil
	}
}

// officerUnit returns the nearest unit above unit whose 情報責任者 acts on
// day (3.1.5: per 局室区, which may sit above a 部), or "" when none does.
func officerUnit(ctx context.Context, db *store.DB, unit string, day time.Time) (string, error) {
	path, err := db.UnitPath(ctx, unit, day)
	if kijun.ErrorCode(err) == kijun.ENOTFOUND {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	for _, u := range path {
		if u.Code == unit {
			continue
		}
		if _, err := db.ActingFor(ctx, organisation.RoleInfoOfficer, organisation.UnitScope(u.Code), day); err == nil {
			return u.Code, nil
		}
	}
	return "", nil
}
