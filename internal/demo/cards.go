package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"kijun/internal/cardkeeper"
	"kijun/internal/idcards"
	"kijun/internal/organisation"
	"kijun/internal/store"
)

// generateCards issues an ID card to every member of staff on the day the
// organisation begins, and a card to the city's first 課 to share
// (7.4.1イ(1)); three are lost: one found again, returned and destroyed
// after its replacement (エ), one replaced and still missing, one
// reported lost the day the demo is made up to (ウ).
func generateCards(ctx context.Context, db *store.DB, _ *rand.Rand, opts Options, sum *Summary) error {
	if cs, err := db.Cards(ctx, store.CardFilter{Unit: "10101"}); err != nil || len(cs) > 0 {
		return err // already generated
	}
	rng := rand.New(rand.NewPCG(uint64(opts.Seed), 0x63617264))
	today := organisation.Day(db.Now())
	var rows []idcards.Row
	card := func(number, holder, unit string, issued time.Time, replaces string) {
		rows = append(rows, idcards.Row{Line: len(rows) + 2, Card: idcards.Card{Number: number, Kind: idcards.KindCard, Holder: holder, Unit: unit,
			State: idcards.StateIssued, IssuedOn: issued, Replaces: replaces}})
	}
	units, err := db.UnitsOn(ctx, today)
	if err != nil {
		return err
	}
	var staff []string
	since := map[string]time.Time{}
	for _, u := range units {
		ms, err := db.Members(ctx, u.Code, today)
		if err != nil {
			return err
		}
		for _, m := range ms {
			if m.Assignment.Primary {
				staff = append(staff, m.StaffNo)
				since[m.StaffNo] = demoStart
				if m.Assignment.From.After(demoStart) {
					since[m.StaffNo] = m.Assignment.From
				}
			}
		}
	}
	for _, s := range staff {
		card("ID-"+s, s, "", since[s], "")
	}
	card("ID-SHARED-10101", "", "10101", demoStart, "")
	keeper := cardkeeper.Console()
	if _, err := db.IssueCards(ctx, keeper, rows, false); err != nil {
		return fmt.Errorf("demo cards: %w", err)
	}
	lost := make([]string, 0, 3)
	for _, i := range rng.Perm(len(staff))[:min(3, len(staff))] {
		lost = append(lost, staff[i])
	}
	lostOn := []time.Time{time.Date(2025, 6, 10, 0, 0, 0, 0, time.UTC), time.Date(2025, 11, 20, 0, 0, 0, 0, time.UTC), demoTrainingDay}
	for i, s := range lost {
		stopped, err := cardkeeper.ReportLost(ctx, db, nil, keeper, "ID-"+s, 0, lostOn[i])
		if err != nil {
			return err
		}
		if i == 2 {
			continue // reported today: the 情報管理者 decides what next
		}
		rows = []idcards.Row{{Line: 2, Card: idcards.Card{Number: fmt.Sprintf("ID-%s-2", s), Kind: idcards.KindCard, Holder: s, State: idcards.StateIssued,
			IssuedOn: lostOn[i].AddDate(0, 0, 3), Replaces: "ID-" + s}}}
		if _, err := db.IssueCards(ctx, keeper, rows, false); err != nil {
			return err
		}
		if i == 0 { // found in the office, taken back and destroyed (7.4.1エ)
			back, err := db.ReturnCard(ctx, keeper, "ID-"+s, stopped.Version, lostOn[i].AddDate(0, 0, 7))
			if err != nil {
				return err
			}
			if _, err := db.DestroyCard(ctx, keeper, "ID-"+s, back.Version, lostOn[i].AddDate(0, 0, 14)); err != nil {
				return err
			}
		}
	}
	sum.Lines = append(sum.Lines, fmt.Sprintf("ID cards: %d issued, %d reported lost", len(staff)+1+2, len(lost)))
	return nil
}
