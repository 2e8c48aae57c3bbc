package organisation

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
)

// UnitRow is one row of an organisation file (組織マスタ): one version of a
// unit. A row whose code is new creates the unit; a row for a unit that
// exists gives it a new version from From (a rename, a move under another
// parent, a change of kind: 組織改正), or, with To set, ends it on To
// (廃止), its records moving to Successor from the day after.
type UnitRow struct {
	Sheet     string
	Line      int // the row number as the spreadsheet shows it
	Code      string
	Name      string
	Kana      string
	Parent    string
	Kind      UnitKind
	From      time.Time
	To        time.Time // zero: open
	Successor string    // 承継先: where an abolished unit's records go
}

// ReorgKind is what an organisation file does to one unit.
type ReorgKind string

// The kinds of change, as the preview groups them.
const (
	ReorgNew       ReorgKind = "new"
	ReorgChanged   ReorgKind = "changed" // renamed, moved or kind changed
	ReorgAbolished ReorgKind = "abolished"
	ReorgUnchanged ReorgKind = "unchanged"
)

// ReorgChange is what an organisation file does to one unit.
type ReorgChange struct {
	Kind ReorgKind `json:"kind"`
	Row  int       `json:"row"`
	// Effective is the first day of the change: the new unit's or version's
	// first day, or for an abolition the day after the unit's last day.
	Effective time.Time `json:"effective"`
	Unit      Unit      `json:"unit"`            // the version from Effective; for an abolition, the last one
	Before    *Unit     `json:"before,omitzero"` // the version standing the day before, if any
	Renamed   bool      `json:"renamed,omitempty"`
	Moved     bool      `json:"moved,omitempty"`
	KindChg   bool      `json:"kind_changed,omitempty"`
	Successor string    `json:"successor,omitempty"`
	// Moves counts the records that move to Successor, by register.
	Moves RecordCounts `json:"moves,omitempty"`
	// Staff counts the people still assigned to an abolished unit with no
	// end: the 人事異動 must move them (people are not moved by this file).
	Staff int `json:"staff,omitempty"`
}

// RecordCounts counts a unit's records by register (assets, systems,
// devices, media, areas, segments, open permit requests, open findings).
type RecordCounts map[string]int

// Total is the number of records counted.
func (c RecordCounts) Total() int {
	n := 0
	for _, v := range c {
		n += v
	}
	return n
}

// ReorgState is what the store knows before an import: every version of
// every unit, the kinds, and the records each unit holds now.
type ReorgState struct {
	Versions map[string][]Unit // by code, oldest first
	Kinds    map[UnitKind]UnitKindInfo
	Holdings map[string]RecordCounts // by unit code
	Staffed  map[string]int          // open assignments, by unit code
}

// ReorgPlan is what an organisation file would do, unit by unit, in file order.
type ReorgPlan struct {
	Changes []ReorgChange     `json:"changes"`
	Counts  map[ReorgKind]int `json:"counts"`
}

// Successors sums, per successor, the records that move to it.
func (p *ReorgPlan) Successors() map[string]int {
	out := map[string]int{}
	for _, c := range p.Changes {
		if c.Kind == ReorgAbolished {
			out[c.Successor] += c.Moves.Total()
		}
	}
	return out
}

// PlanReorg checks every row of an organisation file against the units
// that exist and works out what importing them would change. It returns an
// *ImportError (as an EINVALID error) listing every row that is wrong; then
// nothing may be imported. The checks: a parent must exist on the row's
// first day and no loop of parents may form; a code may not stand for two
// units on the same day, nor be reused once its unit is abolished; an
// abolished unit needs a successor that stands on the day after, and its
// children must have moved elsewhere by then.
func PlanReorg(rows []UnitRow, st ReorgState) (*ReorgPlan, error) {
	ie := &ImportError{What: "組織ファイル"}
	bad := func(r UnitRow, col, format string, args ...any) {
		ie.Errors = append(ie.Errors, RowError{Sheet: r.Sheet, Row: r.Line, Column: col, Reason: fmt.Sprintf(format, args...)})
	}
	plan := &ReorgPlan{Counts: map[ReorgKind]int{}}
	// The versions as they will stand, which later checks read.
	after := make(map[string][]Unit, len(st.Versions))
	for code, vs := range st.Versions {
		after[code] = slices.Clone(vs)
	}
	// Rows for the same code must not overlap: that would be two units,
	// or two versions of one, on the same day.
	byCode := map[string][]UnitRow{}
	for _, r := range rows {
		for _, q := range byCode[r.Code] {
			if overlaps(Period{r.From, r.To}, Period{q.From, q.To}) {
				bad(r, "組織コード", "組織コード %s は %d 行目と同じ日に使われています（一つのコードは一日に一つの組織だけです）", r.Code, q.Line)
			}
		}
		byCode[r.Code] = append(byCode[r.Code], r)
	}
	if len(ie.Errors) > 0 {
		return nil, ie.AsError()
	}
	sorted := slices.Clone(rows)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].From.Before(sorted[j].From) })
	var abolitions []ReorgChange
	for _, r := range sorted {
		n := len(ie.Errors)
		if _, ok := st.Kinds[r.Kind]; !ok {
			bad(r, "種類", "種類 %q はありません", string(r.Kind))
		}
		if r.Parent == r.Code {
			bad(r, "上位組織コード", "組織 %s は自分自身の下には置けません", r.Code)
		}
		if len(ie.Errors) > n {
			continue
		}
		vs := after[r.Code]
		u := Unit{Code: r.Code, Kind: r.Kind, Name: r.Name, Kana: r.Kana, Parent: r.Parent, Period: Period{From: r.From, To: r.To}}
		if len(vs) == 0 {
			c := ReorgChange{Kind: ReorgNew, Row: r.Line, Effective: r.From, Unit: u, Successor: r.Successor}
			if r.Successor != "" {
				// A unit that begins and ends within the file (a 組織マスタ
				// with its history): its successor is checked as any other.
				if r.Successor == r.Code || r.To.IsZero() {
					bad(r, "承継先組織コード", "組織 %s の承継先は、適用終了日を書いた行に、別の組織のコードで書いてください", r.Code)
					continue
				}
				abolitions = append(abolitions, ReorgChange{Kind: ReorgAbolished, Row: r.Line, Effective: r.To.AddDate(0, 0, 1), Unit: u, Successor: r.Successor})
			}
			after[r.Code] = []Unit{u}
			plan.add(c)
			continue
		}
		last := vs[len(vs)-1]
		if u.Kana == "" {
			// A file without readings keeps the ones stored.
			u.Kana = last.Kana
		}
		// A version that starts on the same day: the same row imported again,
		// or the end of that version.
		if i := slices.IndexFunc(vs, func(v Unit) bool { return v.From.Equal(r.From) }); i >= 0 {
			v := vs[i]
			if r.Kana == "" {
				u.Kana = v.Kana
			}
			if !sameVersion(v, u) {
				bad(r, "適用開始日", "組織 %s には %s からの版（%s）がすでにあります。変更は新しい適用開始日の行で書いてください", r.Code, FormatDate(r.From), v.Name)
				continue
			}
			if r.To.Equal(v.To) {
				plan.add(ReorgChange{Kind: ReorgUnchanged, Row: r.Line, Effective: r.From, Unit: v})
				continue
			}
			if !r.To.IsZero() && r.Successor == "" && continued(byCode[r.Code], r.To) {
				// The end of a version the next row replaces (a 組織マスタ
				// written with its history): that row makes the change.
				plan.add(ReorgChange{Kind: ReorgUnchanged, Row: r.Line, Effective: r.From, Unit: v})
				continue
			}
			if !r.To.IsZero() && (v.To.IsZero() || r.To.Before(v.To)) && i == len(vs)-1 {
				c, ok := planAbolition(r, v, st, bad)
				if !ok {
					continue
				}
				v.To = r.To
				vs[i] = v
				abolitions = append(abolitions, c)
				plan.add(c)
				continue
			}
			bad(r, "適用終了日", "組織 %s の %s からの版の終了日は変えられません（%s まで）", r.Code, FormatDate(r.From), endText(v.To))
			continue
		}
		if !last.Period.Contains(r.From) {
			if r.From.Before(last.From) && !r.From.Before(vs[0].From) {
				bad(r, "適用開始日", "組織 %s には %s からの版がすでにあるため、それより前の日付からの変更は書けません", r.Code, FormatDate(last.From))
			} else if !last.To.IsZero() && r.From.After(last.To) {
				bad(r, "組織コード", "組織コード %s は %s に廃止された組織のものです。新しい組織には別のコードを使ってください", r.Code, FormatDate(last.To))
			} else {
				bad(r, "適用開始日", "組織 %s は %s には存在しません（%s から）", r.Code, FormatDate(r.From), FormatDate(vs[0].From))
			}
			continue
		}
		if r.Successor != "" || !r.To.IsZero() && !r.To.Equal(last.To) {
			bad(r, "適用終了日", "組織 %s を廃止する行は、今の版と同じ適用開始日（%s）で書いてください", r.Code, FormatDate(last.From))
			continue
		}
		if sameVersion(last, u) {
			plan.add(ReorgChange{Kind: ReorgUnchanged, Row: r.Line, Effective: last.From, Unit: last})
			continue
		}
		before := last
		u.To = last.To
		last.To = DayBefore(r.From)
		vs[len(vs)-1] = last
		after[r.Code] = append(vs, u)
		plan.add(ReorgChange{Kind: ReorgChanged, Row: r.Line, Effective: r.From, Unit: u, Before: &before,
			Renamed: before.Name != u.Name || before.Kana != u.Kana, Moved: before.Parent != u.Parent, KindChg: before.Kind != u.Kind})
	}
	if len(ie.Errors) > 0 {
		return nil, ie.AsError()
	}
	// What the organisation will be on each day a row starts or ends.
	rowOf := map[string]UnitRow{}
	for _, r := range rows {
		rowOf[r.Code+"@"+FormatDate(r.From)] = r
	}
	days := map[time.Time]bool{}
	for _, c := range plan.Changes {
		if c.Kind != ReorgUnchanged {
			days[c.Effective] = true
		}
	}
	for _, d := range sortedDays(days) {
		on := unitsOn(after, d)
		for _, u := range on {
			r, fromFile := rowOf[u.Code+"@"+FormatDate(u.From)]
			if !fromFile {
				continue
			}
			if u.Parent != "" {
				if _, ok := on[u.Parent]; !ok {
					bad(r, "上位組織コード", "上位組織 %s は %s に存在しません", u.Parent, FormatDate(d))
					continue
				}
			}
			if loop := parentLoop(on, u.Code); loop != "" {
				bad(r, "上位組織コード", "上位組織をたどると %s に戻ります（%s の組織に循環があります）", loop, FormatDate(d))
			}
		}
	}
	for _, c := range abolitions {
		r := rowOf[c.Unit.Code+"@"+FormatDate(c.Unit.From)]
		on := unitsOn(after, c.Effective)
		if _, ok := on[c.Successor]; !ok {
			bad(r, "承継先組織コード", "承継先 %s は %s に存在しません", c.Successor, FormatDate(c.Effective))
		}
		var kids []string
		for _, u := range on {
			if u.Parent == c.Unit.Code {
				kids = append(kids, u.Code)
			}
		}
		if len(kids) > 0 {
			slices.Sort(kids)
			bad(r, "適用終了日", "組織 %s の下に %s が残っています。廃止の前に、下の組織を別の上位組織へ移す行を書いてください", c.Unit.Code, strings.Join(kids, "、"))
		}
	}
	if len(ie.Errors) > 0 {
		slices.SortStableFunc(ie.Errors, func(a, b RowError) int { return a.Row - b.Row })
		return nil, ie.AsError()
	}
	slices.SortStableFunc(plan.Changes, func(a, b ReorgChange) int { return a.Row - b.Row })
	return plan, nil
}

func (p *ReorgPlan) add(c ReorgChange) {
	p.Changes = append(p.Changes, c)
	p.Counts[c.Kind]++
}

// planAbolition checks an abolition row of the standing version v.
func planAbolition(r UnitRow, v Unit, st ReorgState, bad func(UnitRow, string, string, ...any)) (ReorgChange, bool) {
	if r.Successor == "" {
		bad(r, "承継先組織コード", "組織 %s を %s で廃止するには承継先組織コードが必要です（資産・システム・機器・許可申請・指摘事項の移し先）", r.Code, FormatDate(r.To))
		return ReorgChange{}, false
	}
	if r.Successor == r.Code {
		bad(r, "承継先組織コード", "組織 %s の承継先に自分自身は指定できません", r.Code)
		return ReorgChange{}, false
	}
	u := v
	u.To = r.To
	return ReorgChange{Kind: ReorgAbolished, Row: r.Line, Effective: r.To.AddDate(0, 0, 1), Unit: u, Before: &v,
		Successor: r.Successor, Moves: st.Holdings[r.Code], Staff: st.Staffed[r.Code]}, true
}

// continued reports whether one of rows starts the day after last.
func continued(rows []UnitRow, last time.Time) bool {
	next := last.AddDate(0, 0, 1)
	return slices.ContainsFunc(rows, func(r UnitRow) bool { return r.From.Equal(next) })
}

func sameVersion(a, b Unit) bool {
	return a.Name == b.Name && a.Kana == b.Kana && a.Parent == b.Parent && a.Kind == b.Kind
}

func overlaps(a, b Period) bool {
	aEnd, bEnd := a.To, b.To
	return (aEnd.IsZero() || !aEnd.Before(b.From)) && (bEnd.IsZero() || !bEnd.Before(a.From))
}

func endText(t time.Time) string {
	if t.IsZero() {
		return "終了日なし"
	}
	return FormatDate(t)
}

func sortedDays(m map[time.Time]bool) []time.Time {
	out := make([]time.Time, 0, len(m))
	for d := range m {
		out = append(out, d)
	}
	slices.SortFunc(out, func(a, b time.Time) int { return a.Compare(b) })
	return out
}

// unitsOn returns the version of each unit standing on d.
func unitsOn(versions map[string][]Unit, d time.Time) map[string]Unit {
	out := map[string]Unit{}
	for code, vs := range versions {
		for _, v := range vs {
			if v.Period.Contains(d) {
				out[code] = v
				break
			}
		}
	}
	return out
}

// parentLoop walks up from code and returns the code it came back to, or "".
func parentLoop(on map[string]Unit, code string) string {
	seen := map[string]bool{code: true}
	for c := on[code].Parent; c != ""; c = on[c].Parent {
		if seen[c] {
			return c
		}
		seen[c] = true
	}
	return ""
}

// registerNames are the Japanese names of the registers RecordCounts counts.
var registerNames = []struct{ key, name string }{
	{"assets", "情報資産"}, {"systems", "情報システム"}, {"devices", "機器"}, {"media", "電磁的記録媒体"},
	{"areas", "管理区域"}, {"segments", "ネットワーク"}, {"permits", "処理中の許可申請"}, {"findings", "未解決の指摘事項"},
}

// String lists the counts in Japanese, such as "情報資産 3 件、機器 1 件".
func (c RecordCounts) String() string {
	var parts []string
	for _, r := range registerNames {
		if n := c[r.key]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d 件", r.name, n))
		}
	}
	if len(parts) == 0 {
		return "移る記録なし"
	}
	return strings.Join(parts, "、")
}

// Describe says in Japanese what the change does, for the preview; "" for
// a unit left unchanged.
func (c ReorgChange) Describe() string {
	u := c.Unit
	switch c.Kind {
	case ReorgNew:
		return fmt.Sprintf("新設 %s %s（上位 %s）%s から", u.Code, u.Name, orNone(u.Parent), FormatDate(c.Effective))
	case ReorgChanged:
		var what []string
		if c.Renamed {
			what = append(what, fmt.Sprintf("名称 %s → %s", c.Before.Name, u.Name))
		}
		if c.Moved {
			what = append(what, fmt.Sprintf("上位 %s → %s", orNone(c.Before.Parent), orNone(u.Parent)))
		}
		if c.KindChg {
			what = append(what, fmt.Sprintf("種類 %s → %s", c.Before.Kind, u.Kind))
		}
		return fmt.Sprintf("変更 %s %s（%s）%s から", u.Code, c.Before.Name, strings.Join(what, "、"), FormatDate(c.Effective))
	case ReorgAbolished:
		d := fmt.Sprintf("廃止 %s %s（%s まで）→ 承継先 %s: %s", u.Code, u.Name, FormatDate(u.To), c.Successor, c.Moves)
		if c.Staff > 0 {
			d += fmt.Sprintf("。配置中の職員 %d 人は人事異動の取込みで異動させてください", c.Staff)
		}
		return d
	}
	return ""
}

func orNone(code string) string {
	if code == "" {
		return "なし"
	}
	return code
}

// Count returns how many units the plan changes in the way named by kind
// (new, changed, abolished, unchanged), for templates.
func (p *ReorgPlan) Count(kind string) int { return p.Counts[ReorgKind(kind)] }
