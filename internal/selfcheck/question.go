package selfcheck

import (
	"strings"
	"time"
	"unicode/utf8"

	"kijun/internal/kijun"
)

// Audience is who answers a question (11.2.1).
type Audience string

// The audiences of 11.2.1.
const (
	// Unit questions go to each 課's 情報管理者 (11.2.1イ).
	Unit Audience = "unit"
	// System questions go to each system's 業務システム管理者 (11.2.1ア).
	System Audience = "system"
	// Staff questions go to every member of staff (11.2.3ア).
	Staff Audience = "staff"
)

// Audiences lists the audiences in order.
func Audiences() []Audience { return []Audience{Unit, System, Staff} }

// Valid reports whether a is a known audience.
func (a Audience) Valid() bool { return a == Unit || a == System || a == Staff }

// Label is the audience's Japanese name: the role that answers.
func (a Audience) Label() string {
	switch a {
	case Unit:
		return "情報管理者（課）"
	case System:
		return "業務システム管理者（システム）"
	case Staff:
		return "職員等（本人）"
	}
	return string(a)
}

// Question is one self-check question.
type Question struct {
	// Key identifies the question across years, so that answers can be
	// compared with last 年度's.
	Key string `json:"key"`
	// Provision is the catalog provision the question asks about.
	Provision string   `json:"provision"`
	Audience  Audience `json:"audience"`
	// Text is the question, in Japanese.
	Text string `json:"text"`
	// Rules are the IDs of compliance rules whose open findings in the
	// respondent's 課 or system contradict an answer of yes.
	Rules []string `json:"rules,omitempty"`
}

// Check validates a question: known reports whether a provision is in the
// catalog in force, rule whether a rule ID is in the rules in force (nil
// accepts any). A problem is an EINVALID error naming the field.
func (q Question) Check(known, rule func(string) bool) error {
	fe := &kijun.FieldErrors{}
	if strings.TrimSpace(q.Key) == "" || strings.ContainsAny(q.Key, " \t\n") {
		fe.Add("key", "設問の識別子を空白なしで入力してください（the key is required and has no spaces）")
	}
	switch {
	case q.Provision == "":
		fe.Add("provision", "設問が根拠とする条項を入力してください（each question cites its provision, 11.2）")
	case known != nil && !known(q.Provision):
		fe.Add("provision", "条項 %s は施行中の対策基準にありません（provision %s is not in the standard in force）", q.Provision, q.Provision)
	}
	if !q.Audience.Valid() {
		fe.Add("audience", "回答者は unit・system・staff のいずれかです（audience must be unit, system or staff）")
	}
	if !utf8.ValidString(q.Key + q.Provision + q.Text) {
		fe.Add("text", "設問に不正な文字コードが含まれています（invalid UTF-8）")
	} else if strings.TrimSpace(q.Text) == "" {
		fe.Add("text", "設問の文を入力してください（the question's text is required）")
	} else if len([]rune(q.Text)) > 1000 {
		fe.Add("text", "設問の文は 1000 字以内にしてください（at most 1000 characters）")
	}
	for _, r := range q.Rules {
		if rule != nil && !rule(r) {
			fe.Add("rules", "点検ルール %s は適用中のルールにありません（rule %s is not in force）", r, r)
		}
	}
	return fe.AsError()
}

// Campaign is one 年度's self-check (11.2.1).
type Campaign struct {
	ID         int64     `json:"id"`
	FiscalYear int       `json:"fiscal_year"`
	LaunchedAt time.Time `json:"launched_at"`
	LaunchedBy string    `json:"launched_by"`
	// Due is the last day to submit a report.
	Due       time.Time  `json:"due"`
	ClosedAt  time.Time  `json:"closed_at,omitzero"`
	Questions []Question `json:"questions"`
}

// Open reports whether answers may still be given.
func (c Campaign) Open() bool { return c.ClosedAt.IsZero() }

// For returns the campaign's questions addressed to a.
func (c Campaign) For(a Audience) []Question {
	var out []Question
	for _, q := range c.Questions {
		if q.Audience == a {
			out = append(out, q)
		}
	}
	return out
}

// Question returns the campaign's question with key, or nil.
func (c Campaign) Question(key string) *Question {
	for i := range c.Questions {
		if c.Questions[i].Key == key {
			return &c.Questions[i]
		}
	}
	return nil
}

// Report is one respondent's report: a 課's, a system's or a person's.
type Report struct {
	ID         int64    `json:"id"`
	CampaignID int64    `json:"campaign_id"`
	Audience   Audience `json:"audience"`
	// Subject is the 課's code, the system's ID or the staff number.
	Subject     string `json:"subject"`
	SubjectName string `json:"subject_name"`
	// Unit is the 課 the report counts under.
	Unit string `json:"unit"`
	// Respondent is who answers: the role's holder on launch day, or ""
	// while the role was vacant.
	Respondent   string    `json:"respondent"`
	Answered     int       `json:"answered"`
	Contradicted int       `json:"contradicted"`
	SubmittedAt  time.Time `json:"submitted_at,omitzero"`
}

// Submitted reports whether the report has been submitted.
func (r Report) Submitted() bool { return !r.SubmittedAt.IsZero() }
