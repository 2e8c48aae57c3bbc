package training

import (
	"cmp"
	"slices"

	"kijun/internal/kijun"
	"kijun/internal/sheets"
)

// The columns of a 標的型攻撃メール訓練's results, as drill services
// export them: who was sent the mail, and whether they opened it, clicked
// its link and reported it.
const (
	ColOpened   = "開封"
	ColClicked  = "クリック"
	ColReported = "報告"
	// DrillWhat names the file in messages.
	DrillWhat = "標的型攻撃メール訓練の結果ファイル"
)

// DrillColumns are the columns of a drill's results.
var DrillColumns = []sheets.Column{
	{Heading: ColStaff, Required: true}, {Heading: ColOpened, Required: true}, {Heading: ColClicked, Required: true}, {Heading: ColReported, Required: true},
}

// DrillResult is what one person did with the drill's mail.
type DrillResult struct {
	Sheet                     string `json:"-"`
	Line                      int    `json:"-"`
	StaffNo                   string `json:"staff_no"`
	Opened, Clicked, Reported bool
}

// ReadDrillFile reads a drill's results; a file with any cell wrong is
// refused whole, each problem named by row and column.
func ReadDrillFile(name string, data []byte) ([]DrillResult, error) {
	var out []DrillResult
	_, err := sheets.ReadRegister(name, data, "訓練結果", DrillWhat, limits, DrillColumns, func(c sheets.Cells) {
		r := DrillResult{Sheet: c.Sheet, Line: c.Line, StaffNo: c.Get(ColStaff), Opened: c.Bool(ColOpened), Clicked: c.Bool(ColClicked), Reported: c.Bool(ColReported)}
		if r.StaffNo == "" {
			c.Bad(ColStaff, "職員番号を書いてください")
		}
		if r.Clicked && !r.Opened {
			r.Opened = true // a link is clicked in an opened mail
		}
		out = append(out, r)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// CheckDrill refuses the results whole when a staff number is unknown, is
// given twice, or already has a result for the drill.
func CheckDrill(rs []DrillResult, people map[string]bool, recorded map[string]bool) error {
	ie := &kijun.ImportError{What: DrillWhat}
	seen := map[string]int{}
	for _, r := range rs {
		switch line, dup := seen[r.StaffNo]; {
		case !people[r.StaffNo]:
			ie.Add(r.Sheet, r.Line, ColStaff, "職員番号 %s の職員等は組織の台帳にいません", r.StaffNo)
		case dup:
			ie.Add(r.Sheet, r.Line, ColStaff, "職員番号 %s は %d 行目と重複しています", r.StaffNo, line)
		case recorded[r.StaffNo]:
			ie.Add(r.Sheet, r.Line, ColStaff, "職員番号 %s のこの訓練の結果は既に記録されています", r.StaffNo)
		}
		seen[r.StaffNo] = r.Line
	}
	return ie.AsError()
}

// DrillTally is a 課's results of one drill.
type DrillTally struct {
	Unit                            string
	Sent, Opened, Clicked, Reported int
}

// ClickRate is the share of those sent the mail who clicked, in percent.
func (t DrillTally) ClickRate() float64 { return pct(t.Clicked, t.Sent) }

// ReportRate is the share who reported the mail, in percent.
func (t DrillTally) ReportRate() float64 { return pct(t.Reported, t.Sent) }

func pct(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return float64(n) * 100 / float64(of)
}

// TallyDrill counts a drill's results by the unit key gives each person.
func TallyDrill(rs []DrillResult, key func(staffNo string) string) []DrillTally {
	by := map[string]*DrillTally{}
	for _, r := range rs {
		u := key(r.StaffNo)
		t := by[u]
		if t == nil {
			t = &DrillTally{Unit: u}
			by[u] = t
		}
		t.Sent++
		for _, c := range []struct {
			on bool
			n  *int
		}{{r.Opened, &t.Opened}, {r.Clicked, &t.Clicked}, {r.Reported, &t.Reported}} {
			if c.on {
				*c.n++
			}
		}
	}
	out := make([]DrillTally, 0, len(by))
	for _, t := range by {
		out = append(out, *t)
	}
	slices.SortFunc(out, func(a, b DrillTally) int { return cmp.Compare(a.Unit, b.Unit) })
	return out
}
