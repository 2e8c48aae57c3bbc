// Package idcards is the register of ID cards and tokens of 7.4.1: who
// holds each (or the 課, for a card given to a 課, イ(1)), when it was
// issued and returned, and its state. A card reported lost stops at once
// (ウ); a card replaced is returned and destroyed, with the record (エ);
// the cards of people who have left are listed until returned. Rules,
// states and validation only: no SQL, no HTTP.
package idcards

import (
	"strings"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
)

// Kind is what the card is.
type Kind string

// The kinds.
const (
	KindCard  Kind = "card"  // ID カード（IC カード）
	KindToken Kind = "token" // 認証用トークン
)

// Label returns the Japanese name of the kind, or "".
func (k Kind) Label() string {
	switch k {
	case KindCard:
		return "ID カード"
	case KindToken:
		return "トークン"
	}
	return ""
}

// ParseKind reads a kind from its code or its Japanese name.
func ParseKind(s string) (Kind, bool) {
	for _, k := range []Kind{KindCard, KindToken} {
		if s == string(k) || s == k.Label() {
			return k, true
		}
	}
	switch s {
	case "IDカード", "ICカード", "カード":
		return KindCard, true
	}
	return "", false
}

// State is where a card stands.
type State string

// The states. Only an issued card gives access; a lost one is stopped the
// moment it is reported (7.4.1ウ).
const (
	StateIssued    State = "issued"
	StateLost      State = "lost"
	StateReturned  State = "returned"
	StateDestroyed State = "destroyed"
)

// Label returns the Japanese name of the state.
func (s State) Label() string {
	switch s {
	case StateIssued:
		return "使用中"
	case StateLost:
		return "紛失（停止済み）"
	case StateReturned:
		return "返却済み"
	case StateDestroyed:
		return "廃棄済み"
	}
	return string(s)
}

// Card is one ID card or token.
type Card struct {
	Number string `json:"number"`
	Kind   Kind   `json:"kind"`
	// Holder is the staff number of the person it is issued to; "" for a
	// card given to a 課 (共用, 7.4.1イ(1)), whose Unit is then set.
	Holder string `json:"holder,omitempty"`
	// Unit is the 課 answering for the card: the holder's, or the 課 a
	// shared card is given to.
	Unit        string    `json:"unit"`
	State       State     `json:"state"`
	IssuedOn    time.Time `json:"issued_on"`
	LostOn      time.Time `json:"lost_on,omitzero"`
	ReturnedOn  time.Time `json:"returned_on,omitzero"`
	DestroyedOn time.Time `json:"destroyed_on,omitzero"`
	// Replaces is the number of the card this one replaces, which must
	// be returned and destroyed (7.4.1エ).
	Replaces string `json:"replaces,omitempty"`
	Note     string `json:"note,omitempty"`
	Version  int64  `json:"version,omitempty"`
}

// Shared reports whether the card is given to a 課 rather than a person.
func (c Card) Shared() bool { return c.Holder == "" }

// Check reports what is wrong with a card to be issued.
func (c Card) Check() []kijun.FieldError {
	var fe []kijun.FieldError
	bad := func(f, m string) { fe = append(fe, kijun.FieldError{Field: f, Message: m}) }
	if n := strings.TrimSpace(c.Number); n == "" || len(n) > 40 || strings.ContainsAny(n, " \t\r\n/?#") {
		bad("number", "カード番号を 40 文字以内（空白・/ ? # なし）で入力してください")
	}
	if c.Kind.Label() == "" {
		bad("kind", "種別は ID カード か トークン です")
	}
	if c.Holder == "" && c.Unit == "" {
		bad("holder", "交付先の職員番号、又は共用の場合は課を入力してください（7.4.1イ(1)）")
	}
	if c.IssuedOn.IsZero() {
		bad("issued_on", "交付日を入力してください")
	}
	if c.Replaces != "" && c.Replaces == c.Number {
		bad("replaces", "切替え前のカード番号が新しいカードと同じです")
	}
	return fe
}

// ReportLost stops an issued card on day d (7.4.1イ(3), ウ).
func (c Card) ReportLost(d time.Time) (Card, error) {
	if c.State != StateIssued {
		return c, kijun.Errorf(kijun.ECONFLICT, "カード %s は%sです。紛失の報告は使用中のカードについて行います", c.Number, c.State.Label())
	}
	c.State, c.LostOn = StateLost, d
	return c, nil
}

// Return records the card back in hand on day d: an issued card, or a
// lost one found.
func (c Card) Return(d time.Time) (Card, error) {
	if c.State != StateIssued && c.State != StateLost {
		return c, kijun.Errorf(kijun.ECONFLICT, "カード %s は%sです", c.Number, c.State.Label())
	}
	if d.Before(c.IssuedOn) {
		return c, kijun.Errorf(kijun.EINVALID, "返却日 %s が交付日 %s より前です", organisation.FormatDate(d), organisation.FormatDate(c.IssuedOn))
	}
	c.State, c.ReturnedOn = StateReturned, d
	return c, nil
}

// Destroy records a returned card destroyed so that it cannot be restored
// (7.4.1エ: 破砕するなど).
func (c Card) Destroy(d time.Time) (Card, error) {
	if c.State != StateReturned {
		return c, kijun.Errorf(kijun.ECONFLICT, "カード %s は%sです。回収（返却）したカードだけを廃棄できます（7.4.1エ）", c.Number, c.State.Label())
	}
	c.State, c.DestroyedOn = StateDestroyed, d
	return c, nil
}
