package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"kijun/internal/assets"
	"kijun/internal/kijun"
	"kijun/internal/registers"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// indexNames lists the indexes of the asset tables.
func indexNames(t *testing.T, db *store.DB) []string {
	t.Helper()
	q := "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('assets', 'asset_holders', 'asset_stages')"
	if db.Dialect == store.Postgres {
		q = "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN ('assets', 'asset_holders', 'asset_stages')"
	}
	var names []string
	err := db.View(context.Background(), func(tx *store.Tx) error {
		rows, err := tx.QueryContext(context.Background(), q)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err != nil {
				return err
			}
			names = append(names, n)
		}
		return rows.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(names)
	return names
}

// The first import into an empty register, which on PostgreSQL builds the
// asset tables' indexes after the rows rather than row by row, leaves
// every index as it was: when a row further down than the first batch
// written is wrong, and when all are right. A later import into the
// register it made finds and changes what it holds.
func TestInitialLoadKeepsIndexes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		smallOrg(t, db)
		before := indexNames(t, db)
		if len(before) < 10 {
			t.Fatalf("asset tables have %d indexes: %v", len(before), before)
		}
		as := commonAssets(6000)
		for i := range as {
			as[i].Holders = []string{fmt.Sprintf("cabinet:%d", i%7)}
		}
		bad := slices.Clone(as)
		bad[len(bad)-1].Confidentiality = 9
		_, err := db.ImportAssets(ctx, registers.Console(), "t", assetRows(bad), assets.KobeScales(), map[string]string{assets.FieldConfidentiality: "機密性"}, false)
		if kijun.ErrorCode(err) != kijun.EINVALID {
			t.Fatalf("import with a bad last row: %v", err)
		}
		if n, err := db.CountAssets(ctx); err != nil || n != 0 {
			t.Fatalf("after the refused import the register holds %d assets (%v)", n, err)
		}
		if got := indexNames(t, db); !slices.Equal(got, before) {
			t.Fatalf("indexes after a refused load:\n%v\nwant\n%v", got, before)
		}

		plan, err := db.ImportAssets(ctx, registers.Console(), "t", assetRows(as), assets.KobeScales(), nil, false)
		if err != nil || len(plan.Added) != len(as) {
			t.Fatalf("load: %+v, %v", plan, err)
		}
		if got := indexNames(t, db); !slices.Equal(got, before) {
			t.Fatalf("indexes after the load:\n%v\nwant\n%v", got, before)
		}
		if _, total, err := db.ListAssets(ctx, store.AssetFilter{Q: "会議録"}); err != nil || total != len(scanFinds(as, "会議録")) {
			t.Fatalf("search after the load: %d found (%v), want %d", total, err, len(scanFinds(as, "会議録")))
		}
		if _, n, err := db.HolderClass(ctx, "cabinet:3"); err != nil || n != len(as)/7 {
			t.Fatalf("cabinet:3 holds %d assets (%v), want %d", n, err, len(as)/7)
		}

		as[10].Name = "変更した台帳"
		plan, err = db.ImportAssets(ctx, registers.Console(), "t", assetRows(as), assets.KobeScales(), nil, false)
		if err != nil || len(plan.Changed) != 1 || plan.Unchanged != len(as)-1 {
			t.Fatalf("second import: %+v, %v", plan, err)
		}
		checkSearch(t, db, "変更した台帳", []string{as[10].ID})
	})
}
