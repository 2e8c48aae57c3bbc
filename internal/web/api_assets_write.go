package web

import (
	"context"
	"net/http"

	"kijun/internal/assets"
	"kijun/internal/registers"
	"kijun/internal/store"
	"kijun/internal/systems"
)

// assetWriteOperations are the writes of the asset and system registers
// (4.1, 4.2, 5, 6.1, 8.1) over JSON.
func (s *Server) assetWriteOperations() []operation {
	aw, sw := s.assetWriter(), s.systemWriter()
	id := idParam
	return []operation{
		{
			Method: "POST", Path: "/api/v1/assets", ID: "createAsset",
			Summary: "Add an information asset (4.1, 4.2); its 課 must be one the caller keeps (8.2.1ア)",
			Request: "AssetWrite", Status: http.StatusCreated, Response: "Asset", Handler: aw.apiCreate(s),
		},
		{
			Method: "POST", Path: "/api/v1/assets/bulk", ID: "upsertAssets",
			Summary: "Add or change many information assets" + bulkSummary,
			Params:  []param{dryRunParam}, Request: "AssetBulk", Response: "ImportPlan",
			Handler: apiBulkOf(s, func(ctx context.Context, ed *registers.Editor, items []assets.Asset, dry bool) (*store.ImportPlan, error) {
				return s.registers.Assets.Upsert(ctx, ed, rowsOf(items, func(n int, a assets.Asset) store.AssetRow { return store.AssetRow{Line: n, Asset: a} }), dry)
			}),
		},
		{
			Method: "POST", Path: "/api/v1/assets/{id}", ID: "updateAsset",
			Summary: "Change an asset (the whole asset, as GET gives it). The caller must keep its 課 before and after (8.2.1ア). Needs If-Match",
			Params:  []param{id, ifMatchParam}, Request: "AssetWrite", Response: "Asset", Handler: aw.apiUpdate(s),
		},
		{
			Method: "POST", Path: "/api/v1/assets/{id}/retire", ID: "retireAsset",
			Summary: "Retire an asset: its stage becomes 廃棄等 (4.2ケ), by the same rules as any change: a disposal permit decided and recorded first. Needs If-Match",
			Params:  []param{id, ifMatchParam}, Response: "Asset", Handler: s.apiAssetRetire(aw),
		},
		{
			Method: "POST", Path: "/api/v1/systems", ID: "createSystem",
			Summary: "Add an information system (5, 6.1, 8.1); its 課 must be one the caller keeps (8.2.1ア)",
			Request: "SystemWrite", Status: http.StatusCreated, Response: "System", Handler: sw.apiCreate(s),
		},
		{
			Method: "POST", Path: "/api/v1/systems/bulk", ID: "upsertSystems",
			Summary: "Add or change many information systems" + bulkSummary,
			Params:  []param{dryRunParam}, Request: "SystemBulk", Response: "ImportPlan",
			Handler: apiBulkOf(s, func(ctx context.Context, ed *registers.Editor, items []systems.System, dry bool) (*store.ImportPlan, error) {
				return s.registers.Systems.Upsert(ctx, ed, rowsOf(items, func(n int, v systems.System) store.SystemRow { return store.SystemRow{Line: n, System: v} }), dry)
			}),
		},
		{
			Method: "POST", Path: "/api/v1/systems/{id}", ID: "updateSystem",
			Summary: "Change a system (the whole system, as GET gives it). The caller must keep its 課 before and after (8.2.1ア). Needs If-Match",
			Params:  []param{id, ifMatchParam}, Request: "SystemWrite", Response: "System", Handler: sw.apiUpdate(s),
		},
	}
}

func (s *Server) assetWriter() apiWriter[assets.Asset] {
	return apiWriter[assets.Asset]{
		key:    func(a *assets.Asset) (*string, *int64) { return &a.ID, &a.Version },
		create: s.registers.Assets.Create, update: s.registers.Assets.Update, get: s.db.Asset,
		answer: func(w http.ResponseWriter, r *http.Request, a assets.Asset, status int) error {
			r.SetPathValue("id", a.ID)
			return s.writeAsset(w, r, status)
		},
	}
}

func (s *Server) systemWriter() apiWriter[systems.System] {
	return apiWriter[systems.System]{
		key:    func(v *systems.System) (*string, *int64) { return &v.ID, &v.Version },
		create: s.registers.Systems.Create, update: s.registers.Systems.Update, get: s.db.System,
		answer: func(w http.ResponseWriter, r *http.Request, v systems.System, status int) error {
			r.SetPathValue("id", v.ID)
			return s.writeSystem(w, r, status)
		},
	}
}

// apiAssetRetire moves an asset to its last stage (4.2ケ: 廃棄等) through
// the one write service, as a change of its stage on the form would.
func (s *Server) apiAssetRetire(aw apiWriter[assets.Asset]) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		// The asset is read as the caller may see it, so a 課 cannot learn
		// of another's asset by retiring it.
		v, err := s.assetView(r)
		if err != nil {
			return err
		}
		a := v.Asset
		a.Stage = assets.StageDispose
		return aw.save(s, w, r, a)
	}
}
