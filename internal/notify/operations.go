package notify

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"kijun/internal/operations"
	"kijun/internal/store"
	"kijun/internal/wareki"
)

// OperationsReminders is the due function of the system administrators'
// duties: a log review due (8.1.7ウ) to its reviewer, again when it is
// late past its grace and so a finding; and a security hole affecting a
// system, to its 業務システム管理者, when it opens and when its due day is
// three days off (8.6.1). Each is mailed once by its key.
func OperationsReminders(db *store.DB) DueFunc {
	return func(ctx context.Context, now time.Time) ([]Reminder, error) {
		due, err := db.LogReviewsDue(ctx, now)
		if err != nil {
			return nil, err
		}
		var out []Reminder
		for _, d := range due {
			if d.Reviewer == "" {
				continue
			}
			r := Reminder{
				Key:     fmt.Sprintf("log-review:%s:%s", d.System, d.Due.Format(time.DateOnly)),
				To:      []string{d.Reviewer},
				Subject: "【ログの点検】" + d.Name + " の点検期限です",
				Body: fmt.Sprintf("情報システム %s（%s）のログの点検期限（%s）が来ました（8.1.7ウ）。\n\n取得したログを点検又は分析し、結果を情報システムの画面で記録してください。",
					d.Name, d.System, wareki.Date(d.Due)),
				Link: "/systems/" + url.PathEscape(d.System) + "#reviews-h",
			}
			if d.Late {
				r.Key += ":late"
				r.Subject = "【ログの点検・期限超過】" + d.Name + " の点検が遅れています"
				r.Body = fmt.Sprintf("情報システム %s（%s）のログの点検が期限（%s）から %d 日を過ぎても記録されていません。指摘事項になっています（8.1.7ウ）。\n\n点検を行い、結果を記録してください。",
					d.Name, d.System, wareki.Date(d.Due), int(operations.ReviewGrace.Hours()/24))
			}
			out = append(out, r)
		}
		fs, err := db.VulnFindings(ctx, store.VulnFilter{Open: true, Limit: 5000})
		if err != nil {
			return nil, err
		}
		for _, f := range fs {
			if f.Admin == "" {
				continue
			}
			body := fmt.Sprintf("情報システム %s のソフトウェア %s %s に、セキュリティホール %s（CVSS 基本値 %.1f、緊急度「%s」）があります（8.6.1）。\n\n"+
				"対応期限は %s です。修正済みの版（%s）に更新し、台帳の版を更新してください。更新できない場合は例外措置（9.5）を申請してください。",
				f.System, f.Product, f.Version, f.Vuln, f.Score, operations.UrgencyLabel(f.Urgency), wareki.Date(f.Due), orDash(f.Fixed))
			link := "/systems/" + url.PathEscape(f.System) + "#vulns-h"
			out = append(out, Reminder{Key: "vuln:" + f.System + ":" + f.Vuln + ":" + f.OpenedAt.Format(time.DateOnly), To: []string{f.Admin},
				Subject: "【セキュリティホール】" + f.System + " に " + f.Vuln, Body: body, Link: link})
			if !now.Before(f.Due.Add(-72 * time.Hour)) {
				out = append(out, Reminder{Key: "vuln:" + f.System + ":" + f.Vuln + ":" + f.OpenedAt.Format(time.DateOnly) + ":due", To: []string{f.Admin},
					Subject: "【セキュリティホール・期限間近】" + f.System + " の " + f.Vuln, Body: body, Link: link})
			}
		}
		return out, nil
	}
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
