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
	"kijun/internal/registers"
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
		plan, err := systemsheet.Import(ctx, db, registers.Console(), "systems.csv", []byte(csv), false)
		if err != nil || len(plan.Added) != 3 {
			t.Fatalf("import: %+v, %v", plan, err)
		}
		if plan, err = systemsheet.Import(ctx, db, registers.Console(), "systems.csv", []byte(csv), false); err != nil || plan.Unchanged != 3 {
			t.Errorf("re-import: %+v, %v", plan, err)
		}
		for _, format := range []string{sheets.XLSX, sheets.CSVSJIS} {
			var b bytes.Buffer
			if err := systemsheet.Export(ctx, db, store.SystemFilter{}, format, &b); err != nil {
				t.Fatal(err)
			}
			name := map[string]string{sheets.XLSX: "x.xlsx", sheets.CSVSJIS: "x.csv"}[format]
			if plan, err = systemsheet.Import(ctx, db, registers.Console(), name, b.Bytes(), true); err != nil || plan.Unchanged != 3 {
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
		_, err = systemsheet.Import(ctx, db, registers.Console(), "bad.csv", []byte(bad), false)
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

const segCSV = "セグメントID,名称,区分,所管課コード,アドレス,無線,説明\n" +
	"mn-core,マイナンバー系基幹,マイナンバー利用事務系,10101,10.10.0.0/16,なし,\n" +
	"lg-office,LGWAN系庁内,LGWAN接続系,10101,10.20.0.0/16,あり,\n" +
	"net-dmz,インターネット系,インターネット接続系,10101,192.0.2.0/24,なし,\n"

const conCSV = "接続ID,接続元,接続先,方式,プロトコル,ポート,制限,無害化,無線,リモートアクセス,説明\n" +
	"c1,segment:lg-office,external:lgwan,通信,HTTPS,443,IP許可リスト,なし,なし,なし,\n" +
	"c2,segment:net-dmz,segment:lg-office,メール,SMTP,25,送信元制限,メールテキスト化,なし,なし,\n" +
	"c3,system:juki,segment:mn-core,通信,HTTPS,\"443,8443\",MAC許可リスト,なし,なし,なし,\n"

// Segments and then connections import all or nothing; a connection to a
// segment that is not in the register, or a bad port, refuses the file.
func TestNetworkRegister(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		load(t, db)
		if _, err := systemsheet.Import(ctx, db, registers.Console(), "systems.csv", []byte(csv), false); err != nil {
			t.Fatal(err)
		}
		if _, err := systemsheet.ImportNetwork(ctx, db, "c.csv", []byte(conCSV), true, false); err == nil {
			t.Fatal("connections before their segments: no error")
		}
		plan, err := systemsheet.ImportNetwork(ctx, db, "s.csv", []byte(segCSV), false, false)
		if err != nil || len(plan.Added) != 3 {
			t.Fatalf("segments: %+v, %v", plan, err)
		}
		if plan, err = systemsheet.ImportNetwork(ctx, db, "c.csv", []byte(conCSV), true, false); err != nil || len(plan.Added) != 3 {
			t.Fatalf("connections: %+v, %v", plan, err)
		}
		if plan, err = systemsheet.ImportNetwork(ctx, db, "c.csv", []byte(conCSV), true, false); err != nil || plan.Unchanged != 3 {
			t.Errorf("connections again: %+v, %v", plan, err)
		}
		var b bytes.Buffer
		if err := systemsheet.ExportNetwork(ctx, db, true, sheets.XLSX, &b); err != nil {
			t.Fatal(err)
		}
		if plan, err = systemsheet.ImportNetwork(ctx, db, "c.xlsx", b.Bytes(), true, true); err != nil || plan.Unchanged != 3 {
			t.Errorf("exported connections back: %+v, %v", plan, err)
		}
		bad := strings.Replace(conCSV, "c2,segment:net-dmz", "c2,segment:nowhere", 1)
		bad = strings.Replace(bad, "\"443,8443\"", "\"443,99999\"", 1)
		_, err = systemsheet.ImportNetwork(ctx, db, "c.csv", []byte(bad), true, false)
		var ie *kijun.ImportError
		if !errors.As(err, &ie) || len(ie.Errors) != 2 || ie.Errors[0].Row != 3 || ie.Errors[0].Column != "接続元" || ie.Errors[1].Column != "ポート" {
			t.Errorf("bad connections: %v", err)
		}
		n, err := db.NetworkRegister(ctx, "")
		if err != nil || len(n.Segments) != 3 || len(n.Connections) != 3 || n.Connections[1].Sanitisation != "mail_text" {
			t.Errorf("register = %+v, %v", n, err)
		}
	})
}
