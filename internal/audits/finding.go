package audits

import (
	"slices"
	"strings"
	"time"

	"kijun/internal/kijun"
)

// Severity is how serious a finding is.
type Severity string

// The severities of findings.
const (
	SeverityHigh   Severity = "high"   // 重大: a provision is not followed and harm is likely
	SeverityMedium Severity = "medium" // 中: a provision is not followed
	SeverityLow    Severity = "low"    // 軽微: an improvement is advised
)

// Severities lists the severities, most serious first.
func Severities() []Severity { return []Severity{SeverityHigh, SeverityMedium, SeverityLow} }

// Label returns the Japanese name of the severity.
func (s Severity) Label() string {
	switch s {
	case SeverityHigh:
		return "重大"
	case SeverityMedium:
		return "中"
	case SeverityLow:
		return "軽微"
	}
	return string(s)
}

// Finding is one result of an audit (11.1.5): what was found, against which
// provisions, how serious, in which 課; each opens a corrective action
// (11.1.7), whose number it keeps.
type Finding struct {
	ID         int64     `json:"id"`
	AuditID    int64     `json:"audit_id"`
	Provisions []string  `json:"provisions"`
	Severity   Severity  `json:"severity"`
	Unit       string    `json:"unit"`
	UnitName   string    `json:"unit_name,omitempty"`
	Text       string    `json:"text"`
	ActionID   int64     `json:"action_id"`
	CreatedBy  string    `json:"created_by"`
	CreatedAt  time.Time `json:"created_at"`
}

// Check returns what is wrong with a finding as recorded.
func (f Finding) Check() []kijun.FieldError {
	var fe kijun.FieldErrors
	if len(f.Provisions) == 0 {
		fe.Add("finding_provisions", "指摘の根拠となる条項を入力してください（例: 6.4.3）")
	}
	for _, p := range f.Provisions {
		fe.Text("finding_provisions", "条項", p, 40, false)
	}
	if !slices.Contains(Severities(), f.Severity) {
		fe.Add("severity", "重大度を選んでください")
	}
	if strings.TrimSpace(f.Unit) == "" {
		fe.Add("finding_unit", "指摘を受ける課のコードを入力してください")
	}
	if strings.TrimSpace(f.Text) == "" {
		fe.Add("finding_text", "指摘の内容を入力してください")
	}
	fe.Text("finding_text", "指摘の内容", f.Text, maxText, true)
	return fe.Fields
}
