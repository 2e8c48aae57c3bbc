package systemsheet_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/sheets"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
	"kijun/internal/systemsheet"
)

const csv = "システムID,名称,説明,所管課コード,区分,設置場所,冗長化,UPS,雷対策,保守契約,バックアップ,ログの項目,ログの保存日数,ログの点検,認証の要素数,外部からのアクセス,公開ドメイン,TLS,委託事業者,文書,ソフトウェア\n" +
	"juki,住民記録システム,,10101,マイナンバー利用事務系,庁外の施設,あり,あり,あり,年間保守,日次,操作ログ,1825,月次,2,なし,,なし,,仕様書,Windows Server 2022 ~2031-10-14\n" +
	"hp,公式ホームページ,,10101,インターネット接続系,クラウドサービス,なし,なし,なし,,週次,アクセスログ,365,,1,あり,www.city.example.jp,あり,,,\n" +
	"lgwan-mail,LGWANメール,,10101,LGWAN接続系,庁舎内,あり,あり,なし,,日次,送受信ログ,365,四半期,2,なし,,なし,,,\n"

func load(t *testing.T, db *store.DB) {
	t.Helper()
	from := time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)
	if err := db.LoadOrganisation(context.Background(), store.OrganisationData{Units: []organisation.Unit{
		{Code: "101", Kind: organisation.KindBureau, Name: "市民局", Kana: "シミンキョク", Period: organisation.Period{From: from}},
		{Code: "10101", Kind: organisation.KindSection, Name: "住民課", Kana: "ジュウミンカ", Parent: "101", Period: organisation.Period{From: from}},
	}}); err != nil {
		t.Fatal(err)
	}
}

// The system register imports, imports again unchanged, exports and
// imports back unchanged; a bad row is refused whole, named by row and
// column.
func TestSystemRegisterRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		load(t, db)
		plan, err := systemsheet.Import(ctx, db, "systems.csv", []byte(csv), false)
		if err != nil || len(plan.Added) != 3 {
			t.Fatalf("import: %+v, %v", plan, err)
		}
		if plan, err = systemsheet.Import(ctx, db, "systems.csv", []byte(csv), false); err != nil || plan.Unchanged != 3 {
			t.Errorf("re-import: %+v, %v", plan, err)
		}
		for _, format := range []string{sheets.XLSX, sheets.CSVSJIS} {
			var b bytes.Buffer
			if err := systemsheet.Export(ctx, db, store.SystemFilter{}, format, &b); err != nil {
				t.Fatal(err)
			}
			name := map[string]string{sheets.XLSX: "x.xlsx", sheets.CSVSJIS: "x.csv"}[format]
			if plan, err = systemsheet.Import(ctx, db, name, b.Bytes(), true); err != nil || plan.Unchanged != 3 {
				t.Errorf("%s export back: %+v, %v", format, plan, err)
			}
		}
		s, err := db.System(ctx, "juki")
		if err != nil || len(s.Software) != 1 || s.Software[0].EndOfSupport.Year() != 2031 || !s.Redundant || s.AuthFactors != 2 {
			t.Errorf("juki = %+v, %v", s, err)
		}
		list, total, err := db.ListSystems(ctx, store.SystemFilter{Zone: "internet"})
		if err != nil || total != 1 || list[0].ID != "hp" {
			t.Errorf("internet zone: %d %+v %v", total, list, err)
		}
		bad := strings.Replace(csv, "hp,公式ホームページ,,10101,インターネット接続系,クラウドサービス,なし", "hp,公式ホームページ,,10101,宇宙系,クラウドサービス,たぶん", 1)
		_, err = systemsheet.Import(ctx, db, "bad.csv", []byte(bad), false)
		var ie *kijun.ImportError
		if !errors.As(err, &ie) {
			t.Fatalf("bad file: %v", err)
		}
		cols := map[string]bool{}
		for _, e := range ie.Errors {
			if e.Row != 3 {
				t.Errorf("error on row %d: %v", e.Row, e)
			}
			cols[e.Column] = true
		}
		if !cols["区分"] || !cols["冗長化"] {
			t.Errorf("errors %v, want 区分 and 冗長化 named", ie.Errors)
		}
	})
}
