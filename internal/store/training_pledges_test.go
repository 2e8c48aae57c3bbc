package store_test

import (
	"context"
	"testing"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
	"kijun/internal/training"
)

// makeTemporary records person no as a 臨時の任用職員.
func makeTemporary(t *testing.T, db *store.DB, no string) {
	t.Helper()
	err := db.Update(context.Background(), func(tx *store.Tx) error {
		_, err := tx.ExecContext(context.Background(), "UPDATE org_people SET employment = ? WHERE staff_no = ?", string(organisation.EmployTemporary), no)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func pledgeDue(t *testing.T, db *store.DB, no string) bool {
	t.Helper()
	var due bool
	err := db.View(context.Background(), func(tx *store.Tx) (err error) {
		due, err = tx.PledgeDue(context.Background(), no, day("2024-05-01"))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return due
}

// TestPledge: a 臨時の任用職員 owes the pledge in force until they give it,
// as the acknowledgement of the pledge's edition, dated and recorded
// (7.1.2); nobody else owes it, and with no pledge in force nobody is held.
func TestPledge(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		smallOrg(t, db)
		makeTemporary(t, db, "1004")
		if pledgeDue(t, db, "1004") {
			t.Error("pledge owed with none registered")
		}
		if _, err := db.PledgeInForce(ctx, day("2024-05-01")); kijun.ErrorCode(err) != kijun.ENOTFOUND {
			t.Errorf("pledge in force before any: %v", err)
		}
		p := store.Pledge{Edition: training.Edition{ID: "pledge-2024", Title: "情報セキュリティに関する誓約書", InForce: day("2024-04-01")},
			Body: "私は、情報セキュリティ対策基準及び実施手順を遵守します。"}
		for _, c := range []struct {
			name string
			g    store.TrainingGate
			p    store.Pledge
			want string
		}{
			{"a member of staff", trainer{person: "1004"}, p, kijun.EFORBIDDEN},
			{"no text", office, store.Pledge{Edition: p.Edition, Body: " "}, kijun.EINVALID},
			{"no title", office, store.Pledge{Edition: training.Edition{ID: "x", InForce: p.Edition.InForce}, Body: p.Body}, kijun.EINVALID},
		} {
			if err := db.SavePledge(ctx, c.g, c.p); kijun.ErrorCode(err) != c.want {
				t.Errorf("%s: got %v, want %s", c.name, err, c.want)
			}
		}
		if err := db.SavePledge(ctx, office, p); err != nil {
			t.Fatal(err)
		}
		if err := db.SavePledge(ctx, office, p); kijun.ErrorCode(err) != kijun.ECONFLICT {
			t.Errorf("pledge registered twice: %v", err)
		}
		got, err := db.PledgeInForce(ctx, day("2024-05-01"))
		if err != nil || got.Edition.ID != "pledge-2024" || got.Body != p.Body {
			t.Errorf("pledge in force: %+v, %v", got, err)
		}
		if !pledgeDue(t, db, "1004") {
			t.Error("temporary employee does not owe the pledge")
		}
		if pledgeDue(t, db, "1003") {
			t.Error("regular employee owes the pledge")
		}
		if err := db.Acknowledge(ctx, trainer{person: "1004"}, "pledge-2024"); err != nil {
			t.Fatal(err)
		}
		if pledgeDue(t, db, "1004") {
			t.Error("pledge still owed after it was given")
		}
		rs, err := db.Records(ctx, store.RecordFilter{Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, r := range rs {
			if r.Action == "training.pledge.give" && r.EntityID == training.Key("pledge-2024", "1004") {
				found = true
			}
		}
		if !found {
			t.Error("no ledger record of the pledge")
		}
	})
}
