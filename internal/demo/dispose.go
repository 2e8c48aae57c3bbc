package demo

import (
	"context"
	"fmt"
	"math/rand/v2"

	"kijun/internal/assets"
	"kijun/internal/organisation"
	"kijun/internal/permits"
	"kijun/internal/registers"
	"kijun/internal/store"
)

// disposePlanted disposes of the assets the demo plants as disposed, the
// way 4.2ケ asks: a member of the 課 files the disposal, the 課's 情報管理者
// permits it, the member records it (date, who, how, the certificate, the
// witness), and only then does the register say 廃棄.
func disposePlanted(ctx context.Context, db *store.DB, _ *rand.Rand, _ Options, sum *Summary) error {
	reg, err := permits.Default()
	if err != nil {
		return err
	}
	p := db.Permits(reg)
	today := organisation.Day(db.Now())
	for _, id := range sum.disposals {
		a, err := db.Asset(ctx, id)
		if err != nil {
			return err
		}
		if a.Stage == assets.StageDispose {
			continue
		}
		chief, staff, err := chiefAndStaff(ctx, db, a.Unit, today)
		if err != nil {
			return fmt.Errorf("dispose of %s: %w", id, err)
		}
		r, err := p.File(ctx, store.Filing{Type: "dispose", Requester: staff, Submit: true,
			Fields: map[string]string{"asset": id, "kind": "廃棄", "planned_method": "データ消去ソフトによる消去"}})
		if err != nil {
			return fmt.Errorf("file the disposal of %s: %w", id, err)
		}
		if _, err := p.Decide(ctx, r.ID, store.Decision{Approve: true, Decider: chief}); err != nil {
			return fmt.Errorf("permit the disposal of %s: %w", id, err)
		}
		if _, err := p.Record(ctx, r.ID, staff, map[string]string{"disposed_on": organisation.FormatDate(today), "disposed_by": staff,
			"method": "データ消去ソフトによる消去", "certificate": "消去証明 " + id, "witness": chief}, false); err != nil {
			return fmt.Errorf("record the disposal of %s: %w", id, err)
		}
		a.Stage = assets.StageDispose
		if _, err := db.UpdateAsset(ctx, registers.Console(), a, assets.KobeScales()); err != nil {
			return fmt.Errorf("mark %s disposed: %w", id, err)
		}
	}
	return nil
}
