package permits

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
)

// State is where a request stands.
type State string

// The states of a request.
const (
	StateDrafted    State = "drafted"
	StateSubmitted  State = "submitted"
	StateReviewed   State = "reviewed" // an earlier step approved; a later one is pending
	StateApproved   State = "approved" // awaiting its record
	StateRejected   State = "rejected"
	StateCarriedOut State = "carried_out" // recorded; awaiting return (持ち出し) or, for 9.5.2, the report
	StateClosed     State = "closed"
	StateWithdrawn  State = "withdrawn"
)

// Label returns the Japanese name of the state.
func (s State) Label() string {
	switch s {
	case StateDrafted:
		return "下書き"
	case StateSubmitted:
		return "申請中"
	case StateReviewed:
		return "審査中"
	case StateApproved:
		return "承認済み（記録待ち）"
	case StateRejected:
		return "却下"
	case StateCarriedOut:
		return "実施済み"
	case StateClosed:
		return "完了"
	case StateWithdrawn:
		return "取下げ"
	}
	return string(s)
}

// Open reports whether the request still needs someone to act.
func (s State) Open() bool {
	switch s {
	case StateRejected, StateClosed, StateWithdrawn:
		return false
	}
	return true
}

// Pending reports whether the request awaits a decision.
func (s State) Pending() bool { return s == StateSubmitted || s == StateReviewed }

// Action is a step a person (or Kijun) takes on a request.
type Action string

// The actions.
const (
	ActionDraft      Action = "draft"
	ActionSubmit     Action = "submit" // for 9.5.2, the report to the CISO
	ActionApprove    Action = "approve"
	ActionReject     Action = "reject"
	ActionAutoReject Action = "auto_reject"
	ActionRecord     Action = "record" // the record that follows approval; for 9.5.2, the measure taken
	ActionReturn     Action = "return"
	ActionClose      Action = "close"
	ActionWithdraw   Action = "withdraw"
	ActionCorrect    Action = "correct" // a correction or note: a new step, never an edit
)

// Label returns the Japanese name of the action.
func (a Action) Label() string {
	switch a {
	case ActionDraft:
		return "作成"
	case ActionSubmit:
		return "提出"
	case ActionApprove:
		return "承認"
	case ActionReject:
		return "却下"
	case ActionAutoReject:
		return "自動却下"
	case ActionRecord:
		return "記録"
	case ActionReturn:
		return "返却"
	case ActionClose:
		return "実施せず完了"
	case ActionWithdraw:
		return "取下げ"
	case ActionCorrect:
		return "訂正・補足"
	}
	return string(a)
}

// Request is one request and where it stands.
type Request struct {
	ID            int64             `json:"id"`
	Type          string            `json:"type"`
	State         State             `json:"state"`
	Requester     string            `json:"requester"` // 職員番号
	RequesterName string            `json:"requester_name,omitempty"`
	Unit          string            `json:"unit"`             // the 課 whose 情報管理者 decides, or the requester's
	System        string            `json:"system,omitempty"` // the system of subject_system
	Fields        map[string]string `json:"fields"`
	ValidFrom     time.Time         `json:"valid_from,omitzero"`
	ValidTo       time.Time         `json:"valid_to,omitzero"`
	// Step is the index of the pending approval step.
	Step int `json:"step"`
	// DueAt is when the return (持ち出し) or the report (9.5.2) is due.
	DueAt       time.Time `json:"due_at,omitzero"`
	CreatedAt   time.Time `json:"created_at"`
	SubmittedAt time.Time `json:"submitted_at,omitzero"`
	DecidedAt   time.Time `json:"decided_at,omitzero"`
	UpdatedAt   time.Time `json:"updated_at"`
	// Flagged: approved by the requester as unavoidable (3.2.10ア), for the
	// CISO's office to review.
	Flagged bool `json:"flagged,omitempty"`
	Version int  `json:"version"`
}

// Entry is one step in a request's timeline. Entries are never changed.
type Entry struct {
	Seq        int               `json:"seq"`
	Action     Action            `json:"action"`
	From       State             `json:"from"`
	To         State             `json:"to"`
	At         time.Time         `json:"at"`
	Actor      string            `json:"actor"` // 職員番号, or "" for Kijun
	ActorName  string            `json:"actor_name,omitempty"`
	OnBehalfOf string            `json:"on_behalf_of,omitempty"` // 代行: the holder's 職員番号
	BehalfName string            `json:"behalf_name,omitempty"`
	Role       organisation.Role `json:"role,omitempty"` // the role decided in
	// Unavoidable: the requester decided their own request (3.2.10ア).
	Unavoidable bool              `json:"unavoidable,omitempty"`
	Reason      string            `json:"reason,omitempty"`
	Judgement   string            `json:"judgement,omitempty"` // such as "minor" (9.5.1)
	Fields      map[string]string `json:"fields,omitempty"`
	Note        string            `json:"note,omitempty"`
	// Attachments are the files this step added.
	Attachments []AttachmentRef `json:"attachments,omitempty"`
}

// AttachmentRef names a kept file: its number in the request, what it is
// (the declared key), its name, size and SHA-256.
type AttachmentRef struct {
	N           int    `json:"n"`
	Key         string `json:"key"`
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Size        int    `json:"size"`
	SHA256      string `json:"sha256"`
}

// Facts are what the registers say about a request's subject, for the
// automatic refusals.
type Facts struct {
	AssetConfidentiality int    // 0 when no asset
	SystemZone           string // "" when no system
}

// Refuse returns the first automatic refusal the request meets, or nil.
func (t *Type) Refuse(fields map[string]string, f Facts) *Refusal {
	for i, rf := range t.Refusals {
		switch rf.Rule {
		case "field_true":
			if isTrue(fields[rf.Field]) {
				return &t.Refusals[i]
			}
		case "asset_confidentiality_at_least":
			if f.AssetConfidentiality >= rf.Value.(int) {
				return &t.Refusals[i]
			}
		case "system_zone":
			if f.SystemZone == rf.Value.(string) {
				return &t.Refusals[i]
			}
		}
	}
	return nil
}

func isTrue(v string) bool { return v == "true" || v == "on" || v == "1" }

var staffNo = regexp.MustCompile(`^[A-Za-z0-9-]{1,20}$`)

// Check checks a request's fields and, for types with a period, its
// validity period against day (the day it is filed). Each problem is named
// by its field, so a form shows it beside the field.
func (t *Type) Check(fields map[string]string, from, to time.Time, day time.Time) *kijun.FieldErrors {
	fe := checkFields(t.Fields, fields)
	if t.Period {
		switch {
		case from.IsZero():
			fe.Add("valid_from", "開始日を入力してください")
		case to.IsZero():
			fe.Add("valid_to", "終了日を入力してください")
		case to.Before(from):
			fe.Add("valid_to", "終了日は開始日より後にしてください")
		case to.Sub(from) > time.Duration(t.MaxDays)*24*time.Hour:
			fe.Add("valid_to", "期間は %d 日以内にしてください", t.MaxDays)
		case !t.CarriedOutFirst && to.Before(day):
			fe.Add("valid_to", "終了日が過ぎています")
		case !t.CarriedOutFirst && from.Before(day):
			// Permission comes first (4.2キ(2), ク(2), 7.1.1エ): not for a
			// period already begun.
			fe.Add("valid_from", "開始日は今日以降にしてください。許可は事前に得るものです")
		}
	}
	return fe
}

// CheckRecord checks the fields of the record that follows approval, or of
// the return when ret is set.
func (t *Type) CheckRecord(fields map[string]string, ret bool) *kijun.FieldErrors {
	rec := t.Record
	if ret {
		rec = t.Return
	}
	fe := &kijun.FieldErrors{}
	if rec == nil {
		fe.Add("", "この申請に記録はありません")
		return fe
	}
	fe = checkFields(rec.Fields, fields)
	// 4.2ケ(2): the witness is someone other than the person who disposed.
	if (t.Key == "dispose" || t.Key == "device_dispose" || t.Key == "medium_dispose") && !ret && fields["witness"] != "" && fields["witness"] == fields["disposed_by"] {
		fe.Add("witness", "立会者は担当者とは別の者にしてください")
	}
	return fe
}

func checkFields(fs []Field, v map[string]string) *kijun.FieldErrors {
	fe := &kijun.FieldErrors{}
	for _, f := range fs {
		s := strings.TrimSpace(v[f.Key])
		required := f.Required ||
			(f.RequiredUnless != "" && !isTrue(v[f.RequiredUnless])) ||
			(f.RequiredIf != "" && strings.TrimSpace(v[f.RequiredIf]) != "")
		if s == "" || (f.Type == FieldBool && !isTrue(s)) {
			if required {
				if f.Type == FieldBool {
					fe.Add(f.Key, "%sを確認してください（%s）", f.Label, f.Clause)
				} else {
					fe.Add(f.Key, "%sを入力してください（%s）", f.Label, f.Clause)
				}
			}
			continue
		}
		switch f.Type {
		case FieldDate:
			if _, err := organisation.ParseDate(s); err != nil {
				fe.Add(f.Key, "%sは YYYY-MM-DD の形で入力してください", f.Label)
			}
		case FieldChoice:
			ok := false
			for _, c := range f.Choices {
				ok = ok || c == s
			}
			if !ok {
				fe.Add(f.Key, "%sは %s から選んでください", f.Label, strings.Join(f.Choices, "・"))
			}
		case FieldStaff:
			if !staffNo.MatchString(s) {
				fe.Add(f.Key, "%sの職員番号 %q が正しくありません", f.Label, s)
			}
		case FieldText, FieldAsset, FieldDevice, FieldSystem, FieldArea, FieldMedium, FieldContract:
			fe.Text(f.Key, f.Label, s, MaxText, false)
		case FieldTextarea:
			fe.Text(f.Key, f.Label, s, MaxTextarea, true)
		}
	}
	return fe
}

// Next returns the state an action leads to from the request's state, or
// an error that says why the action is refused there.
func (t *Type) Next(r Request, a Action) (State, error) {
	last := r.Step+1 >= len(t.Approvers)
	switch a {
	case ActionSubmit:
		if t.CarriedOutFirst {
			if r.State == StateCarriedOut {
				return StateSubmitted, nil
			}
			if r.State == StateDrafted {
				return "", kijun.Errorf(kijun.EINVALID, "緊急時の例外措置は、実施した内容を記録してから報告します（9.5.2）")
			}
		} else if r.State == StateDrafted {
			return StateSubmitted, nil
		}
	case ActionApprove:
		if r.State.Pending() {
			switch {
			case !last:
				return StateReviewed, nil
			case t.CarriedOutFirst || t.Record == nil:
				return StateClosed, nil
			}
			return StateApproved, nil
		}
	case ActionReject, ActionAutoReject:
		if r.State.Pending() {
			return StateRejected, nil
		}
	case ActionRecord:
		switch {
		case t.CarriedOutFirst && r.State == StateDrafted:
			return StateCarriedOut, nil
		case !t.CarriedOutFirst && r.State == StateApproved && t.Record != nil:
			if t.Return != nil {
				return StateCarriedOut, nil
			}
			return StateClosed, nil
		case !t.CarriedOutFirst && t.Record == nil && r.State.Open():
			return "", kijun.Errorf(kijun.EINVALID, "この申請には承認後の記録はありません")
		}
	case ActionReturn:
		if r.State == StateCarriedOut && t.Return != nil {
			return StateClosed, nil
		}
	case ActionWithdraw:
		if r.State == StateDrafted || r.State.Pending() && !t.CarriedOutFirst {
			return StateWithdrawn, nil
		}
		if t.CarriedOutFirst && r.State.Open() && r.State != StateDrafted {
			return "", kijun.Errorf(kijun.EINVALID, "実施済みの緊急時の例外措置は取り下げられません。CISO に報告してください（9.5.2）")
		}
	case ActionClose:
		// Permitted but not done: the requester closes it with the reason,
		// so no record is awaited.
		if r.State == StateApproved {
			return StateClosed, nil
		}
	case ActionCorrect:
		return r.State, nil
	}
	return "", refusedIn(r.State, a)
}

// refusedIn says why an action cannot be taken in a state.
func refusedIn(s State, a Action) error {
	var why string
	switch s {
	case StateDrafted:
		why = "この申請はまだ提出されていません"
	case StateSubmitted, StateReviewed:
		why = "この申請は承認を待っています"
	case StateApproved:
		why = "この申請は既に承認されています（承認後の記録を待っています）"
	case StateCarriedOut:
		why = "この申請は既に承認・実施されています"
	case StateClosed:
		why = "この申請は既に完了しています"
	case StateRejected:
		why = "この申請は既に却下されています"
	case StateWithdrawn:
		why = "この申請は取り下げられています"
	default:
		why = fmt.Sprintf("この申請の状態（%s）では", s)
	}
	return kijun.Errorf(kijun.ECONFLICT, "%s。「%s」はできません", why, a.Label())
}

// Decision is an approver's decision on a pending request.
type Decision struct {
	Approve bool
	// Approver is the alternative of the pending step the decider acts in.
	Approver Approver
	Decider  organisation.Party
	// Unavoidable and Reason: 3.2.10ア やむを得ない場合.
	Unavoidable bool
	Reason      string
	// Judgement is what the decider judged, such as "minor" for 9.5.1.
	Judgement string
}

// CheckDecision applies the rules a decision must meet: the request is
// pending and, for an approval, not expired (day is the decision's day);
// the approver's judgement where the step asks one (9.5.1); and the
// separation of duties (3.2.10ア), which an unavoidable case passes with a
// recorded reason and a flag.
func (t *Type) CheckDecision(r Request, d Decision, day time.Time) (organisation.Verdict, error) {
	a := ActionReject
	if d.Approve {
		a = ActionApprove
	}
	if _, err := t.Next(r, a); err != nil {
		return organisation.Verdict{}, err
	}
	var fe kijun.FieldErrors
	fe.Text("reason", "やむを得ない理由", d.Reason, MaxReason, true)
	if err := fe.AsError(); err != nil {
		return organisation.Verdict{}, err
	}
	if d.Approve && t.Period && !t.CarriedOutFirst && !r.ValidTo.IsZero() && r.ValidTo.Before(organisation.Day(day)) {
		return organisation.Verdict{}, kijun.Errorf(kijun.ECONFLICT, "申請の期間（%s まで）が過ぎているため承認できません。期間を改めて申請してください", organisation.FormatDate(r.ValidTo))
	}
	if d.Approve && d.Approver.Judgement == "minor" && d.Judgement != "minor" {
		return organisation.Verdict{}, kijun.Errorf(kijun.EFORBIDDEN, "情報セキュリティ統括責任者が許可できるのは、軽微と判断した例外措置に限られます。軽微でなければ CISO の許可を得てください（9.5.1）")
	}
	return organisation.CheckApproval(organisation.Approval{
		Applicant: organisation.Party{StaffNo: r.Requester}, Approver: d.Decider,
		Unavoidable: d.Unavoidable, Reason: d.Reason,
	})
}

// CanRequest reports whether a person holding roles may file the type.
func (t *Type) CanRequest(roles []organisation.Role) bool {
	for _, q := range t.Requesters {
		if q == "staff" {
			return true
		}
		for _, r := range roles {
			if string(r) == q {
				return true
			}
		}
	}
	return false
}

// RequesterLabel names who may file the type, in Japanese.
func (t *Type) RequesterLabel() string {
	var out []string
	for _, q := range t.Requesters {
		if q == "staff" {
			out = append(out, "職員等")
			continue
		}
		out = append(out, organisation.Role(q).Label())
	}
	return strings.Join(out, "・")
}
