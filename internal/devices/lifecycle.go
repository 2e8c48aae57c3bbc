package devices

import (
	"regexp"
	"time"
)

// refPattern is what a permit request's or incident's number looks like.
var refPattern = regexp.MustCompile(`^[0-9]{1,12}$`)

// State is where a device or a medium is in its life: in use, or retired
// by a lease return or a disposal (6.1.7, 4.2ケ), or gone by loss or theft.
type State string

// The states of a device or medium.
const (
	StateInUse    State = "in_use"
	StateReturned State = "returned"
	StateDisposed State = "disposed"
	StateLost     State = "lost"
	StateStolen   State = "stolen"
)

// States are the states, in the order forms offer them.
func States() []Choice {
	return []Choice{
		{string(StateInUse), "使用中", ""},
		{string(StateReturned), "リース返却済み", "6.1.7"},
		{string(StateDisposed), "廃棄済み", "6.1.7"},
		{string(StateLost), "紛失", "9.2.1"},
		{string(StateStolen), "盗難", "9.2.1"},
	}
}

// Label is the state's Japanese name.
func (s State) Label() string { return labelOf(States(), string(s)) }

// ParseState reads a state by its identifier or its Japanese name; a
// blank is in use.
func ParseState(s string) (State, bool) {
	if s == "" {
		return StateInUse, true
	}
	v, ok := parseChoice(States(), s)
	return State(v), ok
}

// Retired says the item has left the city for good: returned to its
// lessor or disposed of. A retired item changes no more.
func (s State) Retired() bool { return s == StateReturned || s == StateDisposed }

// Gone says the item is out of the city's hands: retired, lost or stolen.
// The measures the standard asks of an item in use are not asked of it.
func (s State) Gone() bool { return s != StateInUse && s != "" }

// PermitKind is the 処理の種類 a disposal permit must name for an item to
// take the state: 廃棄 for disposed, リース返却 for returned.
func (s State) PermitKind() string {
	switch s {
	case StateDisposed:
		return "廃棄"
	case StateReturned:
		return "リース返却"
	}
	return ""
}

// Lifecycle is the state of a device or medium, the day it began and what
// authorises or reports it: the number of the approved disposal request
// whose record is kept, for a return or disposal (6.1.7, 4.2ケ(3)); the
// number of the incident report, for a loss or theft (9.2.1).
type Lifecycle struct {
	State   State  `json:"state,omitempty"`
	StateOn string `json:"state_on,omitempty"`
	// StateRef is the permit request's or the incident's number.
	StateRef string `json:"state_ref,omitempty"`
}

// The fields of the lifecycle, as forms and errors name them.
const (
	FieldState    = "state"
	FieldStateOn  = "state_on"
	FieldStateRef = "state_ref"
)

// Normalise writes a blank state as in use, so a row read back equals
// the row written.
func (l *Lifecycle) Normalise() {
	if l.State == "" {
		l.State = StateInUse
	}
}

// RefNoun names what StateRef refers to for the state.
func (l Lifecycle) RefNoun() string {
	switch {
	case l.State.Retired():
		return "廃棄・返却の申請番号"
	case l.State.Gone():
		return "インシデント報告の番号"
	}
	return ""
}

// StateLabel is the state's Japanese name.
func (l Lifecycle) StateLabel() string { return l.State.Label() }

// check checks the lifecycle's fields on their own; noun names the item.
// What the reference points at is the store's to check.
func (c *checker) lifecycle(l Lifecycle, noun string) {
	st, ok := ParseState(string(l.State))
	if !ok {
		c.bad(FieldState, "状態 %q はありません（%s）", string(l.State), labels(States()))
		return
	}
	if st == StateInUse {
		if l.StateOn != "" || l.StateRef != "" {
			c.bad(FieldStateOn, "使用中の%sには、状態の日付と根拠の番号は記録しません", noun)
		}
		return
	}
	if l.StateOn == "" {
		c.bad(FieldStateOn, "%sが%sとなった日を入力してください", noun, st.Label())
	} else if _, err := time.Parse(time.DateOnly, l.StateOn); err != nil {
		c.bad(FieldStateOn, "日付 %q は YYYY-MM-DD の形で入力してください", l.StateOn)
	}
	if !refPattern.MatchString(l.StateRef) {
		switch {
		case st.Retired():
			// 6.1.7, 4.2ケ(3): only with the 情報管理者's permission, and
			// the record of the erasure kept.
			c.bad(FieldStateRef, "%sにするには、許可された廃棄・返却の申請番号（記録済みのもの）を入力してください（6.1.7、4.2ケ）", st.Label())
		default:
			// 9.2.1: a loss or theft is reported as an incident.
			c.bad(FieldStateRef, "%sは情報セキュリティインシデントとして報告し、その番号を入力してください（9.2.1）", st.Label())
		}
	}
}

// Transition checks a change of lifecycle from old to l: a retired item
// does not come back or change, and the day of a new state is not in the
// future (now is today, in the city's time).
func (l Lifecycle) Transition(old Lifecycle, now time.Time, noun string) []FieldError {
	var c checker
	if old.State.Retired() {
		c.bad(FieldState, "%sは%s（%s）のため、これ以上変更できません", noun, old.State.Label(), old.StateOn)
		return c.errs
	}
	if l.State != old.State && l.State.Gone() {
		if d, err := time.ParseInLocation(time.DateOnly, l.StateOn, now.Location()); err == nil && d.After(now) {
			c.bad(FieldStateOn, "%sとなった日 %s が未来の日付です", l.State.Label(), l.StateOn)
		}
	}
	return c.errs
}
