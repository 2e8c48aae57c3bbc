package notify_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"kijun/internal/jobs"
	"kijun/internal/notify"
	"kijun/internal/notify/smtptest"
	"kijun/internal/organisation"
	"kijun/internal/records"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
	"kijun/internal/wareki"
)

// people are the test city's staff: number, name, address, preference.
var people = []struct{ no, name, kana, mail, mode string }{
	{"1001", "山田 太郎", "ヤマダ タロウ", "yamada@city.example", store.MailEach},
	{"1002", "佐藤 花子", "サトウ ハナコ", "sato@city.example", store.MailEach},
	{"1003", "鈴木 一郎", "スズキ イチロウ", "suzuki@city.example", store.MailDigest},
	{"1004", "高橋 次郎", "タカハシ ジロウ", "", store.MailEach}, // no address yet
}

type fixture struct {
	db    *store.DB
	n     *notify.Notifier
	sched *jobs.Scheduler
	srv   *smtptest.Server
}

// setup makes a city with people, a mail server, mail settings pointing at
// it, and a running queue with the notifier's jobs.
func setup(t *testing.T, db *store.DB, due map[string]notify.DueFunc) *fixture {
	t.Helper()
	ctx := context.Background()
	if _, err := jobs.Migrate(ctx, db); err != nil {
		t.Fatal(err)
	}
	for _, p := range people {
		err := db.SavePerson(ctx, organisation.Person{StaffNo: p.no, Name: p.name, Kana: p.kana, Employment: organisation.EmployRegular})
		if err != nil {
			t.Fatal(err)
		}
		if p.mail != "" {
			if err := db.SetPersonMail(ctx, p.no, p.mail); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.SetMailPreference(ctx, p.no, p.mode); err != nil {
			t.Fatal(err)
		}
	}
	return startMail(t, db, due)
}

// startMail starts a mail server, points the mail settings at it, and runs
// a queue with the notifier's jobs, for the people already in db.
func startMail(t *testing.T, db *store.DB, due map[string]notify.DueFunc) *fixture {
	t.Helper()
	ctx := context.Background()
	srv := smtptest.Start(t)
	for k, v := range map[string]string{
		notify.SettingHost: "127.0.0.1", notify.SettingPort: strconv.Itoa(srv.Addr.Port), notify.SettingFrom: "kijun@city.example",
		notify.SettingStartTLS: "off", notify.SettingBaseURL: "https://kijun.city.example", "city.name": "神戸市",
	} {
		if err := notify.CheckSetting(k, v); err != nil && k != "city.name" {
			t.Fatal(err)
		}
		if err := db.SetSetting(ctx, k, v); err != nil {
			t.Fatal(err)
		}
	}
	// The daily digest job, which the queue also runs when it starts, waits
	// for 23:59 JST: the tests send digests by hand.
	n := notify.New(notify.Config{DB: db, DigestHour: 23, DigestMinute: 59})
	for name, fn := range due {
		n.Due(name, fn)
	}
	reg := jobs.NewRegistry()
	n.Register(reg)
	s, err := jobs.Open(ctx, db, reg, jobs.Config{PollInterval: 50 * time.Millisecond,
		RetryAfter: func(int) time.Duration { return 100 * time.Millisecond }})
	if err != nil {
		t.Fatal(err)
	}
	n.Use(s)
	if err := s.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		s.Stop(ctx)
	})
	return &fixture{db: db, n: n, sched: s, srv: srv}
}

// sent waits until every mail queued so far has been sent (no mail.send
// job is left to run), then returns what the server holds: for a test that
// cannot know how many mails some history produces, one per person told.
func (f *fixture) sent(t *testing.T) []smtptest.Mail {
	t.Helper()
	ctx := context.Background()
	table := "river_job"
	if f.db.Dialect == store.Postgres {
		schema, err := f.db.CurrentSchema(ctx)
		if err != nil {
			t.Fatal(err)
		}
		table = schema + "_river.river_job"
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		var left int
		if err := f.db.View(ctx, func(tx *store.Tx) error {
			return tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+table+" WHERE kind = 'mail.send' AND state IN ('available', 'pending', 'running', 'retryable', 'scheduled')").Scan(&left)
		}); err != nil {
			t.Fatal(err)
		}
		if left == 0 {
			return f.srv.Wait(t, len(f.srv.Mails()))
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d mails still queued after 30 s", left)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// A mail queued with a change reaches each person who takes each mail,
// with a Japanese subject and body that decode intact and the link to the
// page; a person without an address is skipped without failing the change,
// and a change rolled back sends nothing.
func TestMailReachesSMTPServer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := setup(t, db, nil)
		err := db.Update(ctx, func(tx *store.Tx) error {
			return f.n.Queue(ctx, tx, notify.Mail{To: []string{"1001", "1002", "1004", "1001"},
				Subject: "承認をお願いします：USBメモリの持ち出し", Body: "総務課の山田さんから持ち出しの申請があります。\n内容を確認してください。",
				Link: "/permits/42"})
		})
		if err != nil {
			t.Fatal(err)
		}
		err = db.Update(ctx, func(tx *store.Tx) error {
			if err := f.n.Queue(ctx, tx, notify.Mail{To: []string{"1001"}, Subject: "取り消された変更"}); err != nil {
				return err
			}
			return errors.New("the change fails")
		})
		if err == nil {
			t.Fatal("want the change's error")
		}
		got := f.srv.Wait(t, 2)
		slices.SortFunc(got, func(a, b smtptest.Mail) int { return strings.Compare(a.Rcpt[0], b.Rcpt[0]) })
		for i, want := range []struct{ rcpt, name string }{{"sato@city.example", "佐藤 花子"}, {"yamada@city.example", "山田 太郎"}} {
			m := got[i]
			if len(m.Rcpt) != 1 || m.Rcpt[0] != want.rcpt {
				t.Errorf("recipients %v, want [%s]", m.Rcpt, want.rcpt)
			}
			if !strings.Contains(m.To, want.name) {
				t.Errorf("To %q, want the name %s", m.To, want.name)
			}
			if m.From != "kijun@city.example" {
				t.Errorf("envelope from %q", m.From)
			}
			if want := "[Kijun] 承認をお願いします：USBメモリの持ち出し"; m.Subject != want {
				t.Errorf("subject %q, want %q", m.Subject, want)
			}
			for _, s := range []string{"総務課の山田さんから持ち出しの申請があります。\n内容を確認してください。", "https://kijun.city.example/permits/42"} {
				if !strings.Contains(m.Body, s) {
					t.Errorf("body %q lacks %q", m.Body, s)
				}
			}
			for _, h := range []string{"Subject: =?UTF-8?B?", "Content-Type: text/plain; charset=UTF-8", "Content-Transfer-Encoding: base64", "MIME-Version: 1.0"} {
				if !strings.Contains(m.Raw, h) {
					t.Errorf("message lacks %q:\n%s", h, m.Raw)
				}
			}
			for line := range strings.SplitSeq(m.Raw, "\r\n") {
				if len(line) > 78 {
					t.Errorf("line longer than 78: %q", line)
				}
			}
		}
		// The ledger keeps that each was mailed.
		for _, no := range []string{"1001", "1002"} {
			waitFor(t, "the ledger record of the mail to "+no, func() bool {
				rs, err := db.Records(ctx, store.RecordFilter{Entity: "person", EntityID: no})
				return err == nil && slices.ContainsFunc(rs, func(r *records.Record) bool { return r.Action == "mail.sent" })
			})
		}
	})
}

// A person who takes a digest gets nothing at once, then one mail a day
// with every item and its link.
func TestDigestCombinesMails(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if now := time.Now().In(wareki.JST()); now.Hour() == 23 && now.Minute() == 59 {
			t.Skip("at 23:59 JST the digest job of the queue's start would send the digest first")
		}
		f := setup(t, db, nil)
		for i := range 3 {
			err := f.n.QueueNow(ctx, notify.Mail{To: []string{"1003"}, Subject: fmt.Sprintf("お知らせ%d", i+1),
				Body: fmt.Sprintf("本文%d", i+1), Link: fmt.Sprintf("/permits/%d", i+1)})
			if err != nil {
				t.Fatal(err)
			}
		}
		time.Sleep(500 * time.Millisecond)
		if got := f.srv.Mails(); len(got) != 0 {
			t.Fatalf("a digest person got %d mails at once", len(got))
		}
		if err := f.n.QueueDigests(ctx); err != nil {
			t.Fatal(err)
		}
		got := f.srv.Wait(t, 1)[0]
		if got.Rcpt[0] != "suzuki@city.example" {
			t.Errorf("digest to %v", got.Rcpt)
		}
		if !strings.HasPrefix(got.Subject, "[Kijun] 本日のお知らせ 3 件") {
			t.Errorf("digest subject %q", got.Subject)
		}
		for i := range 3 {
			for _, s := range []string{fmt.Sprintf("お知らせ%d", i+1), fmt.Sprintf("本文%d", i+1), fmt.Sprintf("https://kijun.city.example/permits/%d", i+1)} {
				if !strings.Contains(got.Body, s) {
					t.Errorf("digest lacks %q:\n%s", s, got.Body)
				}
			}
		}
		// Sent items do not go again.
		if err := f.n.QueueDigests(ctx); err != nil {
			t.Fatal(err)
		}
		f.srv.Wait(t, 1)
		if pending, err := db.PendingDigest(ctx, "1003"); err != nil || len(pending) != 0 {
			t.Errorf("pending after the digest: %v, %v", pending, err)
		}
	})
}

// A server that refuses for a while gets the mail in the end, once.
func TestRefusedMailIsRetried(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := setup(t, db, nil)
		f.srv.Refuse(2)
		if err := f.n.QueueNow(ctx, notify.Mail{To: []string{"1002"}, Subject: "再送の確認"}); err != nil {
			t.Fatal(err)
		}
		got := f.srv.Wait(t, 1)
		if got[0].Subject != "[Kijun] 再送の確認" {
			t.Errorf("subject %q", got[0].Subject)
		}
		if got := f.srv.Refusals(); got != 2 {
			t.Errorf("refusals %d, want 2", got)
		}
	})
}

// Reminders from a due function are mailed once by key, however often the
// function returns them, and reach the server.
func TestRemindersMailedOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var calls atomic.Int32
		due := func(ctx context.Context, now time.Time) ([]notify.Reminder, error) {
			calls.Add(1)
			return []notify.Reminder{
				{Key: "permit:7:waiting:3d", To: []string{"1001"}, Subject: "承認待ちが3日を過ぎました", Body: "申請7が承認を待っています。", Link: "/permits/7"},
				{Key: "exception:3:expires:7d", To: []string{"1002", "1003"}, Subject: "例外措置の期限が近づいています", Body: "例外措置3は7日後に終わります。", Link: "/exceptions/3"},
			}, nil
		}
		failing := func(ctx context.Context, now time.Time) ([]notify.Reminder, error) {
			return nil, errors.New("cannot read the requests")
		}
		f := setup(t, db, map[string]notify.DueFunc{"permits": due})
		// The periodic job ran once when the queue started; run it by hand
		// twice more, the second time with a failing function beside.
		if _, err := f.n.RunReminders(ctx); err != nil {
			t.Fatal(err)
		}
		f.n.Due("broken", failing)
		n, err := f.n.RunReminders(ctx)
		if err == nil || !strings.Contains(err.Error(), "cannot read the requests") {
			t.Errorf("want the failing function's error, got %v", err)
		}
		if n != 0 {
			t.Errorf("second run queued %d, want 0", n)
		}
		if calls.Load() < 2 {
			t.Errorf("due function called %d times", calls.Load())
		}
		// 1001 and 1002 each get one mail; 1003 takes a digest.
		got := f.srv.Wait(t, 2)
		subjects := []string{got[0].Subject, got[1].Subject}
		slices.Sort(subjects)
		if want := []string{"[Kijun] 例外措置の期限が近づいています", "[Kijun] 承認待ちが3日を過ぎました"}; !slices.Equal(subjects, want) {
			t.Errorf("subjects %v, want %v", subjects, want)
		}
		if pending, _ := db.PendingDigest(ctx, "1003"); len(pending) != 1 {
			t.Errorf("1003's digest holds %d items, want 1", len(pending))
		}
	})
}

// An address the server rejects for good is not tried again; the queue
// goes on with the next mail.
func TestRejectedAddressIsNotRetried(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := setup(t, db, nil)
		f.srv.RejectRcpt("yamada@city.example")
		if err := f.n.QueueNow(ctx, notify.Mail{To: []string{"1001"}, Subject: "届かない"}); err != nil {
			t.Fatal(err)
		}
		if err := f.n.QueueNow(ctx, notify.Mail{To: []string{"1002"}, Subject: "届く"}); err != nil {
			t.Fatal(err)
		}
		f.srv.Wait(t, 1)
		time.Sleep(time.Second) // retries come after 100ms in these tests
		if got := f.srv.RcptAttempts("yamada@city.example"); got != 1 {
			t.Errorf("rejected address tried %d times, want 1", got)
		}
	})
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// While no mail server is set, nothing is queued and no reminder counts as
// sent: a mail of a change is dropped (the home page still shows the
// work), and a reminder due is found again and mailed once the server is
// set. Before, each mail waited in the queue, failing, for three weeks: a
// demo city's first reminder of the standard was 34,000 of them.
func TestNoMailServerQueuesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var on atomic.Bool
		due := func(ctx context.Context, now time.Time) ([]notify.Reminder, error) {
			if !on.Load() {
				return nil, nil
			}
			return []notify.Reminder{{Key: "permit:9:waiting:3d", To: []string{"1001"}, Subject: "承認待ちが3日を過ぎました", Body: "申請9が承認を待っています。", Link: "/permits/9"}}, nil
		}
		f := setup(t, db, map[string]notify.DueFunc{"permits": due})
		host, err := db.Setting(ctx, notify.SettingHost)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.SetSetting(ctx, notify.SettingHost, ""); err != nil {
			t.Fatal(err)
		}
		on.Store(true)
		if n, err := f.n.RunReminders(ctx); err != nil || n != 0 {
			t.Errorf("reminders with no mail server: %d queued, %v", n, err)
		}
		if sent, err := db.RemindersSent(ctx, []string{"permit:9:waiting:3d"}); err != nil || len(sent) != 0 {
			t.Errorf("a reminder counts as sent with no mail server: %v %v", sent, err)
		}
		if err := f.n.QueueNow(ctx, notify.Mail{To: []string{"1002", "1003"}, Subject: "申請が承認されました", Link: "/permits/8"}); err != nil {
			t.Fatal(err)
		}
		if pending, _ := db.PendingDigest(ctx, "1003"); len(pending) != 0 {
			t.Errorf("a digest item was queued with no mail server: %v", pending)
		}
		if err := db.SetSetting(ctx, notify.SettingHost, host); err != nil {
			t.Fatal(err)
		}
		if n, err := f.n.RunReminders(ctx); err != nil || n != 1 {
			t.Errorf("reminders once the server is set: %d queued, %v; want 1", n, err)
		}
		got := f.sent(t)
		if len(got) != 1 || got[0].Subject != "[Kijun] 承認待ちが3日を過ぎました" {
			var subjects []string
			for _, m := range got {
				subjects = append(subjects, m.Subject)
			}
			t.Errorf("mails sent: %v; want the reminder alone, not the mail of the change made while no server was set", subjects)
		}
	})
}
