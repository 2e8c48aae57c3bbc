package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"kijun/internal/kijun"
	"kijun/internal/selfcheck"
)

// SelfcheckReportView is a report with its campaign, its answers and how
// each stands against the registers now.
type SelfcheckReportView struct {
	Report    selfcheck.Report
	Campaign  selfcheck.Campaign
	Questions []selfcheck.Question
	Answers   map[string]selfcheck.Answer
	Verdicts  map[string]selfcheck.Verdict
}

// Unexplained lists the questions whose answers are contradicted and not
// explained.
func (v *SelfcheckReportView) Unexplained() []string {
	var out []string
	for _, q := range v.Questions {
		if a, ok := v.Answers[q.Key]; ok && selfcheck.Unexplained(a, v.Verdicts[q.Key]) {
			out = append(out, q.Key)
		}
	}
	return out
}

// Unanswered lists the questions not answered yet.
func (v *SelfcheckReportView) Unanswered() []string {
	var out []string
	for _, q := range v.Questions {
		if _, ok := v.Answers[q.Key]; !ok {
			out = append(out, q.Key)
		}
	}
	return out
}

// SelfcheckReport reads a report and checks its answers against the
// registers as they are now: the open findings of each question's rules
// in the report's 課 (or system), not accepted under a 例外措置.
func (db *DB) SelfcheckReport(ctx context.Context, id int64) (*SelfcheckReportView, error) {
	var v *SelfcheckReportView
	err := db.View(ctx, func(tx *Tx) (err error) {
		v, err = tx.selfcheckReport(ctx, id)
		return err
	})
	return v, err
}

const reportColumns = "id, campaign_id, audience, subject, subject_name, unit_code, respondent, answered, contradicted, submitted_at"

func scanReport(sc scanner) (selfcheck.Report, error) {
	var r selfcheck.Report
	var submitted string
	err := sc.Scan(&r.ID, &r.CampaignID, &r.Audience, &r.Subject, &r.SubjectName, &r.Unit, &r.Respondent, &r.Answered, &r.Contradicted, &submitted)
	r.SubmittedAt = parseStoredTime(submitted)
	return r, err
}

func (tx *Tx) selfcheckReport(ctx context.Context, id int64) (*SelfcheckReportView, error) {
	r, err := scanReport(tx.QueryRowContext(ctx, "SELECT "+reportColumns+" FROM selfcheck_reports WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, kijun.Errorf(kijun.ENOTFOUND, "自己点検の報告 %d はありません（no such report）", id)
	}
	if err != nil {
		return nil, fmt.Errorf("read self-check report %d: %w", id, err)
	}
	c, err := tx.selfcheckCampaign(ctx, "id = ?", r.CampaignID)
	if err != nil {
		return nil, err
	}
	v := &SelfcheckReportView{Report: r, Campaign: c, Questions: c.For(r.Audience), Answers: map[string]selfcheck.Answer{}, Verdicts: map[string]selfcheck.Verdict{}}
	err = tx.each(ctx, "SELECT question, value, note, explanation, evidence FROM selfcheck_answers WHERE report_id = ?", []any{id}, func(sc scanner) error {
		var a selfcheck.Answer
		if err := sc.Scan(&a.Question, &a.Value, &a.Note, &a.Explanation, &a.Evidence); err != nil {
			return err
		}
		v.Answers[a.Question] = a
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read self-check answers of %d: %w", id, err)
	}
	open, err := tx.selfcheckFindings(ctx, r, v.Questions)
	if err != nil {
		return nil, err
	}
	for _, q := range v.Questions {
		if a, ok := v.Answers[q.Key]; ok {
			v.Verdicts[q.Key] = selfcheck.Judge(q, a, open)
		}
	}
	return v, nil
}

// selfcheckFindings reads the open findings that bear on a report's
// questions: those of the questions' rules whose record the report's 課
// answers for (a system's report: that system's), leaving out findings
// accepted under a 例外措置 (9.5.1). The compliance checks keep them
// current; nothing is judged twice.
func (tx *Tx) selfcheckFindings(ctx context.Context, r selfcheck.Report, qs []selfcheck.Question) ([]selfcheck.Finding, error) {
	var rules []any
	for _, q := range qs {
		for _, rule := range q.Rules {
			rules = append(rules, rule)
		}
	}
	if len(rules) == 0 || r.Audience == selfcheck.Staff {
		return nil, nil
	}
	where, arg := "f.unit_code = ?", any(r.Subject)
	if r.Audience == selfcheck.System {
		where, arg = "f.subject = ?", any("system:"+r.Subject)
	}
	var out []selfcheck.Finding
	err := tx.each(ctx, `SELECT f.rule, f.subject, f.subject_name, f.message FROM compliance_findings f
		LEFT JOIN compliance_acceptances x ON x.rule = f.rule AND x.subject = f.subject AND x.until_day >= ?
		WHERE f.closed_at = '' AND x.rule IS NULL AND `+where+` AND f.rule IN `+inList(len(rules))+` ORDER BY f.rule, f.subject`,
		append([]any{dateArg(tx.db.Now()), arg}, rules...), func(sc scanner) error {
			var f selfcheck.Finding
			if err := sc.Scan(&f.Rule, &f.Subject, &f.SubjectName, &f.Message); err != nil {
				return err
			}
			out = append(out, f)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("read findings for self-check report %d: %w", r.ID, err)
	}
	return out, nil
}

// mayAnswer refuses anyone but the report's respondent (by "" is the
// console), and any change to a closed campaign or a submitted report.
func mayAnswer(v *SelfcheckReportView, by string) error {
	switch {
	case !v.Campaign.Open():
		return kijun.Errorf(kijun.ECONFLICT, "%d 年度の自己点検は終了しています。回答できません（the campaign is closed）", v.Campaign.FiscalYear)
	case v.Report.Submitted():
		return kijun.Errorf(kijun.ECONFLICT, "この報告は提出済みです。回答を変えられません（the report has been submitted）")
	case by != "" && by != v.Report.Respondent:
		return kijun.Errorf(kijun.EFORBIDDEN, "この報告に回答できるのは %s の%sです（only the respondent answers, 11.2.1）", v.Report.SubjectName, v.Report.Audience.Label())
	}
	return nil
}

// AnswerSelfcheck records an answer to one question of a report and
// judges it against the registers at once; the verdict is kept with the
// answer, and the report's counts change with it, in one transaction with
// the ledger record.
func (db *DB) AnswerSelfcheck(ctx context.Context, reportID int64, by string, a selfcheck.Answer) (selfcheck.Verdict, error) {
	var verdict selfcheck.Verdict
	if err := a.Check(); err != nil {
		return verdict, err
	}
	err := db.Update(ctx, func(tx *Tx) error {
		v, err := tx.selfcheckReport(ctx, reportID)
		if err != nil {
			return err
		}
		if err := mayAnswer(v, by); err != nil {
			return err
		}
		var q *selfcheck.Question
		for i := range v.Questions {
			if v.Questions[i].Key == a.Question {
				q = &v.Questions[i]
			}
		}
		if q == nil {
			return kijun.Errorf(kijun.EINVALID, "設問 %s はこの報告にありません（question %s is not asked of this report）", a.Question, a.Question)
		}
		open, err := tx.selfcheckFindings(ctx, v.Report, []selfcheck.Question{*q})
		if err != nil {
			return err
		}
		verdict = selfcheck.Judge(*q, a, open)
		contradicted := ""
		if len(verdict.Contradicted) > 0 {
			b, err := json.Marshal(verdict.Contradicted)
			if err != nil {
				return fmt.Errorf("encode contradictions: %w", err)
			}
			contradicted = string(b)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO selfcheck_answers (report_id, question, value, note, explanation, evidence, contradicted, answered_at, answered_by)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (report_id, question) DO UPDATE SET value = excluded.value, note = excluded.note, explanation = excluded.explanation,
			evidence = excluded.evidence, contradicted = excluded.contradicted, answered_at = excluded.answered_at, answered_by = excluded.answered_by`,
			reportID, a.Question, string(a.Value), a.Note, a.Explanation, a.Evidence, contradicted, storedTime(db.Now()), by); err != nil {
			return fmt.Errorf("save self-check answer: %w", err)
		}
		var answered, unexplained int
		if err := tx.QueryRowContext(ctx, `UPDATE selfcheck_reports SET
			answered = (SELECT COUNT(*) FROM selfcheck_answers WHERE report_id = ?),
			contradicted = (SELECT COUNT(*) FROM selfcheck_answers WHERE report_id = ? AND contradicted <> '' AND explanation = '')
			WHERE id = ? RETURNING answered, contradicted`, reportID, reportID, reportID).Scan(&answered, &unexplained); err != nil {
			return fmt.Errorf("count self-check answers: %w", err)
		}
		// The 課's progress: a report counts as answered from its first
		// answer; its unexplained contradictions as they stand now.
		started := 0
		if v.Report.Answered == 0 && answered > 0 {
			started = 1
		}
		if _, err := tx.ExecContext(ctx, `UPDATE selfcheck_unit_progress SET answered = answered + ?, contradicted = contradicted + ?
			WHERE campaign_id = ? AND unit_code = ?`, started, unexplained-v.Report.Contradicted, v.Report.CampaignID, v.Report.Unit); err != nil {
			return fmt.Errorf("count self-check progress: %w", err)
		}
		_, err = tx.Record(ctx, Change{Action: "selfcheck.answer", Entity: "selfcheck_report", EntityID: fmt.Sprint(reportID),
			State: struct {
				Answer  selfcheck.Answer
				Verdict selfcheck.Verdict
			}{a, verdict}, Provisions: []string{"11.2.1"}})
		return err
	})
	return verdict, err
}

// SubmitSelfcheck submits a report to the 情報セキュリティ統括責任者
// (11.2.2ア). Every question must be answered, and the answers are judged
// against the registers once more: a report with a contradicted answer
// that has no explanation is refused, naming the questions.
func (db *DB) SubmitSelfcheck(ctx context.Context, reportID int64, by string) error {
	return db.Update(ctx, func(tx *Tx) error {
		v, err := tx.selfcheckReport(ctx, reportID)
		if err != nil {
			return err
		}
		if err := mayAnswer(v, by); err != nil {
			return err
		}
		if miss := v.Unanswered(); len(miss) > 0 {
			return kijun.Errorf(kijun.EINVALID, "未回答の設問があります: %s（answer every question before submitting）", strings.Join(miss, "、"))
		}
		if bad := v.Unexplained(); len(bad) > 0 {
			return kijun.Errorf(kijun.EINVALID, "台帳と矛盾する回答に説明がありません: %s。回答を直すか、矛盾の理由を説明してください（contradicted answers need an explanation before the report can be submitted）", strings.Join(bad, "、"))
		}
		if _, err := tx.ExecContext(ctx, "UPDATE selfcheck_reports SET submitted_at = ? WHERE id = ?", storedTime(db.Now()), reportID); err != nil {
			return fmt.Errorf("submit self-check report: %w", err)
		}
		if _, err := tx.ExecContext(ctx, "UPDATE selfcheck_unit_progress SET submitted = submitted + 1 WHERE campaign_id = ? AND unit_code = ?",
			v.Report.CampaignID, v.Report.Unit); err != nil {
			return fmt.Errorf("count self-check progress: %w", err)
		}
		_, err = tx.Record(ctx, Change{Action: "selfcheck.submit", Entity: "selfcheck_report", EntityID: fmt.Sprint(reportID),
			State: v.Answers, Provisions: []string{"11.2.2.ア"}})
		return err
	})
}

// SelfcheckReportsOf lists the reports addressed to a person in a
// campaign: their own, and those of the 課 and systems they answer for.
func (db *DB) SelfcheckReportsOf(ctx context.Context, campaignID int64, staffNo string) ([]selfcheck.Report, error) {
	var out []selfcheck.Report
	err := db.View(ctx, func(tx *Tx) error {
		return tx.each(ctx, "SELECT "+reportColumns+" FROM selfcheck_reports WHERE respondent = ? AND campaign_id = ? ORDER BY audience, subject",
			[]any{staffNo, campaignID}, func(sc scanner) error {
				r, err := scanReport(sc)
				out = append(out, r)
				return err
			})
	})
	if err != nil {
		return nil, fmt.Errorf("list self-check reports of %s: %w", staffNo, err)
	}
	return out, nil
}

// SelfcheckReports lists up to limit reports of a campaign addressed to
// audience, by subject.
func (db *DB) SelfcheckReports(ctx context.Context, campaignID int64, audience selfcheck.Audience, limit int) ([]selfcheck.Report, error) {
	var out []selfcheck.Report
	err := db.View(ctx, func(tx *Tx) error {
		return tx.each(ctx, "SELECT "+reportColumns+" FROM selfcheck_reports WHERE campaign_id = ? AND audience = ? ORDER BY subject LIMIT ?",
			[]any{campaignID, string(audience), limit}, func(sc scanner) error {
				r, err := scanReport(sc)
				out = append(out, r)
				return err
			})
	})
	if err != nil {
		return nil, fmt.Errorf("list self-check reports: %w", err)
	}
	return out, nil
}
