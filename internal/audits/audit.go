package audits

import (
	"slices"
	"strings"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
)

// PlanState is where a yearly plan stands.
type PlanState string

// The states of a plan.
const (
	PlanDraft    PlanState = "draft"    // drafted by the audit director
	PlanApproved PlanState = "approved" // approved by the CISO (11.1.3)
)

// Label returns the Japanese name of the state.
func (s PlanState) Label() string {
	switch s {
	case PlanDraft:
		return "案（CISO の承認待ち）"
	case PlanApproved:
		return "承認済み"
	}
	return string(s)
}

// Plan is the yearly audit plan of one 年度 (11.1.3).
type Plan struct {
	ID         int64     `json:"id"`
	Year       int       `json:"year"` // the Gregorian year the 年度 begins
	State      PlanState `json:"state"`
	Note       string    `json:"note,omitempty"`
	DraftedBy  string    `json:"drafted_by"`
	DraftedAt  time.Time `json:"drafted_at"`
	ApprovedBy string    `json:"approved_by,omitempty"`
	ApprovedAt time.Time `json:"approved_at,omitzero"`
	Version    int64     `json:"version"`
	Audits     []Audit   `json:"audits,omitempty"`
}

// State is where one audit stands.
type State string

// The states of an audit.
const (
	StatePlanned   State = "planned"   // in the plan
	StateFieldwork State = "fieldwork" // an auditor has recorded work
	StateSubmitted State = "submitted" // the report went to the CISO (11.1.5)
)

// Label returns the Japanese name of the state.
func (s State) Label() string {
	switch s {
	case StatePlanned:
		return "計画"
	case StateFieldwork:
		return "実施中"
	case StateSubmitted:
		return "報告済み"
	}
	return string(s)
}

// Auditor is one person who audits: a member of staff by number, or from
// outside (a contractor, 11.1.4) by name and organisation.
type Auditor struct {
	StaffNo      string `json:"staff_no,omitempty"`
	Name         string `json:"name,omitempty"`
	Organisation string `json:"organisation,omitempty"`
	External     bool   `json:"external,omitempty"`
}

// String names the auditor in messages.
func (a Auditor) String() string {
	switch {
	case a.External:
		return a.Name + "（" + a.Organisation + "、外部）"
	case a.Name != "":
		return a.Name + "（職員番号 " + a.StaffNo + "）"
	}
	return "職員番号 " + a.StaffNo
}

// Audit is one audit of a plan.
type Audit struct {
	ID     int64  `json:"id"`
	PlanID int64  `json:"plan_id"`
	Title  string `json:"title"`
	// Scope: 課 by code, systems by ID, a contractor by a plain reference
	// (the contractor register will link it), and the provisions whose
	// practice is audited: chapters or single provisions.
	Units      []string `json:"units,omitempty"`
	Systems    []string `json:"systems,omitempty"`
	Contractor string   `json:"contractor,omitempty"`
	Provisions []string `json:"provisions"`
	// Criteria is the catalog edition in force when the audit was
	// planned, as key@edition.
	Criteria string `json:"criteria"`
	// ExternalAllowed: the plan lets auditors from outside audit it.
	ExternalAllowed bool      `json:"external_allowed,omitempty"`
	Auditors        []Auditor `json:"auditors"`
	// PeriodFrom..PeriodTo is the period audited: independence is judged
	// over it and the audit's own dates.
	PeriodFrom time.Time `json:"period_from"`
	PeriodTo   time.Time `json:"period_to"`
	Starts     time.Time `json:"starts"`
	Ends       time.Time `json:"ends"`
	State      State     `json:"state"`
	// Summary is the audit's conclusion for the report (11.1.5).
	Summary     string    `json:"summary,omitempty"`
	SubmittedBy string    `json:"submitted_by,omitempty"`
	SubmittedAt time.Time `json:"submitted_at,omitzero"`
	CreatedAt   time.Time `json:"created_at"`
	Version     int64     `json:"version"`
}

// Field names of the audit form.
const (
	FieldTitle      = "title"
	FieldUnits      = "units"
	FieldSystems    = "systems"
	FieldProvisions = "provisions"
	FieldAuditors   = "auditors"
	FieldPeriod     = "period"
	FieldDates      = "dates"
	FieldSummary    = "summary"
)

// Limits of an audit's lists and texts.
const (
	maxTitle    = 200
	maxText     = 8000
	maxScope    = 200
	maxAuditors = 20
)

// Window is the span over which an auditor must have been independent:
// the period audited and the audit's own days.
func (a Audit) Window() organisation.Period {
	from, to := a.PeriodFrom, a.PeriodTo
	if !a.Starts.IsZero() && (from.IsZero() || a.Starts.Before(from)) {
		from = a.Starts
	}
	if a.Ends.After(to) {
		to = a.Ends
	}
	return organisation.Period{From: from, To: to}
}

// Normalise trims the texts and splits the lists as typed.
func (a *Audit) Normalise() {
	a.Title, a.Contractor, a.Summary = strings.TrimSpace(a.Title), strings.TrimSpace(a.Contractor), strings.TrimSpace(a.Summary)
	a.Units = SplitList(strings.Join(a.Units, " "))
	a.Systems = SplitList(strings.Join(a.Systems, " "))
	a.Provisions = SplitList(strings.Join(a.Provisions, " "))
	for i := range a.Auditors {
		x := &a.Auditors[i]
		x.StaffNo, x.Name, x.Organisation = strings.TrimSpace(x.StaffNo), strings.TrimSpace(x.Name), strings.TrimSpace(x.Organisation)
	}
}

// SplitList reads a list as typed: split on spaces, commas and 、, each once.
func SplitList(s string) []string {
	f := strings.FieldsFunc(s, func(r rune) bool {
		return r == ' ' || r == ',' || r == '、' || r == '　' || r == '\n' || r == '\t' || r == '\r'
	})
	var out []string
	for _, p := range f {
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// Check returns what is wrong with an audit as planned.
func (a Audit) Check() []kijun.FieldError {
	var fe kijun.FieldErrors
	if a.Title == "" {
		fe.Add(FieldTitle, "監査の名称を入力してください")
	}
	fe.Text(FieldTitle, "名称", a.Title, maxTitle, false)
	if len(a.Units) == 0 && len(a.Systems) == 0 && a.Contractor == "" {
		fe.Add(FieldUnits, "監査の対象（課、情報システム、委託先のいずれか）を入力してください（11.1.3）")
	}
	if len(a.Units) > maxScope || len(a.Systems) > maxScope || len(a.Provisions) > maxScope {
		fe.Add(FieldUnits, "対象の課・システム・条項はそれぞれ %d 件までにしてください", maxScope)
	}
	fe.Text("contractor", "委託先", a.Contractor, maxTitle, false)
	if len(a.Provisions) == 0 {
		fe.Add(FieldProvisions, "監査する章または条項を入力してください（例: 6.4 8.2.6）")
	}
	for _, p := range a.Provisions {
		fe.Text(FieldProvisions, "条項", p, 40, false)
	}
	if len(a.Auditors) == 0 {
		fe.Add(FieldAuditors, "監査人を 1 人以上入力してください")
	}
	if len(a.Auditors) > maxAuditors {
		fe.Add(FieldAuditors, "監査人は %d 人までにしてください", maxAuditors)
	}
	for _, x := range a.Auditors {
		switch {
		case x.External && !a.ExternalAllowed:
			fe.Add(FieldAuditors, "外部の監査人 %s は、計画で外部監査人を認めた監査にだけ加えられます（11.1.4）", x)
		case x.External && (x.Name == "" || x.Organisation == ""):
			fe.Add(FieldAuditors, "外部の監査人には氏名と所属（委託先）を入力してください")
		case !x.External && x.StaffNo == "":
			fe.Add(FieldAuditors, "監査人の職員番号を入力してください")
		}
		fe.Text(FieldAuditors, "監査人", x.Name+x.Organisation+x.StaffNo, maxTitle, false)
	}
	switch {
	case a.PeriodFrom.IsZero() || a.PeriodTo.IsZero():
		fe.Add(FieldPeriod, "監査の対象期間の初日と末日を入力してください")
	case a.PeriodTo.Before(a.PeriodFrom):
		fe.Add(FieldPeriod, "対象期間の末日 %s が初日 %s より前です", organisation.FormatDate(a.PeriodTo), organisation.FormatDate(a.PeriodFrom))
	}
	switch {
	case a.Starts.IsZero() || a.Ends.IsZero():
		fe.Add(FieldDates, "監査の実施日（開始と終了）を入力してください")
	case a.Ends.Before(a.Starts):
		fe.Add(FieldDates, "実施の終了日 %s が開始日 %s より前です", organisation.FormatDate(a.Ends), organisation.FormatDate(a.Starts))
	}
	fe.Text(FieldSummary, "結論", a.Summary, maxText, true)
	return fe.Fields
}

// InPlanYear reports an error when the audit's days fall outside the
// plan's 年度.
func (a Audit) InPlanYear(year int, start, end time.Time) error {
	if a.Starts.Before(organisation.Day(start)) || !a.Ends.Before(organisation.Day(end)) {
		return (&kijun.FieldErrors{Fields: []kijun.FieldError{{Field: FieldDates,
			Message: "実施日は計画の年度（" + organisation.FormatDate(organisation.Day(start)) + " から 1 年）の中にしてください"}}}).AsError()
	}
	return nil
}
