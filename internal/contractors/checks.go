package contractors

import (
	"regexp"
	"time"

	"kijun/internal/kijun"
)

// 10.1.3: after the contract is made, the city checks, regularly or at
// any time, how the contractor keeps its security, and acts on what it
// finds. Each contract has its interval; each check is recorded with its
// kind and result, and a result that calls for correction opens a
// corrective action.

// CheckKind is how a contractor's security was checked.
type CheckKind string

// The kinds of check.
const (
	CheckReport     CheckKind = "report"     // 報告: the contractor's report
	CheckInspection CheckKind = "inspection" // 立入検査: an on-site inspection
)

// CheckKinds lists the kinds in order.
func CheckKinds() []CheckKind { return []CheckKind{CheckReport, CheckInspection} }

// Label is the kind's Japanese name.
func (k CheckKind) Label() string {
	switch k {
	case CheckReport:
		return "報告"
	case CheckInspection:
		return "立入検査"
	}
	return string(k)
}

// CheckResult is what a check found.
type CheckResult string

// The results of a check.
const (
	ResultConforming CheckResult = "conforming" // 適合
	ResultCorrective CheckResult = "corrective" // 要是正
)

// CheckResults lists the results in order.
func CheckResults() []CheckResult { return []CheckResult{ResultConforming, ResultCorrective} }

// Label is the result's Japanese name.
func (r CheckResult) Label() string {
	switch r {
	case ResultConforming:
		return "適合"
	case ResultCorrective:
		return "要是正"
	}
	return string(r)
}

// SecurityCheck is one check of a contractor's security under a contract
// (10.1.3).
type SecurityCheck struct {
	ID       int64       `json:"id,omitempty"`
	Contract string      `json:"contract"`
	On       time.Time   `json:"on"`
	Kind     CheckKind   `json:"kind"`
	Checker  string      `json:"checker"`
	Result   CheckResult `json:"result"`
	// Note says what was found: required when correction is called for.
	Note string `json:"note,omitempty"`
	// Evidence is the SHA-256 (hex) of the report or inspection record
	// kept outside Kijun, so it can be shown unchanged later.
	Evidence string `json:"evidence,omitempty"`
	// ActionID is the corrective action a 要是正 result opened.
	ActionID   int64     `json:"action_id,omitempty"`
	RecordedBy string    `json:"recorded_by,omitempty"`
	CreatedAt  time.Time `json:"created_at,omitzero"`
}

// The form fields of a check and of the interval.
const (
	FieldCheckOn       = "sc_on"
	FieldCheckKind     = "sc_kind"
	FieldCheckChecker  = "sc_checker"
	FieldCheckResult   = "sc_result"
	FieldCheckNote     = "sc_note"
	FieldCheckEvidence = "sc_evidence"
	FieldCheckMonths   = "sc_months"
)

// MaxCheckMonths bounds the interval: a check at least every three years.
const MaxCheckMonths = 36

var sha256Hex = regexp.MustCompile(`^[0-9a-f]{64}$`)

// Check returns what is wrong with s on its own.
func (s SecurityCheck) Check() []kijun.FieldError {
	fe := &kijun.FieldErrors{}
	if s.Contract == "" {
		fe.Add(FieldContract, "契約番号を入力してください")
	}
	if s.On.IsZero() {
		fe.Add(FieldCheckOn, "確認した日を入力してください")
	}
	switch s.Kind {
	case CheckReport, CheckInspection:
	default:
		fe.Add(FieldCheckKind, "報告か立入検査かを選んでください")
	}
	if s.Checker == "" {
		fe.Add(FieldCheckChecker, "確認した職員を入力してください")
	}
	fe.Text(FieldCheckChecker, "確認した職員", s.Checker, kijun.MaxName, false)
	switch s.Result {
	case ResultConforming, ResultCorrective:
	default:
		fe.Add(FieldCheckResult, "適合か要是正かを選んでください")
	}
	// 10.1.3: a finding is acted on, so what was found must be written.
	if s.Result == ResultCorrective && s.Note == "" {
		fe.Add(FieldCheckNote, "要是正の場合は、指摘した事項を入力してください（10.1.3）")
	}
	fe.Text(FieldCheckNote, "指摘事項・備考", s.Note, 2000, true)
	if s.Evidence != "" && !sha256Hex.MatchString(s.Evidence) {
		fe.Add(FieldCheckEvidence, "根拠資料のハッシュは SHA-256 の16進64文字（小文字）で入力してください")
	}
	return fe.Fields
}

// CheckMonths returns what is wrong with an interval of months.
func CheckMonths(months int) []kijun.FieldError {
	if months < 1 || months > MaxCheckMonths {
		return []kijun.FieldError{{Field: FieldCheckMonths, Message: "確認の間隔は1から36か月の間で入力してください"}}
	}
	return nil
}

// NextCheck returns the day the next check of a contract falls due: the
// interval after the last check, or after the contract's first day when
// none is recorded yet. A zero interval means no schedule: the zero time.
func NextCheck(from time.Time, months int, last time.Time) time.Time {
	if months <= 0 {
		return time.Time{}
	}
	base := from
	if last.After(base) {
		base = last
	}
	return base.AddDate(0, months, 0)
}
