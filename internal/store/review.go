package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"kijun/internal/audits"
	"kijun/internal/kijun"
	"kijun/internal/review"
	"kijun/internal/wareki"
)

// reviewProvisions are what the review's ledger records cite.
var reviewProvisions = []string{"11.3", "11.1.8"}

// ReviewCandidates returns the provisions whose findings came back over
// fiscal year fy and the one before (11.3): findings of the audits
// (11.1.5), "no" answers of the self-checks (11.2) and findings of the
// continuous checks (9.2.1), counted per 年度; most findings first.
func (db *DB) ReviewCandidates(ctx context.Context, fy int) ([]review.Provision, error) {
	var out []review.Provision
	err := db.View(ctx, func(tx *Tx) (err error) {
		out, err = tx.reviewCandidates(ctx, fy)
		return err
	})
	return out, err
}

func (tx *Tx) reviewCandidates(ctx context.Context, fy int) ([]review.Provision, error) {
	counts := map[string]*review.Counts{}
	add := func(provision string, year int, pick func(*review.Counts) *[2]int) {
		i := year - (fy - 1)
		if provision == "" || i < 0 || i > 1 {
			return
		}
		c := counts[provision]
		if c == nil {
			c = &review.Counts{}
			counts[provision] = c
		}
		pick(c)[i]++
	}
	from, _ := wareki.FiscalYearRange(fy - 1)
	_, to := wareki.FiscalYearRange(fy)
	// 11.1.5: the audits' findings, by when they were recorded.
	if err := tx.each(ctx, "SELECT provisions, created_at FROM audit_findings WHERE created_at >= ? AND created_at < ?", []any{storedTime(from), storedTime(to)}, func(sc scanner) error {
		var ps, at string
		if err := sc.Scan(&ps, &at); err != nil {
			return err
		}
		for _, p := range audits.SplitList(ps) {
			add(p, wareki.FiscalYear(parseStoredTime(at)), func(c *review.Counts) *[2]int { return &c.Audit })
		}
		return nil
	}); err != nil {
		return nil, fmt.Errorf("count the audits' findings: %w", err)
	}
	// 11.2: the self-checks' "no" answers, by the campaign's 年度.
	if err := tx.each(ctx, `SELECT c.fiscal_year, q.provision FROM selfcheck_answers a JOIN selfcheck_reports r ON r.id = a.report_id
		JOIN selfcheck_campaigns c ON c.id = r.campaign_id JOIN selfcheck_questions q ON q.key = a.question
		WHERE a.value = 'no' AND c.fiscal_year IN (?, ?)`, []any{fy - 1, fy}, func(sc scanner) error {
		var year int
		var p string
		if err := sc.Scan(&year, &p); err != nil {
			return err
		}
		add(p, year, func(c *review.Counts) *[2]int { return &c.SelfCheck })
		return nil
	}); err != nil {
		return nil, fmt.Errorf("count the self-checks' answers: %w", err)
	}
	// 9.2.1: the continuous checks' findings, by when first seen.
	if err := tx.each(ctx, "SELECT provision, first_seen FROM compliance_findings WHERE first_seen >= ? AND first_seen < ?", []any{storedTime(from), storedTime(to)}, func(sc scanner) error {
		var p, at string
		if err := sc.Scan(&p, &at); err != nil {
			return err
		}
		add(p, wareki.FiscalYear(parseStoredTime(at)), func(c *review.Counts) *[2]int { return &c.Check })
		return nil
	}); err != nil {
		return nil, fmt.Errorf("count the continuous checks' findings: %w", err)
	}
	var out []review.Provision
	for p, c := range counts {
		if c.Repeated() {
			out = append(out, review.Provision{Provision: p, Counts: *c})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if a, b := out[i].Counts.Total(), out[j].Counts.Total(); a != b {
			return a > b
		}
		return out[i].Provision < out[j].Provision
	})
	return out, nil
}

// Review returns the review of fiscal year fy as decided, or an
// ENOTFOUND error while it is not.
func (db *DB) Review(ctx context.Context, fy int) (review.Record, error) {
	r := review.Record{FiscalYear: fy}
	err := db.View(ctx, func(tx *Tx) error {
		var at string
		err := tx.QueryRowContext(ctx, "SELECT next_catalog, next_edition, note, decided_by, decided_at FROM review_records WHERE fiscal_year = ?", fy).
			Scan(&r.NextCatalog, &r.NextEdition, &r.Note, &r.DecidedBy, &at)
		if errors.Is(err, sql.ErrNoRows) {
			return kijun.Errorf(kijun.ENOTFOUND, "%d 年度の見直しはまだ決定されていません", fy)
		}
		if err != nil {
			return fmt.Errorf("load the review of %d: %w", fy, err)
		}
		r.DecidedAt = parseStoredTime(at)
		rows, err := tx.QueryContext(ctx, "SELECT provision, decision, note, counts FROM review_decisions WHERE fiscal_year = ? ORDER BY provision", fy)
		if err != nil {
			return fmt.Errorf("load the review of %d: %w", fy, err)
		}
		defer rows.Close()
		for rows.Next() {
			var p review.Provision
			var counts string
			if err := rows.Scan(&p.Provision, &p.Decision, &p.Note, &counts); err != nil {
				return fmt.Errorf("load the review of %d: %w", fy, err)
			}
			if err := json.Unmarshal([]byte(counts), &p.Counts); err != nil {
				return fmt.Errorf("load the review of %d, %s: %w", fy, p.Provision, err)
			}
			r.Provisions = append(r.Provisions, p)
		}
		return rows.Err()
	})
	return r, err
}

// DecideReview records the review of a fiscal year (11.3): for every
// provision whose findings came back, as counted now, the decision the
// CISO's office took, and the catalog edition that follows, which must be
// loaded. Deciding again replaces the decisions; the ledger keeps each.
// Only the CISO's office (or the console) decides.
func (db *DB) DecideReview(ctx context.Context, city bool, r review.Record) (review.Record, error) {
	r.Note, r.NextCatalog, r.NextEdition = strings.TrimSpace(r.Note), strings.TrimSpace(r.NextCatalog), strings.TrimSpace(r.NextEdition)
	if !city {
		return r, kijun.Errorf(kijun.EFORBIDDEN, "対策基準の見直しを決定できるのは CISO の事務局です（11.3）")
	}
	err := db.Update(ctx, func(tx *Tx) error {
		candidates, err := tx.reviewCandidates(ctx, r.FiscalYear)
		if err != nil {
			return err
		}
		given := map[string]review.Provision{}
		for _, p := range r.Provisions {
			given[p.Provision] = p
		}
		r.Provisions = r.Provisions[:0]
		for _, c := range candidates {
			g := given[c.Provision]
			c.Decision, c.Note = g.Decision, strings.TrimSpace(g.Note)
			r.Provisions = append(r.Provisions, c)
		}
		fe := kijun.FieldErrors{Fields: r.Check()}
		if r.NextCatalog != "" {
			var n int
			if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM catalogs WHERE key = ? AND edition = ?", r.NextCatalog, r.NextEdition).Scan(&n); err != nil {
				return fmt.Errorf("look up catalog %s %s: %w", r.NextCatalog, r.NextEdition, err)
			}
			if n == 0 {
				fe.Add(review.FieldNext, "対策基準 %s の版 %s は読み込まれていません", r.NextCatalog, r.NextEdition)
			}
		}
		if err := fe.AsError(); err != nil {
			return err
		}
		r.DecidedBy, r.DecidedAt = kijun.ActorFrom(ctx).ID, tx.db.Now()
		for _, q := range []string{"DELETE FROM review_decisions WHERE fiscal_year = ?", "DELETE FROM review_records WHERE fiscal_year = ?"} {
			if _, err := tx.ExecContext(ctx, q, r.FiscalYear); err != nil {
				return fmt.Errorf("replace the review of %d: %w", r.FiscalYear, err)
			}
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO review_records (fiscal_year, next_catalog, next_edition, note, decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?)",
			r.FiscalYear, r.NextCatalog, r.NextEdition, r.Note, r.DecidedBy, storedTime(r.DecidedAt)); err != nil {
			return fmt.Errorf("record the review of %d: %w", r.FiscalYear, err)
		}
		for _, p := range r.Provisions {
			counts, _ := json.Marshal(p.Counts)
			if _, err := tx.ExecContext(ctx, "INSERT INTO review_decisions (fiscal_year, provision, decision, note, counts) VALUES (?, ?, ?, ?, ?)",
				r.FiscalYear, p.Provision, p.Decision, p.Note, string(counts)); err != nil {
				return fmt.Errorf("record the review of %d, %s: %w", r.FiscalYear, p.Provision, err)
			}
		}
		_, err = tx.Record(ctx, Change{Action: "review.decide", Entity: "review", EntityID: fmt.Sprint(r.FiscalYear), State: r, Provisions: reviewProvisions})
		return err
	})
	return r, err
}
