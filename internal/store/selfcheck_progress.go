package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/selfcheck"
)

// SelfcheckProgress counts a campaign's reports per 課 and 局 (11.2.2):
// addressed, answered, submitted, overdue (not submitted by the due day)
// and unexplained contradictions. A 課 counts under the 局室区等 above it
// whose head is its 情報責任者 (3.1.5).
func (db *DB) SelfcheckProgress(ctx context.Context, fy int) (*selfcheck.Progress, error) {
	now := db.Now()
	p := &selfcheck.Progress{}
	bureaus := map[string]*selfcheck.Bureau{}
	// One read: the campaign's header (not its questions), the units of
	// the day and their kinds, and the counts kept per 課.
	err := db.View(ctx, func(tx *Tx) error {
		c := &p.Campaign
		var at, due, closed string
		err := tx.QueryRowContext(ctx, "SELECT id, fiscal_year, launched_at, launched_by, due_day, closed_at FROM selfcheck_campaigns WHERE fiscal_year = ?", fy).
			Scan(&c.ID, &c.FiscalYear, &at, &c.LaunchedBy, &due, &closed)
		if errors.Is(err, sql.ErrNoRows) {
			return kijun.Errorf(kijun.ENOTFOUND, "%d 年度の自己点検はありません（no self-check campaign of %d）", fy, fy)
		}
		if err != nil {
			return fmt.Errorf("read self-check campaign: %w", err)
		}
		c.LaunchedAt, c.Due, c.ClosedAt = parseStoredTime(at), organisation.StoredDate(due), parseStoredTime(closed)
		overdue := !now.Before(c.Due.AddDate(0, 0, 1))
		kinds, err := tx.unitKinds(ctx)
		if err != nil {
			return err
		}
		byCode := map[string]organisation.Unit{}
		rows, err := tx.QueryContext(ctx, "SELECT "+unitColumns+" FROM org_unit_versions WHERE valid_from <= ? AND valid_to >= ?", dateArg(now), dateArg(now))
		if err != nil {
			return fmt.Errorf("list units: %w", err)
		}
		units, err := scanUnits(rows)
		if err != nil {
			return err
		}
		for _, u := range units {
			byCode[u.Code] = u
		}
		bureauOf := func(code string) organisation.Unit {
			for u, ok := byCode[code]; ok; u, ok = byCode[u.Parent] {
				if kinds[u.Kind].InfoOfficer {
					return u
				}
			}
			return organisation.Unit{Code: "", Name: "（局室区等なし）"}
		}
		return tx.each(ctx, `SELECT unit_code, reports, answered, submitted, contradicted
			FROM selfcheck_unit_progress WHERE campaign_id = ?`, []any{c.ID}, func(sc scanner) error {
			var t selfcheck.Tally
			if err := sc.Scan(&t.Code, &t.Reports, &t.Answered, &t.Submitted, &t.Contradicted); err != nil {
				return err
			}
			t.Name = byCode[t.Code].Name
			if t.Name == "" {
				t.Name = t.Code
			}
			if overdue {
				t.Overdue = t.Reports - t.Submitted
			}
			bu := bureauOf(t.Code)
			b := bureaus[bu.Code]
			if b == nil {
				b = &selfcheck.Bureau{Tally: selfcheck.Tally{Code: bu.Code, Name: bu.Name}}
				bureaus[bu.Code] = b
			}
			b.Units = append(b.Units, t)
			b.Add(t)
			p.Total.Add(t)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("count self-check progress: %w", err)
	}
	for _, b := range bureaus {
		sort.Slice(b.Units, func(i, j int) bool { return b.Units[i].Code < b.Units[j].Code })
		p.Bureaus = append(p.Bureaus, *b)
	}
	sort.Slice(p.Bureaus, func(i, j int) bool { return p.Bureaus[i].Code < p.Bureaus[j].Code })
	return p, nil
}

// SelfcheckOwed is a report of an open campaign not yet submitted, with
// whom it is addressed to.
type SelfcheckOwed struct {
	Report     selfcheck.Report
	FiscalYear int
	Due        time.Time
}

// SelfcheckUnsubmitted lists the reports of open campaigns that are not
// submitted and have a respondent, for the reminders (11.2.2ア).
func (db *DB) SelfcheckUnsubmitted(ctx context.Context) ([]SelfcheckOwed, error) {
	var out []SelfcheckOwed
	err := db.View(ctx, func(tx *Tx) error {
		return tx.each(ctx, `SELECT r.id, r.campaign_id, r.audience, r.subject, r.subject_name, r.unit_code, r.respondent, r.answered,
			r.contradicted, r.submitted_at, c.fiscal_year, c.due_day
			FROM selfcheck_reports r JOIN selfcheck_campaigns c ON c.id = r.campaign_id
			WHERE c.closed_at = '' AND r.submitted_at = '' AND r.respondent <> '' ORDER BY r.id`, nil, func(sc scanner) error {
			var o SelfcheckOwed
			var submitted, due string
			if err := sc.Scan(&o.Report.ID, &o.Report.CampaignID, &o.Report.Audience, &o.Report.Subject, &o.Report.SubjectName, &o.Report.Unit,
				&o.Report.Respondent, &o.Report.Answered, &o.Report.Contradicted, &submitted, &o.FiscalYear, &due); err != nil {
				return err
			}
			o.Due = organisation.StoredDate(due)
			out = append(out, o)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("list unsubmitted self-check reports: %w", err)
	}
	return out, nil
}
