package incidents

import (
	"strings"
	"time"
	"unicode/utf8"

	"kijun/internal/kijun"
)

// Failure is a 障害記録 (8.1.8): a system failure reported by staff, how
// it was handled and what problems remain, kept by the system's
// administrators. A failure that turns out to touch security is promoted
// to an incident.
type Failure struct {
	ID          int64     `json:"id"`
	System      string    `json:"system"`
	SystemName  string    `json:"system_name,omitempty"`
	Unit        string    `json:"unit"`
	ReportedBy  string    `json:"reported_by"`
	OccurredAt  time.Time `json:"occurred_at"`
	Description string    `json:"description"`
	Handling    string    `json:"handling,omitempty"` // 処理結果
	Problems    string    `json:"problems,omitempty"` // 問題等
	Resolved    bool      `json:"resolved"`
	IncidentID  int64     `json:"incident_id,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
	Version     int64     `json:"version"`
}

// Check returns what is wrong with the record at now.
func (f Failure) Check(now time.Time) []kijun.FieldError {
	var fe kijun.FieldErrors
	if f.System == "" {
		fe.Add("system", "障害が起きた情報システムを選んでください")
	}
	if f.Unit == "" {
		fe.Add(FieldUnit, "報告者の所属課を選んでください")
	}
	switch {
	case f.OccurredAt.IsZero():
		fe.Add(FieldOccurredAt, "発生した日時を入力してください")
	case f.OccurredAt.After(now.Add(time.Minute)):
		fe.Add(FieldOccurredAt, "発生した日時が未来になっています")
	}
	switch d := strings.TrimSpace(f.Description); {
	case d == "":
		fe.Add(FieldDescription, "障害の内容を入力してください")
	case utf8.RuneCountInString(d) > maxText:
		fe.Add(FieldDescription, "内容は %d 文字以内にしてください", maxText)
	}
	f.checkTexts(&fe)
	return fe.Fields
}

// Promote returns the incident report a failure becomes, to be completed
// by the person promoting it: the failure's system, time and description
// carried over, the failure linked.
func (f Failure) Promote(reporter, unit string) Incident {
	title := []rune("障害記録からの格上げ: " + strings.TrimSpace(f.Description))
	if len(title) > 60 {
		title = append(title[:59], '…')
	}
	return Incident{
		Title: string(title), Kind: KindFailure, DiscoveredAt: f.OccurredAt, OccurredAt: f.OccurredAt,
		Reporter: reporter, Unit: unit, Description: f.Description, Response: f.Handling,
		Systems: []string{f.System}, FailureID: f.ID,
	}
}
