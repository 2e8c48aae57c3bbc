package store

import (
	"context"
	"fmt"

	"kijun/internal/organisation"
)

// SelfcheckOwedBy lists the reports of open campaigns staffNo is to
// answer and has not submitted (11.2.2ア), for the person's home page.
func (db *DB) SelfcheckOwedBy(ctx context.Context, staffNo string) ([]SelfcheckOwed, error) {
	var out []SelfcheckOwed
	err := db.View(ctx, func(tx *Tx) error {
		return tx.each(ctx, `SELECT r.id, r.campaign_id, r.audience, r.subject, r.subject_name, r.unit_code, r.respondent, r.answered,
			r.contradicted, c.fiscal_year, c.due_day
			FROM selfcheck_reports r JOIN selfcheck_campaigns c ON c.id = r.campaign_id
			WHERE r.respondent = ? AND c.closed_at = '' AND r.submitted_at = '' ORDER BY c.due_day, r.id`, []any{staffNo}, func(sc scanner) error {
			var o SelfcheckOwed
			var due string
			if err := sc.Scan(&o.Report.ID, &o.Report.CampaignID, &o.Report.Audience, &o.Report.Subject, &o.Report.SubjectName, &o.Report.Unit,
				&o.Report.Respondent, &o.Report.Answered, &o.Report.Contradicted, &o.FiscalYear, &due); err != nil {
				return err
			}
			o.Due = organisation.StoredDate(due)
			out = append(out, o)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("list self-check reports owed by %s: %w", staffNo, err)
	}
	return out, nil
}
