package corrective

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
)

// SourceKind is what called for a corrective action.
type SourceKind string

// The sources of corrective actions.
const (
	SourceAuditFinding      SourceKind = "audit_finding"      // 11.1.7
	SourceSelfCheck         SourceKind = "selfcheck_answer"   // 11.2.3, 11.2.4
	SourceComplianceFinding SourceKind = "compliance_finding" // 9.2.1: the continuous checks
	SourceIncidentMeasure   SourceKind = "incident_measure"   // 7.3.3エ
	SourceStocktake         SourceKind = "stocktake_item"     // 9.2.2: an item a stocktake did not find
	SourceDrillImprovement  SourceKind = "drill_improvement"  // 7.2.3: ordered by the CISO after a drill
	SourceContractCheck     SourceKind = "contract_check"     // 10.1.3: a contractor check that calls for correction
)

// SourceKinds returns the kinds of source in the order the pages list them.
func SourceKinds() []SourceKind {
	return []SourceKind{SourceAuditFinding, SourceSelfCheck, SourceComplianceFinding, SourceIncidentMeasure, SourceStocktake, SourceDrillImprovement, SourceContractCheck}
}

// Label returns the Japanese name of the source kind.
func (k SourceKind) Label() string {
	switch k {
	case SourceAuditFinding:
		return "監査の指摘（11.1.7）"
	case SourceSelfCheck:
		return "自己点検の回答（11.2.3）"
	case SourceComplianceFinding:
		return "常時点検の検出（9.2.1）"
	case SourceIncidentMeasure:
		return "インシデントの再発防止策（7.3.3）"
	case SourceStocktake:
		return "利用状況調査の所在不明（9.2.2）"
	case SourceDrillImprovement:
		return "緊急時対応訓練後の改善（7.2.3）"
	case SourceContractCheck:
		return "委託先の確認の指摘（10.1.3）"
	}
	return string(k)
}

// Valid reports whether k is a known kind.
func (k SourceKind) Valid() bool { return slices.Contains(SourceKinds(), k) }

// Source is the record an action answers, by kind and ID, so the audit,
// self-check and incident processes can link to the register and back
// without this package knowing their tables. A continuous-check finding's
// ID is its rule and subject ("rule|subject").
type Source struct {
	Kind SourceKind `json:"kind"`
	ID   string     `json:"id"`
}

// String writes the source as kind:id.
func (s Source) String() string { return string(s.Kind) + ":" + s.ID }

// State is where an action stands.
type State string

// The states of an action.
const (
	StateOpen      State = "open"      // planned or under way
	StateCompleted State = "completed" // the owner reported it done, with evidence
	StateVerified  State = "verified"  // effectiveness confirmed by someone else
)

// Label returns the Japanese name of the state.
func (s State) Label() string {
	switch s {
	case StateOpen:
		return "対応中"
	case StateCompleted:
		return "完了報告済み（確認待ち）"
	case StateVerified:
		return "有効性確認済み"
	}
	return string(s)
}

// Limits of the texts and lists of an action.
const (
	maxTitle      = 200
	maxText       = 4000
	maxProvisions = 50
)

// Field names, as forms and JSON bodies name them.
const (
	FieldSource     = "source"
	FieldUnit       = "unit"
	FieldOwnerRole  = "owner_role"
	FieldOwnerScope = "owner_scope"
	FieldTitle      = "title"
	FieldProvisions = "provisions"
	FieldDue        = "due"
	FieldRootCause  = "root_cause"
	FieldPlan       = "plan"
	FieldNote       = "note"
	FieldEvidence   = "file"
)

// Action is one corrective action.
type Action struct {
	ID     int64  `json:"id"`
	Source Source `json:"source"`
	// Unit is the 課 the action belongs to: the 課 sees it, and the
	// register's pages filter by it.
	Unit     string `json:"unit"`
	UnitName string `json:"unit_name,omitempty"`
	// OwnerRole and OwnerScope name who answers for the action: the person
	// holding the role for the scope on the day (Owner, filled on read).
	OwnerRole  organisation.Role  `json:"owner_role"`
	OwnerScope organisation.Scope `json:"owner_scope"`
	Owner      string             `json:"owner,omitempty"`
	OwnerName  string             `json:"owner_name,omitempty"`
	Title      string             `json:"title"`
	Provisions []string           `json:"provisions,omitempty"`
	Due        time.Time          `json:"due"`
	RootCause  string             `json:"root_cause,omitempty"`
	Plan       string             `json:"plan,omitempty"`
	State      State              `json:"state"`

	CompletionNote string    `json:"completion_note,omitempty"`
	CompletedBy    string    `json:"completed_by,omitempty"`
	CompletedAt    time.Time `json:"completed_at,omitzero"`

	Effective        bool      `json:"effective"`
	VerificationNote string    `json:"verification_note,omitempty"`
	VerifiedBy       string    `json:"verified_by,omitempty"`
	VerifiedAt       time.Time `json:"verified_at,omitzero"`
	// Reopened counts the verifications that found the action
	// ineffective and sent it back.
	Reopened int `json:"reopened,omitempty"`

	CreatedBy string    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	Version   int64     `json:"version"`

	Evidence []Evidence `json:"evidence,omitempty"`
}

// OwnerRoles are the roles an action can be owned by: the 情報管理者 of a
// 課 (3.1.6), the 業務システム管理者 of a system (3.1.8), the 情報基盤管理者
// (3.1.4) or the 情報セキュリティ管理者 (3.1.3) for what is the city's.
func OwnerRoles() []organisation.Role {
	return []organisation.Role{organisation.RoleInfoManager, organisation.RoleSystemAdmin, organisation.RoleInfraManager, organisation.RoleSecurityManager}
}

// Overdue reports whether the action is still open past its due day, on day.
func (a Action) Overdue(day time.Time) bool {
	return a.State == StateOpen && !a.Due.IsZero() && organisation.Day(day).After(a.Due)
}

// DaysOverdue returns how many days past due the action is on day, or 0.
func (a Action) DaysOverdue(day time.Time) int {
	if !a.Overdue(day) {
		return 0
	}
	return int(organisation.Day(day).Sub(a.Due).Hours() / 24)
}

// Normalise trims the texts and sorts out the provisions as typed: split
// on spaces, commas and 、, each once.
func (a *Action) Normalise() {
	a.Title, a.RootCause, a.Plan = strings.TrimSpace(a.Title), strings.TrimSpace(a.RootCause), strings.TrimSpace(a.Plan)
	a.Unit, a.Source.ID = strings.TrimSpace(a.Unit), strings.TrimSpace(a.Source.ID)
	a.Provisions = SplitProvisions(strings.Join(a.Provisions, " "))
}

// SplitProvisions reads a list of provision numbers as typed.
func SplitProvisions(s string) []string {
	f := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' || r == '、' || r == '　' || r == '\n' || r == '\t' })
	var out []string
	for _, p := range f {
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// Check returns what is wrong with a new action or a change of its plan.
func (a Action) Check() []kijun.FieldError {
	var fe kijun.FieldErrors
	if !a.Source.Kind.Valid() {
		fe.Add(FieldSource, "是正措置のきっかけ（監査の指摘、自己点検、常時点検、インシデント）を選んでください")
	} else if a.Source.ID == "" {
		fe.Add(FieldSource, "%sの番号を入力してください", a.Source.Kind.Label())
	}
	fe.Text(FieldSource, "きっかけの番号", a.Source.ID, maxTitle, false)
	if a.Unit == "" {
		fe.Add(FieldUnit, "是正措置を担当する課を入力してください")
	}
	if !slices.Contains(OwnerRoles(), a.OwnerRole) {
		fe.Add(FieldOwnerRole, "担当する役割を、情報管理者、業務システム管理者、情報基盤管理者、情報セキュリティ管理者から選んでください")
	} else if err := a.OwnerRole.CheckScope(a.OwnerScope); err != nil {
		fe.Add(FieldOwnerScope, "%s", kijun.ErrorMessage(err))
	}
	if a.Title == "" {
		fe.Add(FieldTitle, "是正措置の件名を入力してください")
	}
	fe.Text(FieldTitle, "件名", a.Title, maxTitle, false)
	if len(a.Provisions) > maxProvisions {
		fe.Add(FieldProvisions, "根拠の条項は %d 件までにしてください（%d 件あります）", maxProvisions, len(a.Provisions))
	}
	for _, p := range a.Provisions {
		fe.Text(FieldProvisions, "条項", p, 40, false)
	}
	if a.Due.IsZero() {
		fe.Add(FieldDue, "期限を 2026-06-30 のように入力してください")
	}
	fe.Text(FieldRootCause, "原因", a.RootCause, maxText, true)
	fe.Text(FieldPlan, "是正の計画", a.Plan, maxText, true)
	return fe.Fields
}

// Replan returns a with the root cause, plan and due day changed: only
// while the action is open.
func (a Action) Replan(rootCause, plan string, due time.Time) (Action, error) {
	if a.State != StateOpen {
		return a, kijun.Errorf(kijun.ECONFLICT, "是正措置 %d は%sのため、計画を変更できません", a.ID, a.State.Label())
	}
	a.RootCause, a.Plan, a.Due = strings.TrimSpace(rootCause), strings.TrimSpace(plan), due
	if fe := a.Check(); len(fe) > 0 {
		return a, (&kijun.FieldErrors{Fields: fe}).AsError()
	}
	return a, nil
}

// Complete reports the action done by staffNo with a note. There must be
// evidence of completion (11.1.7: 是正の状況を確認できること): an action
// with no file kept is refused.
func (a Action) Complete(staffNo, note string, evidence int, now time.Time) (Action, error) {
	if a.State != StateOpen {
		return a, kijun.Errorf(kijun.ECONFLICT, "是正措置 %d は%sです。完了報告できるのは対応中のものだけです", a.ID, a.State.Label())
	}
	if evidence == 0 {
		return a, (&kijun.FieldErrors{Fields: []kijun.FieldError{{Field: FieldEvidence,
			Message: fmt.Sprintf("是正措置 %d には完了の証拠がありません。証拠のファイルを添付してから完了報告してください（11.1.7）", a.ID)}}}).AsError()
	}
	note = strings.TrimSpace(note)
	var fe kijun.FieldErrors
	if note == "" {
		fe.Add(FieldNote, "何をして完了としたかを書いてください")
	}
	fe.Text(FieldNote, "完了の内容", note, maxText, true)
	if err := fe.AsError(); err != nil {
		return a, err
	}
	a.State, a.CompletionNote, a.CompletedBy, a.CompletedAt = StateCompleted, note, staffNo, now
	return a, nil
}

// Verify records the check of effectiveness by staffNo. owner is the
// person holding the owner role today: neither they nor whoever reported
// the action done may verify it (11.1.7: someone other than the owner). An
// ineffective action goes back to open for a new plan.
func (a Action) Verify(staffNo, owner string, effective bool, note string, now time.Time) (Action, error) {
	if a.State != StateCompleted {
		return a, kijun.Errorf(kijun.ECONFLICT, "是正措置 %d は%sです。有効性を確認できるのは完了報告済みのものだけです", a.ID, a.State.Label())
	}
	switch {
	case staffNo == "":
		return a, kijun.Errorf(kijun.EFORBIDDEN, "有効性の確認は職員として署名した人だけが記録できます")
	case staffNo == owner:
		return a, kijun.Errorf(kijun.EFORBIDDEN, "是正措置 %d の担当者（%s、職員番号 %s）は自分の是正措置の有効性を確認できません。担当者以外の人が確認してください（11.1.7）", a.ID, a.OwnerRole.Label(), staffNo)
	case staffNo == a.CompletedBy:
		return a, kijun.Errorf(kijun.EFORBIDDEN, "是正措置 %d の完了を報告した人（職員番号 %s）は有効性を確認できません。担当者以外の人が確認してください（11.1.7）", a.ID, staffNo)
	}
	note = strings.TrimSpace(note)
	var fe kijun.FieldErrors
	if note == "" {
		fe.Add(FieldNote, "何を確かめて有効（または無効）と判断したかを書いてください")
	}
	fe.Text(FieldNote, "確認の内容", note, maxText, true)
	if err := fe.AsError(); err != nil {
		return a, err
	}
	a.Effective, a.VerificationNote, a.VerifiedBy, a.VerifiedAt = effective, note, staffNo, now
	if effective {
		a.State = StateVerified
	} else {
		a.State, a.Reopened = StateOpen, a.Reopened+1
	}
	return a, nil
}
