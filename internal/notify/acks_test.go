package notify_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"kijun/internal/notify"
	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
	"kijun/internal/training"
)

type ackGate struct{ person string }

func (ackGate) Plans() bool         { return true }
func (ackGate) Records(string) bool { return true }
func (g ackGate) Person() string    { return g.person }

// Who has not acknowledged the edition in force is reminded; after 30
// days again, and the 情報管理者 of their 課 gets one mail naming them
// all; who has acknowledged is not reminded.
func TestAckReminders(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		from := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
		per := organisation.Period{From: from}
		err := db.LoadOrganisation(ctx, store.OrganisationData{
			Units: []organisation.Unit{
				{Code: "100", Kind: organisation.KindBureau, Name: "企画調整局", Kana: "キカク", Period: per},
				{Code: "111", Kind: organisation.KindSection, Name: "情報政策課", Kana: "ジョウホウ", Parent: "100", Period: per},
			},
			People: []organisation.Person{
				{StaffNo: "1001", Name: "山田 太郎", Kana: "ヤマダ", Employment: organisation.EmployRegular, Status: organisation.StatusActive},
				{StaffNo: "1002", Name: "佐藤 花子", Kana: "サトウ", Employment: organisation.EmployRegular, Status: organisation.StatusActive},
				{StaffNo: "1003", Name: "鈴木 一郎", Kana: "スズキ", Employment: organisation.EmployTemporary, Status: organisation.StatusActive},
			},
			Assignments: []organisation.Assignment{
				{StaffNo: "1001", Unit: "111", Post: organisation.PostSectionChief, Primary: true, Period: per},
				{StaffNo: "1002", Unit: "111", Post: organisation.PostStaff, Primary: true, Period: per},
				{StaffNo: "1003", Unit: "111", Post: organisation.PostStaff, Primary: true, Period: per},
			},
		})
		if err != nil {
			t.Fatal(err)
		}
		due := notify.AckReminders(db)
		if rs, err := due(ctx, from); err != nil || len(rs) != 0 {
			t.Fatalf("no edition yet: %v, %v", rs, err)
		}
		if err := db.SaveEdition(ctx, ackGate{}, training.Edition{ID: "kijun-5.5", Title: "情報セキュリティ対策基準 第5.5版", InForce: from}); err != nil {
			t.Fatal(err)
		}
		if err := db.Acknowledge(ctx, ackGate{person: "1002"}, "kijun-5.5"); err != nil {
			t.Fatal(err)
		}
		got := func(now time.Time) map[string][]string {
			t.Helper()
			rs, err := due(ctx, now)
			if err != nil {
				t.Fatal(err)
			}
			out := map[string][]string{}
			for _, r := range rs {
				out[r.Key] = r.To
			}
			return out
		}
		soon := got(from.AddDate(0, 0, 3))
		if len(soon) != 2 || !slices.Equal(soon["ack:kijun-5.5:1001"], []string{"1001"}) || !slices.Equal(soon["ack:kijun-5.5:1003"], []string{"1003"}) {
			t.Errorf("in the first 30 days: %v, want 1001 and 1003 each alone", soon)
		}
		late := got(from.AddDate(0, 0, 31))
		if len(late) != 3 || !slices.Equal(late["ack:kijun-5.5:1003:late"], []string{"1003"}) || !slices.Equal(late["ack:kijun-5.5:1001:late"], []string{"1001"}) ||
			!slices.Equal(late["ack:kijun-5.5:unit:111:late"], []string{"1001"}) {
			t.Errorf("after 30 days: %v, want 1001 and 1003 each alone, and one mail for the 課 to its 情報管理者 1001", late)
		}
		rs, err := due(ctx, from.AddDate(0, 0, 31))
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rs {
			if r.Key == "ack:kijun-5.5:unit:111:late" && (!strings.Contains(r.Body, "山田 太郎、鈴木 一郎") || r.Link != "/training/pledges/units/111") {
				t.Errorf("the 課's mail names %q and links %q, want both people owing it and the 課's page", r.Body, r.Link)
			}
		}
	})
}
