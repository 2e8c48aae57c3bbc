package registers

import (
	"context"

	"kijun/internal/assets"
	"kijun/internal/assetsheet"
	"kijun/internal/store"
)

// Assets writes the register of information assets (4.1, 4.2).
type Assets struct {
	db     *store.DB
	scales assets.Scales
}

// Create adds an asset for ed: its 課 must be one ed keeps, and its ID
// one not in use (store.DB.CreateAsset).
func (s *Assets) Create(ctx context.Context, ed *Editor, a assets.Asset) (assets.Asset, error) {
	return s.db.CreateAsset(ctx, ed, a, s.scales)
}

// Update changes an asset for ed: ed must keep its 課 as it is and as it
// will be; retiring it (廃棄) is a change like any other
// (store.DB.UpdateAsset).
func (s *Assets) Update(ctx context.Context, ed *Editor, a assets.Asset) (assets.Asset, error) {
	return s.db.UpdateAsset(ctx, ed, a, s.scales)
}

// Import reads a register file and imports it for ed, all or nothing,
// each row by the rules of Create and Update.
func (s *Assets) Import(ctx context.Context, ed *Editor, name string, data []byte, dryRun bool) (*store.ImportPlan, error) {
	return assetsheet.Import(ctx, s.db, ed, name, data, dryRun)
}
