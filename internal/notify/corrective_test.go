package notify_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"kijun/internal/corrective"
	"kijun/internal/demo"
	"kijun/internal/notify"
	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// The demo city's corrective actions past their due day are mailed to
// whoever holds each owner role today, and those more than two weeks over
// go up to the 情報セキュリティ管理者 (11.1.7); an action done or not yet
// due is not mailed, and a second look in the same week finds the same
// keys, so nothing is mailed twice.
func TestCorrectiveRemindersEscalate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := demo.Generate(ctx, db, demo.Options{Scale: demo.Small, Seed: 1}); err != nil {
			t.Fatal(err)
		}
		now := db.Now()
		overdue, err := db.CorrectiveActions(ctx, corrective.Officer{Console: true}, store.CorrectiveFilter{Overdue: true, Day: now})
		if err != nil || len(overdue) == 0 {
			t.Fatalf("the demo has no overdue actions (%v)", err)
		}
		manager, err := db.HolderOf(ctx, organisation.RoleSecurityManager, organisation.City(), organisation.Day(now))
		if err != nil {
			t.Fatal(err)
		}
		due := notify.CorrectiveReminders(db)
		rs, err := due(ctx, now)
		if err != nil {
			t.Fatal(err)
		}
		owners, ups := map[string]bool{}, 0
		for _, r := range rs {
			switch {
			case strings.HasPrefix(r.Key, "corrective-overdue:"):
				owners[r.To[0]] = true
				if !strings.Contains(r.Body, "日過ぎています") || !strings.HasPrefix(r.Link, "/actions/") {
					t.Errorf("owner's mail: %q %q", r.Body, r.Link)
				}
			case strings.HasPrefix(r.Key, "corrective-escalate:"):
				ups++
				if r.To[0] != manager.Person.StaffNo {
					t.Errorf("escalated to %v, want the 情報セキュリティ管理者 %s", r.To, manager.Person.StaffNo)
				}
			}
		}
		for _, a := range overdue {
			if a.Owner != "" && !owners[a.Owner] {
				t.Errorf("the owner %s of overdue action %d is not mailed", a.Owner, a.ID)
			}
		}
		if ups == 0 {
			t.Error("nothing long overdue went up to the 情報セキュリティ管理者")
		}
		again, err := due(ctx, now.Add(time.Hour))
		if err != nil || len(again) != len(rs) || again[0].Key != rs[0].Key {
			t.Errorf("an hour later: %d reminders (%v), want the same %d", len(again), err, len(rs))
		}
	})
}
