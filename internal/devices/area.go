package devices

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// AreaKind is what a managed area is (6.2.1ア).
type AreaKind string

// The kinds of managed area.
const (
	AreaSystemRoom AreaKind = "system_room"
	AreaStorage    AreaKind = "storage"
	AreaOther      AreaKind = "other"
)

// AreaKinds are the kinds of area, in the order forms offer them.
func AreaKinds() []Choice {
	return []Choice{
		{string(AreaSystemRoom), "情報システム室", "6.2.1ア"},
		{string(AreaStorage), "保管庫", "6.2.1ア"},
		{string(AreaOther), "その他", ""},
	}
}

// Label is the kind's Japanese name.
func (k AreaKind) Label() string { return labelOf(AreaKinds(), string(k)) }

// ParseAreaKind reads a kind by its identifier or its Japanese name.
func ParseAreaKind(s string) (AreaKind, bool) {
	v, ok := parseChoice(AreaKinds(), s)
	return AreaKind(v), ok
}

// Area is one entry of the 管理区域台帳: a server room or a storage room,
// where it is, how entry is controlled and who may enter (6.2).
type Area struct {
	Entry
	Kind     AreaKind `json:"kind"`
	Building string   `json:"building"`
	// Floor is the floor the area is on: 1 the ground floor, -1 the first
	// basement (地下1階); there is no floor 0.
	Floor int `json:"floor"`
	// New says the area is being set up (新設): 6.2.1イ then forbids the
	// basement and the ground floor.
	New bool `json:"new"`
	// SetUpOn is the day the area was set up (設置日, YYYY-MM-DD), if
	// known: one set up since the standard took effect is new (6.2.1イ).
	SetUpOn string `json:"set_up_on,omitempty"`
	// EntryControl is how entry is authenticated (6.2.2ア): IC card,
	// biometrics, key.
	EntryControl string `json:"entry_control"`
	// People are the 職員番号 of those allowed to enter (6.2.2ア).
	People []string `json:"people,omitempty"`
}

// MaxPeople is the most people one area's entry list names.
const MaxPeople = 2000

// The fields of an area that the others do not have.
const (
	FieldBuilding     = "building"
	FieldFloor        = "floor"
	FieldNew          = "new"
	FieldSetUpOn      = "set_up_on"
	FieldEntryControl = "entry_control"
	FieldPeople       = "people"
)

// Check returns every field of a that is wrong, in the order of the form,
// or nil.
func (a Area) Check() []FieldError {
	var c checker
	c.entry(a.Entry, "管理区域")
	if _, ok := ParseAreaKind(string(a.Kind)); !ok {
		c.bad(FieldKind, "種類 %q はありません（%s）", string(a.Kind), labels(AreaKinds()))
	}
	c.text(FieldBuilding, "建物", a.Building, 1, 100)
	switch {
	case a.Floor == 0 || a.Floor < -10 || a.Floor > 100:
		c.bad(FieldFloor, "階は 1〜100（地階は -1〜-10）で指定してください")
	case a.New && a.Floor <= 1:
		// 6.2.1イ: a new managed area may not be in a basement or on the
		// ground floor. Existing ones are shown as a gap, not refused.
		c.bad(FieldFloor, "管理区域を新設する場合は、地階又は1階に設けてはなりません（6.2.1イ）")
	}
	if a.SetUpOn != "" {
		if _, err := time.Parse(time.DateOnly, a.SetUpOn); err != nil {
			c.bad(FieldSetUpOn, "設置日 %q は YYYY-MM-DD の形で入力してください", a.SetUpOn)
		}
	}
	// 6.2.2ア: entry is by authentication such as an ID card.
	c.text(FieldEntryControl, "入退室の認証方法", a.EntryControl, 1, 100)
	if len(a.People) > MaxPeople {
		c.bad(FieldPeople, "入室を許可された職員は %d 人までにしてください（%d 人あります）", MaxPeople, len(a.People))
	}
	for _, p := range a.People {
		if !staffNoPattern.MatchString(p) {
			c.bad(FieldPeople, "入室を許可された職員番号 %q が正しくありません", p)
		}
	}
	return c.errs
}

// Gaps are what 6.2 asks of the area that the register says it lacks.
func (a Area) Gaps() []Gap {
	var out []Gap
	if a.Floor <= 1 {
		out = append(out, Gap{"6.2.1イ", "地階又は1階にあります（新設の管理区域は設けられません。既存の管理区域は対象外ですが、浸水・侵入への対策を確認してください）"})
	}
	if len(a.People) == 0 {
		out = append(out, Gap{"6.2.2ア", "入退室を許可された者が登録されていません"})
	}
	return out
}

// FloorLabel is the floor in Japanese: 3階, 地下1階.
func (a Area) FloorLabel() string {
	if a.Floor < 0 {
		return "地下" + strconv.Itoa(-a.Floor) + "階"
	}
	return strconv.Itoa(a.Floor) + "階"
}

// NormalisePeople sorts the people and drops repeats and blanks.
func NormalisePeople(people []string) []string {
	var out []string
	for _, p := range people {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Same reports whether a and o hold the same values, whatever their
// versions and times.
func (a Area) Same(o Area) bool {
	return a.ID == o.ID && a.Name == o.Name && a.Unit == o.Unit && a.Kind == o.Kind && a.Building == o.Building &&
		a.Floor == o.Floor && a.New == o.New && a.SetUpOn == o.SetUpOn && a.EntryControl == o.EntryControl && slices.Equal(a.People, o.People)
}
