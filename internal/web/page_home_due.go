package web

import (
	"context"
	"net/http"
	"time"

	"kijun/internal/training"
)

// homeTrainingAndChecks adds to the person's week the training they owe
// (7.2.2: a duty not yet met, past due or due within seven days) and the
// self-check reports they are to answer (11.2.2ア), read from the
// training and self-check stores as their own pages read them.
func (s *Server) homeTrainingAndChecks(ctx context.Context, r *http.Request, staffNo string, today time.Time, d *homeData) error {
	week := today.AddDate(0, 0, 7)
	y, err := s.db.TrainingYearOf(ctx, training.FiscalYear(today), today, []string{staffNo})
	if err != nil {
		return err
	}
	link := ""
	if s.mayOpen(r, "/training") {
		link = "/training"
	}
	for _, o := range y.Outcomes {
		if o.StaffNo != staffNo || o.Met != nil || o.Due.IsZero() || (!o.Overdue && o.Due.After(week)) {
			continue
		}
		d.Week = append(d.Week, homeDue{Kind: "home.due.training", What: o.Need.Label(), Need: o.Need, Due: o.Due, Link: link, Overdue: o.Overdue})
	}
	owed, err := s.db.SelfcheckOwedBy(ctx, staffNo)
	if err != nil {
		return err
	}
	for _, o := range owed {
		if o.Due.After(week) {
			continue
		}
		due := homeDue{Kind: "home.due.selfcheck", What: o.Report.SubjectName, Due: o.Due, Overdue: o.Due.Before(today)}
		if l := "/selfcheck/reports/" + i64toa(o.Report.ID); s.mayOpen(r, l) {
			due.Link = l
		}
		d.Week = append(d.Week, due)
	}
	return nil
}
