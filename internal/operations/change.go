package operations

import (
	"slices"
	"strings"
	"time"

	"kijun/internal/kijun"
)

// ChangeState is where a システム変更等の作業 stands.
type ChangeState string

// The states of a change, in the order it passes them.
const (
	ChangePlanned   ChangeState = "planned"   // 計画
	ChangeApproved  ChangeState = "approved"  // 承認済み (8.3.4イ: 上長の承認)
	ChangeDone      ChangeState = "done"      // 実施済み・確認待ち
	ChangeConfirmed ChangeState = "confirmed" // 相互確認済み (8.1.5ウ)
	ChangeCancelled ChangeState = "cancelled" // 取りやめ
)

// Label returns the state's Japanese name.
func (s ChangeState) Label() string {
	switch s {
	case ChangePlanned:
		return "計画"
	case ChangeApproved:
		return "承認済み"
	case ChangeDone:
		return "実施済み（確認待ち）"
	case ChangeConfirmed:
		return "相互確認済み"
	case ChangeCancelled:
		return "取りやめ"
	}
	return string(s)
}

// VersionChange is one product's software version before and after a
// change (8.3.7).
type VersionChange struct {
	Product string `json:"product"`
	Before  string `json:"before,omitempty"`
	After   string `json:"after,omitempty"`
}

// Change is a システム変更等の作業 on one system: planned with what, why,
// the risk and the way back, approved where the city asks it, carried out
// by two people at least who confirm each other's work (8.1.5ウ), and
// kept as the system's change history with the documents it changed
// (8.3.6).
type Change struct {
	ID         int64           `json:"id"`
	System     string          `json:"system"`
	Title      string          `json:"title"`
	Reason     string          `json:"reason"`
	Risk       string          `json:"risk"`
	Rollback   string          `json:"rollback"`
	Components string          `json:"components,omitempty"`
	Versions   []VersionChange `json:"versions,omitempty"`
	// Documents are the specifications and manuals the change alters
	// (8.3.6: プログラム仕様書等の変更履歴).
	Documents string      `json:"documents,omitempty"`
	State     ChangeState `json:"state"`
	PlannedBy string      `json:"planned_by"`
	PlannedAt time.Time   `json:"planned_at"`
	// NeedsApproval is the city's setting when the change was planned.
	NeedsApproval bool      `json:"needs_approval"`
	ApprovedBy    string    `json:"approved_by,omitempty"`
	ApprovedAt    time.Time `json:"approved_at,omitzero"`
	// DoneBy carried the change out, with Workers (DoneBy first) present.
	DoneBy  string    `json:"done_by,omitempty"`
	DoneAt  time.Time `json:"done_at,omitzero"`
	Workers []string  `json:"workers,omitempty"`
	Outcome Outcome   `json:"outcome,omitempty"`
	// ConfirmedBy is the second person, who was present and checked the
	// work of DoneBy, as DoneBy checked theirs by recording it.
	ConfirmedBy string    `json:"confirmed_by,omitempty"`
	ConfirmedAt time.Time `json:"confirmed_at,omitzero"`
	Note        string    `json:"note,omitempty"`
	UpdatedAt   time.Time `json:"updated_at"`
	Version     int       `json:"version"`
}

// Fields of a change beyond a work record's.
const (
	FieldTitle     = "title"
	FieldReason    = "reason"
	FieldRisk      = "risk"
	FieldRollback  = "rollback"
	FieldVersions  = "versions"
	FieldDocuments = "documents"
	FieldConfirm   = "confirm"
)

// Limits on a change's text.
const (
	MaxTitle    = 200
	MaxPlanText = 2000
	MaxVersions = 20
)

// CheckPlan returns what is wrong with a planned change: each of what,
// why, the risk and the way back is required (8.1.5イ, 8.3.7).
func (c Change) CheckPlan() []kijun.FieldError {
	var fe kijun.FieldErrors
	if strings.TrimSpace(c.System) == "" {
		fe.Add(FieldSystem, "情報システムを指定してください")
	}
	for _, f := range []struct{ field, label, value string }{
		{FieldTitle, "作業内容", c.Title}, {FieldReason, "変更の理由", c.Reason},
		{FieldRisk, "リスク", c.Risk}, {FieldRollback, "切り戻し手順", c.Rollback},
	} {
		if strings.TrimSpace(f.value) == "" {
			fe.Add(f.field, "%sを入力してください（8.1.5イ）", f.label)
		}
	}
	fe.Text(FieldTitle, "作業内容", c.Title, MaxTitle, false)
	fe.Text(FieldReason, "変更の理由", c.Reason, MaxPlanText, true)
	fe.Text(FieldRisk, "リスク", c.Risk, MaxPlanText, true)
	fe.Text(FieldRollback, "切り戻し手順", c.Rollback, MaxPlanText, true)
	fe.Text(FieldComponents, "対象の構成要素", c.Components, MaxComponents, true)
	fe.Text(FieldDocuments, "変更した文書", c.Documents, MaxPlanText, true)
	if len(c.Versions) > MaxVersions {
		fe.Add(FieldVersions, "ソフトウェアの版は %d 件までです", MaxVersions)
	}
	for _, v := range c.Versions {
		if strings.TrimSpace(v.Product) == "" {
			fe.Add(FieldVersions, "製品名のない版の変更があります")
		}
		if v.Before == "" && v.After == "" {
			fe.Add(FieldVersions, "%s の変更前・変更後の版がありません", v.Product)
		}
		fe.Text(FieldVersions, "製品名", v.Product+v.Before+v.After, 300, false)
	}
	return fe.Fields
}

// ParseVersions reads version changes written one a line as
// "product before -> after" (→ also), as the form writes them.
func ParseVersions(text string) ([]VersionChange, error) {
	var out []VersionChange
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		left, after, ok := strings.Cut(strings.ReplaceAll(line, "→", "->"), "->")
		if !ok {
			return nil, kijun.Errorf(kijun.EINVALID, "ソフトウェアの版 %q は「製品名 変更前の版 -> 変更後の版」で書いてください", line)
		}
		fields := strings.Fields(left)
		if len(fields) < 1 {
			return nil, kijun.Errorf(kijun.EINVALID, "ソフトウェアの版 %q に製品名がありません", line)
		}
		v := VersionChange{After: strings.TrimSpace(after)}
		if len(fields) > 1 {
			v.Before, fields = fields[len(fields)-1], fields[:len(fields)-1]
		}
		v.Product = strings.Join(fields, " ")
		out = append(out, v)
	}
	return out, nil
}

// FormatVersions writes version changes as ParseVersions reads them.
func FormatVersions(vs []VersionChange) string {
	var b strings.Builder
	for _, v := range vs {
		b.WriteString(strings.TrimSpace(v.Product + " " + v.Before))
		b.WriteString(" -> ")
		b.WriteString(v.After)
		b.WriteString("\n")
	}
	return b.String()
}

// Plan makes c a planned change by who at now.
func Plan(c Change, who string, needsApproval bool, now time.Time) (Change, error) {
	if fe := c.CheckPlan(); len(fe) > 0 {
		return c, (&kijun.FieldErrors{Fields: fe}).AsError()
	}
	c.State, c.PlannedBy, c.PlannedAt, c.NeedsApproval, c.UpdatedAt = ChangePlanned, who, now, needsApproval, now
	return c, nil
}

// Approve records the approval of a planned change by who (8.3.4イ: 上長
// の承認). The one who planned it does not approve it.
func Approve(c Change, who string, now time.Time) (Change, error) {
	if c.State != ChangePlanned {
		return c, kijun.Errorf(kijun.ECONFLICT, "変更 %d は「%s」です。承認できるのは計画中の変更だけです", c.ID, c.State.Label())
	}
	if who == c.PlannedBy {
		return c, kijun.Errorf(kijun.EFORBIDDEN, "変更 %d を計画した本人は承認できません（上長等の別の者が承認します。8.3.4イ）", c.ID)
	}
	c.State, c.ApprovedBy, c.ApprovedAt, c.UpdatedAt = ChangeApproved, who, now, now
	return c, nil
}

// Carry records that who carried c out at at, with the others present
// (8.1.5ウ: 2名以上で作業). A change the city asks approval for is carried
// out only once approved. Done with nobody else present it is recorded as
// it was, and stands as a finding: a change done by one person alone.
func Carry(c Change, who string, others []string, at time.Time, outcome Outcome, note string, now time.Time) (Change, error) {
	ready := c.State == ChangeApproved || (c.State == ChangePlanned && !c.NeedsApproval)
	if !ready {
		if c.State == ChangePlanned {
			return c, kijun.Errorf(kijun.ECONFLICT, "変更 %d はまだ承認されていません。承認の後に実施してください（8.3.4イ）", c.ID)
		}
		return c, kijun.Errorf(kijun.ECONFLICT, "変更 %d は「%s」です。実施を記録できません", c.ID, c.State.Label())
	}
	var fe kijun.FieldErrors
	workers := append([]string{who}, others...)
	checkWorkers(&fe, FieldWorkers, workers)
	switch {
	case at.IsZero():
		fe.Add(FieldAt, "実施日時を入力してください")
	case at.After(now):
		fe.Add(FieldAt, "実施日時 %s は未来です。実施した後に記録してください（8.1.5イ）", at.In(jst).Format("2006-01-02 15:04"))
	case at.Before(c.PlannedAt.Add(-24 * time.Hour)):
		fe.Add(FieldAt, "実施日時が計画より前です")
	}
	if _, ok := ParseOutcome(string(outcome)); !ok {
		fe.Add(FieldOutcome, "結果 %q は 完了・失敗・中止 のいずれかにしてください", string(outcome))
	}
	fe.Text("note", "備考", note, MaxPlanText, true)
	if err := fe.AsError(); err != nil {
		return c, err
	}
	c.State, c.DoneBy, c.DoneAt, c.Workers, c.Outcome, c.Note, c.UpdatedAt = ChangeDone, who, at, workers, outcome, note, now
	return c, nil
}

// Confirm records that who, present at the work, confirms it (8.1.5ウ:
// 互いにその作業を確認). The one who carried it out cannot be their own
// second person, nor can someone who was not there.
func Confirm(c Change, who string, now time.Time) (Change, error) {
	if c.State != ChangeDone {
		return c, kijun.Errorf(kijun.ECONFLICT, "変更 %d は「%s」です。確認できるのは実施済みの変更だけです", c.ID, c.State.Label())
	}
	if who == c.DoneBy {
		return c, (&kijun.FieldErrors{Fields: []kijun.FieldError{{Field: FieldConfirm,
			Message: "作業を実施した本人は確認者になれません。作業に立ち会った別の者が確認してください（8.1.5ウ: 2名以上で作業し、互いに確認）"}}}).AsError()
	}
	if !slices.Contains(c.Workers, who) {
		return c, (&kijun.FieldErrors{Fields: []kijun.FieldError{{Field: FieldConfirm,
			Message: "確認者 " + who + " は作業者として記録されていません。作業に立ち会った者だけが確認できます（8.1.5ウ）"}}}).AsError()
	}
	c.State, c.ConfirmedBy, c.ConfirmedAt, c.UpdatedAt = ChangeConfirmed, who, now, now
	return c, nil
}

// Cancel withdraws a change not yet carried out.
func Cancel(c Change, now time.Time) (Change, error) {
	if c.State != ChangePlanned && c.State != ChangeApproved {
		return c, kijun.Errorf(kijun.ECONFLICT, "変更 %d は「%s」です。取りやめられるのは実施前の変更だけです", c.ID, c.State.Label())
	}
	c.State, c.UpdatedAt = ChangeCancelled, now
	return c, nil
}

// ConfirmWithin is how long a change carried out may wait for its second
// person's confirmation before it counts as done by one person alone.
const ConfirmWithin = 72 * time.Hour

// Alone reports whether c stands, on now, as a change done by one person
// alone (8.1.5ウ): carried out with nobody else recorded present, or not
// confirmed by a second person within ConfirmWithin.
func (c Change) Alone(now time.Time) bool {
	if c.State != ChangeDone {
		return false
	}
	return len(c.Workers) < 2 || now.Sub(c.DoneAt) > ConfirmWithin
}
