package stocktake

import (
	"strings"
	"time"
	"unicode/utf8"

	"kijun/internal/kijun"
)

// Kind is the register an item comes from.
type Kind string

// The registers a stocktake counts.
const (
	KindDevice Kind = "device" // 機器台帳
	KindMedium Kind = "medium" // 電磁的記録媒体台帳
)

// Label returns the Japanese name of the kind.
func (k Kind) Label() string {
	switch k {
	case KindDevice:
		return "機器"
	case KindMedium:
		return "電磁的記録媒体"
	}
	return string(k)
}

// Mark is what the person counting found of an item.
type Mark string

// The marks; an item not yet looked at has none.
const (
	MarkNone      Mark = ""
	MarkFound     Mark = "found"     // 所在確認
	MarkMissing   Mark = "missing"   // 所在不明
	MarkElsewhere Mark = "elsewhere" // 別の場所で確認
)

// Marks lists the marks a person may give, in the order of the buttons.
func Marks() []Mark { return []Mark{MarkFound, MarkElsewhere, MarkMissing} }

// Label returns the Japanese name of the mark.
func (m Mark) Label() string {
	switch m {
	case MarkNone:
		return "未確認"
	case MarkFound:
		return "所在確認"
	case MarkMissing:
		return "所在不明"
	case MarkElsewhere:
		return "別の場所で確認"
	}
	return string(m)
}

// State is where a stocktake stands.
type State string

// The states of a stocktake.
const (
	StateOpen   State = "open"
	StateClosed State = "closed"
)

// Label returns the Japanese name of the state.
func (s State) Label() string {
	if s == StateClosed {
		return "終了"
	}
	return "調査中"
}

// Field names, as forms and JSON bodies name them.
const (
	FieldUnit  = "unit"
	FieldTitle = "title"
	FieldCode  = "code"
	FieldMark  = "mark"
	FieldPlace = "place"
)

const (
	maxTitle = 200
	maxPlace = 200
)

// Item is one device or medium as it stood when the stocktake began, and
// what the count found of it.
type Item struct {
	Kind     Kind   `json:"kind"`
	ID       string `json:"id"`
	Name     string `json:"name"`
	Location string `json:"location,omitempty"`
	// Confidentiality is the highest 機密性 of the assets the item held
	// when the stocktake began (4.2オ(4)); 0 when it held none.
	Confidentiality int       `json:"confidentiality"`
	Mark            Mark      `json:"mark"`
	Place           string    `json:"place,omitempty"`
	MarkedBy        string    `json:"marked_by,omitempty"`
	MarkedAt        time.Time `json:"marked_at,omitzero"`
	// ActionID and IncidentID are what closing opened for a missing item.
	ActionID   int64 `json:"action_id,omitempty"`
	IncidentID int64 `json:"incident_id,omitempty"`
}

// Code is what the item's QR code holds: its register and 管理番号, as the
// registers name a holder ("medium:M0101-01").
func (it Item) Code() string { return string(it.Kind) + ":" + it.ID }

// Sensitive reports whether losing the item may have lost 機密性2以上
// data, which makes its loss an incident (7.3.1, 9.2.2).
func (it Item) Sensitive() bool { return it.Confidentiality >= 2 }

// Stocktake is one count of a 課's devices and media (9.2.2).
type Stocktake struct {
	ID        int64     `json:"id"`
	Unit      string    `json:"unit"`
	UnitName  string    `json:"unit_name,omitempty"`
	Title     string    `json:"title"`
	State     State     `json:"state"`
	StartedBy string    `json:"started_by"`
	StartedAt time.Time `json:"started_at"`
	ClosedBy  string    `json:"closed_by,omitempty"`
	ClosedAt  time.Time `json:"closed_at,omitzero"`
	Items     []Item    `json:"items,omitempty"`
}

// Counts is how many items carry each mark, MarkNone for those not yet
// looked at.
func (s Stocktake) Counts() map[Mark]int {
	c := map[Mark]int{}
	for _, it := range s.Items {
		c[it.Mark]++
	}
	return c
}

// Find returns the item a code or typed 管理番号 names: "medium:ID" names
// one register's item; a bare ID is looked for in both.
func (s Stocktake) Find(code string) (Item, bool) {
	kind, id, ok := ParseCode(code)
	if !ok {
		return Item{}, false
	}
	for _, it := range s.Items {
		if it.ID == id && (kind == "" || it.Kind == kind) {
			return it, true
		}
	}
	return Item{}, false
}

// CheckStart returns what is wrong with a new stocktake.
func CheckStart(unit, title string) []kijun.FieldError {
	var fe kijun.FieldErrors
	if strings.TrimSpace(unit) == "" {
		fe.Add(FieldUnit, "調査する課のコードを入力してください")
	}
	fe.Text(FieldTitle, "件名", title, maxTitle, false)
	return fe.Fields
}

// CheckMark returns what is wrong with a mark: one of the marks, and a
// place said where (and only where) the item was found elsewhere.
func CheckMark(m Mark, place string) []kijun.FieldError {
	var fe kijun.FieldErrors
	switch m {
	case MarkFound, MarkMissing:
		if strings.TrimSpace(place) != "" && m == MarkMissing {
			fe.Add(FieldPlace, "所在不明の媒体・機器に確認した場所は入力できません")
		}
	case MarkElsewhere:
		if strings.TrimSpace(place) == "" {
			fe.Add(FieldPlace, "どこで確認したかを入力してください（9.2.2）")
		}
	default:
		fe.Add(FieldMark, "所在確認、別の場所で確認、所在不明のいずれかを選んでください")
	}
	if utf8.RuneCountInString(place) > maxPlace {
		fe.Add(FieldPlace, "確認した場所は %d 文字以内にしてください", maxPlace)
	}
	return fe.Fields
}
