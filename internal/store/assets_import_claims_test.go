package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"kijun/internal/assets"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// claimUnits loads the two 課 the claim tests' assets belong to.
func claimUnits(t *testing.T, db *store.DB) {
	t.Helper()
	from := time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)
	if err := db.LoadOrganisation(context.Background(), store.OrganisationData{Units: []organisation.Unit{
		{Code: "101", Kind: organisation.KindBureau, Name: "市民局", Kana: "シミンキョク", Period: organisation.Period{From: from}},
		{Code: "10101", Kind: organisation.KindSection, Name: "住民課", Kana: "ジュウミンカ", Parent: "101", Period: organisation.Period{From: from}},
	}}); err != nil {
		t.Fatal(err)
	}
}

func claimAsset(id, name string) assets.Asset {
	return assets.Asset{ID: id, Unit: "10101", Name: name, Kind: assets.KindData, Location: "庁舎",
		Classification: assets.Classification{Confidentiality: 2, ConfidentialityReason: "個人情報", Integrity: 1, Availability: 1},
		Stage:          assets.StageUse}
}

// A staged import is written in chunks under claims: once it has passed
// its commit point, the assets it writes cannot be saved by anyone else
// nor taken by another import, others can; an import that stops there
// (a restart) is written to the end by ResumeImports, in the importer's
// name, each row with its ledger record, and the claims are gone.
func TestStagedImportClaims(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		claimUnits(t, db)
		ctx := kijun.WithActor(context.Background(), kijun.Actor{ID: "person:importer"})
		g, ss := storetest.Keeps("10101"), assets.KobeScales()
		var rows []store.AssetRow
		for i, id := range []string{"A-1", "A-2", "A-3"} {
			rows = append(rows, store.AssetRow{Line: i + 2, Asset: claimAsset(id, "台帳 "+id)})
		}
		prog := &store.ImportProgress{}
		plan, err := db.ImportAssets(store.WithImportProgress(ctx, prog), g, "daicho", rows, ss, map[string]string{assets.FieldID: "管理番号"}, false)
		if err != nil || len(plan.Added) != 3 || prog.Written.Load() != 3 {
			t.Fatalf("staged import: %+v, written %d, %v", plan, prog.Written.Load(), err)
		}
		if n := db.ImportClaims(ctx); n != 0 {
			t.Errorf("%d claims left after an import, want 0", n)
		}

		// An import of A-1 (changed) and A-9 (new) stops at its commit point.
		if err := db.ClaimOnly(ctx, "up-1", []assets.Asset{claimAsset("A-1", "台帳 A-1（改）"), claimAsset("A-9", "新しい台帳")}); err != nil {
			t.Fatalf("claim: %v", err)
		}
		other := kijun.WithActor(context.Background(), kijun.Actor{ID: "person:other"})
		a1, _ := db.Asset(ctx, "A-1")
		a1.Name = "窓口で修正"
		if _, err := db.UpdateAsset(other, g, a1, ss); kijun.ErrorCode(err) != kijun.ECONFLICT || !strings.Contains(kijun.ErrorMessage(err), "取込みが書き込み中") {
			t.Errorf("save of a claimed asset: %v, want ECONFLICT naming the import", err)
		}
		if _, err := db.CreateAsset(other, g, claimAsset("A-9", "同じ番号"), ss); kijun.ErrorCode(err) != kijun.ECONFLICT {
			t.Errorf("create of a claimed number: %v, want ECONFLICT", err)
		}
		a2, _ := db.Asset(ctx, "A-2")
		a2.Name = "窓口で修正"
		if _, err := db.UpdateAsset(other, g, a2, ss); err != nil {
			t.Errorf("save of an asset the import does not touch: %v", err)
		}
		_, err = db.ImportAssets(store.WithImportProgress(other, &store.ImportProgress{}), g, "other", rows[:1], ss, map[string]string{assets.FieldID: "管理番号"}, false)
		var ie *kijun.ImportError
		if !errors.As(err, &ie) || len(ie.Errors) != 1 || !strings.Contains(ie.Errors[0].Reason, "他の取込みが書き込み中") {
			t.Errorf("another import of a claimed asset: %v", err)
		}

		n, err := db.ResumeImports(ctx)
		if err != nil || n != 2 {
			t.Fatalf("resume: wrote %d, %v; want 2", n, err)
		}
		if got, _ := db.Asset(ctx, "A-1"); got.Name != "台帳 A-1（改）" || got.Version != 2 {
			t.Errorf("A-1 after the resumed import: %q v%d", got.Name, got.Version)
		}
		if _, err := db.Asset(ctx, "A-9"); err != nil {
			t.Errorf("A-9 after the resumed import: %v", err)
		}
		if n := db.ImportClaims(ctx); n != 0 {
			t.Errorf("%d claims left after the resume, want 0", n)
		}
		recs, err := db.Records(ctx, store.RecordFilter{Entity: "asset", EntityID: "A-9"})
		if err != nil || len(recs) != 1 || recs[0].Actor != "person:importer" || recs[0].Action != "asset.create" {
			t.Errorf("A-9's records: %+v, %v; want one asset.create by the importer", recs, err)
		}
		if diffs, err := db.VerifyState(ctx); err != nil || len(diffs) != 0 {
			t.Errorf("state against the ledger: %v, %v", diffs, err)
		}
		a1, _ = db.Asset(ctx, "A-1")
		a1.Name = "窓口で修正"
		if _, err := db.UpdateAsset(other, g, a1, ss); err != nil {
			t.Errorf("save once the import is written: %v", err)
		}
	})
}
