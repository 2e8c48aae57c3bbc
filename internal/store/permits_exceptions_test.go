package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/permits"
	"kijun/internal/store"
)

// 9.5.2 carried out first, reported after, escalated when late; 9.5.1
// approved by the CISO; both in the register of 9.5.3.
func TestPermitExceptions(t *testing.T) {
	eachPermits(t, func(t *testing.T, w *permitsWorld) {
		ctx := context.Background()
		day := organisation.Day(w.clock())
		r, err := w.p.File(ctx, store.Filing{Type: "emergency_exception", Requester: "1002", Submit: true,
			Fields: map[string]string{"provision": "8.2.6.ウ", "measure": "共用IDで復旧作業", "urgency": "窓口停止", "done_on": "2026-06-01"}})
		if err != nil || r.State != permits.StateDrafted {
			t.Fatalf("emergency filed: %s, %v", r.State, err)
		}
		if r, err = w.p.Record(ctx, r.ID, "1002", nil, false); err != nil || r.State != permits.StateCarriedOut || r.DueAt.IsZero() {
			t.Fatalf("emergency carried out: %+v, %v", r, err)
		}
		due, _ := w.p.Due(ctx, w.clock().Add(4*24*time.Hour))
		if len(due) != 1 || due[0].Kind != permits.EscalateReport {
			t.Fatalf("unreported emergency: %+v", due)
		}
		// Its notice goes to the requester and, escalated, to the CISO.
		if ns, err := w.p.Notices(ctx, w.clock().Add(4*24*time.Hour)); err != nil || len(ns) != 1 || strings.Join(ns[0].To, ",") != "1002,1005" {
			t.Fatalf("the unreported emergency's notice: %+v, %v", ns, err)
		}
		if r, err = w.p.Submit(ctx, r.ID, "1002"); err != nil || r.State != permits.StateSubmitted {
			t.Fatalf("reported: %s, %v", r.State, err)
		}
		if r, err = w.p.Decide(ctx, r.ID, store.Decision{Approve: true, Decider: "1005"}); err != nil || r.State != permits.StateClosed {
			t.Fatalf("CISO received the report: %s, %v", r.State, err)
		}
		x, err := w.p.File(ctx, store.Filing{Type: "exception", Requester: "1003", Submit: true,
			Fields:    map[string]string{"provision": "8.2.6.ウ", "measure": "旧端末のパスワード規則", "reason": "更新まで"},
			ValidFrom: day, ValidTo: day.AddDate(0, 0, 20)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.p.Decide(ctx, x.ID, store.Decision{Approve: true, Decider: "1005"}); err != nil {
			t.Fatal(err)
		}
		// 9.5.1 なお書き: the 統括責任者 permits an exception only when judged minor.
		if _, err := w.db.AppointRole(ctx, organisation.RoleAssignment{Role: organisation.RoleSecurityDirector, Scope: organisation.City(),
			StaffNo: "1001", Period: organisation.Period{From: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)}}); err != nil {
			t.Fatal(err)
		}
		minor, err := w.p.File(ctx, store.Filing{Type: "exception", Requester: "1003", Submit: true,
			Fields:    map[string]string{"provision": "7.1.1.ケ", "measure": "窓口端末の自動ロックを15分に", "reason": "窓口業務の中断を避ける"},
			ValidFrom: day, ValidTo: day.AddDate(0, 1, 0)})
		if err != nil {
			t.Fatal(err)
		}
		_, err = w.p.Decide(ctx, minor.ID, store.Decision{Approve: true, Decider: "1001"})
		wantErr(t, err, kijun.EFORBIDDEN, "軽微")
		if minor, err = w.p.Decide(ctx, minor.ID, store.Decision{Approve: true, Decider: "1001", Judgement: "minor"}); err != nil || minor.State != permits.StateClosed {
			t.Fatalf("the 統括責任者 permits a minor exception: %s, %v", minor.State, err)
		}
		if v, _ := w.p.Get(ctx, minor.ID); v.Timeline[len(v.Timeline)-1].Judgement != "minor" || v.Timeline[len(v.Timeline)-1].Role != organisation.RoleSecurityDirector {
			t.Fatalf("the decision does not show the judgement: %+v", v.Timeline[len(v.Timeline)-1])
		}
		due, _ = w.p.Due(ctx, w.clock().Add(10*24*time.Hour))
		if len(due) != 1 || due[0].Kind != permits.RemindExpiry {
			t.Fatalf("exception near its end: %+v", due)
		}
		reg, err := w.p.Exceptions(ctx, store.ExceptionFilter{})
		if err != nil || len(reg) != 3 {
			t.Fatalf("register of exceptions: %d, %v", len(reg), err)
		}
		if reg, _ = w.p.Exceptions(ctx, store.ExceptionFilter{Q: "旧端末"}); len(reg) != 1 || reg[0].ID != x.ID {
			t.Fatalf("search the register: %+v", reg)
		}
		// A % or _ typed into the search is a character, not a wildcard.
		if reg, _ = w.p.Exceptions(ctx, store.ExceptionFilter{Q: "%"}); len(reg) != 0 {
			t.Fatalf("search for %%: %d found", len(reg))
		}
	})
}

// 9.5.2: the report of an emergency exception is due counting from the day
// the measure was carried out, not from when it was recorded in Kijun.
func TestEmergencyReportCountsFromTheMeasure(t *testing.T) {
	eachPermits(t, func(t *testing.T, w *permitsWorld) {
		ctx := context.Background()
		day := organisation.Day(w.clock())
		// The deadline counts from the day the measure was carried out: one
		// done ten days ago and recorded now is overdue now, and a day after
		// today is refused.
		late, err := w.p.File(ctx, store.Filing{Type: "emergency_exception", Requester: "1002", Submit: true,
			Fields: map[string]string{"provision": "8.2.6.ウ", "measure": "共用IDで復旧作業", "urgency": "窓口停止", "done_on": day.AddDate(0, 0, -10).Format("2006-01-02")}})
		if err != nil {
			t.Fatal(err)
		}
		if late, err = w.p.Record(ctx, late.ID, "1002", nil, false); err != nil || !late.DueAt.Before(w.clock()) {
			t.Fatalf("a measure of ten days ago recorded now: due %v (now %v), %v; want already due", late.DueAt, w.clock(), err)
		}
		if due, _ := w.p.Due(ctx, w.clock()); !slices.ContainsFunc(due, func(d permits.Reminder) bool { return d.RequestID == late.ID && d.Kind == permits.EscalateReport }) {
			t.Errorf("a measure of ten days ago recorded now is not escalated now: %+v", due)
		}
		future, err := w.p.File(ctx, store.Filing{Type: "emergency_exception", Requester: "1002", Submit: true,
			Fields: map[string]string{"provision": "8.2.6.ウ", "measure": "予定", "urgency": "予定", "done_on": day.AddDate(0, 0, 2).Format("2006-01-02")}})
		if err != nil {
			t.Fatal(err)
		}
		_, err = w.p.Record(ctx, future.ID, "1002", nil, false)
		wantErr(t, err, kijun.EINVALID, "今日より後")
	})
}
