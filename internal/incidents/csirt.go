package incidents

import (
	"strings"
	"time"
	"unicode/utf8"

	"kijun/internal/kijun"
)

// Triage is the CSIRT's judgement of a report (7.3.3ア): is it an
// incident, and how severe.
type Triage struct {
	IsIncident bool     `json:"is_incident"`
	Severity   Severity `json:"severity"`
	Note       string   `json:"note,omitempty"`
}

// Check returns what is wrong with the judgement.
func (t Triage) Check() []kijun.FieldError {
	var fe kijun.FieldErrors
	if t.IsIncident && (t.Severity < SeverityLow || t.Severity > SeverityCritical) {
		fe.Add(FieldSeverity, "インシデントと評価したときは重要度を選んでください")
	}
	if utf8.RuneCountInString(t.Note) > maxText {
		fe.Add(FieldText, "評価の説明は %d 文字以内にしてください", maxText)
	}
	fe.Chars(FieldText, "評価の説明", t.Note, true)
	return fe.Fields
}

// Apply returns the incident as the judgement leaves it. A report judged
// not to be an incident leaves the CSIRT's board; one judged an incident
// is being responded to.
func (t Triage) Apply(in Incident, at time.Time) Incident {
	in.TriagedAt = at
	if t.IsIncident {
		in.Severity = t.Severity
		if in.Status == StatusReported || in.Status == StatusNotIncident {
			in.Status = StatusResponding
		}
	} else {
		in.Severity = SeverityUnjudged
		in.Status = StatusNotIncident
	}
	return in
}

// ActionKind is the sort of action tracked to done.
type ActionKind string

// The kinds of action.
const (
	// ActionInstruction: the CSIRT's instruction to a 情報管理者 for
	// 応急措置 and 復旧 (7.3.3ウ).
	ActionInstruction ActionKind = "instruction"
	// ActionMeasure: a 再発防止策 proposed by the CSIRT, reported to the
	// CISO, instructed by the CISO (7.3.3エ・オ), done and later checked.
	ActionMeasure ActionKind = "measure"
)

// Label returns the kind's Japanese name.
func (k ActionKind) Label() string {
	switch k {
	case ActionInstruction:
		return "応急措置・復旧の指示"
	case ActionMeasure:
		return "再発防止策"
	}
	return string(k)
}

// ActionState is where an action stands.
type ActionState string

// The states. Instructions go instructed → done; measures go proposed →
// reported → instructed → done → checked.
const (
	StateProposed   ActionState = "proposed"   // 検討（CSIRT）
	StateReported   ActionState = "reported"   // CISO へ報告
	StateInstructed ActionState = "instructed" // 指示
	StateDone       ActionState = "done"       // 実施済み
	StateChecked    ActionState = "checked"    // 効果確認済み
)

// Label returns the state's Japanese name.
func (s ActionState) Label() string {
	switch s {
	case StateProposed:
		return "検討中"
	case StateReported:
		return "CISO へ報告済み"
	case StateInstructed:
		return "指示済み"
	case StateDone:
		return "実施済み"
	case StateChecked:
		return "効果確認済み"
	}
	return string(s)
}

// Action is an instruction or a prevention measure, tracked to done.
type Action struct {
	ID           int64       `json:"id"`
	IncidentID   int64       `json:"incident_id"`
	Kind         ActionKind  `json:"kind"`
	Text         string      `json:"text"`
	Assignee     string      `json:"assignee,omitempty"` // staff number of who must do it
	AssigneeName string      `json:"assignee_name,omitempty"`
	State        ActionState `json:"state"`
	Due          time.Time   `json:"due,omitzero"`
	// CheckDue is when a done measure's effect is to be checked.
	CheckDue time.Time `json:"check_due,omitzero"`
	// Effective is the check's finding, and Result what it found.
	Effective bool      `json:"effective"`
	Result    string    `json:"result,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	Version   int64     `json:"version"`
}

// FirstState is the state a new action of kind k starts in.
func (k ActionKind) FirstState() ActionState {
	if k == ActionMeasure {
		return StateProposed
	}
	return StateInstructed
}

// Next returns the state an action moves to from s, and false at the end.
func (k ActionKind) Next(s ActionState) (ActionState, bool) {
	order := []ActionState{StateInstructed, StateDone}
	if k == ActionMeasure {
		order = []ActionState{StateProposed, StateReported, StateInstructed, StateDone, StateChecked}
	}
	for i, o := range order {
		if o == s && i+1 < len(order) {
			return order[i+1], true
		}
	}
	return "", false
}

// Check returns what is wrong with a new action.
func (a Action) Check() []kijun.FieldError {
	var fe kijun.FieldErrors
	if a.Kind != ActionInstruction && a.Kind != ActionMeasure {
		fe.Add("kind", "指示か再発防止策かを選んでください")
	}
	switch t := strings.TrimSpace(a.Text); {
	case t == "":
		fe.Add(FieldText, "内容を入力してください")
	case utf8.RuneCountInString(t) > maxText:
		fe.Add(FieldText, "内容は %d 文字以内にしてください", maxText)
	}
	fe.Chars(FieldText, "内容", a.Text, true)
	if a.Kind == ActionInstruction && a.Assignee == "" {
		fe.Add("assignee", "指示する相手（情報管理者、7.3.3ウ）を選んでください")
	}
	return fe.Fields
}

// Advance moves the action one step on at at, recording a check's result
// for a measure. It refuses a step that is not the next.
func (a Action) Advance(to ActionState, at time.Time, effective bool, result string) (Action, error) {
	next, ok := a.Kind.Next(a.State)
	if !ok || next != to {
		return a, kijun.Errorf(kijun.ECONFLICT, "「%s」の次は「%s」ではありません", a.State.Label(), to.Label())
	}
	if to == StateChecked {
		if strings.TrimSpace(result) == "" {
			return a, kijun.Errorf(kijun.EINVALID, "効果の確認結果を入力してください")
		}
		var fe kijun.FieldErrors
		fe.Text("result", "効果の確認結果", result, maxText, true)
		if err := fe.AsError(); err != nil {
			return a, err
		}
		a.Effective, a.Result = effective, strings.TrimSpace(result)
	}
	if to == StateDone && a.Kind == ActionMeasure && a.CheckDue.IsZero() {
		a.CheckDue = endOfDay(at, CheckAfterDays)
	}
	a.State, a.UpdatedAt = to, at
	return a, nil
}

// CheckAfterDays is how long after a measure is done its effect is checked.
const CheckAfterDays = 90

// Open reports whether the action still needs someone to act.
func (a Action) Open() bool {
	if a.Kind == ActionMeasure {
		return a.State != StateChecked
	}
	return a.State != StateDone
}

// EventKind is a kind of step in an incident's timeline.
type EventKind string

// The kinds of timeline event.
const (
	EventReported     EventKind = "reported"
	EventCorrected    EventKind = "corrected"
	EventNotified     EventKind = "notified"
	EventAcknowledged EventKind = "acknowledged"
	EventEscalated    EventKind = "escalated"
	EventTriaged      EventKind = "triaged"
	EventCISOReport   EventKind = "ciso_report"
	EventAction       EventKind = "action"
	EventCause        EventKind = "cause"
	EventOutside      EventKind = "outside_report"
	EventAnnounce     EventKind = "announce"
	EventEvidence     EventKind = "evidence"
	EventContained    EventKind = "contained"
	EventClosed       EventKind = "closed"
	EventDebrief      EventKind = "debrief"
)

// Event is one step in the timeline: what, who and when.
type Event struct {
	ID         int64     `json:"id"`
	IncidentID int64     `json:"incident_id"`
	At         time.Time `json:"at"`
	Actor      string    `json:"actor"`
	ActorName  string    `json:"actor_name,omitempty"`
	Kind       EventKind `json:"kind"`
	Text       string    `json:"text"`
}

// Close checks that the incident may close at at: judged, with its cause
// found, every instruction done and every measure at least instructed by
// the CISO (7.3.3オ); a drill needs its debrief (7.2.3). It returns the
// reasons it may not, in Japanese.
func CanClose(in Incident, actions []Action) []string {
	var why []string
	if in.Status == StatusReported {
		why = append(why, "CSIRT の評価（7.3.3ア）がまだです")
	}
	if in.Status == StatusNotIncident || in.Status == StatusClosed {
		return why
	}
	if strings.TrimSpace(in.RootCause) == "" {
		why = append(why, "原因（7.3.3エ）が記録されていません")
	}
	for _, a := range actions {
		switch {
		case a.Kind == ActionInstruction && a.State != StateDone:
			why = append(why, "指示「"+short(a.Text)+"」が完了していません")
		case a.Kind == ActionMeasure && (a.State == StateProposed || a.State == StateReported):
			why = append(why, "再発防止策「"+short(a.Text)+"」を CISO がまだ指示していません（7.3.3オ）")
		}
	}
	if in.Drill && strings.TrimSpace(in.Debrief) == "" {
		why = append(why, "訓練の振り返り（7.2.3）が記録されていません")
	}
	return why
}

func short(s string) string {
	r := []rune(s)
	if len(r) > 30 {
		return string(r[:30]) + "…"
	}
	return s
}
