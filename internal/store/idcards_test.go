package store_test

import (
	"context"
	"errors"
	"testing"

	"kijun/internal/idcards"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// keeper is a store.CardGate for tests.
type keeper struct {
	issues bool
	person string
}

func (k keeper) Issues() bool { return k.issues }
func (k keeper) ReportsFor(holder, _ string) bool {
	return k.issues || holder != "" && holder == k.person
}

func TestIDCards(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		smallOrg(t, db)
		infra := keeper{issues: true}
		row := func(line int, number, holder, unit string) idcards.Row {
			return idcards.Row{Line: line, Card: idcards.Card{Number: number, Kind: idcards.KindCard, Holder: holder, Unit: unit, State: idcards.StateIssued, IssuedOn: day("2024-04-01")}}
		}
		if _, err := db.IssueCards(ctx, keeper{person: "1004"}, []idcards.Row{row(2, "C-1", "1004", "")}, false); kijun.ErrorCode(err) != kijun.EFORBIDDEN {
			t.Errorf("a member of staff issued a card: %v", err)
		}
		if _, err := db.IssueCards(ctx, infra, []idcards.Row{row(2, "C-1", "1004", ""), row(3, "C-2", "", "111")}, false); err != nil {
			t.Fatal(err)
		}
		var ie *kijun.ImportError
		if _, err := db.IssueCards(ctx, infra, []idcards.Row{row(2, "C-3", "1005", ""), row(3, "C-1", "1005", "")}, false); !errors.As(err, &ie) || len(ie.Errors) != 1 {
			t.Fatalf("a card issued to two people: %v", err)
		}
		if _, err := db.Card(ctx, "C-3"); kijun.ErrorCode(err) != kijun.ENOTFOUND {
			t.Errorf("half an import written: %v", err)
		}
		c, _ := db.Card(ctx, "C-1")
		if c.Unit != "111" {
			t.Errorf("the card's 課 is %q, want the holder's 111", c.Unit)
		}
		if _, err := db.ReportCardLost(ctx, keeper{person: "1005"}, "C-1", 0, day("2024-05-01"), nil); kijun.ErrorCode(err) != kijun.EFORBIDDEN {
			t.Errorf("someone else reported the card lost: %v", err)
		}
		if _, err := db.ReportCardLost(ctx, keeper{person: "1004"}, "C-1", 7, day("2024-05-01"), nil); kijun.ErrorCode(err) != kijun.ECONFLICT {
			t.Errorf("a loss reported against a version never read: %v", err)
		}
		var told string
		lost, err := db.ReportCardLost(ctx, keeper{person: "1004"}, "C-1", 0, day("2024-05-01"), func(_ *store.Tx, _ idcards.Card, manager string) error {
			told = manager
			return nil
		})
		if err != nil || lost.State != idcards.StateLost {
			t.Fatalf("lost: %+v, %v", lost, err)
		}
		if told != "1002" {
			t.Errorf("the loss went to %q, want the 情報管理者 of 111 (1002)", told)
		}
		// The replacement: the lost card is found, returned, destroyed.
		r := row(2, "C-9", "1004", "")
		r.Replaces = "C-1"
		if _, err := db.IssueCards(ctx, infra, []idcards.Row{r}, false); err != nil {
			t.Fatal(err)
		}
		_, replaced, err := db.CardsOwed(ctx, day("2024-05-02"))
		if err != nil || len(replaced) != 1 || replaced[0].Number != "C-1" {
			t.Errorf("replaced, not destroyed: %+v, %v", replaced, err)
		}
		if _, err := db.DestroyCard(ctx, infra, "C-1", lost.Version, day("2024-05-03")); kijun.ErrorCode(err) != kijun.ECONFLICT {
			t.Errorf("a card not in hand destroyed: %v", err)
		}
		// The office read the card before the loss (version 1): taking it
		// back on that read is refused, and nothing is written.
		if _, err := db.ReturnCard(ctx, infra, "C-1", lost.Version-1, day("2024-05-03")); kijun.ErrorCode(err) != kijun.ECONFLICT {
			t.Errorf("a card taken back on a stale read: %v", err)
		}
		if now, _ := db.Card(ctx, "C-1"); now.State != idcards.StateLost || now.Version != lost.Version {
			t.Errorf("a stale return wrote the card: %+v", now)
		}
		back, err := db.ReturnCard(ctx, infra, "C-1", lost.Version, day("2024-05-03"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.DestroyCard(ctx, infra, "C-1", lost.Version, day("2024-05-04")); kijun.ErrorCode(err) != kijun.ECONFLICT {
			t.Errorf("a card destroyed on the read before its return: %v", err)
		}
		if _, err := db.DestroyCard(ctx, infra, "C-1", back.Version, day("2024-05-04")); err != nil {
			t.Fatal(err)
		}
		if _, replaced, _ := db.CardsOwed(ctx, day("2024-05-05")); len(replaced) != 0 {
			t.Errorf("destroyed, still listed: %+v", replaced)
		}
		// A leaver's card is listed until returned.
		if err := db.SavePerson(ctx, organisation.Person{StaffNo: "1004", Name: "高橋 次郎", Kana: "タカハシ ジロウ", Employment: organisation.EmployRegular,
			Status: organisation.StatusLeft, LeftOn: day("2024-06-30")}); err != nil {
			t.Fatal(err)
		}
		leavers, _, err := db.CardsOwed(ctx, day("2024-07-01"))
		if err != nil || len(leavers) != 1 || leavers[0].Number != "C-9" {
			t.Errorf("a leaver's card: %+v, %v", leavers, err)
		}
	})
}
