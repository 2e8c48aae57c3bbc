package devicesheet_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/japanese"

	"kijun/internal/demo"
	"kijun/internal/devices"
	"kijun/internal/devicesheet"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/registers"
	"kijun/internal/sheets"
	"kijun/internal/sheets/sheetstest"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

func loadOrg(t *testing.T, db *store.DB) {
	t.Helper()
	from := time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)
	person := func(no, name, kana string) organisation.Person {
		return organisation.Person{StaffNo: no, Name: name, Kana: kana, Employment: organisation.EmployRegular}
	}
	err := db.LoadOrganisation(context.Background(), store.OrganisationData{
		Units: []organisation.Unit{
			{Code: "101", Kind: organisation.KindBureau, Name: "市民局", Kana: "シミンキョク", Period: organisation.Period{From: from}},
			{Code: "10101", Kind: organisation.KindSection, Name: "住民課", Kana: "ジュウミンカ", Parent: "101", Period: organisation.Period{From: from}},
			{Code: "10102", Kind: organisation.KindSection, Name: "税務課", Kana: "ゼイムカ", Parent: "101", Period: organisation.Period{From: from}},
		},
		People: []organisation.Person{person("1001", "山田 太郎", "ヤマダ タロウ"), person("1002", "佐藤 花子", "サトウ ハナコ")},
	})
	if err != nil {
		t.Fatal(err)
	}
}

const areasCSV = "管理番号,名称,所管課コード,種類,建物,階,新設,入退室の認証,入室を許可された職員番号\n" +
	"AREA-01,情報システム室,10101,情報システム室,本庁舎1号館,5,×,IC カード,\"1001,1002\"\n" +
	"AREA-02,地下書庫,10102,保管庫,本庁舎2号館,地下1,×,鍵,1002\n"

const devicesHead = "管理番号,名称,所管課コード,種類,使用者の職員番号,設置場所,管理区域,ディスク暗号化,画面ロック,遠隔消去（リモートワイプ）,覗き見防止フィルタ,USB 等の外部媒体制御,起動時パスワード（BIOS）\n"

const devicesCSV = devicesHead +
	"SV-01,住記サーバ,10101,サーバ,,サーバラック3,AREA-01,○,○,×,×,○,○\n" +
	"PC-0100,窓口端末,10101,パソコン,1001,1階窓口,,○,○,×,×,○,×\n" +
	"MB-0001,タブレット,10102,モバイル端末,1002,,,○,×,×,×,○,×\n" +
	"MFP-01,複合機,10102,複合機,,3階,,×,×,×,×,×,×\n"

const mediaCSV = "管理番号,名称,所管課コード,種類,暗号化,保管場所,管理区域,保管庫\n" +
	"M-0001,バックアップテープ,10101,磁気テープ,×,,AREA-01,テープ庫\n" +
	"M-0002,配布用 USB,10102,USB メモリ,○,課内,,キャビネット2\n"

// Each register imports, imports again unchanged, and exports in every
// format in a form that imports back unchanged; a changed cell changes
// one item. Devices may name an area only once the areas are in.
func TestImportExportRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadOrg(t, db)
		if _, err := devicesheet.Devices.Import(ctx, db, registers.Console(), "kiki.csv", []byte(devicesCSV), true); err == nil || !strings.Contains(err.Error(), "AREA-01") {
			t.Errorf("devices before their area: %v, want AREA-01 named", err)
		}
		for _, tt := range []struct {
			name, csv string
			n         int
			imp       func(string, []byte, bool) (*store.ImportPlan, error)
			exp       func(string, *bytes.Buffer) error
		}{
			{"areas", areasCSV, 2,
				func(n string, b []byte, dry bool) (*store.ImportPlan, error) {
					return devicesheet.Areas.Import(ctx, db, registers.Console(), n, b, dry)
				},
				func(f string, b *bytes.Buffer) error {
					return devicesheet.Areas.Export(ctx, db, store.RegisterFilter{}, f, b)
				}},
			{"devices", devicesCSV, 4,
				func(n string, b []byte, dry bool) (*store.ImportPlan, error) {
					return devicesheet.Devices.Import(ctx, db, registers.Console(), n, b, dry)
				},
				func(f string, b *bytes.Buffer) error {
					return devicesheet.Devices.Export(ctx, db, store.RegisterFilter{}, f, b)
				}},
			{"media", mediaCSV, 2,
				func(n string, b []byte, dry bool) (*store.ImportPlan, error) {
					return devicesheet.Media.Import(ctx, db, registers.Console(), n, b, dry)
				},
				func(f string, b *bytes.Buffer) error {
					return devicesheet.Media.Export(ctx, db, store.RegisterFilter{}, f, b)
				}},
		} {
			plan, err := tt.imp("r.csv", []byte(tt.csv), false)
			if err != nil || len(plan.Added) != tt.n {
				t.Fatalf("%s: import %+v, %v", tt.name, plan, err)
			}
			if plan, err = tt.imp("r.csv", []byte(tt.csv), false); err != nil || plan.Unchanged != tt.n || len(plan.Added)+len(plan.Changed) != 0 {
				t.Errorf("%s: re-import %+v, %v; want all unchanged", tt.name, plan, err)
			}
			for _, format := range []string{sheets.XLSX, sheets.CSVUTF8, sheets.CSVSJIS} {
				var b bytes.Buffer
				if err := tt.exp(format, &b); err != nil {
					t.Fatal(err)
				}
				name := "export.xlsx"
				if format != sheets.XLSX {
					name = "export.csv"
				}
				if plan, err = tt.imp(name, b.Bytes(), true); err != nil || plan.Unchanged != tt.n {
					t.Errorf("%s: %s export imported back: %+v, %v; want %d unchanged", tt.name, format, plan, err, tt.n)
				}
			}
		}
		changed := strings.Replace(devicesCSV, "MB-0001,タブレット,10102,モバイル端末,1002,,,○,×", "MB-0001,タブレット,10102,モバイル端末,1002,,,○,○", 1)
		plan, err := devicesheet.Devices.Import(ctx, db, registers.Console(), "kiki.csv", []byte(changed), false)
		if err != nil || len(plan.Changed) != 1 || plan.Changed[0] != "MB-0001" {
			t.Errorf("changed import: %+v, %v", plan, err)
		}
		d, err := db.Device(ctx, "MB-0001")
		if err != nil || !d.ScreenLock || !d.DiskEncryption || d.RemoteWipe || d.IssuedToName != "佐藤 花子" || d.Version != 2 {
			t.Errorf("MB-0001 = %+v, %v", d, err)
		}
		a, err := db.Area(ctx, "AREA-02")
		if err != nil || a.Floor != -1 || len(a.People) != 1 {
			t.Errorf("AREA-02 = %+v, %v", a, err)
		}
		if _, err := db.VerifyLedger(ctx, store.VerifyOptions{}); err != nil {
			t.Errorf("ledger after imports: %v", err)
		}
	})
}

// A devices file with a bad row in the middle is refused whole, and the
// error names the sheet, the row, each column and why; so is a row of a
// unit the importer may not edit.
func TestBadRowRefusesWholeFile(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadOrg(t, db)
		if _, err := devicesheet.Areas.Import(ctx, db, registers.Console(), "a.csv", []byte(areasCSV), false); err != nil {
			t.Fatal(err)
		}
		bad := strings.Replace(devicesCSV, "PC-0100,窓口端末,10101,パソコン,1001,1階窓口,,○,○,×", "PC-0100,窓口端末,99999,タイプライター,4444,1階窓口,,○,たぶん,×", 1)
		_, err := devicesheet.Devices.Import(ctx, db, registers.Console(), "kiki.csv", []byte(bad), false)
		var ie *kijun.ImportError
		if !errors.As(err, &ie) {
			t.Fatalf("import of a bad file: %v, want an ImportError", err)
		}
		want := map[string]bool{"画面ロック": false}
		for _, e := range ie.Errors {
			if e.Row != 3 || e.Sheet != "kiki" {
				t.Errorf("error at sheet %q row %d: %s; want row 3 of kiki", e.Sheet, e.Row, e.Reason)
			}
			want[e.Column] = true
		}
		if !want["画面ロック"] {
			t.Errorf("no error names the column 画面ロック: %v", ie.Errors)
		}
		// The cells read, the rules are checked with the rest of the row.
		bad = strings.Replace(devicesCSV, "PC-0100,窓口端末,10101,パソコン,1001,1階窓口,,○,○,×", "PC-0100,窓口端末,99999,タイプライター,4444,1階窓口,AREA-09,○,○,×", 1)
		_, err = devicesheet.Devices.Import(ctx, db, registers.Console(), "kiki.csv", []byte(bad), false)
		if !errors.As(err, &ie) {
			t.Fatalf("import of a bad file: %v, want an ImportError", err)
		}
		cols := map[string]bool{}
		for _, e := range ie.Errors {
			if e.Row != 3 {
				t.Errorf("error at row %d: %s; want row 3", e.Row, e.Reason)
			}
			cols[e.Column] = true
		}
		for _, c := range []string{"所管課コード", "種類", "使用者の職員番号", "管理区域"} {
			if !cols[c] {
				t.Errorf("no error names column %s: %v", c, ie.Errors)
			}
		}
		if n, _ := db.CountDevices(ctx); n != 0 {
			t.Errorf("a refused file wrote %d devices", n)
		}
		onlyJumin := storetest.Keeps("10101")
		_, err = devicesheet.Devices.Import(ctx, db, onlyJumin, "kiki.csv", []byte(devicesCSV), false)
		if !errors.As(err, &ie) || len(ie.Errors) != 2 || ie.Errors[0].Row != 4 || ie.Errors[0].Column != "所管課コード" {
			t.Errorf("rows of another 課: %v", err)
		}
		// 6.2.1イ: a new area on the ground floor, in a file.
		newArea := strings.Replace(areasCSV, "AREA-02,地下書庫,10102,保管庫,本庁舎2号館,地下1,×", "AREA-02,地下書庫,10102,保管庫,本庁舎2号館,地下1,○", 1)
		_, err = devicesheet.Areas.Import(ctx, db, registers.Console(), "a.csv", []byte(newArea), false)
		if !errors.As(err, &ie) || len(ie.Errors) != 1 || ie.Errors[0].Column != "階" || !strings.Contains(ie.Errors[0].Reason, "6.2.1イ") {
			t.Errorf("a new area in the basement: %v", err)
		}
	})
}

// A CSV saved by Japanese Excel, in Shift_JIS, reads the same.
func TestShiftJISCSV(t *testing.T) {
	sjis, err := japanese.ShiftJIS.NewEncoder().Bytes([]byte(devicesCSV))
	if err != nil {
		t.Fatal(err)
	}
	_, rows, err := devicesheet.Devices.Read("kiki.csv", sjis)
	if err != nil || len(rows) != 4 || rows[2].Item.Name != "タブレット" || rows[2].Item.Kind != devices.DeviceMobile || !rows[2].Item.USBControl {
		t.Errorf("Shift_JIS rows = %+v, %v", rows, err)
	}
}

// A devices register saved as .xlsx by LibreOffice imports; the same with
// a bad row in the middle is refused whole with that row named. Skipped
// without LibreOffice unless CI is set.
func TestLibreOfficeWorkbook(t *testing.T) {
	// Columns A, C and E as text: keep codes such as 10101 as written.
	lo := sheetstest.LibreOffice(t)
	convert := func(name, csv string) []byte { return lo(name, csv, 1, 3, 5) }
	good := convert("good", devicesCSV)
	bad := convert("bad", strings.Replace(devicesCSV, "PC-0100,窓口端末,10101,パソコン", "PC-0100,窓口端末,10101,ワープロ", 1))
	areas := convert("areas", areasCSV)
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadOrg(t, db)
		if plan, err := devicesheet.Areas.Import(ctx, db, registers.Console(), "areas.xlsx", areas, false); err != nil || len(plan.Added) != 2 {
			t.Fatalf("LibreOffice areas: %+v, %v", plan, err)
		}
		_, err := devicesheet.Devices.Import(ctx, db, registers.Console(), "bad.xlsx", bad, false)
		var ie *kijun.ImportError
		if !errors.As(err, &ie) || len(ie.Errors) != 1 || ie.Errors[0].Row != 3 || ie.Errors[0].Column != "種類" || !strings.Contains(ie.Errors[0].Reason, "ワープロ") {
			t.Fatalf("LibreOffice file with a bad row: %v", err)
		}
		if n, _ := db.CountDevices(ctx); n != 0 {
			t.Fatalf("a refused file wrote %d devices", n)
		}
		plan, err := devicesheet.Devices.Import(ctx, db, registers.Console(), "good.xlsx", good, false)
		if err != nil || len(plan.Added) != 4 {
			t.Fatalf("LibreOffice file: %+v, %v", plan, err)
		}
		// The CSV and LibreOffice's workbook describe the same register.
		if plan, err := devicesheet.Devices.Import(ctx, db, registers.Console(), "good.csv", []byte(devicesCSV), true); err != nil || plan.Unchanged != 4 {
			t.Errorf("the CSV after LibreOffice's workbook: %+v, %v; want nothing to change", plan, err)
		}
	})
}

// Each register's template imports into the demo city as it stands: its
// example row names a 課, staff and an area the demo has, so a person
// trying Kijun out sees the row accepted, not refused for a staff number
// that exists nowhere.
func TestTemplatesValidateAgainstDemo(t *testing.T) {
	db := storetest.Open(t, filepath.Join(t.TempDir(), "kijun.db"), store.Options{})
	ctx := context.Background()
	if _, err := demo.Generate(ctx, db, demo.Options{Scale: demo.Small, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	for name, r := range map[string]interface {
		WriteTemplate(io.Writer) error
		Import(context.Context, *store.DB, store.Gate, string, []byte, bool) (*store.ImportPlan, error)
	}{"devices": devicesheet.Devices, "media": devicesheet.Media, "areas": devicesheet.Areas} {
		var b bytes.Buffer
		if err := r.WriteTemplate(&b); err != nil {
			t.Fatal(err)
		}
		plan, err := r.Import(ctx, db, registers.Console(), name+".xlsx", b.Bytes(), true)
		if err != nil {
			t.Errorf("%s template against the demo: %v", name, err)
			continue
		}
		if len(plan.Added) != 1 {
			t.Errorf("%s template: %s; want one row to add", name, plan.Describe())
		}
	}
}
