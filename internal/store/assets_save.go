package store

import (
	"context"
	"fmt"
	"slices"

	"kijun/internal/assets"
	"kijun/internal/kijun"
)

// CreateAsset adds an asset, with its ledger record and its first
// lifecycle stage. An ID in use is refused beside the ID field, whoever
// keeps that asset; an asset of a 課 g does not keep is refused beside
// the unit field. A wrong field is an EINVALID error wrapping
// *FieldErrors.
func (db *DB) CreateAsset(ctx context.Context, g Gate, a assets.Asset, ss assets.Scales) (assets.Asset, error) {
	return db.saveAsset(ctx, g, Create, a, ss)
}

// UpdateAsset changes an asset at the version that was read, with its
// ledger record, and its lifecycle when the stage changes. An asset that
// is not there is ENOTFOUND; one g does not keep, as it is, is EFORBIDDEN
// (saying nothing of it); moving it to a 課 g does not keep is refused
// beside the unit field; a concurrent change is ECONFLICT.
func (db *DB) UpdateAsset(ctx context.Context, g Gate, a assets.Asset, ss assets.Scales) (assets.Asset, error) {
	return db.saveAsset(ctx, g, Update, a, ss)
}

func (db *DB) saveAsset(ctx context.Context, g Gate, m Mode, a assets.Asset, ss assets.Scales) (assets.Asset, error) {
	if m == Create {
		a.Version = 0
	}
	err := db.Update(ctx, func(tx *Tx) error {
		var old *assets.Asset
		if m == Update {
			o, err := tx.asset(ctx, a.ID)
			if err != nil {
				return err
			}
			if !g.Keeps(o.Unit) { // 8.2.1ア: the record as it is now
				return errNotKept("情報資産", a.ID)
			}
			old = &o
		}
		fe := a.Check(ss)
		if len(fe) == 0 {
			fe = tx.checkAssetRefs(ctx, a, nil)
		}
		if fe = gateUnit(g, fe, assets.FieldUnit, a.Unit); len(fe) > 0 { // 8.2.1ア: and as it will be
			return fieldErrors(fe)
		}
		if err := tx.refuseClaimed(ctx, a.ID); err != nil { // an import is writing it
			return err
		}
		if old != nil && old.Version != a.Version {
			return kijun.Errorf(kijun.ECONFLICT, "情報資産 %s は他の人が変更しました（版 %d → %d）。読み込み直してから変更してください", a.ID, a.Version, old.Version)
		}
		if old == nil {
			var n int
			if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM assets WHERE id = ?", a.ID).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return fieldErrors([]assets.FieldError{{Field: assets.FieldID, Message: inUse("管理番号", a.ID)}})
			}
		}
		if a.Stage == assets.StageDispose && (old == nil || old.Stage != assets.StageDispose) {
			if err := tx.checkDisposal(ctx, a); err != nil { // 4.2ケ: no disposal without its permit and record
				return err
			}
		}
		now := db.Now()
		if old == nil {
			a.CreatedAt = now
		} else {
			a.CreatedAt = old.CreatedAt
		}
		a.UpdatedAt = now
		a.Version++
		if err := tx.writeAssets(ctx, []assetWrite{{a: a, stageChanged: old == nil || old.Stage != a.Stage, existed: old != nil}}); err != nil {
			return err
		}
		action := "asset.update"
		if old == nil {
			action = "asset.create"
		}
		_, err := tx.Record(ctx, assetChange(action, a))
		return err
	})
	return a, err
}

func assetChange(action string, a assets.Asset) Change {
	// The state recorded is the row as stored and read back (verify
	// --state compares them): the unit's name is not the asset's, and
	// holders are kept in order.
	a.UnitName, a.Holders = "", slices.Sorted(slices.Values(a.Holders))
	return Change{Action: action, Entity: "asset", EntityID: a.ID, State: a, Provisions: assetProvisions}
}

// FieldErrors lists the fields of an item (an asset, a system, a device, a
// medium, an area) that are wrong; AssetErrors is its older name.
type (
	FieldErrors = kijun.FieldErrors
	AssetErrors = kijun.FieldErrors
)

func fieldErrors(fe []assets.FieldError) error {
	return (&kijun.FieldErrors{Fields: fe}).AsError()
}

// checkAssetRefs checks that an asset's unit exists and that its original
// exists (in the database, or among ids being imported with it).
func (tx *Tx) checkAssetRefs(ctx context.Context, a assets.Asset, importing map[string]bool) []assets.FieldError {
	var fe []assets.FieldError
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM org_units WHERE code = ?", a.Unit).Scan(&n); err != nil || n == 0 {
		fe = append(fe, assets.FieldError{Field: assets.FieldUnit, Message: fmt.Sprintf("所管課コード %s の組織はありません", a.Unit)})
	}
	if a.OriginalID != "" && !importing[a.OriginalID] {
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM assets WHERE id = ?", a.OriginalID).Scan(&n); err != nil || n == 0 {
			fe = append(fe, assets.FieldError{Field: assets.FieldOriginalID, Message: fmt.Sprintf("原本の管理番号 %s の情報資産はありません", a.OriginalID)})
		}
	}
	return fe
}
