package notify

import (
	"context"
	"fmt"
	"time"

	"kijun/internal/store"
	"kijun/internal/wareki"
)

// NoticeReminder is the mail of an incident's notice (7.3.1): the person
// told is asked to read the report and acknowledge it by its due time,
// after which it goes up the chain. A drill says so in the subject. A
// notice to a deputy goes to the holder they act for as well (9.3).
func NoticeReminder(n store.Notice) Reminder {
	title, drill := fmt.Sprintf("インシデント %d", n.IncidentID), ""
	if n.Incident != nil {
		title = n.Incident.Title
		if n.Incident.Drill {
			drill = "【訓練】"
		}
	}
	role, to, copyNote := n.Role.Label(), []string{n.StaffNo}, ""
	if n.Holder != "" {
		// 9.3: the holder is told of what reaches their deputy.
		role += "（代行）"
		to = append(to, n.Holder)
		copyNote = fmt.Sprintf("\n\nこの通知は、不在中の%s本人（職員番号 %s）にも同じものをお送りしています（9.3）。", n.Role.Label(), n.Holder)
	}
	body := fmt.Sprintf("%s 様\n\n%sとして、次の事件・事故等の報告をお知らせします（%s: %s）。\n\n件名: %s\n確認の期限: %s\n\n"+
		"内容を確認し、画面の「確認しました」を押してください。期限までに確認がないときは、次の方へ報告が上がります。%s",
		n.Name, role, n.Clause, n.Reason, title, dateTime(n.DueAt), copyNote)
	return Reminder{
		Key:     fmt.Sprintf("incident-notice:%d", n.ID),
		To:      to,
		Subject: drill + "【要確認】インシデント報告: " + title,
		Body:    body,
		Link:    fmt.Sprintf("/incidents/%d", n.IncidentID),
	}
}

// TellIncident mails at once the notices of an incident that nobody has
// acknowledged and that were not mailed before: after a report is filed,
// corrected or triaged, or its notices escalated, as the city has minutes
// to know who must be told.
func (n *Notifier) TellIncident(ctx context.Context, id int64) error {
	ns, err := n.db.UnacknowledgedNotices(ctx, id)
	if err != nil {
		return err
	}
	for _, x := range ns {
		if _, err := n.Remind(ctx, NoticeReminder(x)); err != nil {
			return err
		}
	}
	return nil
}

// IncidentReminders is the due function of the incident process: every
// notice not yet acknowledged is mailed once (those made when a report is
// filed are mailed at once by the web; this catches any left, and the
// notices of escalations), and each prevention measure whose effect is due
// to be checked (7.3.3オ) is mailed to whoever must check it, once.
func IncidentReminders(db *store.DB) DueFunc {
	return func(ctx context.Context, now time.Time) ([]Reminder, error) {
		ns, err := db.UnacknowledgedNotices(ctx, 0)
		if err != nil {
			return nil, err
		}
		out := make([]Reminder, 0, len(ns))
		for _, n := range ns {
			out = append(out, NoticeReminder(n))
		}
		ms, err := db.MeasuresToCheck(ctx, now)
		if err != nil {
			return nil, err
		}
		for _, m := range ms {
			if m.Assignee == "" {
				continue
			}
			out = append(out, Reminder{
				Key:     fmt.Sprintf("incident-measure-check:%d", m.ID),
				To:      []string{m.Assignee},
				Subject: "【再発防止策】効果の確認期限です",
				Body: fmt.Sprintf("%s 様\n\n実施済みの再発防止策について、効果を確認する期限（%s）が来ました（7.3.3オ）。\n\n再発防止策: %s\n\n"+
					"効果があったかどうかを確認し、結果を記録してください。", m.AssigneeName, wareki.Date(m.CheckDue), m.Text),
				Link: fmt.Sprintf("/incidents/%d", m.IncidentID),
			})
		}
		return out, nil
	}
}

// dateTime is t as an era date and a time in JST, such as 令和8年11月26日 15:04.
func dateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return wareki.Date(t) + " " + t.In(wareki.JST()).Format("15:04")
}
