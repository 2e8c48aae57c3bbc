package store_test

import (
	"strings"
	"testing"

	"kijun/internal/audits"
	"kijun/internal/corrective"
	"kijun/internal/devices"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
	"kijun/internal/wareki"
)

// TestAuditFromPlanToReport walks an audit of 課 111 through 11.1: the
// plan refuses an auditor from the 課 (11.1.2) naming the conflict and
// writing nothing, the CISO approves, an auditor transferred into the 課
// after the plan is refused when recording work, a sample is drawn once
// and shown again from its seed, a finding opens its corrective action,
// and the report's submission closes the audit. Each accepted change is
// one ledger record.
func TestAuditFromPlanToReport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		deputyOrg(t, db)
		if _, err := db.EnsureDefaultCatalog(ctx); err != nil {
			t.Fatal(err)
		}
		for _, no := range []string{"M-1", "M-2", "M-3", "M-4", "M-5"} {
			if _, err := db.CreateMedium(ctx, storetest.Keeps("111"), devices.Medium{Entry: devices.Entry{ID: no, Name: "USB " + no, Unit: "111"}, Kind: devices.MediumUSB}); err != nil {
				t.Fatal(err)
			}
		}
		director := audits.Actor{StaffNo: "2001", Director: true}
		ciso := audits.Actor{StaffNo: "2008", CISO: true}
		year := wareki.FiscalYear(db.Now())
		start, end := wareki.FiscalYearRange(year)
		if _, err := db.CreatePlan(as("2004"), audits.Actor{StaffNo: "2004"}, year, ""); kijun.ErrorCode(err) != kijun.EFORBIDDEN {
			t.Fatalf("a member of staff drafted the plan: %v", err)
		}
		p, err := db.CreatePlan(as("2001"), director, year, "リスクの高い課から")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.CreatePlan(as("2001"), director, year, ""); kijun.ErrorCode(err) != kijun.ECONFLICT {
			t.Errorf("a second plan for the year: %v", err)
		}
		a := audits.Audit{Title: "情報政策課の媒体管理", Units: []string{"111"}, Provisions: []string{"6.4"},
			Auditors:   []audits.Auditor{{StaffNo: "2006"}, {StaffNo: "2004"}},
			PeriodFrom: organisation.Day(start).AddDate(-1, 0, 0), PeriodTo: organisation.Day(start).AddDate(0, 0, -1),
			Starts: organisation.Day(start), Ends: organisation.Day(end).AddDate(0, 0, -1)}
		seq0, _, _ := db.Head(ctx)
		_, err = db.AddAudit(as("2001"), director, p.ID, a)
		if kijun.ErrorCode(err) != kijun.EINVALID || !strings.Contains(err.Error(), "11.1.2") || !strings.Contains(err.Error(), "職員 四郎") || !strings.Contains(err.Error(), "課 111 に所属") {
			t.Fatalf("an auditor from the 課: %v", err)
		}
		if seq, _, _ := db.Head(ctx); seq != seq0 {
			t.Errorf("the refused audit wrote %d ledger records", seq-seq0)
		}
		a.Auditors = a.Auditors[:1]
		a, err = db.AddAudit(as("2001"), director, p.ID, a)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(a.Criteria, "@") {
			t.Errorf("criteria = %q, want the catalog in force", a.Criteria)
		}
		if _, err := db.RecordWork(as("2006"), audits.Actor{StaffNo: "2006"}, a.ID, "書類の確認"); kijun.ErrorCode(err) != kijun.ECONFLICT {
			t.Errorf("work before the CISO approved: %v", err)
		}
		if _, err := db.ApprovePlan(as("2001"), director, p.ID, p.Version); kijun.ErrorCode(err) != kijun.EFORBIDDEN {
			t.Errorf("the director approved their own plan: %v", err)
		}
		if _, err := db.ApprovePlan(as("2008"), ciso, p.ID, p.Version); err != nil {
			t.Fatal(err)
		}
		auditor := audits.Actor{StaffNo: "2006"}
		if _, err := db.RecordWork(as("2006"), auditor, a.ID, "媒体台帳と現物の照合"); err != nil {
			t.Fatal(err)
		}
		s, err := db.DrawSample(as("2006"), auditor, a.ID, audits.RegisterMedia, 3)
		if err != nil {
			t.Fatal(err)
		}
		if len(s.Drawn) != 3 || len(s.Population) != 5 {
			t.Fatalf("drew %v of %v", s.Drawn, s.Population)
		}
		if got := audits.Draw(s.Seed, s.Population, s.Size); strings.Join(got, ",") != strings.Join(s.Drawn, ",") {
			t.Errorf("the seed draws %v again, not %v", got, s.Drawn)
		}
		if _, err := db.DrawSample(as("2006"), auditor, a.ID, audits.RegisterMedia, 3); kijun.ErrorCode(err) != kijun.ECONFLICT || !strings.Contains(err.Error(), "一度だけ") {
			t.Errorf("a second draw: %v", err)
		}
		if _, err := db.RecordVerdict(as("2006"), auditor, a.ID, audits.RegisterMedia, s.Drawn[0], false, ""); kijun.ErrorCode(err) != kijun.EINVALID {
			t.Errorf("a non-conforming verdict with no note: %v", err)
		}
		if _, err := db.RecordVerdict(as("2006"), auditor, a.ID, audits.RegisterMedia, "M-999", true, ""); kijun.ErrorCode(err) != kijun.EINVALID {
			t.Errorf("a verdict on a record outside the sample: %v", err)
		}
		if _, err := db.RecordVerdict(as("2006"), auditor, a.ID, audits.RegisterMedia, s.Drawn[0], false, "暗号化されていない"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.AddAuditEvidence(as("2006"), auditor, audits.Evidence{AuditID: a.ID, File: kijun.File{Name: "big"}}, make([]byte, audits.MaxEvidenceBytes+1)); kijun.ErrorCode(err) != kijun.EINVALID {
			t.Errorf("evidence past the limit: %v", err)
		}
		e, err := db.AddAuditEvidence(as("2006"), auditor, audits.Evidence{AuditID: a.ID, File: kijun.File{Name: "照合表.xlsx"}}, []byte("working paper"))
		if err != nil {
			t.Fatal(err)
		}
		if got, want := e.KeepUntil, organisation.Day(db.Now()).AddDate(audits.DefaultRetentionYears, 0, 0); !got.Equal(want) {
			t.Errorf("kept until %s, want %s", got, want)
		}
		// 11.1.6: listed for disposal once its retention ends, not before.
		if gone, err := db.EvidenceForDisposal(ctx, organisation.Day(db.Now())); err != nil || len(gone) != 0 {
			t.Errorf("evidence for disposal today: %v, %v", gone, err)
		}
		if gone, err := db.EvidenceForDisposal(ctx, e.KeepUntil.AddDate(0, 0, 1)); err != nil || len(gone) != 1 || gone[0].SHA256 != e.SHA256 {
			t.Errorf("evidence for disposal after its retention: %v, %v", gone, err)
		}
		f, err := db.AddFinding(as("2006"), auditor, a.ID, audits.Finding{Provisions: []string{"6.4.3"}, Severity: audits.SeverityHigh, Unit: "111",
			Text: "機密性2以上の情報を持つ USB メモリが暗号化されていない"}, store.FindingAction{Due: organisation.Day(db.Now()).AddDate(0, 2, 0)})
		if err != nil {
			t.Fatal(err)
		}
		act, err := db.CorrectiveAction(ctx, corrective.Officer{City: true}, f.ActionID)
		if err != nil || act.Source.Kind != corrective.SourceAuditFinding || act.Owner != "2002" {
			t.Errorf("the finding's action: %+v, %v", act, err)
		}
		if _, err := db.AddFinding(as("2006"), auditor, a.ID, audits.Finding{Provisions: []string{"6.4.3"}, Severity: audits.SeverityLow, Unit: "112", Text: "x"},
			store.FindingAction{Due: organisation.Day(db.Now())}); kijun.ErrorCode(err) != kijun.EINVALID {
			t.Errorf("a finding for a 課 outside the audit: %v", err)
		}
		// 2006 moves into 111: no longer independent, refused at the next record.
		if _, err := db.Assign(ctx, organisation.Assignment{StaffNo: "2006", Unit: "111", Post: organisation.PostStaff, Primary: false,
			Period: organisation.Period{From: organisation.Day(db.Now())}}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.RecordWork(as("2006"), auditor, a.ID, "追加の確認"); kijun.ErrorCode(err) != kijun.EFORBIDDEN || !strings.Contains(err.Error(), "課 111 に所属") {
			t.Errorf("work by an auditor now in the 課: %v", err)
		}
		file, err := db.ReadAudit(ctx, director, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(file.Conflicts) != 1 || len(file.Findings) != 1 || len(file.Samples) != 1 || len(file.Samples[0].Verdicts) != 1 || len(file.Evidence) != 1 {
			t.Errorf("file: %d conflicts, %d findings, %d samples, %d evidence", len(file.Conflicts), len(file.Findings), len(file.Samples), len(file.Evidence))
		}
		if _, err := db.ReadAudit(ctx, audits.Actor{StaffNo: "2004"}, a.ID); kijun.ErrorCode(err) != kijun.ENOTFOUND {
			t.Errorf("a member of staff read the audit: %v", err)
		}
		if _, err := db.SubmitReport(as("2006"), auditor, a.ID, 0, "結論"); kijun.ErrorCode(err) != kijun.EFORBIDDEN {
			t.Errorf("an auditor submitted the report: %v", err)
		}
		if _, err := db.SubmitReport(as("2001"), director, a.ID, 0, "媒体管理に重大な指摘 1 件"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.RecordWork(as("2001"), director, a.ID, "追記"); kijun.ErrorCode(err) != kijun.ECONFLICT {
			t.Errorf("work after the report: %v", err)
		}
		risk, err := db.AuditRisk(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var saw bool
		for _, r := range risk {
			if r.Unit == "111" {
				saw = r.LastAudit == a.ID && r.LastAuditResult == 1 && r.OpenActions == 1
			}
		}
		if !saw {
			t.Errorf("risk of 111 = %+v", risk)
		}
	})
}
