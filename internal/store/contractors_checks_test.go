package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"kijun/internal/compliance"
	"kijun/internal/contractors"
	"kijun/internal/corrective"
	"kijun/internal/kijun"
	"kijun/internal/notify"
	"kijun/internal/registers"
	"kijun/internal/store/storetest"
)

// The periodic checks of a contractor (10.1.3): only the contract's 課
// sets the interval and records a check; a check is refused beside its
// field when incomplete; a 要是正 result opens a corrective action that
// names the contract; a contract whose check is past due is a finding and
// its 課's 情報管理者 is reminded, first before the due day, then after.
func TestContractChecks(t *testing.T) {
	eachPermits(t, func(t *testing.T, w *permitsWorld) {
		ctx := context.Background()
		con := registers.Console()
		if _, err := w.db.CreateContractor(ctx, con, firm("A", "株式会社エー", "")); err != nil {
			t.Fatal(err)
		}
		from := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
		if _, err := w.db.CreateContract(ctx, con, contractors.Contract{ID: "K-1", Name: "住民記録システム保守", Unit: "111", Contractor: "A",
			From: from, To: from.AddDate(2, 0, -1), State: contractors.StateActive, Articles: allArticles()}); err != nil {
			t.Fatal(err)
		}
		wantErr(t, w.db.SetContractCheckPlan(ctx, storetest.Keeps("112"), "K-1", 3), kijun.EFORBIDDEN, "権限がありません")
		wantField(t, w.db.SetContractCheckPlan(ctx, con, "K-1", 0), contractors.FieldCheckMonths, "1から36")
		if err := w.db.SetContractCheckPlan(ctx, con, "K-1", 3); err != nil {
			t.Fatal(err)
		}
		remind := func() []notify.Reminder {
			t.Helper()
			rs, err := notify.ContractCheckReminders(w.db)(ctx, w.clock())
			if err != nil {
				t.Fatal(err)
			}
			return rs
		}
		overdue := func() string {
			t.Helper()
			f, err := w.db.ComplianceFacts(ctx, w.clock(), nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(f.Contracts) != 1 {
				t.Fatalf("facts of %d contracts, want 1", len(f.Contracts))
			}
			return f.Contracts[0].CheckOverdue
		}
		// 2026-06-01: due 2026-07-01, a month away: nothing yet.
		if rs, got := remind(), overdue(); len(rs) != 0 || got != "" {
			t.Fatalf("a month before the due day: reminders %+v, overdue %q; want none", rs, got)
		}
		w.advance(20 * 24 * time.Hour) // 2026-06-21
		if rs := remind(); len(rs) != 1 || rs[0].Key != "contractcheck:K-1:2026-07-01:soon" || len(rs[0].To) != 1 {
			t.Fatalf("ten days before: reminders %+v, want one soon to the 情報管理者", rs)
		}
		w.advance(15 * 24 * time.Hour) // 2026-07-06
		if rs, got := remind(), overdue(); len(rs) != 1 || !strings.HasSuffix(rs[0].Key, ":overdue") || got != "2026-07-01" {
			t.Fatalf("past due: reminders %+v, overdue %q; want an overdue reminder and 2026-07-01", rs, got)
		}
		rs, err := compliance.Default()
		if err != nil {
			t.Fatal(err)
		}
		f, err := w.db.ComplianceFacts(ctx, w.clock(), nil)
		if err != nil {
			t.Fatal(err)
		}
		found, err := rs.Check(f)
		if err != nil {
			t.Fatal(err)
		}
		var cited bool
		for _, fd := range found {
			cited = cited || (fd.Rule == "contract.check-overdue" && fd.Provision == "10.1.3")
		}
		if !cited {
			t.Fatalf("findings %+v cite no overdue check (10.1.3)", found)
		}

		on := time.Date(2026, 7, 3, 0, 0, 0, 0, time.UTC)
		check := contractors.SecurityCheck{Contract: "K-1", On: on, Kind: contractors.CheckInspection, Checker: "佐藤 花子", Result: contractors.ResultCorrective}
		for _, tt := range []struct {
			change      func(*contractors.SecurityCheck)
			field, want string
		}{
			{func(*contractors.SecurityCheck) {}, contractors.FieldCheckNote, "指摘した事項"},
			{func(c *contractors.SecurityCheck) { c.Kind = "visit" }, contractors.FieldCheckKind, "報告か立入検査"},
			{func(c *contractors.SecurityCheck) { c.Evidence = "abc" }, contractors.FieldCheckEvidence, "SHA-256"},
			{func(c *contractors.SecurityCheck) { c.On = on.AddDate(0, 1, 0) }, contractors.FieldCheckOn, "未来"},
		} {
			c := check
			tt.change(&c)
			_, err := w.db.RecordContractCheck(ctx, con, c)
			wantField(t, err, tt.field, tt.want)
		}
		check.Note, check.Evidence = "持出し記録の不備", strings.Repeat("AB", 32)
		_, err = w.db.RecordContractCheck(ctx, storetest.Keeps("112"), check)
		wantErr(t, err, kijun.EFORBIDDEN, "権限がありません")
		got, err := w.db.RecordContractCheck(ctx, con, check)
		if err != nil {
			t.Fatal(err)
		}
		if got.ActionID == 0 || got.Evidence != strings.Repeat("ab", 32) {
			t.Fatalf("recorded %+v, want an action and the hash in lower case", got)
		}
		a, err := w.db.CorrectiveAction(ctx, corrective.Officer{Console: true}, got.ActionID)
		if err != nil {
			t.Fatal(err)
		}
		if a.Source.Kind != corrective.SourceContractCheck || a.Unit != "111" || !strings.Contains(a.Title, "K-1") || a.Provisions[0] != "10.1.3" {
			t.Fatalf("the action %+v does not answer the check of K-1 (10.1.3)", a)
		}
		// The check moves the due day: 2026-10-03, no finding, no reminder.
		if rs, got := remind(), overdue(); len(rs) != 0 || got != "" {
			t.Fatalf("after the check: reminders %+v, overdue %q; want none", rs, got)
		}
		list, err := w.db.ContractChecks(ctx, "K-1")
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 1 || list[0].ActionID != got.ActionID || list[0].Kind != contractors.CheckInspection {
			t.Fatalf("checks %+v, want the one recorded", list)
		}
	})
}
