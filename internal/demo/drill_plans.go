package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"kijun/internal/corrective"
	"kijun/internal/incidents"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/store"
)

// drillPlanYear is the 年度 whose 緊急時対応訓練 the demo plans and holds:
// the closed year of the demo's training (generateTraining).
const drillPlanYear = 2025

// generateDrillPlans gives the city the CISO's plan of 緊急時対応訓練 for
// 2025 (7.2.3): its scope, systems and who takes part; a drill held (as a
// drill incident of that year) with what it taught, one put off with the
// reason; and the CISO's improvement after the drill held, changing the
// response procedure (9.4.1) and opened as a corrective action due after
// today, so it plants no shortfall.
func generateDrillPlans(ctx context.Context, db *store.DB, _ *rand.Rand, _ Options, sum *Summary) error {
	if _, err := db.DrillPlan(ctx, drillPlanYear); err == nil || kijun.ErrorCode(err) != kijun.ENOTFOUND {
		return err
	}
	today := organisation.Day(db.Now())
	director, err := db.HolderOf(ctx, organisation.RoleSecurityDirector, organisation.City(), today)
	if err != nil {
		return fmt.Errorf("the 統括責任者 who owns the procedures: %w", err)
	}
	sec, err := demoDrillSection(ctx, db, today)
	if err != nil || sec.code == "" {
		return err
	}
	office := corrective.Officer{Console: true}
	jst := time.FixedZone("JST", 9*3600)
	// The drill as the incident register holds it: reported, handled and
	// closed as a drill (7.2.3), like a real one.
	at := time.Date(drillPlanYear, 10, 15, 10, 0, 0, 0, jst).UTC()
	drill := incidents.Incident{Title: "【訓練】標的型攻撃メールによる不正プログラム感染", Kind: incidents.KindMalware, Drill: true,
		DiscoveredAt: at, OccurredAt: at.Add(-time.Hour), Reporter: sec.staff, Unit: sec.code, Description: "訓練用の不審メールの添付ファイルを開いた想定",
		Leak: incidents.Leak{State: incidents.LeakNone}, SupposedCause: incidents.CauseAttack.Label(), Response: "端末をネットワークから切り離し、情報管理者へ報告",
		Recovery: "端末の再セットアップ", Severity: incidents.SeverityMedium, ReportedAt: at.Add(10 * time.Minute), Version: 1,
		Debrief: "夜間・休日の連絡網に情報基盤管理者の代理者が載っておらず、連絡に 40 分かかった"}
	drill.TriagedAt, drill.ContainedAt = drill.ReportedAt.Add(30*time.Minute), at.Add(3*time.Hour)
	drill.RootCause, drill.CauseKind = "訓練のシナリオ（標的型攻撃メール）によるもの", incidents.CauseAttack
	drill.Status, drill.ClosedAt, drill.UpdatedAt = incidents.StatusClosed, at.Add(7*24*time.Hour), at.Add(7*24*time.Hour)
	if err := db.LoadPastIncidents(ctx, []store.PastIncident{{Incident: drill}}); err != nil {
		return fmt.Errorf("the drill incident: %w", err)
	}
	drillID, err := demoDrillIncident(ctx, db, drill.Title)
	if err != nil {
		return err
	}
	proc, err := db.SaveProcedure(ctx, incidents.Procedure{Title: "情報セキュリティインシデント対応手順書", Owner: director.Person.StaffNo,
		Body:   "発見者は情報管理者へ直ちに報告し、情報管理者は情報セキュリティ管理者へ報告する（7.3.1）。連絡網は年度当初に見直す。",
		Covers: []string{"ア", "イ", "ウ", "エ", "オ"}, ReviewedOn: time.Date(drillPlanYear, 4, 1, 0, 0, 0, 0, time.UTC), NextReview: today.AddDate(1, 0, 0)})
	if err != nil {
		return fmt.Errorf("the response procedure: %w", err)
	}
	if _, err := db.SaveDrillPlan(ctx, office, incidents.DrillPlan{Year: drillPlanYear, Scope: "インシデントの発見から CISO への報告、封じ込めまでの初動",
		Systems: "庁内 LAN、メールシステム、基幹系システム", Participants: "CISO、情報セキュリティ管理者、情報基盤管理者、" + sec.code + " の情報管理者と職員"}); err != nil {
		return fmt.Errorf("the drill plan: %w", err)
	}
	held, err := db.AddDrillEntry(ctx, office, incidents.DrillEntry{Year: drillPlanYear, Title: "標的型攻撃メールによる感染を想定した初動訓練",
		PlannedOn: time.Date(drillPlanYear, 10, 15, 0, 0, 0, 0, time.UTC), Participants: sec.code + " の職員、情報管理者、情報セキュリティ管理者"})
	if err != nil {
		return err
	}
	putOff, err := db.AddDrillEntry(ctx, office, incidents.DrillEntry{Year: drillPlanYear, Title: "基幹系システムの停止を想定した連絡訓練",
		PlannedOn: time.Date(drillPlanYear+1, 2, 10, 0, 0, 0, 0, time.UTC), Participants: "情報基盤管理者、各局の情報責任者"})
	if err != nil {
		return err
	}
	if _, err := db.RecordDrillResult(ctx, office, incidents.DrillResult{EntryID: held.ID, Held: true, IncidentID: drillID,
		Lessons: "報告は 10 分で届いたが、夜間・休日の連絡網に情報基盤管理者の代理者がなく、封じ込めの判断まで 40 分かかった"}); err != nil {
		return err
	}
	if _, err := db.RecordDrillResult(ctx, office, incidents.DrillResult{EntryID: putOff.ID,
		Lessons: "システム更新の作業日と重なったため延期し、翌年度の第 1 四半期に実施する"}); err != nil {
		return err
	}
	if _, err := db.OrderDrillImprovement(ctx, office, incidents.DrillImprovement{EntryID: held.ID,
		What: "夜間・休日の連絡網に情報基盤管理者の代理者を加え、手順書に連絡の順序を書く", Unit: sec.code,
		OwnerRole: organisation.RoleSecurityManager, Due: today.AddDate(0, 3, 0), ProcedureID: proc.ID, ReviewBy: today.AddDate(0, 3, 0)}); err != nil {
		return fmt.Errorf("the CISO's improvement: %w", err)
	}
	sum.Lines = append(sum.Lines, fmt.Sprintf("drills: the %d plan of 緊急時対応訓練, one held and one put off, and the CISO's improvement after it", drillPlanYear))
	return nil
}

// demoDrillSection is the 課 whose staff take part in the demo's drill:
// the first with a 課長 and staff.
func demoDrillSection(ctx context.Context, db *store.DB, day time.Time) (struct{ code, staff string }, error) {
	var out struct{ code, staff string }
	units, err := db.UnitsOn(ctx, day)
	if err != nil {
		return out, err
	}
	for _, u := range units {
		if u.Kind != organisation.KindSection {
			continue
		}
		ms, err := db.Members(ctx, u.Code, day)
		if err != nil {
			return out, err
		}
		for _, m := range ms {
			if m.Assignment.Post != organisation.PostSectionChief && m.Assignment.Primary {
				return struct{ code, staff string }{u.Code, m.StaffNo}, nil
			}
		}
	}
	return out, nil
}

// demoDrillIncident finds the drill incident just loaded, by its title.
func demoDrillIncident(ctx context.Context, db *store.DB, title string) (int64, error) {
	var id int64
	err := db.View(ctx, func(tx *store.Tx) error {
		return tx.QueryRowContext(ctx, "SELECT MAX(id) FROM incidents WHERE drill = 1 AND title = ?", title).Scan(&id)
	})
	if err != nil {
		return 0, fmt.Errorf("find the drill incident: %w", err)
	}
	return id, nil
}
