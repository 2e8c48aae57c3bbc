package notify_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"kijun/internal/demo"
	"kijun/internal/jobs"
	"kijun/internal/notify"
	"kijun/internal/organisation"
	"kijun/internal/permits"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// A request filed in the demo city is mailed at once to the 情報管理者 who
// must decide it, and its approval to the requester, each with the link to
// the request; a return overdue is mailed by the reminders once.
func TestPermitStepsAndRemindersMailed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := jobs.Migrate(ctx, db); err != nil {
			t.Fatal(err)
		}
		if _, err := demo.Generate(ctx, db, demo.Options{Scale: demo.Small, Seed: 1}); err != nil {
			t.Fatal(err)
		}
		reg, err := permits.Default()
		if err != nil {
			t.Fatal(err)
		}
		p := db.Permits(reg)
		f := startMail(t, db, map[string]notify.DueFunc{"permits": notify.PermitReminders(p)})
		if _, err := f.n.RunReminders(ctx); err != nil { // the demo's own history
			t.Fatal(err)
		}
		before := len(f.sent(t))
		f.n.TellPermits(p)
		requester, unit := staffOf(t, db)
		today := organisation.Day(db.Now())
		chief, err := db.HolderOf(ctx, organisation.RoleInfoManager, organisation.UnitScope(unit), today)
		if err != nil {
			t.Fatal(err)
		}
		for _, no := range []string{requester, chief.Person.StaffNo} {
			if err := db.SetMailPreference(ctx, no, store.MailEach); err != nil {
				t.Fatal(err)
			}
		}
		r, err := p.File(ctx, store.Filing{Type: "take_out", Requester: requester, Submit: true,
			Fields: map[string]string{"asset": "A" + unit + "-0001", "destination": "研修会場"}, ValidFrom: today, ValidTo: today})
		if err != nil {
			t.Fatal(err)
		}
		got := f.srv.Wait(t, before+1)[before]
		if got.Rcpt[0] != "s"+chief.Person.StaffNo+"@minato.example" || !strings.Contains(got.Subject, "決裁をお願いします") || !strings.Contains(got.Body, "/permits/") {
			t.Errorf("the approver's mail: %+v", got)
		}
		if _, err := p.Decide(ctx, r.ID, store.Decision{Approve: true, Decider: chief.Person.StaffNo}); err != nil {
			t.Fatal(err)
		}
		got = f.srv.Wait(t, before+2)[before+1]
		if got.Rcpt[0] != "s"+requester+"@minato.example" || !strings.Contains(got.Subject, "承認されました") {
			t.Errorf("the requester's mail: %+v", got)
		}
		if _, err := p.Record(ctx, r.ID, requester, map[string]string{"taken_on": organisation.FormatDate(today)}, false); err != nil {
			t.Fatal(err)
		}
		// Two days on, the return is overdue: mailed once to the requester
		// and the 情報管理者, however often the reminders run.
		due, err := notify.PermitReminders(p)(ctx, db.Now().Add(48*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		var overdue []notify.Reminder
		for _, rem := range due {
			if rem.Link == "/permits/"+strconv.FormatInt(r.ID, 10) && strings.Contains(rem.Subject, "返却") {
				overdue = append(overdue, rem)
			}
		}
		if len(overdue) != 1 || len(overdue[0].To) != 2 {
			t.Fatalf("the overdue return's reminder: %+v", overdue)
		}
		for range 2 {
			if _, err := f.n.Remind(ctx, overdue[0]); err != nil {
				t.Fatal(err)
			}
		}
		mails := f.srv.Wait(t, before+4)
		for _, m := range mails[before+2:] {
			if !strings.Contains(m.Subject, "返却の期限を過ぎています") {
				t.Errorf("reminder mail %q", m.Subject)
			}
		}
	})
}
