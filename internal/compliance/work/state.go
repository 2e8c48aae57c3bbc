package work

import (
	"slices"
	"strings"

	"kijun/internal/kijun"
)

// State is where the work on a finding stands.
type State string

// The states of a finding's work.
const (
	StateOpen       State = "open"
	StateInProgress State = "in_progress"
	StateFixed      State = "fixed"
	StateAccepted   State = "accepted"
	StateClosed     State = "closed"
)

// States lists the states in the order work moves through them.
func States() []State {
	return []State{StateOpen, StateInProgress, StateFixed, StateAccepted, StateClosed}
}

// ParseState reads a state's key.
func ParseState(s string) (State, bool) {
	st := State(s)
	return st, slices.Contains(States(), st)
}

// Label is the state's name in Japanese.
func (s State) Label() string {
	switch s {
	case StateOpen:
		return "未着手"
	case StateInProgress:
		return "対応中"
	case StateFixed:
		return "是正済み（再点検待ち）"
	case StateAccepted:
		return "例外措置で受入れ"
	case StateClosed:
		return "完了"
	}
	return string(s)
}

// Done reports whether nothing more is owed on a finding in state s: it
// does not fall due and is not escalated.
func (s State) Done() bool { return s == StateAccepted || s == StateClosed || s == StateFixed }

// MaxComment bounds a comment, in characters.
const MaxComment = 2000

// Change is what a person asks to change of a finding's work. An empty
// field leaves that part as it is.
type Change struct {
	Rule, Subject string
	State         State
	// Owner is the staff number of the new owner.
	Owner   string
	Comment string
	// Version is the work's version the person saw, so two people working
	// on one finding do not overwrite each other unseen.
	Version int64
}

// Check says what is wrong with a change from state from, on a finding
// accepted under an exception or not, each beside its field.
func (c Change) Check(from State, accepted bool) error {
	var fe kijun.FieldErrors
	if c.State == "" && c.Owner == "" && strings.TrimSpace(c.Comment) == "" {
		fe.Add("comment", "変更する項目か、コメントを入力してください")
	}
	if c.State != "" {
		if _, ok := ParseState(string(c.State)); !ok {
			fe.Add("state", "状態 %q はありません", string(c.State))
		}
		if c.State == StateAccepted && !accepted {
			fe.Add("state", "%s", "例外措置による受入れは、指摘一覧の「受入れ」から例外措置を選んで行ってください（9.5.1）")
		}
		if c.State == StateClosed && from != StateClosed && strings.TrimSpace(c.Comment) == "" {
			fe.Add("comment", "%s", "完了にするときは、何をしたかをコメントに書いてください（9.2.1イ）")
		}
	}
	fe.Text("comment", "コメント", c.Comment, MaxComment, true)
	fe.Text("owner", "担当者の職員番号", c.Owner, 20, false)
	return fe.AsError()
}
