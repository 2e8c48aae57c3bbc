package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"kijun/internal/catalog"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/selfcheck"
	"kijun/internal/wareki"
)

// mayRunSelfcheck refuses anyone but the 情報セキュリティ統括責任者 (who
// runs the self-check, 11.2.2イ) and the 情報セキュリティ管理者 who works
// for them; by "" is the operator at the console, trusted as an
// administrator.
func (tx *Tx) mayRunSelfcheck(ctx context.Context, by string) error {
	if by == "" {
		return nil
	}
	day := tx.db.Now()
	for _, role := range []organisation.Role{organisation.RoleSecurityDirector, organisation.RoleSecurityManager} {
		h, err := tx.holderOf(ctx, role, organisation.City(), day)
		if err == nil && h.Person.StaffNo == by {
			return nil
		}
		if err != nil && kijun.ErrorCode(err) != kijun.ENOTFOUND {
			return err
		}
	}
	return kijun.Errorf(kijun.EFORBIDDEN, "自己点検を実施・設定できるのは情報セキュリティ統括責任者と情報セキュリティ管理者です（only the 統括責任者 and the 情報セキュリティ管理者 run the self-check, 11.2.2）")
}

// Launch is what LaunchSelfcheck needs.
type Launch struct {
	FiscalYear int
	// By is the staff number of who launches it ("" at the console).
	By string
	// Due is the last day to submit; zero means 60 days from launch.
	Due time.Time
	// Catalog is the standard in force, which the questions cite.
	Catalog *catalog.Catalog
}

// LaunchSelfcheck starts a 年度's self-check (11.2.1): it freezes the
// questions in force and addresses a report to each 課's 情報管理者, each
// system's 業務システム管理者 and every member of staff, as they are on
// launch day (the role holders as the compliance checks work them out).
// A 年度 is launched once; a second launch is refused.
func (db *DB) LaunchSelfcheck(ctx context.Context, l Launch) (selfcheck.Campaign, int, error) {
	now := db.Now()
	c := selfcheck.Campaign{FiscalYear: l.FiscalYear, LaunchedAt: now, LaunchedBy: l.By, Due: l.Due}
	if l.FiscalYear < 2000 || l.FiscalYear > 2200 {
		return c, 0, kijun.Errorf(kijun.EINVALID, "年度 %d は正しくありません（give the fiscal year as YYYY, such as %d）", l.FiscalYear, wareki.FiscalYear(now))
	}
	if c.Due.IsZero() {
		c.Due = now.AddDate(0, 0, 60)
	}
	qs, _, err := db.SelfcheckQuestions(ctx, l.Catalog)
	if err != nil {
		return c, 0, err
	}
	if len(qs) == 0 {
		return c, 0, kijun.Errorf(kijun.EINVALID, "自己点検の設問がありません（no questions: add some first）")
	}
	c.Questions = qs
	reports, err := db.selfcheckRespondents(ctx, now)
	if err != nil {
		return c, 0, err
	}
	body, err := json.Marshal(qs)
	if err != nil {
		return c, 0, fmt.Errorf("encode self-check questions: %w", err)
	}
	err = db.Update(ctx, func(tx *Tx) error {
		if err := tx.mayRunSelfcheck(ctx, l.By); err != nil {
			return err
		}
		var id int64
		err := tx.QueryRowContext(ctx, "SELECT id FROM selfcheck_campaigns WHERE fiscal_year = ?", l.FiscalYear).Scan(&id)
		if err == nil {
			return kijun.Errorf(kijun.ECONFLICT, "%d 年度の自己点検は実施済みです（the self-check of fiscal year %d has already been launched）", l.FiscalYear, l.FiscalYear)
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("look up self-check campaign: %w", err)
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO selfcheck_campaigns (fiscal_year, launched_at, launched_by, due_day, questions)
			VALUES (?, ?, ?, ?, ?) RETURNING id`, l.FiscalYear, storedTime(now), l.By, dateArg(c.Due), string(body)).Scan(&c.ID); err != nil {
			return fmt.Errorf("save self-check campaign: %w", err)
		}
		const per = 500
		for start := 0; start < len(reports); start += per {
			batch := reports[start:min(start+per, len(reports))]
			var q strings.Builder
			q.WriteString("INSERT INTO selfcheck_reports (campaign_id, audience, subject, subject_name, unit_code, respondent) VALUES ")
			args := make([]any, 0, 6*len(batch))
			for i, r := range batch {
				if i > 0 {
					q.WriteString(", ")
				}
				q.WriteString("(?, ?, ?, ?, ?, ?)")
				args = append(args, c.ID, string(r.Audience), r.Subject, r.SubjectName, r.Unit, r.Respondent)
			}
			if _, err := tx.ExecContext(ctx, q.String(), args...); err != nil {
				return fmt.Errorf("address self-check reports: %w", err)
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO selfcheck_unit_progress (campaign_id, unit_code, reports)
			SELECT campaign_id, unit_code, COUNT(*) FROM selfcheck_reports WHERE campaign_id = ? GROUP BY campaign_id, unit_code`, c.ID); err != nil {
			return fmt.Errorf("count self-check reports per 課: %w", err)
		}
		counts := map[selfcheck.Audience]int{}
		for _, r := range reports {
			counts[r.Audience]++
		}
		_, err = tx.Record(ctx, Change{Action: "selfcheck.launch", Entity: "selfcheck_campaign", EntityID: fmt.Sprint(l.FiscalYear),
			State: struct {
				Campaign selfcheck.Campaign
				Reports  map[selfcheck.Audience]int
			}{c, counts}, Provisions: []string{"11.2.1"}})
		return err
	})
	return c, len(reports), err
}

// selfcheckRespondents addresses the reports of a campaign launched on
// day: the holders of 情報管理者 and 業務システム管理者 are read as the
// compliance checks read them (by appointment, else by post), and every
// active person answers for themselves under their primary 課.
func (db *DB) selfcheckRespondents(ctx context.Context, day time.Time) ([]selfcheck.Report, error) {
	f, err := db.ComplianceFacts(ctx, day, nil)
	if err != nil {
		return nil, err
	}
	units, err := db.UnitsOn(ctx, day)
	if err != nil {
		return nil, err
	}
	name := map[string]string{}
	for _, u := range units {
		name[u.Code] = u.Name
	}
	var out []selfcheck.Report
	for _, r := range f.Roles {
		if r.Role != string(organisation.RoleInfoManager) {
			continue
		}
		out = append(out, selfcheck.Report{Audience: selfcheck.Unit, Subject: r.Unit, SubjectName: name[r.Unit], Unit: r.Unit, Respondent: r.Holder})
	}
	for _, s := range f.Systems {
		out = append(out, selfcheck.Report{Audience: selfcheck.System, Subject: s.ID, SubjectName: s.Name, Unit: s.Unit, Respondent: s.Admin})
	}
	d := dateArg(day)
	err = db.View(ctx, func(tx *Tx) error {
		return tx.each(ctx, `SELECT p.staff_no, p.name, MIN(a.unit_code) FROM org_people p
			JOIN org_assignments a ON a.staff_no = p.staff_no AND a.is_primary = 1 AND a.valid_from <= ? AND a.valid_to >= ?
			WHERE p.status = 'active' GROUP BY p.staff_no, p.name ORDER BY p.staff_no`, []any{d, d}, func(sc scanner) error {
			var r selfcheck.Report
			if err := sc.Scan(&r.Subject, &r.SubjectName, &r.Unit); err != nil {
				return err
			}
			r.Audience, r.Respondent = selfcheck.Staff, r.Subject
			out = append(out, r)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("read staff for the self-check: %w", err)
	}
	return out, nil
}

// SelfcheckCampaign returns the campaign of a 年度.
func (db *DB) SelfcheckCampaign(ctx context.Context, fy int) (selfcheck.Campaign, error) {
	var c selfcheck.Campaign
	err := db.View(ctx, func(tx *Tx) (err error) {
		c, err = tx.selfcheckCampaign(ctx, "fiscal_year = ?", fy)
		return err
	})
	return c, err
}

// SelfcheckCampaigns lists the campaigns, latest 年度 first, without
// their questions.
func (db *DB) SelfcheckCampaigns(ctx context.Context) ([]selfcheck.Campaign, error) {
	var out []selfcheck.Campaign
	err := db.View(ctx, func(tx *Tx) error {
		return tx.each(ctx, "SELECT id, fiscal_year, launched_at, launched_by, due_day, closed_at FROM selfcheck_campaigns ORDER BY fiscal_year DESC", nil,
			func(sc scanner) error {
				var c selfcheck.Campaign
				var at, due, closed string
				if err := sc.Scan(&c.ID, &c.FiscalYear, &at, &c.LaunchedBy, &due, &closed); err != nil {
					return err
				}
				c.LaunchedAt, c.Due, c.ClosedAt = parseStoredTime(at), organisation.StoredDate(due), parseStoredTime(closed)
				out = append(out, c)
				return nil
			})
	})
	if err != nil {
		return nil, fmt.Errorf("list self-check campaigns: %w", err)
	}
	return out, nil
}

func (tx *Tx) selfcheckCampaign(ctx context.Context, where string, arg any) (selfcheck.Campaign, error) {
	var c selfcheck.Campaign
	var at, due, closed, qs string
	err := tx.QueryRowContext(ctx, "SELECT id, fiscal_year, launched_at, launched_by, due_day, closed_at, questions FROM selfcheck_campaigns WHERE "+where, arg).
		Scan(&c.ID, &c.FiscalYear, &at, &c.LaunchedBy, &due, &closed, &qs)
	if errors.Is(err, sql.ErrNoRows) {
		return c, kijun.Errorf(kijun.ENOTFOUND, "自己点検がありません（no such self-check campaign: %v）", arg)
	}
	if err != nil {
		return c, fmt.Errorf("read self-check campaign: %w", err)
	}
	c.LaunchedAt, c.Due, c.ClosedAt = parseStoredTime(at), organisation.StoredDate(due), parseStoredTime(closed)
	if err := json.Unmarshal([]byte(qs), &c.Questions); err != nil {
		return c, fmt.Errorf("read self-check questions of %d: %w", c.FiscalYear, err)
	}
	return c, nil
}

// CloseSelfcheck closes a 年度's campaign: no answer is taken after it.
func (db *DB) CloseSelfcheck(ctx context.Context, fy int, by string) error {
	return db.Update(ctx, func(tx *Tx) error {
		if err := tx.mayRunSelfcheck(ctx, by); err != nil {
			return err
		}
		c, err := tx.selfcheckCampaign(ctx, "fiscal_year = ?", fy)
		if err != nil {
			return err
		}
		if !c.Open() {
			return kijun.Errorf(kijun.ECONFLICT, "%d 年度の自己点検は終了しています（already closed）", fy)
		}
		if _, err := tx.ExecContext(ctx, "UPDATE selfcheck_campaigns SET closed_at = ? WHERE id = ?", storedTime(tx.db.Now()), c.ID); err != nil {
			return fmt.Errorf("close self-check campaign: %w", err)
		}
		_, err = tx.Record(ctx, Change{Action: "selfcheck.close", Entity: "selfcheck_campaign", EntityID: fmt.Sprint(fy), State: c.ID, Provisions: []string{"11.2.2"}})
		return err
	})
}
