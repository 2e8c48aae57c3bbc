package notify_test

import (
	"context"
	"maps"
	"slices"
	"strconv"
	"testing"

	"kijun/internal/jobs"
	"kijun/internal/notify"
	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// BenchmarkChangeWithMail measures what queuing mail adds to a change: a
// transaction with one change and its ledger record, alone and with a mail
// to one approver queued in it (a River job insert, or a digest item with
// its own ledger record), as a request's submission will do. The queue
// holds 100,000 jobs already, as a year of requests leaves it without its
// retention. Reported as p95-ms; the target of a submission, ledger record
// included, is 20 ms.
//
//	go test ./internal/notify -run '^$' -bench ChangeWithMail -benchtime 2000x
func BenchmarkChangeWithMail(b *testing.B) {
	urls := storetest.URLs(b)
	for _, engine := range slices.Sorted(maps.Keys(urls)) {
		b.Run(engine, func(b *testing.B) {
			ctx := context.Background()
			db := storetest.Open(b, urls[engine], store.Options{})
			if _, err := jobs.Migrate(ctx, db); err != nil {
				b.Fatal(err)
			}
			for _, p := range []struct{ no, mode string }{{"1", store.MailEach}, {"2", store.MailDigest}} {
				if err := db.SavePerson(ctx, organisation.Person{StaffNo: p.no, Name: "職員" + p.no, Kana: "ショクイン", Employment: organisation.EmployRegular}); err != nil {
					b.Fatal(err)
				}
				if err := db.SetPersonMail(ctx, p.no, "p"+p.no+"@city.example"); err != nil {
					b.Fatal(err)
				}
				if err := db.SetMailPreference(ctx, p.no, p.mode); err != nil {
					b.Fatal(err)
				}
			}
			// A mail server set, or nothing would be queued.
			for k, v := range map[string]string{notify.SettingHost: "127.0.0.1", notify.SettingFrom: "kijun@city.example"} {
				if err := db.SetSetting(ctx, k, v); err != nil {
					b.Fatal(err)
				}
			}
			n := notify.New(notify.Config{DB: db})
			s, err := jobs.Open(ctx, db, nil, jobs.Config{InsertOnly: true})
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			n.Use(s)
			// A year of mail already in the queue's table.
			for i := 0; i < 100_000; i += 1000 {
				err := db.Update(ctx, func(tx *store.Tx) error {
					for j := range 1000 {
						if err := n.Queue(ctx, tx, notify.Mail{To: []string{"1"}, Subject: "過去の申請 " + strconv.Itoa(i+j), Link: "/permits/" + strconv.Itoa(i+j)}); err != nil {
							return err
						}
					}
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			seq := 0
			change := func(tx *store.Tx) (string, error) {
				seq++
				key := "bench." + strconv.Itoa(seq)
				if _, err := tx.ExecContext(ctx, "INSERT INTO settings (key, value, updated_at, version) VALUES (?, 'x', '2026-11-26T00:00:00Z', 1)", key); err != nil {
					return "", err
				}
				_, err := tx.Record(ctx, store.Change{Action: "setting.set", Entity: "setting", EntityID: key, State: key})
				return key, err
			}
			b.Run("change-alone", storetest.P95(func() error {
				return db.Update(ctx, func(tx *store.Tx) error { _, err := change(tx); return err })
			}))
			for _, to := range []struct{ name, no string }{{"each-mail", "1"}, {"digest", "2"}} {
				b.Run("change-with-mail/"+to.name, storetest.P95(func() error {
					return db.Update(ctx, func(tx *store.Tx) error {
						key, err := change(tx)
						if err != nil {
							return err
						}
						return n.Queue(ctx, tx, notify.Mail{To: []string{to.no}, Subject: "承認をお願いします", Body: "申請があります。", Link: "/permits/" + key})
					})
				}))
			}
		})
	}
}
