package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"kijun/internal/audits"
	"kijun/internal/corrective"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/wareki"
)

// demoFindings are the findings the demo's audits make, by the register
// they sampled.
var demoFindings = []struct {
	provisions []string
	severity   audits.Severity
	text       string
}{
	{[]string{"6.4.3"}, audits.SeverityHigh, "機密性2以上の情報を保存した USB メモリが暗号化されずに使われていた"},
	{[]string{"4.2"}, audits.SeverityMedium, "情報資産台帳の保管場所が現状と異なる記録があった"},
	{[]string{"8.2.6"}, audits.SeverityLow, "パスワードの変更を促す掲示が古い基準のままだった"},
	{[]string{"7.1.1"}, audits.SeverityMedium, "離席時の画面ロックが徹底されていなかった"},
}

// generateAudits writes a year of audits (11.1): last 年度's plan,
// drafted by the audit director and approved by the CISO, with three
// audits of 課 in three 局 by auditors from elsewhere, each with its work,
// a sample and its verdicts, a working paper, findings and the report
// submitted; the findings' corrective actions, one verified, one awaiting
// verification, the rest open and some overdue (11.1.7). This 年度 has
// its plan approved and its first audit under way. It does nothing when
// last 年度's plan is there already.
func generateAudits(ctx context.Context, db *store.DB, _ *rand.Rand, _ Options, sum *Summary) error {
	today := organisation.Day(db.Now())
	fy := wareki.FiscalYear(today)
	if _, err := db.PlanOf(ctx, fy-1); err == nil || kijun.ErrorCode(err) != kijun.ENOTFOUND {
		return err
	}
	director, err1 := db.HolderOf(ctx, organisation.RoleAuditDirector, organisation.City(), today)
	ciso, err2 := db.HolderOf(ctx, organisation.RoleCISO, organisation.City(), today)
	manager, err3 := db.HolderOf(ctx, organisation.RoleSecurityManager, organisation.City(), today)
	if err1 != nil || err2 != nil || err3 != nil {
		return nil
	}
	units, err := db.UnitsOn(ctx, today)
	if err != nil {
		return err
	}
	// Audited: the first 課 of three 局; auditors: staff of a 課 in a 局
	// audited by none of them.
	var audited []string
	bureaus := map[string]bool{}
	var pool []string
	for _, u := range units {
		if u.Kind != organisation.KindSection || len(u.Code) < 2 {
			continue
		}
		b := u.Code[:2]
		if len(audited) < 3 && !bureaus[b] {
			audited, bureaus[b] = append(audited, u.Code), true
		}
	}
	for _, u := range units {
		if u.Kind != organisation.KindSection || bureaus[u.Code[:2]] || len(pool) >= 12 {
			continue
		}
		ms, err := db.Members(ctx, u.Code, today)
		if err != nil {
			return err
		}
		for _, m := range ms {
			if !m.Assignment.Post.HeadsUnit() && m.Assignment.Primary && len(pool) < 12 {
				pool = append(pool, m.StaffNo)
			}
		}
	}
	if len(audited) < 3 || len(pool) < 4 {
		return nil
	}
	as := func(no string) context.Context {
		return kijun.WithActor(ctx, kijun.Actor{ID: organisation.ActorID(no)})
	}
	dir := audits.Actor{StaffNo: director.Person.StaffNo, Director: true}
	chief := audits.Actor{StaffNo: ciso.Person.StaffNo, CISO: true}

	// plan drafts the plan of year with one audit per unit, each by the
	// first two auditors of the pool the store finds independent.
	plan := func(year int, units []string, dates func(i int) (time.Time, time.Time)) (audits.Plan, []audits.Audit, error) {
		p, err := db.CreatePlan(as(dir.StaffNo), dir, year, "常時点検の検出が多い課と、前回から間のあいた課を優先する")
		if err != nil {
			return p, nil, err
		}
		start, _ := wareki.FiscalYearRange(year)
		var out []audits.Audit
		for i, u := range units {
			s, e := dates(i)
			a := audits.Audit{Title: fmt.Sprintf("%s の情報資産・媒体管理の監査", u), Units: []string{u}, Provisions: []string{"4.2", "6.4", "7.1", "8.2.6"},
				PeriodFrom: organisation.Day(start).AddDate(-1, 0, 0), PeriodTo: organisation.Day(start).AddDate(0, 0, -1), Starts: s, Ends: e}
			var added audits.Audit
			for k := 0; k+1 < len(pool); k++ {
				a.Auditors = []audits.Auditor{{StaffNo: pool[(i*2+k)%len(pool)]}, {StaffNo: pool[(i*2+k+1)%len(pool)]}}
				if added, err = db.AddAudit(as(dir.StaffNo), dir, p.ID, a); err == nil || kijun.ErrorCode(err) != kijun.EINVALID {
					break
				}
			}
			if err != nil {
				return p, nil, err
			}
			out = append(out, added)
		}
		p, err = db.ApprovePlan(as(chief.StaffNo), chief, p.ID, 0)
		return p, out, err
	}
	lastStart, _ := wareki.FiscalYearRange(fy - 1)
	ls := organisation.Day(lastStart)
	_, done, err := plan(fy-1, audited, func(i int) (time.Time, time.Time) {
		s := ls.AddDate(0, 2+3*i, 0)
		return s, s.AddDate(0, 0, 20)
	})
	if err != nil {
		return err
	}
	var actions []int64
	for i, a := range done {
		w := audits.Actor{StaffNo: a.Auditors[0].StaffNo}
		if _, err := db.RecordWork(as(w.StaffNo), w, a.ID, "被監査課の情報管理者への聞き取りと、台帳・現物の照合"); err != nil {
			return err
		}
		for _, r := range []audits.Register{audits.RegisterMedia, audits.RegisterDevices, audits.RegisterAssets} {
			s, err := db.DrawSample(as(w.StaffNo), w, a.ID, r, 10)
			if kijun.ErrorCode(err) == kijun.EINVALID {
				continue // the 課 keeps none of these
			}
			if err != nil {
				return err
			}
			for j, id := range s.Drawn {
				conforms, note := j != 0, ""
				if !conforms {
					note = "台帳の記載と現物が一致しない"
				}
				if _, err := db.RecordVerdict(as(w.StaffNo), w, a.ID, r, id, conforms, note); err != nil {
					return err
				}
			}
			break
		}
		if _, err := db.AddAuditEvidence(as(w.StaffNo), w, audits.Evidence{AuditID: a.ID, File: kijun.File{Name: "監査調書.txt", ContentType: "text/plain", Note: "聞き取りの記録"}},
			[]byte(fmt.Sprintf("監査 %d 調書\n聞き取り: 情報管理者\n照合: 標本 10 件\n", a.ID))); err != nil {
			return err
		}
		for j := 0; j <= i && j < len(demoFindings); j++ {
			f := demoFindings[(i+j)%len(demoFindings)]
			due := a.Ends.AddDate(0, 3, 0)
			if j == 0 && i == 2 {
				due = today.AddDate(0, 1, 0)
			}
			found, err := db.AddFinding(as(w.StaffNo), w, a.ID, audits.Finding{Provisions: f.provisions, Severity: f.severity, Unit: a.Units[0], Text: f.text},
				store.FindingAction{Due: due})
			if err != nil {
				return err
			}
			actions = append(actions, found.ActionID)
		}
		if _, err := db.SubmitReport(as(dir.StaffNo), dir, a.ID, 0, fmt.Sprintf("指摘 %d 件。是正措置を求める。", i+1)); err != nil {
			return err
		}
	}
	// The first action done and verified, the second done and awaiting
	// verification; the rest open, most past their due day.
	office := corrective.Officer{City: true, StaffNo: manager.Person.StaffNo}
	for i, id := range actions[:2] {
		a, err := db.CorrectiveAction(ctx, office, id)
		if err != nil {
			return err
		}
		owner := corrective.Officer{Console: true, StaffNo: a.Owner}
		if _, err := db.ReplanCorrective(as(a.Owner), owner, id, 0, "暗号化の手順が課内に周知されていなかった", "暗号化 USB メモリへの切替えと課内研修", a.Due); err != nil {
			return err
		}
		if _, err := db.AddCorrectiveEvidence(as(a.Owner), owner, corrective.Evidence{ActionID: id, File: kijun.File{Name: "是正報告書.txt", ContentType: "text/plain"}},
			[]byte("暗号化 USB メモリへの切替えを完了し、課内研修を実施した。\n")); err != nil {
			return err
		}
		if _, err := db.CompleteCorrective(as(a.Owner), owner, id, 0, "全媒体を暗号化 USB メモリに切り替え、研修を実施した"); err != nil {
			return err
		}
		if i == 0 {
			// 11.1.7: the audit director follows the finding up; never the owner.
			verifier := corrective.Officer{Auditor: true, StaffNo: director.Person.StaffNo}
			if verifier.StaffNo == a.Owner {
				verifier = office
			}
			if _, err := db.VerifyCorrective(as(verifier.StaffNo), verifier, id, 0, true, "抜き取りで 5 本の暗号化を確認した"); err != nil {
				return err
			}
		}
	}
	// This 年度: the plan approved and its first audit under way.
	start, _ := wareki.FiscalYearRange(fy)
	_, now, err := plan(fy, audited[:1], func(int) (time.Time, time.Time) {
		return organisation.Day(start), organisation.Day(start).AddDate(1, 0, -1)
	})
	if err != nil {
		return err
	}
	w := audits.Actor{StaffNo: now[0].Auditors[0].StaffNo}
	if _, err := db.RecordWork(as(w.StaffNo), w, now[0].ID, "事前の書類確認"); err != nil {
		return err
	}
	sum.Lines = append(sum.Lines, fmt.Sprintf("audits: %d 年度 plan with %d audits reported, %d corrective actions (1 verified); %d 年度 plan approved, 1 audit under way",
		fy-1, len(done), len(actions), fy))
	return nil
}
