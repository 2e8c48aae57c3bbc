package training

import (
	"cmp"
	"slices"
)

// Tally is the completion of one 課 or 局 (7.2.2オ, カ).
type Tally struct {
	Unit string `json:"unit"`
	Name string `json:"name"`
	// Required counts duties; Met those met, Overdue those past due and
	// not met, Pending the rest (not met, not yet due).
	Required int `json:"required"`
	Met      int `json:"met"`
	Overdue  int `json:"overdue"`
	Pending  int `json:"pending"`
	// People counts the people with at least one duty; Behind those
	// with at least one overdue.
	People int `json:"people"`
	Behind int `json:"behind"`
	// Quizzes counts the attendances with a score, Passed those that
	// passed, ScoreSum their scores together.
	Quizzes  int `json:"quizzes"`
	Passed   int `json:"passed"`
	ScoreSum int `json:"score_sum"`
}

// Rate is the share of duties met, in percent (100 with no duties).
func (t Tally) Rate() float64 {
	if t.Required == 0 {
		return 100
	}
	return float64(t.Met) * 100 / float64(t.Required)
}

// MeanScore is the mean quiz score, 0 with none.
func (t Tally) MeanScore() float64 {
	if t.Quizzes == 0 {
		return 0
	}
	return float64(t.ScoreSum) / float64(t.Quizzes)
}

// Summarise tallies the outcomes by the unit key gives each person (their
// 課, or their 局), and the attendances' quiz scores likewise. The
// tallies come in unit order.
func Summarise(outcomes []Outcome, attendance []Attendance, key func(staffNo string) string) []Tally {
	by := map[string]*Tally{}
	get := func(u string) *Tally {
		t := by[u]
		if t == nil {
			t = &Tally{Unit: u}
			by[u] = t
		}
		return t
	}
	type pk struct{ unit, staff string }
	counted, behind := map[pk]bool{}, map[pk]bool{}
	for _, o := range outcomes {
		u := key(o.StaffNo)
		t := get(u)
		t.Required++
		switch {
		case o.Met != nil:
			t.Met++
		case o.Overdue:
			t.Overdue++
			if k := (pk{u, o.StaffNo}); !behind[k] {
				behind[k] = true
				t.Behind++
			}
		default:
			t.Pending++
		}
		if k := (pk{u, o.StaffNo}); !counted[k] {
			counted[k] = true
			t.People++
		}
	}
	for _, a := range attendance {
		if !a.HasScore {
			continue
		}
		t := get(key(a.StaffNo))
		t.Quizzes++
		t.ScoreSum += a.Score
		if a.Passed {
			t.Passed++
		}
	}
	out := make([]Tally, 0, len(by))
	for _, t := range by {
		out = append(out, *t)
	}
	slices.SortFunc(out, func(a, b Tally) int { return cmp.Compare(a.Unit, b.Unit) })
	return out
}

// Total adds tallies together.
func Total(ts []Tally) Tally {
	var s Tally
	for _, t := range ts {
		s.Required += t.Required
		s.Met += t.Met
		s.Overdue += t.Overdue
		s.Pending += t.Pending
		s.People += t.People
		s.Behind += t.Behind
		s.Quizzes += t.Quizzes
		s.Passed += t.Passed
		s.ScoreSum += t.ScoreSum
	}
	return s
}
