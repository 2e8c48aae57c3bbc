package store_test

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"kijun/internal/devices"
	"kijun/internal/kijun"
	"kijun/internal/operations"
	"kijun/internal/organisation"
	"kijun/internal/registers"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
	"kijun/internal/systems"
)

// opsGate is a writer who keeps the records of units, administers
// systems, and works for the city when city is set.
type opsGate struct {
	units, systems []string
	city           bool
}

func (g opsGate) Keeps(u string) bool     { return g.city || slices.Contains(g.units, u) }
func (g opsGate) Operates(id string) bool { return g.city || slices.Contains(g.systems, id) }
func (g opsGate) City() bool              { return g.city }

// opsSystem registers the web system of 課 111 running Apache httpd.
func opsSystem(t *testing.T, db *store.DB, version string) systems.System {
	t.Helper()
	smallOrg(t, db)
	s, err := db.CreateSystem(context.Background(), registers.Console(), systems.System{ID: "web", Name: "ホームページ", Unit: "111",
		Zone: systems.ZoneInternet, Hosting: systems.HostOnsite, AuthFactors: 2,
		Software: []systems.Software{{Name: "Apache httpd", Version: version, CPE: "cpe:2.3:a:apache:http_server:*:*:*:*:*:*:*:*"}}})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestWorkRecords(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		opsSystem(t, db, "2.4.57")
		now := db.Now()
		w := operations.WorkRecord{System: "web", At: now.Add(-time.Hour), Workers: []string{"1004"}, Summary: "ログ確認", Outcome: operations.OutcomeDone}
		if _, err := db.AddWorkRecord(ctx, opsGate{units: []string{"112"}}, w); kijun.ErrorCode(err) != kijun.EFORBIDDEN {
			t.Errorf("another 課 records an operation: %v", err)
		}
		if _, err := db.AddWorkRecord(ctx, opsGate{systems: []string{"web"}}, w); err != nil {
			t.Errorf("the system's administrator records an operation: %v", err)
		}
		future := w
		future.At = now.Add(time.Hour)
		if _, err := db.AddWorkRecord(ctx, opsGate{units: []string{"111"}}, future); kijun.ErrorCode(err) != kijun.EINVALID || !strings.Contains(err.Error(), "未来") {
			t.Errorf("an operation in the future: %v", err)
		}
		file := "チケット番号,システムID,作業日時,作業者,作業内容,結果\n" +
			"T-1,web,2026-01-05 10:00,1004,パッチ適用,完了\n" +
			"T-2,nosuch,2026-01-06 10:00,1004,再起動,完了\n"
		rows, err := operations.ReadWorkCSV(strings.NewReader(file), now)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.ImportWorkRecords(ctx, opsGate{units: []string{"111"}}, rows, false); kijun.ErrorCode(err) != kijun.EINVALID || !strings.Contains(err.Error(), "3 行目") {
			t.Errorf("a row of a system not in the register: %v", err)
		}
		if got, _ := db.WorkRecords(ctx, "web", 0); len(got) != 1 {
			t.Errorf("a refused import wrote %d records, want the one entered", len(got))
		}
		rows = rows[:1]
		if _, err := db.ImportWorkRecords(ctx, opsGate{units: []string{"112"}}, rows, false); kijun.ErrorCode(err) != kijun.EINVALID || !strings.Contains(err.Error(), "権限") {
			t.Errorf("another 課 imports the system's records: %v", err)
		}
		got, err := db.ImportWorkRecords(ctx, opsGate{units: []string{"111"}}, rows, false)
		if err != nil || got.Added != 1 {
			t.Fatalf("import: %+v, %v", got, err)
		}
		if got, err := db.ImportWorkRecords(ctx, opsGate{units: []string{"111"}}, rows, false); err != nil || got.Added != 0 || got.Unchanged != 1 {
			t.Errorf("the same export again: %+v, %v", got, err)
		}
		list, _ := db.WorkRecords(ctx, "web", 0)
		if len(list) != 2 || list[0].Ticket != "" || list[1].Ticket != "T-1" {
			t.Errorf("work records newest first: %+v", list)
		}
		recs, _ := db.Records(ctx, store.RecordFilter{Entity: "work_record"})
		if len(recs) != 2 {
			t.Errorf("%d ledger records, want one per work record", len(recs))
		}
	})
}

func TestChangeConfirmedByTwo(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		opsSystem(t, db, "2.4.57")
		g := opsGate{units: []string{"111"}}
		plan := operations.Change{System: "web", Title: "httpd 更新", Reason: "脆弱性", Risk: "停止", Rollback: "旧版へ"}
		if _, err := db.PlanChange(ctx, opsGate{units: []string{"112"}}, "1003", plan); kijun.ErrorCode(err) != kijun.EFORBIDDEN {
			t.Errorf("another 課 plans a change: %v", err)
		}
		c, err := db.PlanChange(ctx, g, "1004", plan)
		if err != nil || !c.NeedsApproval || c.ID == 0 {
			t.Fatalf("plan: %+v, %v", c, err)
		}
		if c, err = db.ApproveChange(ctx, g, store.ChangeStep{ID: c.ID, Version: c.Version, Who: "1002"}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.CarryChange(ctx, g, store.ChangeStep{ID: c.ID, Version: c.Version - 1, Who: "1004"}); kijun.ErrorCode(err) != kijun.ECONFLICT {
			t.Errorf("a step on an old version: %v", err)
		}
		c, err = db.CarryChange(ctx, g, store.ChangeStep{ID: c.ID, Version: c.Version, Who: "1004", Others: []string{"1002"},
			At: db.Now().Add(-time.Minute), Outcome: operations.OutcomeDone})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.ConfirmChange(ctx, g, store.ChangeStep{ID: c.ID, Version: c.Version, Who: "1004"}); kijun.ErrorCode(err) != kijun.EINVALID {
			t.Errorf("the one who did it confirms it: %v", err)
		}
		if c, err = db.ConfirmChange(ctx, g, store.ChangeStep{ID: c.ID, Version: c.Version, Who: "1002"}); err != nil || c.State != operations.ChangeConfirmed {
			t.Fatalf("confirm: %v %v", c.State, err)
		}
		recs, _ := db.Records(ctx, store.RecordFilter{Entity: "system_change"})
		if len(recs) != 4 {
			t.Errorf("%d ledger records, want plan, approval, carrying out and confirmation", len(recs))
		}
		hist, _ := db.SystemChanges(ctx, "web", 0)
		if len(hist) != 1 || hist[0].ConfirmedBy != "1002" {
			t.Errorf("history: %+v", hist)
		}
	})
}

func sampleFeed(t *testing.T, at time.Time) []byte {
	var b bytes.Buffer
	err := operations.WriteNVD(&b, []operations.Vuln{
		{ID: "CVE-2026-20001", Summary: "httpd", Score: 9.8, Affects: []operations.Affect{
			{CPE: "cpe:2.3:a:apache:http_server:*:*:*:*:*:*:*:*", StartIncluding: "2.4.0", EndExcluding: "2.4.62"}}},
		{ID: "CVE-2026-20002", Summary: "other", Score: 5.0, Affects: []operations.Affect{
			{CPE: "cpe:2.3:a:nginx:nginx:*:*:*:*:*:*:*:*", EndExcluding: "1.25.0"}}},
	}, at)
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestVulnFeedMatchedAndClosedByUpdate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		sys := opsSystem(t, db, "2.4.57")
		if _, err := db.AppointRole(ctx, organisation.RoleAssignment{Role: organisation.RoleSystemAdmin, Scope: organisation.SystemScope("web"),
			StaffNo: "1004", Period: organisation.Period{From: day("2024-04-01")}}); err != nil {
			t.Fatal(err)
		}
		feed := sampleFeed(t, db.Now())
		if _, err := db.ImportFeed(ctx, opsGate{units: []string{"111"}}, bytes.NewReader(feed), operations.FormatAuto); kijun.ErrorCode(err) != kijun.EFORBIDDEN {
			t.Errorf("a 課 imports a feed: %v", err)
		}
		bad := bytes.Replace(feed, []byte("CVE-2026-20002"), []byte("CVE-bad"), 1)
		if _, err := db.ImportFeed(ctx, opsGate{city: true}, bytes.NewReader(bad), operations.FormatAuto); kijun.ErrorCode(err) != kijun.EINVALID {
			t.Errorf("a feed with a wrong record: %v", err)
		}
		if fs, _ := db.VulnFindings(ctx, store.VulnFilter{}); len(fs) != 0 {
			t.Errorf("a refused feed left %d findings", len(fs))
		}
		res, err := db.ImportFeed(ctx, opsGate{city: true}, bytes.NewReader(feed), operations.FormatNVD)
		if err != nil || res.Vulns != 2 || res.Opened != 1 || res.Systems != 1 {
			t.Fatalf("import: %+v, %v", res, err)
		}
		fs, err := db.VulnFindings(ctx, store.VulnFilter{System: "web", Open: true})
		if err != nil || len(fs) != 1 {
			t.Fatalf("findings: %+v, %v", fs, err)
		}
		f := fs[0]
		if f.Vuln != "CVE-2026-20001" || f.Urgency != "critical" || f.Admin != "1004" || f.Fixed != "2.4.62" ||
			f.Due.Sub(f.OpenedAt) != 7*24*time.Hour || f.Score != 9.8 {
			t.Errorf("finding: %+v", f)
		}
		if again, err := db.ImportFeed(ctx, opsGate{city: true}, bytes.NewReader(feed), operations.FormatAuto); err != nil || again.Opened != 0 {
			t.Errorf("the same feed again opens nothing: %+v, %v", again, err)
		}
		// 8.6.1: the software moves past the fix, and the finding closes as it is saved.
		sys, _ = db.System(ctx, "web")
		sys.Software[0].Version = "2.4.62"
		if _, err := db.UpdateSystem(ctx, registers.Console(), sys); err != nil {
			t.Fatal(err)
		}
		fs, _ = db.VulnFindings(ctx, store.VulnFilter{System: "web"})
		if len(fs) != 1 || fs[0].Open() || fs[0].CloseReason != operations.ClosedFixed {
			t.Errorf("after the update: %+v", fs)
		}
		sys, _ = db.System(ctx, "web")
		sys.Software[0].Version = "2.4.50"
		if _, err := db.UpdateSystem(ctx, registers.Console(), sys); err != nil {
			t.Fatal(err)
		}
		if fs, _ = db.VulnFindings(ctx, store.VulnFilter{System: "web", Open: true}); len(fs) != 1 {
			t.Errorf("a version back inside the range opens the finding again: %+v", fs)
		}
		recs, _ := db.Records(ctx, store.RecordFilter{Entity: "vuln_finding"})
		if len(recs) != 3 {
			t.Errorf("%d ledger records of findings, want opened, closed, opened", len(recs))
		}
		// a CPE that does not parse is refused by the register.
		sys, _ = db.System(ctx, "web")
		sys.Software[0].CPE = "cpe:2.3:apache"
		if _, err := db.UpdateSystem(ctx, registers.Console(), sys); kijun.ErrorCode(err) != kijun.EINVALID || !strings.Contains(err.Error(), "CPE") {
			t.Errorf("a CPE that does not parse: %v", err)
		}
	})
}

// TestOperationsFacts: a change done by one person alone, a hole open past
// its due day and a log review late past its grace are what the rules read
// of the system, in the whole city's facts and a re-check of the system.
func TestOperationsFacts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		opsSystem(t, db, "2.4.57")
		g := opsGate{units: []string{"111"}}
		if err := db.SetSetting(ctx, store.SettingChangeApproval, "none"); err != nil {
			t.Fatal(err)
		}
		c, err := db.PlanChange(ctx, g, "1004", operations.Change{System: "web", Title: "設定変更", Reason: "r", Risk: "r", Rollback: "r"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.CarryChange(ctx, g, store.ChangeStep{ID: c.ID, Who: "1004", At: db.Now(), Outcome: operations.OutcomeDone}); err != nil {
			t.Fatalf("a change carried out alone is recorded as it was: %v", err)
		}
		if _, err := db.SetLogPolicy(ctx, g, operations.LogPolicy{System: "web", Reviewer: "1099", EveryDays: 7, OnFailure: "x"}); err == nil {
			t.Error("a reviewer who is not staff")
		}
		if _, err := db.SetLogPolicy(ctx, g, operations.LogPolicy{System: "web", Reviewer: "1004", EveryDays: 7, OnFailure: "業者に連絡"}); err != nil {
			t.Fatal(err)
		}
		for _, scope := range []store.FactsScope{nil, {"system:web"}} {
			f, err := db.ComplianceFacts(ctx, db.Now(), scope)
			if err != nil || len(f.Systems) != 1 {
				t.Fatalf("facts: %v", err)
			}
			if s := f.Systems[0]; s.ChangesAlone != 1 || s.LogReviewLate || s.VulnsOverdue != 0 {
				t.Errorf("facts of %v: %+v", scope, s)
			}
		}
		due, _ := db.LogReviewsDue(ctx, db.Now().AddDate(0, 0, 8))
		if len(due) != 1 || due[0].Late || due[0].Reviewer != "1004" {
			t.Errorf("a review due after a week: %+v", due)
		}
		due, _ = db.LogReviewsDue(ctx, db.Now().AddDate(0, 0, 30))
		if len(due) != 1 || !due[0].Late {
			t.Errorf("a review late past its grace: %+v", due)
		}
		if _, err := db.RecordLogReview(ctx, g, operations.LogReview{System: "web", At: db.Now(), Reviewer: "1004"}); err != nil {
			t.Fatal(err)
		}
		if due, _ = db.LogReviewsDue(ctx, db.Now().AddDate(0, 0, 3)); len(due) != 0 {
			t.Errorf("reviewed today: %+v", due)
		}
	})
}

// 9.5, 8.6.1: a hole that cannot be fixed in time is closed under an
// exception in force that covers 8.6.1, and stays closed when the system
// is matched again; an exception about another provision is refused.
func TestVulnClosedByException(t *testing.T) {
	eachPermits(t, func(t *testing.T, w *permitsWorld) {
		ctx := context.Background()
		db := w.db
		if _, err := db.CreateSystem(ctx, registers.Console(), systems.System{ID: "web", Name: "ホームページ", Unit: "111", Zone: systems.ZoneInternet,
			Hosting: systems.HostOnsite, AuthFactors: 2, Software: []systems.Software{{Name: "Apache httpd", Version: "2.4.57", CPE: "cpe:2.3:a:apache:http_server:*:*:*:*:*:*:*:*"}}}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ImportFeed(ctx, opsGate{city: true}, bytes.NewReader(sampleFeed(t, db.Now())), operations.FormatAuto); err != nil {
			t.Fatal(err)
		}
		day := organisation.Day(w.clock())
		file := func(provision string) int64 {
			x, err := w.p.File(ctx, store.Filing{Type: "exception", Requester: "1003", Submit: true,
				Fields:    map[string]string{"provision": provision, "measure": "WAF で遮断", "reason": "更新は次の保守日"},
				ValidFrom: day, ValidTo: day.AddDate(0, 0, 30)})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := w.p.Decide(ctx, x.ID, store.Decision{Approve: true, Decider: "1005"}); err != nil {
				t.Fatal(err)
			}
			return x.ID
		}
		other, ok := file("8.2.6.ウ"), file("8.6.1")
		g := opsGate{units: []string{"111"}}
		if err := db.CloseVulnByException(ctx, opsGate{units: []string{"112"}}, "web", "CVE-2026-20001", ok); kijun.ErrorCode(err) != kijun.EFORBIDDEN {
			t.Errorf("another 課 closes the finding: %v", err)
		}
		if err := db.CloseVulnByException(ctx, g, "web", "CVE-2026-20001", other); kijun.ErrorCode(err) != kijun.EINVALID || !strings.Contains(err.Error(), "8.6.1 を含みません") {
			t.Errorf("an exception about another provision: %v", err)
		}
		if err := db.CloseVulnByException(ctx, g, "web", "CVE-2026-20001", ok); err != nil {
			t.Fatal(err)
		}
		sys, _ := db.System(ctx, "web")
		sys.Description = "予約受付"
		if _, err := db.UpdateSystem(ctx, registers.Console(), sys); err != nil {
			t.Fatal(err)
		}
		fs, _ := db.VulnFindings(ctx, store.VulnFilter{System: "web"})
		if len(fs) != 1 || fs[0].Open() || fs[0].CloseReason != operations.ClosedException {
			t.Errorf("after a re-match: %+v", fs)
		}
		if err := db.CloseVulnByException(ctx, g, "web", "CVE-2026-20001", ok); kijun.ErrorCode(err) != kijun.ENOTFOUND {
			t.Errorf("closing it twice: %v", err)
		}
	})
}

func TestCheckOperationsSetting(t *testing.T) {
	for _, tt := range []struct {
		key, value   string
		known, valid bool
	}{
		{store.SettingChangeApproval, "none", true, true},
		{store.SettingChangeApproval, "maybe", true, false},
		{store.SettingVulnCriticalDays, "7", true, true},
		{store.SettingVulnHighDays, "0", true, false},
		{store.SettingVulnMediumDays, "ninety", true, false},
		{"city.name", "x", false, true},
	} {
		known, err := store.CheckOperationsSetting(tt.key, tt.value)
		if known != tt.known || (err == nil) != tt.valid {
			t.Errorf("%s=%s: known %v, %v", tt.key, tt.value, known, err)
		}
	}
}

// 8.4.1: an endpoint-management export is recorded whole or refused whole,
// by the city office only; a pattern file a fortnight old is what the
// rules read of the device.
func TestEndpointStatus(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		smallOrg(t, db)
		if _, err := db.ImportDevices(ctx, registers.Console(), "t", []store.Row[devices.Device]{{Line: 2, Item: device("PC-1", "111", "窓口端末", devices.DevicePC)}}, nil, false); err != nil {
			t.Fatal(err)
		}
		f, err := db.ComplianceFacts(ctx, db.Now(), nil)
		if err != nil || len(f.Devices) == 0 {
			t.Fatalf("facts: %v", err)
		}
		dev := f.Devices[0]
		if dev.PatternAgeDays != -1 || dev.OSUpdateAgeDays != -1 {
			t.Errorf("a device nothing reported on: %+v", dev)
		}
		day := db.Now().AddDate(0, 0, -14).Format("2006-01-02")
		rows, err := operations.ReadEndpointCSV(strings.NewReader("機器ID,定義ファイル日付\n"+dev.ID+","+day+"\nNO-SUCH,"+day+"\n"), db.Now())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.ImportEndpointStatus(ctx, opsGate{units: []string{dev.Unit}}, rows); kijun.ErrorCode(err) != kijun.EFORBIDDEN {
			t.Errorf("a 課 imports: %v", err)
		}
		if _, err := db.ImportEndpointStatus(ctx, opsGate{city: true}, rows); kijun.ErrorCode(err) != kijun.EINVALID || !strings.Contains(err.Error(), "NO-SUCH") {
			t.Errorf("a device not in the register: %v", err)
		}
		if res, err := db.ImportEndpointStatus(ctx, opsGate{city: true}, rows[:1]); err != nil || res.Devices != 1 {
			t.Fatalf("import: %+v, %v", res, err)
		}
		f, _ = db.ComplianceFacts(ctx, db.Now(), store.FactsScope{"device:" + dev.ID})
		if len(f.Devices) != 1 || f.Devices[0].PatternAgeDays < 13 || f.Devices[0].OSUpdateAgeDays != -1 {
			t.Errorf("after the import: %+v", f.Devices)
		}
	})
}
