package incidents

import (
	"strings"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
)

// Limits of a drill plan's texts.
const (
	maxDrillText  = 2000
	maxDrillTitle = 200
)

// DrillPlan is the 年度's plan of 緊急時対応訓練 (7.2.3): drafted by the
// 情報セキュリティ統括責任者's office for the CISO, it sets the scope, the
// systems and networks drilled and who takes part (訓練実施の体制), and
// lists the drills planned. The drills carried out are incidents marked
// as drills (Incident.Drill), each linked to its entry.
type DrillPlan struct {
	Year         int          `json:"year"`
	Scope        string       `json:"scope"`
	Systems      string       `json:"systems"`
	Participants string       `json:"participants"`
	DraftedBy    string       `json:"drafted_by"`
	UpdatedAt    time.Time    `json:"updated_at"`
	Version      int64        `json:"version"`
	Entries      []DrillEntry `json:"entries,omitempty"`
}

// DrillEntry is one drill the plan sets: what, when, who by role and 課,
// and, once the day has come, its result.
type DrillEntry struct {
	ID           int64              `json:"id"`
	Year         int                `json:"year"`
	Title        string             `json:"title"`
	PlannedOn    time.Time          `json:"planned_on"`
	Participants string             `json:"participants"`
	Result       *DrillResult       `json:"result,omitempty"`
	Improvements []DrillImprovement `json:"improvements,omitempty"`
}

// DrillResult is a planned drill's outcome against the plan: held (as
// the drill incident IncidentID) with what it taught, or not held and why.
type DrillResult struct {
	EntryID    int64     `json:"entry_id"`
	Held       bool      `json:"held"`
	IncidentID int64     `json:"incident_id,omitempty"`
	Lessons    string    `json:"lessons"`
	RecordedBy string    `json:"recorded_by"`
	RecordedAt time.Time `json:"recorded_at"`
}

// DrillImprovement is an improvement the CISO orders after a drill
// (7.2.3: 緊急時の体制や対応手順の改善): what, who answers for it, by
// when, and the response procedure (9.4.1) it changes, to be reviewed
// (9.4.5) by ReviewBy. It opens a corrective action (CorrectiveID).
type DrillImprovement struct {
	ID             int64             `json:"id"`
	EntryID        int64             `json:"entry_id"`
	What           string            `json:"what"`
	Unit           string            `json:"unit"`
	OwnerRole      organisation.Role `json:"owner_role"`
	Due            time.Time         `json:"due"`
	ProcedureID    int64             `json:"procedure_id"`
	ProcedureTitle string            `json:"procedure_title,omitempty"`
	ReviewBy       time.Time         `json:"review_by"`
	CorrectiveID   int64             `json:"corrective_id"`
	OrderedBy      string            `json:"ordered_by"`
	OrderedAt      time.Time         `json:"ordered_at"`
}

// DrillOwnerRoles are who may answer for an improvement: the 情報管理者
// of a 課, the 情報基盤管理者 or the 情報セキュリティ管理者.
func DrillOwnerRoles() []organisation.Role {
	return []organisation.Role{organisation.RoleInfoManager, organisation.RoleInfraManager, organisation.RoleSecurityManager}
}

// OwnerScope is the scope the owner role holds for the improvement: the
// 課 for its 情報管理者, the city for the others.
func (m DrillImprovement) OwnerScope() organisation.Scope {
	if m.OwnerRole == organisation.RoleInfoManager {
		return organisation.UnitScope(m.Unit)
	}
	return organisation.City()
}

// Check returns what is wrong with the plan.
func (p DrillPlan) Check() []kijun.FieldError {
	var fe kijun.FieldErrors
	if p.Year < 2000 || p.Year > 2100 {
		fe.Add("year", "年度を 2026 のように入力してください")
	}
	if strings.TrimSpace(p.Scope) == "" {
		fe.Add("scope", "訓練の範囲を入力してください（7.2.3）")
	}
	if strings.TrimSpace(p.Systems) == "" {
		fe.Add("systems", "対象のネットワーク・情報システムを入力してください（7.2.3）")
	}
	if strings.TrimSpace(p.Participants) == "" {
		fe.Add("participants", "訓練実施の体制（参加する役割・課）を入力してください（7.2.3）")
	}
	fe.Text("scope", "範囲", p.Scope, maxDrillText, true)
	fe.Text("systems", "対象システム", p.Systems, maxDrillText, true)
	fe.Text("participants", "体制", p.Participants, maxDrillText, true)
	return fe.Fields
}

// Check returns what is wrong with the entry: it must fall in its 年度.
func (e DrillEntry) Check() []kijun.FieldError {
	var fe kijun.FieldErrors
	if strings.TrimSpace(e.Title) == "" {
		fe.Add("title", "訓練の名前（想定する事案）を入力してください")
	}
	fe.Text("title", "訓練の名前", e.Title, maxDrillTitle, false)
	if e.PlannedOn.IsZero() {
		fe.Add("planned_on", "予定日を 2026-10-01 のように入力してください")
	} else if start, end := time.Date(e.Year, time.April, 1, 0, 0, 0, 0, time.UTC), time.Date(e.Year+1, time.April, 1, 0, 0, 0, 0, time.UTC); e.PlannedOn.Before(start) || !e.PlannedOn.Before(end) {
		fe.Add("planned_on", "予定日は %d 年度（%d年4月1日〜%d年3月31日）の日にしてください", e.Year, e.Year, e.Year+1)
	}
	if strings.TrimSpace(e.Participants) == "" {
		fe.Add("participants", "参加する役割・課を入力してください")
	}
	fe.Text("participants", "参加者", e.Participants, maxDrillText, true)
	return fe.Fields
}

// Check returns what is wrong with the result: a drill held names its
// drill incident and what it taught; one not held says why.
func (r DrillResult) Check() []kijun.FieldError {
	var fe kijun.FieldErrors
	if r.Held && r.IncidentID == 0 {
		fe.Add("incident_id", "実施した訓練（訓練として報告したインシデントの番号）を入力してください")
	}
	if !r.Held && r.IncidentID != 0 {
		fe.Add("incident_id", "実施しなかった訓練にインシデントは結び付けません")
	}
	if strings.TrimSpace(r.Lessons) == "" {
		if r.Held {
			fe.Add("lessons", "訓練で分かったこと（改善すべき点）を入力してください（7.2.3）")
		} else {
			fe.Add("lessons", "実施しなかった理由を入力してください")
		}
	}
	fe.Text("lessons", "結果", r.Lessons, maxDrillText, true)
	return fe.Fields
}

// Check returns what is wrong with the improvement.
func (m DrillImprovement) Check() []kijun.FieldError {
	var fe kijun.FieldErrors
	if strings.TrimSpace(m.What) == "" {
		fe.Add("what", "改善の内容を入力してください")
	}
	fe.Text("what", "改善の内容", m.What, maxDrillTitle, false)
	if m.Unit == "" {
		fe.Add("unit", "改善を担当する課を入力してください")
	}
	found := false
	for _, r := range DrillOwnerRoles() {
		found = found || r == m.OwnerRole
	}
	if !found {
		fe.Add("owner_role", "担当する役割を、情報管理者、情報基盤管理者、情報セキュリティ管理者から選んでください")
	}
	if m.Due.IsZero() {
		fe.Add("due", "期限を 2027-03-31 のように入力してください")
	}
	if m.ProcedureID == 0 {
		fe.Add("procedure_id", "改善する対応手順書（9.4.1）を選んでください")
	}
	if m.ReviewBy.IsZero() {
		fe.Add("review_by", "手順書を見直す期限（9.4.5）を入力してください")
	}
	return fe.Fields
}
