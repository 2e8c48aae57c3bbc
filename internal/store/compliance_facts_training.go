package store

import (
	"context"
	"strings"

	"kijun/internal/compliance"
	"kijun/internal/organisation"
	"kijun/internal/training"
)

// training reads the training duties of the 年度 of the check's day that
// are past due and not met (7.2.4), computed from the organisation of the
// day as the training pages compute them. A re-check reads the people it
// names (training:STAFF|NEED) and reports their duties as they now stand.
func (r *factsReader) training(ctx context.Context) error {
	var staff []string
	if r.scope != nil {
		for _, id := range r.scope.ids(compliance.KindTraining) {
			s, _, _ := strings.Cut(id, "|")
			staff = append(staff, s)
		}
		if len(staff) == 0 {
			return nil
		}
	}
	day := organisation.Day(r.day)
	y, err := r.tx.trainingYear(ctx, training.FiscalYear(day), day, "", staff)
	if err != nil {
		return err
	}
	for _, o := range y.Outcomes {
		if !o.Overdue {
			continue
		}
		t := compliance.Training{StaffNo: o.StaffNo, Need: string(o.Need), NeedLabel: o.Need.Label(), Due: organisation.FormatDate(o.Due), DaysLate: o.DaysLate}
		if p := y.Person(o.StaffNo); p != nil {
			t.Name, t.Unit = p.Name, p.Unit
		}
		r.f.Training = append(r.f.Training, t)
	}
	return nil
}
