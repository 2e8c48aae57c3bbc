package store

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"kijun/internal/kijun"
	"kijun/internal/selfcheck"
)

// SelfcheckResults builds the report to the CISO (11.2.2イ): the answers
// per provision and per 課, beside last 年度's where there was a
// campaign, and every answer of no or partly.
func (db *DB) SelfcheckResults(ctx context.Context, fy int) (*selfcheck.Results, error) {
	c, err := db.SelfcheckCampaign(ctx, fy)
	if err != nil {
		return nil, err
	}
	res := &selfcheck.Results{Campaign: c}
	last, err := db.SelfcheckCampaign(ctx, fy-1)
	switch {
	case err == nil:
		res.LastYear = fy - 1
	case kijun.ErrorCode(err) != kijun.ENOTFOUND:
		return nil, err
	}
	provisionOf := map[string]string{}
	for _, qs := range [][]selfcheck.Question{last.Questions, c.Questions} {
		for _, q := range qs {
			provisionOf[q.Key] = q.Provision
		}
	}
	byProvision, byUnit := map[string]*selfcheck.Line{}, map[string]*selfcheck.Line{}
	line := func(m map[string]*selfcheck.Line, key string) *selfcheck.Line {
		if m[key] == nil {
			m[key] = &selfcheck.Line{Key: key}
		}
		return m[key]
	}
	progress, err := db.SelfcheckProgress(ctx, fy)
	if err != nil {
		return nil, err
	}
	res.Progress = progress.Total
	names := map[string]string{}
	for _, b := range progress.Bureaus {
		for _, u := range b.Units {
			names[u.Code] = u.Name
		}
	}
	err = db.View(ctx, func(tx *Tx) error {
		for _, year := range []struct {
			id   int64
			this bool
		}{{c.ID, true}, {last.ID, false}} {
			if year.id == 0 {
				continue
			}
			err := tx.each(ctx, `SELECT a.question, r.unit_code, a.value, COUNT(*), SUM(CASE WHEN a.contradicted <> '' THEN 1 ELSE 0 END)
				FROM selfcheck_answers a JOIN selfcheck_reports r ON r.id = a.report_id
				WHERE r.campaign_id = ? GROUP BY a.question, r.unit_code, a.value`, []any{year.id}, func(sc scanner) error {
				var q, unit string
				var v selfcheck.Value
				var n, contradicted int
				if err := sc.Scan(&q, &unit, &v, &n, &contradicted); err != nil {
					return err
				}
				for _, l := range []*selfcheck.Line{line(byProvision, provisionOf[q]), line(byUnit, unit), &res.Total} {
					if year.this {
						l.This.Add(v, n, contradicted)
					} else {
						l.Last.Add(v, n, contradicted)
					}
				}
				return nil
			})
			if err != nil {
				return err
			}
		}
		return tx.each(ctx, `SELECT r.id, r.unit_code, r.subject_name, a.question, a.value, a.note FROM selfcheck_answers a
			JOIN selfcheck_reports r ON r.id = a.report_id WHERE r.campaign_id = ? AND a.value IN ('no', 'partly')
			ORDER BY r.unit_code, r.id, a.question`, []any{c.ID}, func(sc scanner) error {
			var n selfcheck.NoAnswer
			if err := sc.Scan(&n.Report, &n.Unit, &n.SubjectName, &n.Question, &n.Value, &n.Note); err != nil {
				return err
			}
			n.Provision = provisionOf[n.Question]
			res.No = append(res.No, n)
			return nil
		})
	})
	if err != nil && !errors.Is(err, context.Canceled) {
		return nil, fmt.Errorf("count self-check results of %d: %w", fy, err)
	}
	for _, l := range byProvision {
		res.Provisions = append(res.Provisions, *l)
	}
	for _, l := range byUnit {
		l.Name = names[l.Key]
		res.Units = append(res.Units, *l)
	}
	sort.Slice(res.Provisions, func(i, j int) bool { return res.Provisions[i].Key < res.Provisions[j].Key })
	sort.Slice(res.Units, func(i, j int) bool { return res.Units[i].Key < res.Units[j].Key })
	return res, err
}
