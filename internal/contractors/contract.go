package contractors

import (
	"fmt"
	"slices"
	"time"

	"kijun/internal/kijun"
)

// State is where a contract stands.
type State string

// The states of a contract.
const (
	StateDraft  State = "draft"  // 準備中: being drawn up, not yet in force
	StateActive State = "active" // 契約中: in force
	StateEnded  State = "ended"  // 終了
)

// States lists the states in order.
func States() []State { return []State{StateDraft, StateActive, StateEnded} }

// Label is the state's Japanese name.
func (s State) Label() string {
	switch s {
	case StateDraft:
		return "準備中"
	case StateActive:
		return "契約中"
	case StateEnded:
		return "終了"
	}
	return string(s)
}

// ParseState reads a state by identifier or Japanese name.
func ParseState(s string) (State, bool) {
	for _, st := range States() {
		if s == string(st) || s == st.Label() {
			return st, true
		}
	}
	return "", false
}

// Contract is one 業務委託 contract of a 課 with a contractor.
type Contract struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Unit is the 課 that owns the contract; its 情報管理者 approves
	// 再委託 (10.1.4).
	Unit       string `json:"unit"`
	UnitName   string `json:"unit_name,omitempty"`
	Contractor string `json:"contractor"`
	// ContractorName is read with the contract, for pages.
	ContractorName string    `json:"contractor_name,omitempty"`
	From           time.Time `json:"from"`
	To             time.Time `json:"to"`
	State          State     `json:"state"`
	// MyNumber is true when the work handles 特定個人情報 (10.1.1).
	MyNumber bool `json:"my_number"`
	// Systems and Assets are what is entrusted: system IDs and asset
	// 管理番号. The highest class of the assets is what the contractor
	// handles (4.2オ(4)).
	Systems []string `json:"systems,omitempty"`
	Assets  []string `json:"assets,omitempty"`
	// Articles holds, for each item of 10.1.2 the contract states, the
	// article that states it (第5条), by the item's key.
	Articles map[string]string `json:"articles,omitempty"`
	// Exception is the 例外措置 (9.5) under which the contract is in
	// force with an obligatory item missing, 0 for none.
	Exception int64     `json:"exception,omitempty"`
	CreatedAt time.Time `json:"created_at,omitzero"`
	UpdatedAt time.Time `json:"updated_at,omitzero"`
	Version   int       `json:"version"`
}

// The form fields of a contract.
const (
	FieldContract   = "contract"
	FieldUnit       = "unit"
	FieldContractor = "contractor"
	FieldFrom       = "from"
	FieldTo         = "to"
	FieldState      = "state"
	FieldSystems    = "systems"
	FieldAssets     = "assets"
	FieldException  = "exception"
)

// FieldArticle is the form field of the article of the item key.
func FieldArticle(key string) string { return "article_" + key }

// MaxEntrusted is the most systems or assets one contract entrusts.
const MaxEntrusted = 500

// Missing returns the obligatory items of 10.1.2ア the contract does not
// state with an article.
func (c Contract) Missing() []Clause {
	var out []Clause
	for _, cl := range clauses {
		if cl.Obligatory && c.Articles[cl.Key] == "" {
			out = append(out, cl)
		}
	}
	return out
}

// MissingNumbers returns the numbers of the missing items: ア(2)、ア(5).
func (c Contract) MissingNumbers() []string {
	var out []string
	for _, cl := range c.Missing() {
		out = append(out, cl.Number())
	}
	return out
}

// InForce reports whether the contract is active and day falls in its
// period.
func (c Contract) InForce(day time.Time) bool {
	return c.State == StateActive && !day.Before(c.From) && !day.After(c.To)
}

// Check returns what is wrong with c on its own, field by field: whether
// its contractor, unit, systems and assets exist and whether an exception
// covers a missing item are for the store to say.
func (c Contract) Check() []kijun.FieldError {
	fe := &kijun.FieldErrors{}
	checkID(fe, FieldID, "契約番号", c.ID)
	if c.Name == "" {
		fe.Add(FieldName, "契約の件名を入力してください")
	}
	fe.Text(FieldName, "件名", c.Name, kijun.MaxName, false)
	if c.Unit == "" {
		fe.Add(FieldUnit, "契約を所管する課を入力してください")
	}
	if c.Contractor == "" {
		fe.Add(FieldContractor, "委託事業者を入力してください")
	}
	if c.From.IsZero() {
		fe.Add(FieldFrom, "契約期間の始めの日を入力してください")
	}
	if c.To.IsZero() {
		fe.Add(FieldTo, "契約期間の終わりの日を入力してください")
	}
	if !c.From.IsZero() && !c.To.IsZero() && c.To.Before(c.From) {
		fe.Add(FieldTo, "契約期間の終わり（%s）が始め（%s）より前です", c.To.Format(time.DateOnly), c.From.Format(time.DateOnly))
	}
	if _, ok := ParseState(string(c.State)); !ok {
		fe.Add(FieldState, "状態 %q はありません（準備中・契約中・終了）", c.State)
	}
	for key, art := range c.Articles {
		cl, ok := ClauseByKey(key)
		if !ok {
			fe.Add(FieldContract, "10.1.2 の記載事項 %q はありません", key)
			continue
		}
		fe.Text(FieldArticle(key), cl.Number()+"の条項", art, 100, false)
	}
	for _, l := range []struct {
		field, label string
		ids          []string
	}{{FieldSystems, "委託する情報システム", c.Systems}, {FieldAssets, "委託する情報資産", c.Assets}} {
		if len(l.ids) > MaxEntrusted {
			fe.Add(l.field, "%sは %d 件までです", l.label, MaxEntrusted)
			continue
		}
		seen := map[string]bool{}
		for _, id := range l.ids {
			if !idPattern.MatchString(id) {
				fe.Add(l.field, "%sの番号 %q が正しくありません", l.label, id)
			} else if seen[id] {
				fe.Add(l.field, "%sに %s が 2 度あります", l.label, id)
			}
			seen[id] = true
		}
	}
	return fe.Fields
}

// CheckActivation says why c cannot be in force: 10.1.2ア asks every
// contract to state the thirteen items, so a contract missing one becomes
// active only under a 例外措置 (9.5) in force that covers the items
// missing; covered reports that. It returns nil when c is not active or
// states every item.
func (c Contract) CheckActivation(covered bool) []kijun.FieldError {
	if c.State != StateActive {
		return nil
	}
	missing := c.Missing()
	if len(missing) == 0 || covered {
		return nil
	}
	fe := &kijun.FieldErrors{}
	for _, cl := range missing {
		fe.Add(FieldArticle(cl.Key), "%s「%s」を定めた条項がありません。10.1.2アの事項がそろうまで契約中にできません（例外措置の許可があれば、その申請番号を入力してください。9.5）", cl.Number(), cl.Label)
	}
	return fe.Fields
}

// SortIDs sorts and returns ids, for a stable record.
func SortIDs(ids []string) []string {
	ids = slices.Clone(ids)
	slices.Sort(ids)
	return slices.Compact(ids)
}

// Period writes a contract's period as pages show it.
func (c Contract) Period() string {
	return fmt.Sprintf("%s〜%s", c.From.Format(time.DateOnly), c.To.Format(time.DateOnly))
}
