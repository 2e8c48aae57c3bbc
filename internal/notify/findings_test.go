package notify_test

import (
	"context"
	"strings"
	"testing"

	"kijun/internal/compliance/monitor"
	"kijun/internal/compliance/work"
	"kijun/internal/demo"
	"kijun/internal/kijun"
	"kijun/internal/notify"
	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// Findings past their due day are mailed to their owner, once a week, and
// after two weeks to the 情報セキュリティ管理者 (9.2.1イ); one whose owner
// says it is fixed, and one not yet due, are not.
func TestFindingRemindersEscalate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := kijun.WithActor(context.Background(), kijun.Actor{ID: "demo"})
		if _, err := demo.Generate(ctx, db, demo.Options{Scale: demo.Small, Seed: 1}); err != nil {
			t.Fatal(err)
		}
		if _, err := monitor.New(db).Run(ctx, db.Now()); err != nil {
			t.Fatal(err)
		}
		highs, n, err := db.ListFindings(ctx, store.FindingFilter{Severity: "high", Limit: 2})
		if err != nil || n < 2 {
			t.Fatalf("the demo has %d high findings (%v), want 2", n, err)
		}
		fixed := highs[1]
		if _, err := db.UpdateFindingWork(ctx, work.Change{Rule: fixed.Rule, Subject: fixed.Subject, State: work.StateFixed},
			func(store.StoredFinding, string) error { return nil }); err != nil {
			t.Fatal(err)
		}
		manager, err := db.HolderOf(ctx, organisation.RoleSecurityManager, organisation.City(), organisation.Day(db.Now()))
		if err != nil {
			t.Fatal(err)
		}
		due := notify.FindingReminders(db)
		// Nothing is due the day the findings are found.
		if rs, err := due(ctx, db.Now()); err != nil || len(rs) != 0 {
			t.Fatalf("today: %d reminders (%v), want none", len(rs), err)
		}
		later := db.Now().AddDate(0, 0, 45) // high findings are 15 days over, medium ones not due
		rs, err := due(ctx, later)
		if err != nil {
			t.Fatal(err)
		}
		owners, ups := 0, 0
		for _, r := range rs {
			if strings.Contains(r.Key, fixed.Rule+"|"+fixed.Subject) {
				t.Errorf("a fixed finding is mailed: %s", r.Key)
			}
			if !strings.Contains(r.Subject, "【点検の指摘") || !strings.HasPrefix(r.Link, "/compliance/finding?") {
				t.Errorf("reminder %q links %q", r.Subject, r.Link)
			}
			switch {
			case strings.HasPrefix(r.Key, "finding-overdue:"):
				owners++
			case strings.HasPrefix(r.Key, "finding-escalate:"):
				ups++
				if r.To[0] != manager.Person.StaffNo {
					t.Errorf("escalated to %v, want %s", r.To, manager.Person.StaffNo)
				}
			}
		}
		if owners == 0 || ups == 0 {
			t.Errorf("%d owners mailed, %d escalated; want both", owners, ups)
		}
		for _, r := range rs {
			if strings.Contains(r.Body, "重大度: 中") {
				t.Errorf("a medium finding not yet due is mailed: %s", r.Key)
			}
		}
		again, err := due(ctx, later.Add(24*3600e9))
		if err != nil || len(again) != len(rs) {
			t.Errorf("a day later: %d reminders (%v), want the same %d keys", len(again), err, len(rs))
		}
	})
}
