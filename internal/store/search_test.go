package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"kijun/internal/assets"
	"kijun/internal/organisation"
	"kijun/internal/records"
	"kijun/internal/registers"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// searchAssets are assets whose words a person might look for: two-character
// words, words across the name and the description, half-width kana,
// Latin letters of either case, digits and punctuation.
func searchAssets() []assets.Asset {
	var out []assets.Asset
	add := func(id, name, desc, loc string) {
		a := asset(id, "111", name, 2)
		a.Description, a.Location = desc, loc
		out = append(out, a)
	}
	add("S-01", "住民記録データ（2024年度）", "", "課内ファイルサーバ")
	add("S-02", "住民税 課税台帳", "税務システムから出力", "データセンター")
	add("S-03", "福祉給付簿冊", "住民からの申請書", "課内書庫")
	add("S-04", "会議録", "住", "")
	add("S-05", "住民", "", "")
	add("S-06", "ﾈｯﾄﾜｰｸ構成図", "VLAN・IPアドレス一覧", "施錠保管庫")
	add("S-07", "契約書 (2023)", "委託事業者ＡＢＣ社", "文書管理システム")
	add("S-08", "データ", "ベース設計書", "")
	add("S-09", "記録", "台帳の写し", "")
	add("S-10", "Wi-Fi 設定", "アクセスポイント A-12", "")
	return out
}

// scanFinds is what the register found before it had an index: the assets
// whose search key contains every word of q.
func scanFinds(as []assets.Asset, q string) []string {
	var ids []string
	for _, a := range as {
		key := organisation.SearchKey(a.ID + " " + a.Name + " " + a.Description + " " + a.Location)
		all := true
		for _, w := range strings.Fields(q) {
			all = all && strings.Contains(key, organisation.SearchKey(w))
		}
		if all {
			ids = append(ids, a.ID)
		}
	}
	slices.Sort(ids)
	return ids
}

// searchQueries are searches whose results the index must not change.
var searchQueries = []string{
	"住民",        // a two-character word
	"住",         // one character: no bigram, so the substring test alone
	"民",         // one character found only inside words
	"住民記録",      // a longer word
	"住民記録 2024", // two words
	"記録台帳",      // across the name and the description
	"データベース",    // across the name and the description, which a space parted
	"サーバ",       // in the location
	"ネットワーク",    // half-width katakana in the register
	"ねっとわーく",    // hiragana for the katakana
	"ｶｲｷﾞ",      // half-width query for full-width text
	"abc",       // full-width letters in the register
	"ABC社",      // upper case and kanji
	"vlanip",    // across the 「・」 that search keys drop
	"wi-fi",     // a hyphen inside a word
	"a-12",      // a hyphen between a letter and digits
	"（2024",     // punctuation at the start of a word
	"2023",      // digits only
	"s-0",       // part of an ID
	"S-10",      // a whole ID
	"2024年度 住民", // two words in either order
	"住民 福祉",     // two words no asset has both of
	"税務システム 住民", // two words, one in the description
	"・",         // a word that search keys drop entirely
	"記録の",       // a word that is not there
}

// A search finds exactly what the scan found before the register had an
// index, for words of one character, of two, and across fields.
func TestSearchFindsWhatTheScanFound(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		smallOrg(t, db)
		as := searchAssets()
		if _, err := db.ImportAssets(ctx, registers.Console(), "t", assetRows(as), assets.KobeScales(), nil, false); err != nil {
			t.Fatal(err)
		}
		for _, q := range searchQueries {
			checkSearch(t, db, q, scanFinds(as, q))
			// A 課's own register is searched without the index.
			list, total, err := db.ListAssets(ctx, store.AssetFilter{Q: q, Units: []string{"111"}})
			if err != nil || total != len(scanFinds(as, q)) || len(list) != total {
				t.Errorf("search %q in one 課: %d of %d, %v", q, len(list), total, err)
			}
		}
	})
}

func assetRows(as []assets.Asset) []store.AssetRow {
	rows := make([]store.AssetRow, len(as))
	for i, a := range as {
		rows[i] = store.AssetRow{Line: i + 2, Asset: a}
	}
	return rows
}

// checkSearch checks that a search for q finds the assets want, counting
// them and listing them by ID.
func checkSearch(t *testing.T, db *store.DB, q string, want []string) {
	t.Helper()
	list, total, err := db.ListAssets(context.Background(), store.AssetFilter{Q: q})
	if err != nil {
		t.Fatalf("search %q: %v", q, err)
	}
	got := []string{}
	for _, a := range list {
		got = append(got, a.ID)
	}
	if want == nil {
		want = []string{}
	}
	if !slices.Equal(got, want) || total != len(want) {
		t.Errorf("search %q: got %v (total %d), want %v", q, got, total, want)
	}
}

// A search pages and sorts its matches as a list without one does.
func TestSearchPagesAndSorts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		smallOrg(t, db)
		var as []assets.Asset
		for i := range 30 {
			as = append(as, asset(fmt.Sprintf("P-%02d", i), "111", fmt.Sprintf("住民台帳%02d", 30-i), 1+i%3))
		}
		if _, err := db.ImportAssets(ctx, registers.Console(), "t", assetRows(as), assets.KobeScales(), nil, false); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			f     store.AssetFilter
			total int
			ids   []string
		}{
			{store.AssetFilter{Q: "住民", Limit: 3}, 30, []string{"P-00", "P-01", "P-02"}},
			{store.AssetFilter{Q: "住民", Limit: 3, Offset: 28}, 30, []string{"P-28", "P-29"}},
			{store.AssetFilter{Q: "住民", Sort: "name", Limit: 2}, 30, []string{"P-29", "P-28"}},
			{store.AssetFilter{Q: "住民", Sort: "id", Desc: true, Limit: 2}, 30, []string{"P-29", "P-28"}},
			{store.AssetFilter{Q: "住民", Sort: "confidentiality", Limit: 2}, 30, []string{"P-00", "P-03"}},
			{store.AssetFilter{Q: "台帳1", MinConfidentiality: 3}, 4, []string{"P-11", "P-14", "P-17", "P-20"}},
			{store.AssetFilter{Q: "住民", Offset: 100}, 30, nil},
		}
		for _, tt := range tests {
			list, total, err := db.ListAssets(ctx, tt.f)
			if err != nil {
				t.Fatalf("%+v: %v", tt.f, err)
			}
			var ids []string
			for _, a := range list {
				ids = append(ids, a.ID)
			}
			if total != tt.total || !slices.Equal(ids, tt.ids) {
				t.Errorf("%+v: got %v (total %d), want %v (total %d)", tt.f, ids, total, tt.ids, tt.total)
			}
		}
	})
}

// An asset renamed, or imported again with a new name, is found by its new
// words and no longer by its old ones.
func TestSearchFollowsChanges(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		smallOrg(t, db)
		as := searchAssets()
		if _, err := db.ImportAssets(ctx, registers.Console(), "t", assetRows(as), assets.KobeScales(), nil, false); err != nil {
			t.Fatal(err)
		}
		a, err := db.Asset(ctx, "S-05")
		if err != nil {
			t.Fatal(err)
		}
		a.Name, a.Description = "選挙人名簿", "期日前投票"
		if _, err := db.UpdateAsset(ctx, registers.Console(), a, assets.KobeScales()); err != nil {
			t.Fatal(err)
		}
		checkSearch(t, db, "住民", []string{"S-01", "S-02", "S-03"})
		checkSearch(t, db, "名簿", []string{"S-05"})
		checkSearch(t, db, "投票", []string{"S-05"})

		// Import the register again: one asset renamed, one new, the rest
		// as they are.
		as[0].Name = "戸籍データ（2024年度）"
		as = append(as, asset("S-11", "112", "住民票写し交付簿", 3))
		if _, err := db.ImportAssets(ctx, registers.Console(), "t", assetRows(as), assets.KobeScales(), nil, false); err != nil {
			t.Fatal(err)
		}
		for _, q := range searchQueries {
			checkSearch(t, db, q, scanFinds(as, q))
		}
		checkSearch(t, db, "戸籍", []string{"S-01"})
		checkSearch(t, db, "名簿", nil)

		// A dry run changes nothing.
		as[1].Name = "戸籍附票"
		if _, err := db.ImportAssets(ctx, registers.Console(), "t", assetRows(as), assets.KobeScales(), nil, true); err != nil {
			t.Fatal(err)
		}
		checkSearch(t, db, "附票", nil)
		checkSearch(t, db, "住民税", []string{"S-02"})
	})
}

// A register that an older Kijun filled (schema version 8, before the
// index) is searched as before once migrated.
func TestSearchAfterMigrationFrom8(t *testing.T) {
	eachAt(t, 8, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		smallOrg(t, db)
		as := searchAssets()
		// As version 8 wrote them: the columns of 0005, with the key.
		err := db.Update(ctx, func(tx *store.Tx) error {
			for _, a := range as {
				now := records.FormatTime(db.Now())
				key := organisation.SearchKey(a.ID + " " + a.Name + " " + a.Description + " " + a.Location)
				if _, err := tx.ExecContext(ctx, `INSERT INTO assets (id, unit_code, name, description, kind, location,
					confidentiality, confidentiality_reason, integrity, availability, in_scope, stage, search_key, created_at, updated_at)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, a.ID, a.Unit, a.Name, a.Description, a.Kind, a.Location,
					a.Confidentiality, a.ConfidentialityReason, a.Integrity, a.Availability, 1, a.Stage, key, now, now); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		applied, err := db.Migrate(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(applied, 9) {
			t.Fatalf("applied %v, want 9 among them", applied)
		}
		for _, q := range searchQueries {
			checkSearch(t, db, q, scanFinds(as, q))
		}
		// What is saved after the migration is indexed as well.
		a, err := db.Asset(ctx, "S-09")
		if err != nil {
			t.Fatal(err)
		}
		a.Name = "議事録"
		if _, err := db.UpdateAsset(ctx, registers.Console(), a, assets.KobeScales()); err != nil {
			t.Fatal(err)
		}
		checkSearch(t, db, "議事", []string{"S-09"})
		checkSearch(t, db, "記録", []string{"S-01"})
	})
}

// A register emptied by hand, as docs/benchmarks.md does before timing an
// import, is searched right once imported again: on SQLite with its docs
// deleted too, or left behind.
func TestSearchAfterRegisterEmptiedByHand(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		smallOrg(t, db)
		as := searchAssets()
		for _, docs := range []bool{true, false} {
			if _, err := db.ImportAssets(ctx, registers.Console(), "t", assetRows(as), assets.KobeScales(), nil, false); err != nil {
				t.Fatal(err)
			}
			err := db.Update(ctx, func(tx *store.Tx) error {
				stmts := []string{"DELETE FROM asset_holders", "DELETE FROM asset_stages", "DELETE FROM assets"}
				if docs && db.Dialect == store.SQLite {
					stmts = append(stmts, "DELETE FROM asset_search_docs")
				}
				for _, q := range stmts {
					if _, err := tx.ExecContext(ctx, q); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			as[0].Name = fmt.Sprintf("戸籍%v", docs)
			if _, err := db.ImportAssets(ctx, registers.Console(), "t", assetRows(as), assets.KobeScales(), nil, false); err != nil {
				t.Fatal(err)
			}
			for _, q := range append(searchQueries, "戸籍", "true", "false") {
				checkSearch(t, db, q, scanFinds(as, q))
			}
		}
	})
}
