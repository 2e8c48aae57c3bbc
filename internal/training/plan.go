package training

import (
	"time"

	"kijun/internal/kijun"
)

// PlanState is where a year's plan stands.
type PlanState string

// The states of a plan: the 情報セキュリティ統括責任者 drafts it and
// reports it to the CISO (7.2.2ア). A reported plan's courses may still
// be added to or changed; each change is recorded.
const (
	PlanDraft    PlanState = "draft"
	PlanReported PlanState = "reported"
)

// Label returns the Japanese name of the state.
func (s PlanState) Label() string {
	switch s {
	case PlanDraft:
		return "策定中"
	case PlanReported:
		return "CISO に報告済み"
	}
	return string(s)
}

// DefaultNewHireDays is how many days after joining a new hire has to
// attend (7.2.2ウ) until the city sets its own.
const DefaultNewHireDays = 30

// Plan is the training plan of one 年度 (7.2.2ア).
type Plan struct {
	Year  int       `json:"year"`
	State PlanState `json:"state"`
	// NewHireDays is the period after joining within which a new hire
	// attends a course for new hires (7.2.2ウ), as the city sets it.
	NewHireDays int `json:"new_hire_days"`
	// DraftedBy is the staff number of the 統括責任者 who drafted it.
	DraftedBy string `json:"drafted_by"`
	// ReportedBy and ReportedOn record the report to the CISO.
	ReportedBy string    `json:"reported_by,omitempty"`
	ReportedOn time.Time `json:"reported_on,omitzero"`
	Note       string    `json:"note,omitempty"`
	Version    int64     `json:"version,omitempty"`
}

// Check reports what is wrong with the plan's own fields.
func (p Plan) Check() error {
	if p.Year < 2000 || p.Year > 2200 {
		return kijun.Errorf(kijun.EINVALID, "年度 %d は西暦の 4 桁で入力してください", p.Year)
	}
	if p.NewHireDays < 1 || p.NewHireDays > 365 {
		return kijun.Errorf(kijun.EINVALID, "新規採用者の受講期限は採用から 1〜365 日で設定してください（7.2.2ウ）")
	}
	return nil
}

// Report moves a drafted plan to reported on day d by staffNo, or
// refuses: only a draft is reported, and only with courses.
func (p Plan) Report(staffNo string, d time.Time, courses int) (Plan, error) {
	if p.State != PlanDraft {
		return p, kijun.Errorf(kijun.ECONFLICT, "%d 年度の研修計画は既に CISO に報告されています", p.Year)
	}
	if courses == 0 {
		return p, kijun.Errorf(kijun.EINVALID, "%d 年度の研修計画に研修がありません。研修を登録してから報告してください（7.2.2ア）", p.Year)
	}
	p.State, p.ReportedBy, p.ReportedOn = PlanReported, staffNo, d
	return p, nil
}
