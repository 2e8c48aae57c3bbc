package notify_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"kijun/internal/demo"
	"kijun/internal/incidents"
	"kijun/internal/jobs"
	"kijun/internal/notify"
	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// A lost USB stick reported in the demo city is mailed at once to each
// person its routing told (7.3.1), in Japanese with the link to the report;
// the reminders do not mail the same notices again, and a notice left
// unacknowledged past its due time is taken up the chain and mailed to the
// next person.
func TestIncidentNoticesMailed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := jobs.Migrate(ctx, db); err != nil {
			t.Fatal(err)
		}
		if _, err := demo.Generate(ctx, db, demo.Options{Scale: demo.Small, Seed: 1}); err != nil {
			t.Fatal(err)
		}
		f := startMail(t, db, map[string]notify.DueFunc{"incidents": notify.IncidentReminders(db)})
		// The demo's open incidents have notices nobody acknowledged:
		// mailed by the first reminders.
		before, err := f.n.RunReminders(ctx)
		if err != nil {
			t.Fatal(err)
		}
		f.srv.Wait(t, before)
		reporter, unit := staffOf(t, db)
		now := db.Now()
		in, ns, err := db.FileIncident(ctx, incidents.Incident{
			Title: "住民データ入り USB メモリの紛失", Kind: incidents.KindLoss,
			DiscoveredAt: now.Add(-time.Hour), OccurredAt: now.Add(-20 * time.Hour),
			Reporter: reporter, Unit: unit, Description: "帰宅途中に USB メモリを紛失した",
			Leak: incidents.Leak{State: incidents.LeakSuspected, People: 120},
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(ns) == 0 {
			t.Fatal("the report told nobody")
		}
		if err := f.n.TellIncident(ctx, in.ID); err != nil {
			t.Fatal(err)
		}
		got := f.srv.Wait(t, before+len(ns))
		for _, m := range got[before:] {
			if !strings.Contains(m.Subject, "【要確認】インシデント報告: 住民データ入り USB メモリの紛失") ||
				!strings.Contains(m.Body, "確認の期限") || !strings.Contains(m.Body, "/incidents/") {
				t.Errorf("mail %q:\n%s", m.Subject, m.Body)
			}
		}
		// The reminders find the same notices and mail nothing more.
		if queued, err := f.n.RunReminders(ctx); err != nil || queued != 0 {
			t.Fatalf("reminders queued %d again, %v", queued, err)
		}
		// Nobody acknowledges: past the due times, the chain goes up.
		up, err := db.EscalateOverdue(ctx, now.Add(48*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if len(up) == 0 {
			t.Fatal("nothing escalated")
		}
		queued, err := f.n.RunReminders(ctx)
		if err != nil || queued != len(up) {
			t.Fatalf("%d notices escalated, %d mailed, %v", len(up), queued, err)
		}
		f.srv.Wait(t, len(got)+queued)
	})
}

// staffOf returns a member of staff of a 課 of the demo city, and the 課.
func staffOf(t *testing.T, db *store.DB) (string, string) {
	t.Helper()
	ctx := context.Background()
	today := organisation.Day(db.Now())
	units, err := db.UnitsOn(ctx, today)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range units {
		ms, err := db.Members(ctx, u.Code, today)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			if m.Assignment.Post == organisation.PostStaff {
				return m.StaffNo, u.Code
			}
		}
	}
	t.Fatal("no member of staff")
	return "", ""
}

// 9.3: a notice told to a deputy is mailed to the holder they act for as
// well, saying so; a notice to the holder in person goes to them alone.
func TestNoticeReminderTellsTheHolder(t *testing.T) {
	for _, tc := range []struct {
		n    store.Notice
		want string
	}{
		{store.Notice{ID: 7, IncidentID: 3, Role: organisation.RoleInfoManager, StaffNo: "2003", Name: "代行 三子", Holder: "2002"}, "2003 2002"},
		{store.Notice{ID: 8, IncidentID: 3, Role: organisation.RoleInfoManager, StaffNo: "2002", Name: "課長 二郎"}, "2002"},
	} {
		r := notify.NoticeReminder(tc.n)
		if got := strings.Join(r.To, " "); got != tc.want {
			t.Errorf("notice %d mailed to %q, want %q", tc.n.ID, got, tc.want)
		}
		if says := strings.Contains(r.Body, "本人（職員番号 2002）にも"); says != (tc.n.Holder != "") {
			t.Errorf("notice %d: body says the holder is told %v:\n%s", tc.n.ID, says, r.Body)
		}
	}
}
