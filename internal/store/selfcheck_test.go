package store_test

import (
	"context"
	"strings"
	"testing"

	"kijun/internal/compliance/monitor"
	"kijun/internal/demo"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/selfcheck"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// A year's self-check on the demo city: launched once by the 統括責任者
// only; a 課 whose media register holds an unencrypted medium of
// 機密性2 answers "yes" to the encryption question and is flagged with
// the medium named; its report is refused until the contradiction is
// explained; a submitted report and a closed campaign take no answers.
func TestSelfcheckCampaign(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := demo.Generate(ctx, db, demo.Options{Scale: demo.Small, Seed: 1}); err != nil {
			t.Fatal(err)
		}
		m := monitor.New(db)
		if _, err := m.Run(ctx, db.Now()); err != nil {
			t.Fatal(err)
		}
		cat, err := m.Catalog(ctx)
		if err != nil {
			t.Fatal(err)
		}
		director, err := db.HolderOf(ctx, organisation.RoleSecurityDirector, organisation.City(), db.Now())
		if err != nil {
			t.Fatal(err)
		}
		fy := 2026
		found, _, err := db.ListFindings(ctx, store.FindingFilter{Rule: "medium.encryption", Limit: 1})
		if err != nil || len(found) == 0 {
			t.Fatalf("the demo has no medium.encryption finding: %v", err)
		}
		unit, medium := found[0].Unit, strings.TrimPrefix(found[0].Subject, "medium:")
		manager, err := db.HolderOf(ctx, organisation.RoleInfoManager, organisation.UnitScope(unit), db.Now())
		if err != nil {
			t.Fatal(err)
		}

		_, _, err = db.LaunchSelfcheck(ctx, store.Launch{FiscalYear: fy, By: manager.Person.StaffNo, Catalog: cat})
		if kijun.ErrorCode(err) != kijun.EFORBIDDEN {
			t.Errorf("launch by a 情報管理者: %v, want EFORBIDDEN", err)
		}
		c, n, err := db.LaunchSelfcheck(ctx, store.Launch{FiscalYear: fy, By: director.Person.StaffNo, Catalog: cat})
		if err != nil {
			t.Fatalf("launch: %v", err)
		}
		if n < 10 || len(c.For(selfcheck.Unit)) == 0 || len(c.For(selfcheck.Staff)) == 0 {
			t.Errorf("launch addressed %d reports with %d unit questions", n, len(c.For(selfcheck.Unit)))
		}
		if _, _, err := db.LaunchSelfcheck(ctx, store.Launch{FiscalYear: fy, By: director.Person.StaffNo, Catalog: cat}); kijun.ErrorCode(err) != kijun.ECONFLICT {
			t.Errorf("second launch of %d: %v, want ECONFLICT", fy, err)
		}

		reports, err := db.SelfcheckReportsOf(ctx, c.ID, manager.Person.StaffNo)
		if err != nil {
			t.Fatal(err)
		}
		var rep selfcheck.Report
		for _, r := range reports {
			if r.Audience == selfcheck.Unit && r.Subject == unit {
				rep = r
			}
		}
		if rep.ID == 0 {
			t.Fatalf("no report of 課 %s for its 情報管理者 %s among %+v", unit, manager.Person.StaffNo, reports)
		}
		if _, err := db.AnswerSelfcheck(ctx, rep.ID, director.Person.StaffNo, selfcheck.Answer{Question: "6.4.3.media", Value: selfcheck.Yes}); kijun.ErrorCode(err) != kijun.EFORBIDDEN {
			t.Errorf("answer by someone else: %v, want EFORBIDDEN", err)
		}
		for _, q := range c.For(selfcheck.Unit) {
			v, err := db.AnswerSelfcheck(ctx, rep.ID, manager.Person.StaffNo, selfcheck.Answer{Question: q.Key, Value: selfcheck.Yes})
			if err != nil {
				t.Fatalf("answer %s: %v", q.Key, err)
			}
			if q.Key == "6.4.3.media" {
				if len(v.Contradicted) == 0 || v.Contradicted[0].Subject != "medium:"+medium {
					t.Errorf("yes to 6.4.3.media from 課 %s: got %+v, want contradicted by medium %s", unit, v.Contradicted, medium)
				}
			}
		}
		err = db.SubmitSelfcheck(ctx, rep.ID, manager.Person.StaffNo)
		if kijun.ErrorCode(err) != kijun.EINVALID || !strings.Contains(err.Error(), "6.4.3.media") {
			t.Fatalf("submit with a contradiction unexplained: %v, want EINVALID naming 6.4.3.media", err)
		}
		view, err := db.SelfcheckReport(ctx, rep.ID)
		if err != nil {
			t.Fatal(err)
		}
		if view.Report.Contradicted == 0 {
			t.Error("the report does not count its contradictions")
		}
		if p, err := db.SelfcheckProgress(ctx, fy); err != nil || p.Total.Contradicted != view.Report.Contradicted {
			t.Errorf("progress counts %+v contradictions, the report %d (%v)", p.Total, view.Report.Contradicted, err)
		}
		for _, key := range view.Unexplained() {
			if _, err := db.AnswerSelfcheck(ctx, rep.ID, manager.Person.StaffNo, selfcheck.Answer{Question: key, Value: selfcheck.Yes,
				Explanation: "媒体は廃棄手続中で、台帳の更新が遅れています"}); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.SubmitSelfcheck(ctx, rep.ID, manager.Person.StaffNo); err != nil {
			t.Fatalf("submit once explained: %v", err)
		}
		if _, err := db.AnswerSelfcheck(ctx, rep.ID, manager.Person.StaffNo, selfcheck.Answer{Question: "6.4.3.media", Value: selfcheck.No, Note: "x"}); kijun.ErrorCode(err) != kijun.ECONFLICT {
			t.Errorf("answer to a submitted report: %v, want ECONFLICT", err)
		}

		p, err := db.SelfcheckProgress(ctx, fy)
		if err != nil {
			t.Fatal(err)
		}
		if p.Total.Reports != n || p.Total.Submitted != 1 || p.Total.Answered != 1 || p.Total.Contradicted != 0 || len(p.Bureaus) == 0 {
			t.Errorf("progress: %+v, want %d reports, 1 answered and submitted", p.Total, n)
		}

		if err := db.CloseSelfcheck(ctx, fy, director.Person.StaffNo); err != nil {
			t.Fatal(err)
		}
		own, err := db.SelfcheckReportsOf(ctx, c.ID, director.Person.StaffNo)
		if err != nil || len(own) == 0 {
			t.Fatalf("the director's own report: %v", err)
		}
		_, err = db.AnswerSelfcheck(ctx, own[0].ID, director.Person.StaffNo, selfcheck.Answer{Question: c.For(own[0].Audience)[0].Key, Value: selfcheck.Yes})
		if kijun.ErrorCode(err) != kijun.ECONFLICT || !strings.Contains(err.Error(), "終了") {
			t.Errorf("answer on a closed campaign: %v, want ECONFLICT", err)
		}
	})
}
