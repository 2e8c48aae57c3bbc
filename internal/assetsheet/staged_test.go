package assetsheet_test

import (
	"context"
	"errors"
	"iter"
	"strings"
	"testing"

	"kijun/internal/assets"
	"kijun/internal/assetsheet"
	"kijun/internal/kijun"
	"kijun/internal/registers"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// A staged import (the upload page's) counts its rows, and writes what
// the one-transaction import writes. An asset the file changes that
// someone else saves after the rows were checked and before they are
// written refuses the whole file, naming the row; nothing is written,
// and the other person's save stands.
func TestStagedImport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		loadUnits(t, db)
		ctx := kijun.WithActor(context.Background(), kijun.Actor{ID: "importer"})
		prog := &store.ImportProgress{}
		plan, err := assetsheet.Import(store.WithImportProgress(ctx, prog), db, registers.Console(), "daicho.csv", []byte(goodCSV), false)
		if err != nil || len(plan.Added) != 4 {
			t.Fatalf("staged import: %v, %+v", err, plan)
		}
		if r, c, w := prog.Read.Load(), prog.Checked.Load(), prog.Written.Load(); r != 4 || c != 4 || w != 4 {
			t.Errorf("progress read %d checked %d written %d, want 4 each", r, c, w)
		}
		a, err := db.Asset(ctx, "A-0001")
		if err != nil || a.Name != "住民基本台帳データ" {
			t.Fatalf("A-0001 after the import: %+v, %v", a, err)
		}

		changed := strings.Replace(goodCSV, "A-0001,住民基本台帳データ,", "A-0001,住民基本台帳データ（新）,", 1)
		changed = strings.Replace(changed, "B-0002,公表済み統計,", "B-0002,公表済み統計（新）,", 1)
		rows, read := rowsOf(t, changed)
		prog = &store.ImportProgress{}
		// Between the check and the write, another person saves A-0001.
		saveBetween := func() error {
			if err := read(); err != nil {
				return err
			}
			done := make(chan error)
			go func() {
				b := a
				b.Name = "住民基本台帳データ（窓口で修正）"
				_, err := db.UpdateAsset(kijun.WithActor(context.Background(), kijun.Actor{ID: "other"}), storetest.Keeps("10101"), b, assets.KobeScales())
				done <- err
			}()
			return <-done
		}
		_, err = db.ImportAssetStream(store.WithImportProgress(ctx, prog), storetest.Keeps("10101", "10102"), "daicho", rows, saveBetween, assets.KobeScales(), assetsheet.HeadingOf(), false)
		var ie *kijun.ImportError
		if !errors.As(err, &ie) || len(ie.Errors) != 1 || ie.Errors[0].Row != 2 || !strings.Contains(ie.Errors[0].Reason, "確認の後に他の人が保存しました") {
			t.Fatalf("an asset saved between the check and the write: %v", err)
		}
		if got, _ := db.Asset(ctx, "A-0001"); got.Name != "住民基本台帳データ（窓口で修正）" {
			t.Errorf("A-0001 is %q, want the other person's save", got.Name)
		}
		if got, _ := db.Asset(ctx, "B-0002"); got.Name != "公表済み統計" {
			t.Errorf("B-0002 is %q: the refused import wrote it", got.Name)
		}
		if w := prog.Written.Load(); w != 0 {
			t.Errorf("written %d, want 0", w)
		}
	})
}

// rowsOf reads a register file into rows, and a read func that reports
// how the reading went, as assetsheet.Import hands them to the store.
func rowsOf(t *testing.T, csv string) (iter.Seq[store.AssetRow], func() error) {
	t.Helper()
	_, rows, err := assetsheet.Read("daicho.csv", []byte(csv))
	return func(yield func(store.AssetRow) bool) {
		for _, r := range rows {
			if !yield(r) {
				return
			}
		}
	}, func() error { return err }
}
