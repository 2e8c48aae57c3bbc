package organisation

import (
	"slices"
	"time"
)

// Segment is a stretch of time in a role's history: a holder, or a gap
// with no holder (Holder nil), which is a finding for later audits.
type Segment struct {
	Period
	Holder *RoleAssignment
}

// Timeline lays appointments end to end from the first one, filling the
// days nobody held the role with gaps, up to and including day until.
// Overlapping appointments are shown as they are, in start order.
func Timeline(as []RoleAssignment, until time.Time) []Segment {
	as = slices.Clone(as)
	slices.SortStableFunc(as, func(a, b RoleAssignment) int { return a.From.Compare(b.From) })
	var out []Segment
	var covered time.Time // the last day covered so far; zero: none yet
	open := false
	for i := range as {
		a := &as[i]
		if a.From.After(until) {
			break
		}
		if !covered.IsZero() && !open && a.From.After(covered.AddDate(0, 0, 1)) {
			out = append(out, Segment{Period: Period{From: covered.AddDate(0, 0, 1), To: DayBefore(a.From)}})
		}
		out = append(out, Segment{Period: a.Period, Holder: a})
		switch {
		case a.Open():
			open = true
		case a.To.After(covered):
			covered = a.To
		}
	}
	if !open && !covered.IsZero() && covered.Before(until) {
		out = append(out, Segment{Period: Period{From: covered.AddDate(0, 0, 1)}})
	}
	return out
}
