package notify_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"kijun/internal/demo"
	"kijun/internal/notify"
	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// The demo city's 施設予約システム is affected by a hole: its 業務システム
// 管理者 is reminded when it opens and again three days before its due
// day. Its logs, reviewed a day ago every 31 days, are due a month on (a
// reminder to the reviewer), and late past the grace after that (a second
// reminder, and a finding).
func TestOperationsReminders(t *testing.T) {
	db := storetest.Open(t, t.TempDir()+"/k.db", store.Options{})
	ctx := context.Background()
	if _, err := demo.Generate(ctx, db, demo.Options{Scale: demo.Small, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	admin, err := db.HolderOf(ctx, organisation.RoleSystemAdmin, organisation.SystemScope("yoyaku"), organisation.Day(db.Now()))
	if err != nil {
		t.Fatal(err)
	}
	due := notify.OperationsReminders(db)
	keys := func(at time.Time, prefix string) []notify.Reminder {
		rs, err := due(ctx, at)
		if err != nil {
			t.Fatal(err)
		}
		var out []notify.Reminder
		for _, r := range rs {
			if strings.HasPrefix(r.Key, prefix) {
				out = append(out, r)
			}
		}
		return out
	}
	now := db.Now()
	vulns := keys(now, "vuln:yoyaku:")
	if len(vulns) != 1 || vulns[0].To[0] != admin.Person.StaffNo || !strings.Contains(vulns[0].Body, "2.4.62") {
		t.Errorf("the hole's reminder: %+v", vulns)
	}
	if late := keys(now.AddDate(0, 0, 5), "vuln:yoyaku:"); len(late) != 2 || !strings.HasSuffix(late[1].Key, ":due") {
		t.Errorf("three days before the due day: %+v", late)
	}
	if rs := keys(now, "log-review:"); len(rs) != 0 {
		t.Errorf("logs reviewed yesterday are not due: %+v", rs)
	}
	rs := keys(now.AddDate(0, 0, 31), "log-review:yoyaku:")
	if len(rs) != 1 || strings.HasSuffix(rs[0].Key, ":late") || rs[0].To[0] != admin.Person.StaffNo {
		t.Errorf("a month on: %+v", rs)
	}
	if rs := keys(now.AddDate(0, 0, 50), "log-review:yoyaku:"); len(rs) != 1 || !strings.HasSuffix(rs[0].Key, ":late") {
		t.Errorf("late past the grace: %+v", rs)
	}
}
