package store

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"kijun/internal/catalog"
	"kijun/internal/kijun"
	"kijun/internal/selfcheck"
	"kijun/internal/soa"
)

// SelfcheckQuestions returns the city's self-check questions in force: the
// ones it has edited and added, or, while it has kept none, the questions
// Kijun proposes from cat (11.2.1). edited says which.
func (db *DB) SelfcheckQuestions(ctx context.Context, cat *catalog.Catalog) (qs []selfcheck.Question, edited bool, err error) {
	carries, err := db.carriedByAlignment(ctx, cat)
	if err != nil {
		return nil, false, err
	}
	err = db.View(ctx, func(tx *Tx) error {
		qs, edited, err = tx.selfcheckQuestions(ctx, cat, carries)
		return err
	})
	return qs, edited, err
}

func (tx *Tx) selfcheckQuestions(ctx context.Context, cat *catalog.Catalog, carries func(string) bool) ([]selfcheck.Question, bool, error) {
	var qs []selfcheck.Question
	err := tx.each(ctx, "SELECT key, provision, audience, text, rules FROM selfcheck_questions WHERE active = 1 ORDER BY position, key", nil,
		func(sc scanner) error {
			var q selfcheck.Question
			var rules string
			if err := sc.Scan(&q.Key, &q.Provision, &q.Audience, &q.Text, &rules); err != nil {
				return err
			}
			q.Rules = strings.Fields(rules)
			qs = append(qs, q)
			return nil
		})
	if err != nil {
		return nil, false, fmt.Errorf("read self-check questions: %w", err)
	}
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM selfcheck_questions").Scan(&n); err != nil {
		return nil, false, fmt.Errorf("count self-check questions: %w", err)
	}
	if n == 0 {
		if carries != nil {
			return selfcheck.DefaultsThrough(cat, carries), false, nil
		}
		return selfcheck.Defaults(cat), false, nil
	}
	return qs, true, nil
}

// SaveSelfcheckQuestion edits a question or adds the city's own (11.2.1);
// remove takes it out of next year's campaigns. The first edit keeps the
// proposed questions as the city's, so that one edit does not lose the
// others. known and rule check the provision and the rules (see
// selfcheck.Question.Check). Only the 情報セキュリティ統括責任者 and the
// 情報セキュリティ管理者 may change the questions.
func (db *DB) SaveSelfcheckQuestion(ctx context.Context, by string, cat *catalog.Catalog, q selfcheck.Question, remove bool, rule func(string) bool) error {
	carries, err := db.carriedByAlignment(ctx, cat)
	if err != nil {
		return err
	}
	if !remove {
		// A question cites the city's provision, or a reference provision
		// the city's standard carries through its alignment (11.3).
		known := func(id string) bool { return cat.Find(id) != nil || (carries != nil && carries(id)) }
		if err := q.Check(known, rule); err != nil {
			return err
		}
	}
	return db.Update(ctx, func(tx *Tx) error {
		if err := tx.mayRunSelfcheck(ctx, by); err != nil {
			return err
		}
		qs, edited, err := tx.selfcheckQuestions(ctx, cat, carries)
		if err != nil {
			return err
		}
		now := storedTime(db.Now())
		if !edited {
			for i, d := range qs {
				if _, err := tx.ExecContext(ctx, `INSERT INTO selfcheck_questions (key, provision, audience, text, rules, active, position, updated_at)
					VALUES (?, ?, ?, ?, ?, 1, ?, ?)`, d.Key, d.Provision, string(d.Audience), d.Text, strings.Join(d.Rules, " "), i, now); err != nil {
					return fmt.Errorf("keep proposed self-check questions: %w", err)
				}
			}
		}
		if remove {
			res, err := tx.ExecContext(ctx, "UPDATE selfcheck_questions SET active = 0, updated_at = ? WHERE key = ?", now, q.Key)
			if err != nil {
				return fmt.Errorf("remove self-check question %s: %w", q.Key, err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return kijun.Errorf(kijun.ENOTFOUND, "設問 %s はありません（no such question）", q.Key)
			}
		} else if _, err := tx.ExecContext(ctx, `INSERT INTO selfcheck_questions (key, provision, audience, text, rules, active, position, updated_at)
			VALUES (?, ?, ?, ?, ?, 1, (SELECT COALESCE(MAX(position), 0) + 1 FROM selfcheck_questions), ?)
			ON CONFLICT (key) DO UPDATE SET provision = excluded.provision, audience = excluded.audience, text = excluded.text,
			rules = excluded.rules, active = 1, updated_at = excluded.updated_at`,
			q.Key, q.Provision, string(q.Audience), q.Text, strings.Join(q.Rules, " "), now); err != nil {
			return fmt.Errorf("save self-check question %s: %w", q.Key, err)
		}
		action := "selfcheck.question.save"
		if remove {
			action = "selfcheck.question.remove"
		}
		_, err = tx.Record(ctx, Change{Action: action, Entity: "selfcheck_question", EntityID: q.Key, State: q, Provisions: []string{"11.2.1"}})
		return err
	})
}

// SelfcheckSupports declares, for the statement of applicability, the
// provision each self-check question in force asks about.
func (db *DB) SelfcheckSupports(ctx context.Context, cat *catalog.Catalog) ([]soa.Support, error) {
	qs, _, err := db.SelfcheckQuestions(ctx, cat)
	if err != nil {
		return nil, err
	}
	out := make([]soa.Support, len(qs))
	for i, q := range qs {
		out[i] = soa.Support{Provision: q.Provision, Kind: soa.Question, Name: q.Key, Title: q.Audience.Label(),
			Link: "/selfcheck/questions#q-" + url.PathEscape(q.Key)}
	}
	return out, nil
}
