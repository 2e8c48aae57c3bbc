package operations

import (
	"strings"
	"time"

	"kijun/internal/kijun"
)

// LogPolicy is how a system's logs are kept and reviewed (8.1.7) and what
// watches it (9.1); which logs are taken and for how long stay in the
// system register (log items, retention).
type LogPolicy struct {
	System string `json:"system"`
	// Reviewer is the staff number of who reviews the logs (8.1.7ウ).
	Reviewer string `json:"reviewer"`
	// EveryDays is how often they are reviewed.
	EveryDays int `json:"every_days"`
	// OnFailure is what is done when logs stop being taken (8.1.7イ).
	OnFailure string `json:"on_failure"`
	// Backup is how logs are copied to outside media (8.1.7エ).
	Backup string `json:"backup,omitempty"`
	// Monitoring is what watches the system and who is alerted (9.1ア,
	// ウ); TimeSync that its servers' clocks are synchronised (9.1イ).
	Monitoring string    `json:"monitoring,omitempty"`
	TimeSync   bool      `json:"time_sync"`
	UpdatedAt  time.Time `json:"updated_at"`
	Version    int       `json:"version"`
}

// Fields of a log policy and review.
const (
	FieldReviewer   = "reviewer"
	FieldEveryDays  = "every_days"
	FieldOnFailure  = "on_failure"
	FieldBackup     = "backup"
	FieldMonitoring = "monitoring"
	FieldFindings   = "findings"
)

// Check returns what is wrong with p: a reviewer, a frequency of one day
// to a year, and what is done when logging stops are required.
func (p LogPolicy) Check() []kijun.FieldError {
	var fe kijun.FieldErrors
	if strings.TrimSpace(p.Reviewer) == "" {
		fe.Add(FieldReviewer, "ログを点検する者（職員番号）を入力してください（8.1.7ウ）")
	}
	if p.EveryDays < 1 || p.EveryDays > 366 {
		fe.Add(FieldEveryDays, "点検の間隔は 1〜366 日にしてください（8.1.7ウ）")
	}
	if strings.TrimSpace(p.OnFailure) == "" {
		fe.Add(FieldOnFailure, "ログが取得できなくなった場合の対処を入力してください（8.1.7イ）")
	}
	fe.Text(FieldReviewer, "点検者", p.Reviewer, MaxWorker, false)
	fe.Text(FieldOnFailure, "取得できない場合の対処", p.OnFailure, MaxPlanText, true)
	fe.Text(FieldBackup, "ログのバックアップ", p.Backup, MaxPlanText, true)
	fe.Text(FieldMonitoring, "監視", p.Monitoring, MaxPlanText, true)
	return fe.Fields
}

// LogReview is one review of a system's logs (8.1.7ウ: 点検又は分析).
type LogReview struct {
	ID       int64     `json:"id"`
	System   string    `json:"system"`
	At       time.Time `json:"at"`
	Reviewer string    `json:"reviewer"`
	// Findings is what the review found: "" for nothing irregular.
	Findings  string    `json:"findings,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// Check returns what is wrong with r recorded at now: a review in the
// future is refused.
func (r LogReview) Check(now time.Time) []kijun.FieldError {
	var fe kijun.FieldErrors
	switch {
	case r.At.IsZero():
		fe.Add(FieldAt, "点検日時を入力してください")
	case r.At.After(now):
		fe.Add(FieldAt, "点検日時 %s は未来です。実施した点検を記録してください（8.1.7ウ）", r.At.In(jst).Format("2006-01-02 15:04"))
	}
	if strings.TrimSpace(r.Reviewer) == "" {
		fe.Add(FieldReviewer, "点検者がいません")
	}
	fe.Text(FieldFindings, "点検の結果", r.Findings, MaxPlanText, true)
	return fe.Fields
}

// ReviewGrace is how long a review may be late before the reminder
// becomes a finding.
const ReviewGrace = 14 * 24 * time.Hour

// ReviewDue returns when the next review of p is due, given the last
// review (zero for none: counted from when the policy was set).
func (p LogPolicy) ReviewDue(last time.Time) time.Time {
	from := last
	if from.IsZero() {
		from = p.UpdatedAt
	}
	return from.AddDate(0, 0, p.EveryDays)
}

// ReviewLate reports whether a review is missing on now: due (a
// reminder), and late past ReviewGrace (a finding).
func (p LogPolicy) ReviewLate(last, now time.Time) (due, finding bool) {
	d := p.ReviewDue(last)
	return !now.Before(d), now.After(d.Add(ReviewGrace))
}
