package demo

import (
	"context"
	"fmt"
	"math/rand/v2"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/stocktake"
	"kijun/internal/store"
)

// generateStocktake runs a 利用状況調査 (9.2.2) of the 課 whose leased
// server went back: its 情報管理者 starts it, a member of staff counts,
// one device is found elsewhere and a medium that holds no data is
// missing, and the closing opens that medium's corrective action. It does
// nothing when the 課 has had a stocktake already.
func generateStocktake(ctx context.Context, db *store.DB, _ *rand.Rand, _ Options, sum *Summary) error {
	office := stocktake.Taker{Console: true}
	if done, err := db.Stocktakes(ctx, office, retireUnit); err != nil || len(done) > 0 {
		return err
	}
	today := organisation.Day(db.Now())
	chief, staff, err := chiefAndStaff(ctx, db, retireUnit, today)
	if err != nil {
		return fmt.Errorf("stocktake: %w", err)
	}
	as := func(no string) context.Context {
		return kijun.WithActor(ctx, kijun.Actor{ID: organisation.ActorID(no)})
	}
	manager := stocktake.Taker{StaffNo: chief, Manages: map[string]bool{retireUnit: true}, Units: map[string]bool{retireUnit: true}}
	counter := stocktake.Taker{StaffNo: staff, Units: map[string]bool{retireUnit: true}}
	s, err := db.StartStocktake(as(chief), manager, retireUnit, "")
	if err != nil {
		return fmt.Errorf("start the stocktake: %w", err)
	}
	missing, elsewhere := "", ""
	for _, it := range s.Items {
		switch {
		case missing == "" && it.Kind == stocktake.KindMedium && !it.Sensitive():
			missing = it.Code()
		case elsewhere == "" && it.Kind == stocktake.KindDevice:
			elsewhere = it.Code()
		}
	}
	for _, it := range s.Items {
		mark, place := stocktake.MarkFound, ""
		switch it.Code() {
		case missing:
			mark = stocktake.MarkMissing
		case elsewhere:
			mark, place = stocktake.MarkElsewhere, "第2会議室（貸出中）"
		}
		if _, err := db.MarkStocktakeItem(as(staff), counter, s.ID, it.Code(), mark, place); err != nil {
			return fmt.Errorf("mark %s: %w", it.Code(), err)
		}
	}
	if _, err := db.CloseStocktake(as(chief), manager, s.ID); err != nil {
		return fmt.Errorf("close the stocktake: %w", err)
	}
	sum.Lines = append(sum.Lines, fmt.Sprintf("stocktake: 課 %s, %d items counted, %q missing (a corrective action), %q found elsewhere", retireUnit, len(s.Items), missing, elsewhere))
	return nil
}
