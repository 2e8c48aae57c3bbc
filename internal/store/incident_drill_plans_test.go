package store_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"kijun/internal/corrective"
	"kijun/internal/incidents"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// TestDrillPlan walks a 年度's plan of 緊急時対応訓練 (7.2.3): drafted by
// the CISO's office and refused to a 課, a drill planned in the 年度, its
// result linked to the drill incident that ran it, and an improvement the
// CISO orders that names a response procedure (9.4) and opens a
// corrective action. A refused write leaves the ledger as it was.
func TestDrillPlan(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		deputyOrg(t, db)
		ctx := as("2007")
		city := corrective.Officer{StaffNo: "2007", City: true}
		staff := corrective.Officer{StaffNo: "2002", Units: map[string]bool{"111": true}}
		plan := incidents.DrillPlan{Year: 2026, Scope: "全庁", Systems: "基幹系ネットワーク、住民情報システム", Participants: "CSIRT、各課の情報管理者"}

		seq0, _, _ := db.Head(t.Context())
		if _, err := db.SaveDrillPlan(as("2002"), staff, plan); kijun.ErrorCode(err) != kijun.EFORBIDDEN {
			t.Fatalf("a 課長 drafted the plan: %v", err)
		}
		bad := plan
		bad.Systems = ""
		if _, err := db.SaveDrillPlan(ctx, city, bad); kijun.ErrorCode(err) != kijun.EINVALID || !strings.Contains(err.Error(), "システム") {
			t.Fatalf("a plan without systems: %v", err)
		}
		if seq, _, _ := db.Head(t.Context()); seq != seq0 {
			t.Errorf("refused writes left ledger records: %d, want %d", seq, seq0)
		}
		plan, err := db.SaveDrillPlan(ctx, city, plan)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.SaveDrillPlan(ctx, city, incidents.DrillPlan{Year: 2026, Scope: "x", Systems: "x", Participants: "x"}); kijun.ErrorCode(err) != kijun.ECONFLICT {
			t.Errorf("a second plan for the 年度: %v", err)
		}
		plan.Scope = "全庁（出先機関を含む）"
		if plan, err = db.SaveDrillPlan(ctx, city, plan); err != nil || plan.Version != 2 {
			t.Fatalf("change the plan: version %d, %v", plan.Version, err)
		}

		entry := incidents.DrillEntry{Year: 2026, Title: "標的型攻撃によるマルウェア感染", PlannedOn: day("2027-04-01"), Participants: "CSIRT、情報政策課"}
		if _, err := db.AddDrillEntry(ctx, city, entry); kijun.ErrorCode(err) != kijun.EINVALID || !strings.Contains(err.Error(), "2026 年度") {
			t.Errorf("a drill planned outside the 年度: %v", err)
		}
		entry.PlannedOn = day("2026-10-01")
		if entry, err = db.AddDrillEntry(ctx, city, entry); err != nil {
			t.Fatal(err)
		}

		// The drill is run as an incident marked as a drill.
		real, _, err := db.FileIncident(as("2004"), incidents.Incident{Title: "本物", Kind: incidents.KindLoss, Reporter: "2004", Unit: "111",
			Description: "x", DiscoveredAt: db.Now().Add(-time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		drill, _, err := db.FileIncident(as("2004"), incidents.Incident{Title: "訓練", Kind: incidents.KindMalware, Reporter: "2004", Unit: "111",
			Description: "x", DiscoveredAt: db.Now().Add(-time.Hour), Drill: true})
		if err != nil {
			t.Fatal(err)
		}
		improve := incidents.DrillImprovement{EntryID: entry.ID, What: "連絡網に夜間の連絡先を加える", Unit: "111",
			OwnerRole: organisation.RoleSecurityManager, Due: day("2027-01-31"), ReviewBy: day("2027-02-28")}
		if _, err := db.OrderDrillImprovement(ctx, city, improve); kijun.ErrorCode(err) != kijun.ECONFLICT {
			t.Errorf("an improvement before the drill was held: %v", err)
		}
		for _, c := range []struct {
			name string
			r    incidents.DrillResult
			want string
		}{
			{"a real incident", incidents.DrillResult{EntryID: entry.ID, Held: true, IncidentID: real.ID, Lessons: "x"}, "訓練ではありません"},
			{"no lessons", incidents.DrillResult{EntryID: entry.ID, Held: true, IncidentID: drill.ID}, "分かったこと"},
			{"held without its incident", incidents.DrillResult{EntryID: entry.ID, Held: true, Lessons: "x"}, "インシデントの番号"},
		} {
			if _, err := db.RecordDrillResult(ctx, city, c.r); kijun.ErrorCode(err) != kijun.EINVALID || !strings.Contains(err.Error(), c.want) {
				t.Errorf("%s: got %v, want %q", c.name, err, c.want)
			}
		}
		if _, err := db.RecordDrillResult(as("2002"), staff, incidents.DrillResult{EntryID: entry.ID, Held: true, IncidentID: drill.ID, Lessons: "x"}); kijun.ErrorCode(err) != kijun.EFORBIDDEN {
			t.Errorf("a 課長 recorded the result: %v", err)
		}
		if _, err := db.RecordDrillResult(ctx, city, incidents.DrillResult{EntryID: entry.ID, Held: true, IncidentID: drill.ID, Lessons: "夜間の連絡がつかなかった"}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.RecordDrillResult(ctx, city, incidents.DrillResult{EntryID: entry.ID, Held: true, IncidentID: drill.ID, Lessons: "x"}); kijun.ErrorCode(err) != kijun.ECONFLICT {
			t.Errorf("a second result: %v", err)
		}

		if _, err := db.OrderDrillImprovement(ctx, city, improve); kijun.ErrorCode(err) != kijun.EINVALID || !strings.Contains(err.Error(), "9.4.1") {
			t.Errorf("an improvement naming no procedure: %v", err)
		}
		proc, err := db.SaveProcedure(ctx, incidents.Procedure{Title: "インシデント対応手順書", Owner: "2007", Covers: []string{"ア"},
			ReviewedOn: day("2025-04-01"), NextReview: day("2027-04-01")})
		if err != nil {
			t.Fatal(err)
		}
		improve.ProcedureID = proc.ID
		if _, err := db.OrderDrillImprovement(as("2002"), staff, improve); kijun.ErrorCode(err) != kijun.EFORBIDDEN {
			t.Errorf("a 課長 ordered an improvement: %v", err)
		}
		if improve, err = db.OrderDrillImprovement(ctx, city, improve); err != nil {
			t.Fatal(err)
		}
		a, err := db.CorrectiveAction(t.Context(), city, improve.CorrectiveID)
		if err != nil {
			t.Fatal(err)
		}
		if a.Source.Kind != corrective.SourceDrillImprovement || a.Title != improve.What || a.Owner != "2007" || !strings.Contains(a.Plan, "インシデント対応手順書") {
			t.Errorf("corrective action = %+v, want the improvement, owned by the 情報セキュリティ管理者 2007, naming the procedure", a)
		}

		got, err := db.DrillPlan(t.Context(), 2026)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Entries) != 1 || got.Entries[0].Result == nil || got.Entries[0].Result.IncidentID != drill.ID || len(got.Entries[0].Improvements) != 1 {
			t.Fatalf("plan = %+v, want one drill with its result and improvement", got)
		}
		if m := got.Entries[0].Improvements[0]; m.ProcedureTitle != "インシデント対応手順書" || !m.ReviewBy.Equal(day("2027-02-28")) || m.CorrectiveID != a.ID {
			t.Errorf("improvement = %+v", m)
		}
		if got.Scope != plan.Scope || got.Version != 2 {
			t.Errorf("plan header = %+v", got)
		}
		if _, err := db.DrillPlan(t.Context(), 2025); kijun.ErrorCode(err) != kijun.ENOTFOUND {
			t.Errorf("a 年度 with no plan: %v", err)
		}
		var actions []string
		recs, err := db.Records(t.Context(), store.RecordFilter{Entity: "drill_plan"})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range recs {
			actions = append(actions, r.Action)
		}
		slices.Sort(actions)
		want := []string{"drill.entry.add", "drill.improvement", "drill.plan.save", "drill.plan.save", "drill.result"}
		if !slices.Equal(actions, want) {
			t.Errorf("ledger records = %v, want %v", actions, want)
		}
	})
}
