package store_test

import (
	"context"
	"testing"

	"kijun/internal/compliance"
	"kijun/internal/compliance/work"
	"kijun/internal/kijun"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// A finding's work is kept with it: the lists filter by state and owner
// and sort by age; a finding the check no longer finds is closed whatever
// its work said, and one found again starts over as open with no owner
// named; a refusal by the gate writes nothing.
func TestFindingWork(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := kijun.WithActor(context.Background(), kijun.Actor{ID: "person:1"})
		f1 := compliance.Finding{Rule: "r.one", Subject: "asset:A1", Provision: "4.1", Severity: compliance.SeverityHigh, Kind: compliance.KindAsset, SubjectName: "A1", Message: "m"}
		f2 := compliance.Finding{Rule: "r.two", Subject: "asset:A2", Provision: "4.2", Severity: compliance.SeverityLow, Kind: compliance.KindAsset, SubjectName: "A2", Message: "m"}
		run := func(fs ...compliance.Finding) {
			t.Helper()
			if err := db.SaveCheckRun(ctx, &store.CheckRun{At: db.Now(), RulesVersion: "t"}, fs, nil); err != nil {
				t.Fatal(err)
			}
		}
		run(f1, f2)
		refuse := func(store.StoredFinding, string) error { return kijun.Errorf(kijun.EFORBIDDEN, "no") }
		if _, err := db.UpdateFindingWork(ctx, work.Change{Rule: f1.Rule, Subject: f1.Subject, State: work.StateInProgress}, refuse); kijun.ErrorCode(err) != kijun.EFORBIDDEN {
			t.Fatalf("refused by the gate: %v", err)
		}
		got, err := db.Finding(ctx, f1.Rule, f1.Subject)
		if err != nil || got.Work.State != work.StateOpen || got.Work.Version != 0 {
			t.Fatalf("after a refusal: %+v, %v; want open, version 0", got.Work, err)
		}
		allow := func(store.StoredFinding, string) error { return nil }
		got, err = db.UpdateFindingWork(ctx, work.Change{Rule: f1.Rule, Subject: f1.Subject, State: work.StateInProgress, Comment: "着手"}, allow)
		if err != nil || got.Work.State != work.StateInProgress || got.Work.Version != 1 {
			t.Fatalf("in progress: %+v, %v", got.Work, err)
		}
		if _, err := db.UpdateFindingWork(ctx, work.Change{Rule: f1.Rule, Subject: f1.Subject, State: work.StateFixed, Version: 7}, allow); kijun.ErrorCode(err) != kijun.ECONFLICT {
			t.Errorf("a stale version: %v, want a conflict", err)
		}
		list := func(f store.FindingFilter) []string {
			t.Helper()
			fs, _, err := db.ListFindings(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, f := range fs {
				out = append(out, f.Rule)
			}
			return out
		}
		if got := list(store.FindingFilter{State: work.StateInProgress}); len(got) != 1 || got[0] != f1.Rule {
			t.Errorf("in progress: %v", got)
		}
		if got := list(store.FindingFilter{State: work.StateOpen}); len(got) != 1 || got[0] != f2.Rule {
			t.Errorf("open: %v", got)
		}
		if got := list(store.FindingFilter{Sort: "unit"}); len(got) != 2 {
			t.Errorf("sorted by unit: %v", got)
		}
		// The check no longer finds f1: it is closed; found again, it starts over.
		run(f2)
		if got := list(store.FindingFilter{State: work.StateClosed}); len(got) != 1 || got[0] != f1.Rule {
			t.Errorf("closed: %v", got)
		}
		run(f1, f2)
		again, err := db.Finding(ctx, f1.Rule, f1.Subject)
		if err != nil || again.Work.State != work.StateOpen {
			t.Errorf("found again: %+v, %v; want open", again.Work, err)
		}
		cs, err := db.FindingComments(ctx, f1.Rule, f1.Subject)
		if err != nil || len(cs) != 1 || cs[0].Body != "着手" || cs[0].To != work.StateInProgress {
			t.Errorf("comments: %+v, %v", cs, err)
		}
	})
}
