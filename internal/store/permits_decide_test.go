package store_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/permits"
	"kijun/internal/registers"
	"kijun/internal/store"
	"kijun/internal/systems"
)

// 3.2.10ア: a requester cannot approve their own request unless it is
// unavoidable and the reason is recorded; then it is flagged.
func TestPermitSeparationOfDuties(t *testing.T) {
	eachPermits(t, func(t *testing.T, w *permitsWorld) {
		ctx := context.Background()
		f := carry("A-1")
		f.Requester = "1002" // the 情報管理者 of 111 files for an asset of 111
		r, err := w.p.File(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		_, err = w.p.Decide(ctx, r.ID, store.Decision{Approve: true, Decider: "1002"})
		wantErr(t, err, kijun.EFORBIDDEN, "兼務の禁止")
		_, err = w.p.Decide(ctx, r.ID, store.Decision{Approve: true, Decider: "1002", Unavoidable: true})
		wantErr(t, err, kijun.EINVALID, "理由")
		r, err = w.p.Decide(ctx, r.ID, store.Decision{Approve: true, Decider: "1002", Unavoidable: true, Reason: "課に他の管理職がいない"})
		if err != nil || !r.Flagged {
			t.Fatalf("unavoidable approval: flagged %v, %v", r.Flagged, err)
		}
		v, _ := w.p.Get(ctx, r.ID)
		if e := v.Timeline[len(v.Timeline)-1]; !e.Unavoidable || e.Reason != "課に他の管理職がいない" {
			t.Fatalf("the unavoidable step: %+v", e)
		}
		if fl, err := w.p.Flagged(ctx, 0); err != nil || len(fl) != 1 || fl[0].ID != r.ID {
			t.Fatalf("flagged for the CISO's office: %+v, %v", fl, err)
		}
	})
}

// 9.3: a deputy's decision shows on whose behalf it was taken, in the
// timeline and in the ledger.
func TestPermitDeputyDecision(t *testing.T) {
	eachPermits(t, func(t *testing.T, w *permitsWorld) {
		ctx := context.Background()
		if _, err := w.db.NameDeputy(ctx, organisation.DeputyAppointment{Role: organisation.RoleInfoManager, Scope: organisation.UnitScope("111"),
			StaffNo: "1005", Reason: "出張", Period: organisation.Period{From: time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)}}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.db.RecordAbsence(ctx, organisation.Absence{StaffNo: "1002", Reason: "出張", Period: organisation.Period{From: time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)}}); err != nil {
			t.Fatal(err)
		}
		r, err := w.p.File(ctx, carry("A-1"))
		if err != nil {
			t.Fatal(err)
		}
		in, err := w.p.Inbox(ctx, "1005", organisation.Day(w.clock()), 0)
		if err != nil || len(in.ToDecide) != 1 || !in.ToDecide[0].Acting.Deputy() {
			t.Fatalf("deputy's inbox: %+v, %v", in, err)
		}
		if _, err = w.p.Decide(ctx, r.ID, store.Decision{Approve: true, Decider: "1005"}); err != nil {
			t.Fatal(err)
		}
		v, _ := w.p.Get(ctx, r.ID)
		e := v.Timeline[2]
		if e.Actor != "1005" || e.OnBehalfOf != "1002" || e.BehalfName != "佐藤 花子" {
			t.Fatalf("deputy's step: %+v", e)
		}
		recs, _ := w.db.Records(ctx, store.RecordFilter{Entity: "permit_request", EntityID: "1", Limit: 10})
		if recs[0].OnBehalfOf != "person:1002" {
			t.Fatalf("ledger record of the deputy's decision: %+v", recs[0])
		}
	})
}

// Two approvers deciding the same request at once: exactly one decision
// stands, and the other is told who decided.
func TestPermitConcurrentDecisions(t *testing.T) {
	eachPermits(t, func(t *testing.T, w *permitsWorld) {
		ctx := context.Background()
		if _, err := w.db.NameDeputy(ctx, organisation.DeputyAppointment{Role: organisation.RoleInfoManager, Scope: organisation.UnitScope("111"),
			StaffNo: "1005", Reason: "出張", Period: organisation.Period{From: time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)}}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.db.RecordAbsence(ctx, organisation.Absence{StaffNo: "1002", Reason: "出張", Period: organisation.Period{From: time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)}}); err != nil {
			t.Fatal(err)
		}
		for round := range 5 {
			r, err := w.p.File(ctx, carry("A-1"))
			if err != nil {
				t.Fatal(err)
			}
			var wg sync.WaitGroup
			errs := make([]error, 2)
			for i, who := range []string{"1002", "1005"} {
				wg.Go(func() {
					_, errs[i] = w.p.Decide(ctx, r.ID, store.Decision{Approve: i == 0, Decider: who})
				})
			}
			wg.Wait()
			ok := 0
			for _, err := range errs {
				switch {
				case err == nil:
					ok++
				case kijun.ErrorCode(err) != kijun.ECONFLICT || !strings.Contains(kijun.ErrorMessage(err), "既に"):
					t.Fatalf("round %d: the second decision failed with %v, want a conflict that says it was decided", round, err)
				}
			}
			if ok != 1 {
				t.Fatalf("round %d: %d decisions stood, want 1 (%v)", round, ok, errs)
			}
			v, _ := w.p.Get(ctx, r.ID)
			n := 0
			for _, e := range v.Timeline {
				if e.Action == permits.ActionApprove || e.Action == permits.ActionReject {
					n++
				}
			}
			if n != 1 {
				t.Fatalf("round %d: %d decisions in the timeline", round, n)
			}
		}
	})
}

// Several approvers in order (8.1.4: the 業務システム責任者, then the 統括責任者):
// the first approval leaves the request reviewed and in the second's inbox.
func TestPermitApproversInOrder(t *testing.T) {
	eachPermits(t, func(t *testing.T, w *permitsWorld) {
		ctx := context.Background()
		if _, err := w.db.CreateSystem(ctx, registers.Console(), systems.System{ID: "juki", Name: "住民記録システム", Unit: "111", Zone: systems.ZoneMyNumber, Hosting: systems.HostOnsite, AuthFactors: 2}); err != nil {
			t.Fatal(err)
		}
		from := organisation.Period{From: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)}
		for _, a := range []organisation.RoleAssignment{
			{Role: organisation.RoleSystemOwner, Scope: organisation.SystemScope("juki"), StaffNo: "1002", Period: from},
			{Role: organisation.RoleSystemAdmin, Scope: organisation.SystemScope("juki"), StaffNo: "1004", Period: from},
			{Role: organisation.RoleSecurityDirector, Scope: organisation.City(), StaffNo: "1003", Period: from},
		} {
			if _, err := w.db.AppointRole(ctx, a); err != nil {
				t.Fatal(err)
			}
		}
		r, err := w.p.File(ctx, store.Filing{Type: "exchange", Requester: "1004", Submit: true,
			Fields: map[string]string{"system": "juki", "partner": "県 情報政策課", "handling": "暗号化した媒体で手渡し"}})
		if err != nil {
			t.Fatal(err)
		}
		_, err = w.p.Decide(ctx, r.ID, store.Decision{Approve: true, Decider: "1003"})
		wantErr(t, err, kijun.EFORBIDDEN, "業務システム責任者")
		if r, err = w.p.Decide(ctx, r.ID, store.Decision{Approve: true, Decider: "1002"}); err != nil || r.State != permits.StateReviewed {
			t.Fatalf("first approval: %s, %v", r.State, err)
		}
		in, _ := w.p.Inbox(ctx, "1003", organisation.Day(w.clock()), 0)
		if len(in.ToDecide) != 1 || in.ToDecide[0].ID != r.ID {
			t.Fatalf("the 統括責任者's inbox after the first approval: %+v", in.ToDecide)
		}
		if in, _ := w.p.Inbox(ctx, "1002", organisation.Day(w.clock()), 0); len(in.ToDecide) != 0 {
			t.Fatalf("the first approver still sees it: %+v", in.ToDecide)
		}
		if r, err = w.p.Decide(ctx, r.ID, store.Decision{Approve: true, Decider: "1003"}); err != nil || r.State != permits.StateClosed {
			t.Fatalf("second approval: %s, %v", r.State, err)
		}
	})
}

// 3.2.11: while the CISO is absent, the 企画調整局長 decides in the CISO's
// stead, and the decision says on whose behalf.
func TestPermitStandingDeputyOfTheCISO(t *testing.T) {
	eachPermits(t, func(t *testing.T, w *permitsWorld) {
		ctx := context.Background()
		day := organisation.Day(w.clock())
		if _, err := w.db.RecordAbsence(ctx, organisation.Absence{StaffNo: "1005", Reason: "入院", Period: organisation.Period{From: day, To: day.AddDate(0, 0, 14)}}); err != nil {
			t.Fatal(err)
		}
		r, err := w.p.File(ctx, store.Filing{Type: "exception", Requester: "1003", Submit: true,
			Fields:    map[string]string{"provision": "8.2.6.ウ", "measure": "旧端末", "reason": "更新まで"},
			ValidFrom: day, ValidTo: day.AddDate(0, 1, 0)})
		if err != nil {
			t.Fatal(err)
		}
		_, err = w.p.Decide(ctx, r.ID, store.Decision{Approve: true, Decider: "1003"})
		wantErr(t, err, kijun.EFORBIDDEN, "山田 太郎")
		if _, err := w.p.Decide(ctx, r.ID, store.Decision{Approve: true, Decider: "1001"}); err != nil {
			t.Fatal(err)
		}
		v, _ := w.p.Get(ctx, r.ID)
		if e := v.Timeline[len(v.Timeline)-1]; e.Actor != "1001" || e.OnBehalfOf != "1005" || e.Role != organisation.RoleCISO {
			t.Fatalf("the standing deputy's decision: %+v", e)
		}
	})
}
