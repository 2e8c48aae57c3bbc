package training

import (
	"slices"
	"strings"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
)

// Mode is how a course is given (7.2.1).
type Mode string

// The modes.
const (
	ModeClassroom Mode = "classroom" // 集合研修
	ModeELearning Mode = "elearning" // e-ラーニング
	ModePhishing  Mode = "phishing"  // 標的型攻撃メール訓練
)

// Modes returns the modes in the order pages list them.
func Modes() []Mode { return []Mode{ModeClassroom, ModeELearning, ModePhishing} }

// Label returns the Japanese name of the mode, or "".
func (m Mode) Label() string {
	switch m {
	case ModeClassroom:
		return "集合研修"
	case ModeELearning:
		return "e-ラーニング"
	case ModePhishing:
		return "標的型攻撃メール訓練"
	}
	return ""
}

// ParseMode reads a mode from its code or its Japanese name.
func ParseMode(s string) (Mode, bool) {
	s = strings.TrimSpace(s)
	for _, m := range Modes() {
		if s == string(m) || s == m.Label() {
			return m, true
		}
	}
	switch s { // names e-learning systems and plans commonly use
	case "集合":
		return ModeClassroom, true
	case "eラーニング", "e-learning":
		return ModeELearning, true
	case "標的型メール訓練":
		return ModePhishing, true
	}
	return "", false
}

// Audience is who a course is for. The audiences of 7.2.2 are everyone
// in scope (イ), new hires (ウ), the holders of each role of 3.1 (エ),
// contractors' staff, and the 臨時の任用職員 of 7.1.2, who attend before
// their first day of work. A role's audience is written role:ROLE.
type Audience string

// The audiences that are not a role.
const (
	AudienceAll        Audience = "all"        // 職員等 (7.2.2イ)
	AudienceNewHire    Audience = "new_hire"   // 新規採用の職員等 (7.2.2ウ)
	AudienceTemporary  Audience = "temporary"  // 臨時の任用職員等 (7.1.2)
	AudienceContractor Audience = "contractor" // 委託業務従事者
	// AudienceAssigned is for those a course is assigned to by name, such
	// as the follow-up of a 標的型攻撃メール訓練 (7.2.4): nobody owes it
	// otherwise.
	AudienceAssigned Audience = "assigned"
)

// RoleAudience is the audience of the holders of role r (7.2.2エ).
func RoleAudience(r organisation.Role) Audience { return Audience("role:" + string(r)) }

// CourseAudience is the audience of one course assigned to a person by
// name: the follow-up training of those who clicked in a 標的型攻撃メール
// 訓練 (7.2.4).
func CourseAudience(id string) Audience { return Audience("course:" + id) }

// Course returns the course of an assigned course's audience.
func (a Audience) Course() (string, bool) { return strings.CutPrefix(string(a), "course:") }

// Role returns the role of a role's audience.
func (a Audience) Role() (organisation.Role, bool) {
	r, ok := strings.CutPrefix(string(a), "role:")
	return organisation.Role(r), ok
}

// trainedRoles are the roles 7.2.2エ names, in its order.
var trainedRoles = []organisation.Role{organisation.RoleSecurityDirector, organisation.RoleSecurityManager,
	organisation.RoleInfraManager, organisation.RoleInfoOfficer, organisation.RoleInfoManager}

// Audiences returns every audience in the order pages list them.
func Audiences() []Audience {
	out := []Audience{AudienceAll, AudienceNewHire, AudienceTemporary, AudienceContractor, AudienceAssigned}
	for _, r := range trainedRoles {
		out = append(out, RoleAudience(r))
	}
	return out
}

// Label returns the Japanese name of the audience.
func (a Audience) Label() string {
	switch a {
	case AudienceAll:
		return "職員等（全員）"
	case AudienceNewHire:
		return "新規採用の職員等"
	case AudienceTemporary:
		return "臨時の任用職員等"
	case AudienceContractor:
		return "委託業務従事者"
	case AudienceAssigned:
		return "指定された職員等（訓練後の追加研修など）"
	}
	if r, ok := a.Role(); ok {
		return r.Label()
	}
	if id, ok := a.Course(); ok {
		return "追加研修（" + id + "）"
	}
	return string(a)
}

// Clause is the provision that asks for the audience's training.
func (a Audience) Clause() string {
	switch a {
	case AudienceAll, AudienceContractor:
		return "7.2.2.イ"
	case AudienceNewHire:
		return "7.2.2.ウ"
	case AudienceTemporary:
		return "7.1.2"
	case AudienceAssigned:
		return "7.2.4"
	}
	if _, ok := a.Course(); ok {
		return "7.2.4"
	}
	return "7.2.2.エ"
}

// ParseAudience reads an audience from its code or its Japanese name.
func ParseAudience(s string) (Audience, bool) {
	s = strings.TrimSpace(s)
	for _, a := range Audiences() {
		if s == string(a) || s == a.Label() {
			return a, true
		}
		if r, ok := a.Role(); ok && (s == string(r) || s == r.Label()) {
			return a, true
		}
	}
	switch s {
	case "全員", "職員等":
		return AudienceAll, true
	case "新規採用", "新規採用職員":
		return AudienceNewHire, true
	case "臨時の任用職員", "会計年度任用職員":
		return AudienceTemporary, true
	}
	return "", false
}

// Course is one course or drill of a year's plan.
type Course struct {
	ID       string     `json:"id"`
	Year     int        `json:"year"` // the 年度 of the plan
	Title    string     `json:"title"`
	Mode     Mode       `json:"mode"`
	Audience []Audience `json:"audience"`
	// From and To are the course period: attendance counts within it,
	// and who has not attended by To is overdue (7.2.4).
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
	// Provisions are the catalog IDs of the provisions the course covers.
	Provisions []string `json:"provisions"`
	// Material is what a person reads on the course page before the quiz.
	Material string `json:"material,omitempty"`
	// Quiz is the course's short test; PassMark is the score out of 100
	// that passes it. A course without a quiz is passed by attending.
	Quiz     []Question `json:"quiz,omitempty"`
	PassMark int        `json:"pass_mark,omitempty"`
	Version  int64      `json:"version,omitempty"`
}

// For reports whether the course is for audience a.
func (c Course) For(a Audience) bool { return slices.Contains(c.Audience, a) }

// Covers reports whether day d falls in the course period.
func (c Course) Covers(d time.Time) bool { return !d.Before(c.From) && !d.After(c.To) }

// Check reports what is wrong with the course, one message per field.
func (c Course) Check() []kijun.FieldError {
	var fe []kijun.FieldError
	bad := func(field, format string, args ...any) {
		fe = append(fe, kijun.FieldError{Field: field, Message: fmtMsg(format, args...)})
	}
	if !validID(c.ID) {
		bad("id", "研修コードは英数字・ハイフン・下線で 1〜40 文字にしてください（%q）", c.ID)
	}
	if strings.TrimSpace(c.Title) == "" {
		bad("title", "研修名を入力してください")
	}
	if c.Mode.Label() == "" {
		bad("mode", "実施方法は 集合研修、e-ラーニング、標的型攻撃メール訓練 のいずれかです（7.2.1）")
	}
	if len(c.Audience) == 0 {
		bad("audience", "対象者を 1 つ以上選んでください（7.2.2エ）")
	}
	for _, a := range c.Audience {
		if !slices.Contains(Audiences(), a) {
			bad("audience", "対象者 %q は研修計画の対象者にありません", string(a))
		}
	}
	if c.From.IsZero() || c.To.IsZero() {
		bad("period", "実施期間の開始日と終了日を入力してください")
	} else if c.To.Before(c.From) {
		bad("period", "実施期間の終了日 %s が開始日 %s より前です", organisation.FormatDate(c.To), organisation.FormatDate(c.From))
	} else if FiscalYear(c.From) != c.Year || FiscalYear(c.To) != c.Year {
		bad("period", "実施期間は %d 年度（%s〜%s）の中にしてください", c.Year,
			organisation.FormatDate(YearStart(c.Year)), organisation.FormatDate(YearEnd(c.Year)))
	}
	if len(c.Quiz) > 0 && (c.PassMark < 1 || c.PassMark > 100) {
		bad("pass_mark", "合格点は 1〜100 点で入力してください")
	}
	for i, q := range c.Quiz {
		if msg := q.check(); msg != "" {
			bad("quiz", "設問 %d: %s", i+1, msg)
		}
	}
	return fe
}

// validID reports whether s may be a course code: it appears in URLs and
// in the files of e-learning systems.
func validID(s string) bool {
	if s == "" || len(s) > 40 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}
