package demo

import (
	"context"
	"fmt"

	"kijun/internal/kijun"
	"kijun/internal/selfcheck"
	"kijun/internal/store"
	"kijun/internal/wareki"
)

// GenerateSelfcheck fills the self-check of 11.2: last 年度's campaign,
// answered by some 課 and staff, submitted and closed, and this 年度's,
// in which the 課 whose media register holds the planted unencrypted
// medium (6.4.3) answers yes to the encryption question and is flagged
// as contradicted, with the medium named; it has not submitted. The
// answers are judged against the open findings, so run it after the
// registers have been checked (kijun demo does). A city whose 年度 is
// launched already is left as it is.
func GenerateSelfcheck(ctx context.Context, db *store.DB) ([]string, error) {
	fy := wareki.FiscalYear(db.Now())
	if _, err := db.SelfcheckCampaign(ctx, fy); err == nil {
		return nil, nil
	} else if kijun.ErrorCode(err) != kijun.ENOTFOUND {
		return nil, err
	}
	info, err := db.EnsureDefaultCatalog(ctx)
	if err != nil {
		return nil, err
	}
	cat, err := db.Catalog(ctx, info.Key, info.Edition)
	if err != nil {
		return nil, err
	}
	found, _, err := db.ListFindings(ctx, store.FindingFilter{Rule: "medium.encryption", Limit: 1})
	if err != nil {
		return nil, err
	}
	flagged := ""
	if len(found) > 0 {
		flagged = found[0].Unit
	}
	var lines []string
	for _, year := range []int{fy - 1, fy} {
		c, n, err := db.LaunchSelfcheck(ctx, store.Launch{FiscalYear: year, Catalog: cat})
		if err != nil {
			return nil, fmt.Errorf("launch the demo self-check of %d: %w", year, err)
		}
		units, err := db.SelfcheckReports(ctx, c.ID, selfcheck.Unit, 12)
		if err != nil {
			return nil, err
		}
		staff, err := db.SelfcheckReports(ctx, c.ID, selfcheck.Staff, 20)
		if err != nil {
			return nil, err
		}
		if year == fy && flagged != "" {
			reps, err := db.SelfcheckReports(ctx, c.ID, selfcheck.Unit, 1<<20)
			if err != nil {
				return nil, err
			}
			for _, r := range reps {
				if r.Subject == flagged {
					units = append(units, r)
				}
			}
		}
		submitted := 0
		for i, r := range append(units, staff...) {
			if r.Submitted() {
				continue
			}
			// The flagged 課 this year answers and leaves its report open;
			// the others answer (a few "partly" or "no") and submit.
			hold := year == fy && r.Subject == flagged && r.Audience == selfcheck.Unit
			for j, q := range c.For(r.Audience) {
				a := selfcheck.Answer{Question: q.Key, Value: selfcheck.Yes}
				switch {
				case hold:
				case (i+j)%29 == 3:
					a.Value, a.Note = selfcheck.Partly, "一部の職員に未周知。次の研修で周知する"
				case (i+j)%53 == 5 && year == fy:
					a.Value, a.Note = selfcheck.No, "手順書が未整備。今年度中に作成する"
				}
				v, err := db.AnswerSelfcheck(ctx, r.ID, "", a)
				if err != nil {
					return nil, fmt.Errorf("answer the demo self-check: %w", err)
				}
				if !hold && selfcheck.Unexplained(a, v) {
					a.Explanation = "台帳の更新が遅れている。実態は対策済みで、今月中に台帳を直す"
					if _, err := db.AnswerSelfcheck(ctx, r.ID, "", a); err != nil {
						return nil, err
					}
				}
			}
			if !hold {
				if err := db.SubmitSelfcheck(ctx, r.ID, ""); err != nil {
					return nil, fmt.Errorf("submit the demo self-check: %w", err)
				}
				submitted++
			}
		}
		if year < fy {
			if err := db.CloseSelfcheck(ctx, year, ""); err != nil {
				return nil, err
			}
		}
		lines = append(lines, fmt.Sprintf("self-check %d: %d reports addressed, %d submitted", year, n, submitted))
	}
	if flagged != "" {
		lines = append(lines, fmt.Sprintf("self-check %d: 課 %s answered yes to 6.4.3 against its media register (contradicted, not submitted)", fy, flagged))
	}
	return lines, nil
}
