package organisation

import (
	"fmt"
	"time"

	"kijun/internal/kijun"
)

// HRAction is the kind of personnel order (区分) a row of an HR file carries.
type HRAction string

// The personnel orders.
const (
	HRHire     HRAction = "採用"
	HRTransfer HRAction = "異動"
	HRLeave    HRAction = "退職"
)

// ParseHRAction reads 区分.
func ParseHRAction(s string) (HRAction, bool) {
	switch HRAction(s) {
	case HRHire, HRTransfer, HRLeave:
		return HRAction(s), true
	}
	return "", false
}

// HRRow is one row of an HR file (人事異動): one person's assignment taking
// effect on a date. A person with concurrent posts (兼務) has a row for each.
type HRRow struct {
	Sheet      string
	Line       int // the row number as the spreadsheet shows it
	StaffNo    string
	Name       string
	Kana       string
	Employment EmploymentType
	Unit       string
	Post       Post
	Primary    bool
	Effective  time.Time
	Action     HRAction
}

// RowError and ImportError say where and why an HR file is wrong; the
// types are shared with every other import.
type (
	RowError    = kijun.RowError
	ImportError = kijun.ImportError
)

// HRState is what the store knows before an import: the people, their
// assignments that have not ended before the earliest 発令日, and when each
// unit exists.
type HRState struct {
	People      map[string]Person
	Assignments map[string][]Assignment // by staff number
	UnitPeriods map[string][]Period     // by unit code
	UnitNames   map[string]string
}

// HRChangeKind is how an import changes a person.
type HRChangeKind string

// The kinds of change, as the dry run groups them.
const (
	HRAdded     HRChangeKind = "added"
	HRChanged   HRChangeKind = "changed"
	HRUnchanged HRChangeKind = "unchanged"
	HRLeaving   HRChangeKind = "leaving"
)

// HRChange is what an import does to one person.
type HRChange struct {
	Kind      HRChangeKind `json:"kind"`
	Action    HRAction     `json:"action"`
	Row       int          `json:"row"`
	Effective time.Time    `json:"effective"`
	Person    Person       `json:"person"` // the state after the import
	// PersonChanged: the person's record is written (new, or name, kana,
	// type or status changed).
	PersonChanged bool `json:"person_changed"`
	// End are assignments to end; each has its new last day in To.
	End []Assignment `json:"end,omitempty"`
	// Remove are assignments that would start on or after the 発令日 and
	// are not in the file: an earlier import for the same date is corrected.
	Remove []Assignment `json:"remove,omitempty"`
	// Start are the new assignments.
	Start []Assignment `json:"start,omitempty"`
	// Details describe the change in Japanese for the dry run.
	Details []string `json:"details,omitempty"`
}

// HRPlan is what an import would do, person by person, in file order.
type HRPlan struct {
	Changes []HRChange `json:"changes"`
	Counts  map[HRChangeKind]int
}

// Leaving returns the staff numbers of the people who leave: their IDs are
// to be reviewed (8.2.1イ(3)).
func (p *HRPlan) Leaving() []string {
	var out []string
	for _, c := range p.Changes {
		if c.Kind == HRLeaving {
			out = append(out, c.Person.StaffNo)
		}
	}
	return out
}

// PlanHR checks every row against the state and works out what importing
// them would change. It returns an *ImportError (as an EINVALID error)
// listing every row that is wrong; then nothing may be imported.
func PlanHR(rows []HRRow, st HRState) (*HRPlan, error) {
	ie := &ImportError{What: "人事異動ファイル"}
	bad := func(r HRRow, col, format string, args ...any) {
		ie.Errors = append(ie.Errors, RowError{Sheet: r.Sheet, Row: r.Line, Column: col, Reason: fmt.Sprintf(format, args...)})
	}
	var order []string
	groups := map[string][]HRRow{}
	for _, r := range rows {
		if _, ok := groups[r.StaffNo]; !ok {
			order = append(order, r.StaffNo)
		}
		groups[r.StaffNo] = append(groups[r.StaffNo], r)
	}
	plan := &HRPlan{Counts: map[HRChangeKind]int{}}
	for _, no := range order {
		g := groups[no]
		first := g[0]
		ok := true
		primaries := 0
		for i, r := range g {
			if i > 0 {
				switch {
				case r.Action != first.Action:
					bad(r, "区分", "職員番号 %s の区分が %d 行目（%s）と違います", no, first.Line, first.Action)
					ok = false
				case !r.Effective.Equal(first.Effective):
					bad(r, "発令日", "職員番号 %s の発令日が %d 行目と違います", no, first.Line)
					ok = false
				case r.Name != first.Name || r.Kana != first.Kana || r.Employment != first.Employment:
					bad(r, "氏名", "職員番号 %s の氏名・カナ・雇用区分が %d 行目と違います", no, first.Line)
					ok = false
				}
				for _, q := range g[:i] {
					if q.Unit == r.Unit && q.Post == r.Post && r.Action != HRLeave {
						bad(r, "所属コード", "職員番号 %s の %s %s は %d 行目と重複しています", no, r.Unit, r.Post, q.Line)
						ok = false
					}
				}
			}
			if r.Action == HRLeave {
				continue
			}
			if r.Primary {
				primaries++
			}
			if periods, found := st.UnitPeriods[r.Unit]; !found {
				bad(r, "所属コード", "所属コード %s の組織はありません", r.Unit)
				ok = false
			} else if !anyContains(periods, r.Effective) {
				bad(r, "所属コード", "所属コード %s の組織は発令日 %s に存在しません", r.Unit, FormatDate(r.Effective))
				ok = false
			}
		}
		if first.Action != HRLeave && ok && primaries != 1 {
			bad(first, "兼務", "職員番号 %s には主務（兼務欄が空欄）の行がちょうど 1 行必要です（%d 行あります）", no, primaries)
			ok = false
		}
		old, exists := st.People[no]
		switch {
		case first.Action == HRTransfer && !exists:
			bad(first, "職員番号", "職員番号 %s は登録されていません（新規の方は区分を「採用」にしてください）", no)
			ok = false
		case first.Action == HRTransfer && old.Status == StatusLeft:
			bad(first, "区分", "職員番号 %s は %s に退職済みです（再採用は区分を「採用」にしてください）", no, FormatDate(old.LeftOn))
			ok = false
		case first.Action == HRLeave && !exists:
			bad(first, "職員番号", "職員番号 %s は登録されていないため退職にできません", no)
			ok = false
		}
		if !ok {
			continue
		}
		c, err := planPerson(g, old, exists, st)
		if err != "" {
			bad(first, "発令日", "%s", err)
			continue
		}
		plan.Changes = append(plan.Changes, c)
		plan.Counts[c.Kind]++
	}
	if err := ie.AsError(); err != nil {
		return nil, err
	}
	return plan, nil
}

func anyContains(ps []Period, d time.Time) bool {
	for _, p := range ps {
		if p.Contains(d) {
			return true
		}
	}
	return false
}

// planPerson works out one person's change; a non-empty string is a reason
// to refuse the row.
func planPerson(g []HRRow, old Person, exists bool, st HRState) (HRChange, string) {
	r := g[0]
	d := r.Effective
	c := HRChange{Action: r.Action, Row: r.Line, Effective: d}
	unitName := func(code string) string {
		if n := st.UnitNames[code]; n != "" {
			return n
		}
		return code
	}
	current := st.Assignments[r.StaffNo]
	for _, a := range current {
		if a.Open() && a.From.After(d) && r.Action != HRLeave {
			return c, fmt.Sprintf("職員番号 %s には発令日 %s より後の %s からの発令がすでにあります", r.StaffNo, FormatDate(d), FormatDate(a.From))
		}
	}
	if r.Action == HRLeave {
		c.Person = old
		c.Person.Status, c.Person.LeftOn = StatusLeft, d
		c.PersonChanged = old.Status != StatusLeft || !old.LeftOn.Equal(d)
		for _, a := range current {
			switch {
			case a.From.After(d):
				c.Remove = append(c.Remove, a)
			case a.Open() || a.To.After(d):
				a.To = d
				c.End = append(c.End, a)
			}
		}
		if c.PersonChanged || len(c.End)+len(c.Remove) > 0 {
			c.Kind = HRLeaving
			c.Details = append(c.Details, fmt.Sprintf("%s 付で退職（利用者 ID の点検対象, 8.2.1イ(3)）", FormatDate(d)))
		} else {
			c.Kind = HRUnchanged
		}
		return c, ""
	}
	c.Person = Person{StaffNo: r.StaffNo, Name: r.Name, Kana: r.Kana, Employment: r.Employment, Status: StatusActive}
	switch {
	case !exists:
		c.Kind, c.PersonChanged = HRAdded, true
		c.Details = append(c.Details, fmt.Sprintf("%s 付で採用（%s）", FormatDate(d), r.Employment.Label()))
	default:
		c.Person.Contractor = old.Contractor
		if old.Name != r.Name {
			c.Details = append(c.Details, fmt.Sprintf("氏名: %s → %s", old.Name, r.Name))
		}
		if old.Kana != r.Kana {
			c.Details = append(c.Details, fmt.Sprintf("氏名カナ: %s → %s", old.Kana, r.Kana))
		}
		if old.Employment != r.Employment {
			c.Details = append(c.Details, fmt.Sprintf("雇用区分: %s → %s", old.Employment.Label(), r.Employment.Label()))
		}
		if old.Status == StatusLeft {
			c.Details = append(c.Details, fmt.Sprintf("%s 付で再採用", FormatDate(d)))
		}
		c.PersonChanged = len(c.Details) > 0
	}
	kept := make([]bool, len(current))
	for _, row := range g {
		want := Assignment{StaffNo: r.StaffNo, Unit: row.Unit, Post: row.Post, Primary: row.Primary}
		found := false
		for i, a := range current {
			if !kept[i] && a.Same(want) && !a.From.After(d) && a.Contains(d) {
				kept[i], found = true, true
				break
			}
		}
		if !found {
			want.Period = Period{From: d}
			c.Start = append(c.Start, want)
			c.Details = append(c.Details, fmt.Sprintf("発令: %s %s%s", unitName(row.Unit), row.Post, concurrent(row.Primary)))
		}
	}
	for i, a := range current {
		if kept[i] {
			continue
		}
		switch {
		case !a.From.Before(d):
			c.Remove = append(c.Remove, a)
			c.Details = append(c.Details, fmt.Sprintf("取消: %s %s%s（%s から）", unitName(a.Unit), a.Post, concurrent(a.Primary), FormatDate(a.From)))
		case a.Contains(d):
			a.To = DayBefore(d)
			c.End = append(c.End, a)
			c.Details = append(c.Details, fmt.Sprintf("解除: %s %s%s（%s まで）", unitName(a.Unit), a.Post, concurrent(a.Primary), FormatDate(a.To)))
		}
	}
	if c.Kind == "" {
		c.Kind = HRUnchanged
		if c.PersonChanged || len(c.Start)+len(c.End)+len(c.Remove) > 0 {
			c.Kind = HRChanged
		}
	}
	return c, ""
}

func concurrent(primary bool) string {
	if primary {
		return ""
	}
	return "（兼務）"
}
