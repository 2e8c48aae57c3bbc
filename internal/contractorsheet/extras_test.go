package contractorsheet

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"kijun/internal/assets"
	"kijun/internal/contractors"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/sheets"
	"kijun/internal/store"
	"kijun/internal/store/storetest"

	"github.com/xuri/excelize/v2"
)

// extrasBook is book() with an ended contract whose one asset was
// disposed of, a check calling for correction and a service on 約款.
func extrasBook() store.ContractorBook {
	b := book()
	from := time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC)
	k := b.Contracts[0].Item
	k.ID, k.Name, k.From, k.To, k.State, k.Assets = "K-2", "旧窓口業務", from, from.AddDate(1, 0, -1), contractors.StateEnded, []string{"X-1"}
	b.Contracts = append(b.Contracts, store.BookRow[contractors.Contract]{Item: k})
	b.Returns = append(b.Returns, store.BookRow[contractors.Return]{Item: contractors.Return{Contract: "K-2", Asset: "X-1",
		Outcome: contractors.OutcomeDisposed, On: from.AddDate(1, 0, -1), Certificate: "廃棄証明書 第12号"}})
	b.Checks = append(b.Checks, store.BookRow[contractors.SecurityCheck]{Item: contractors.SecurityCheck{Contract: "K-1",
		On: time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC), Kind: contractors.CheckInspection, Checker: "100001",
		Result: contractors.ResultCorrective, Note: "作業室の入退室記録がない"}})
	b.Services = append(b.Services, store.BookRow[contractors.ExternalService]{Item: contractors.ExternalService{ID: "SV-1",
		Name: "オンライン会議", Provider: "会議サービス株式会社", Kind: contractors.ServiceTerms, Unit: "10101", Assets: []string{"X-1"}}})
	b.Plans = append(b.Plans, store.BookRow[store.CheckPlan]{Item: store.CheckPlan{Contract: "K-1", Months: 6}})
	return b
}

func extrasDB(t *testing.T, db *store.DB) context.Context {
	t.Helper()
	loadUnits(t, db)
	ctx := kijun.WithActor(context.Background(), kijun.Actor{ID: organisation.ActorID("100001")})
	a := assets.Asset{ID: "X-1", Unit: "10101", Name: "窓口受付データ", Kind: assets.KindData, Stage: assets.StageUse,
		Classification: assets.Classification{Confidentiality: 2, Integrity: 1, Availability: 1, ConfidentialityReason: "個人情報"}}
	if _, err := db.CreateAsset(ctx, console{}, a, assets.KobeScales()); err != nil {
		t.Fatal(err)
	}
	return ctx
}

// plain drops what the store sets itself, to compare two registers.
func plain(b store.ContractorBook) store.ContractorBook {
	for i := range b.Contractors {
		b.Contractors[i].Item.CreatedAt, b.Contractors[i].Item.UpdatedAt, b.Contractors[i].Item.Version = time.Time{}, time.Time{}, 0
	}
	for i := range b.Contracts {
		b.Contracts[i].Item.CreatedAt, b.Contracts[i].Item.UpdatedAt, b.Contracts[i].Item.Version = time.Time{}, time.Time{}, 0
	}
	for i := range b.Links {
		b.Links[i].Item.CreatedAt, b.Links[i].Item.UpdatedAt, b.Links[i].Item.Version = time.Time{}, time.Time{}, 0
	}
	for i := range b.Staff {
		b.Staff[i].Item.Version = 0
	}
	for i := range b.Checks {
		b.Checks[i].Item.ID, b.Checks[i].Item.ActionID = 0, 0
	}
	for i := range b.Services {
		b.Services[i].Item.CreatedAt, b.Services[i].Item.UpdatedAt, b.Services[i].Item.Version = time.Time{}, time.Time{}, 0
	}
	return b
}

// The sheets of checks, returns and services import all or nothing, each
// wrong row named by sheet, row and column with its reason; the good
// workbook imports (the ended contract ends once its asset is disposed
// of, the 要是正 check opens a corrective action), and its export imports
// into an empty register as the same register, and into the same one
// changing nothing.
func TestImportChecksReturnsServices(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := extrasDB(t, db)
		bad := extrasBook()
		bad.Returns[0].Item.Asset = "X-9"
		bad.Services[0].Item.Unit = "999"
		bad.Checks[0].Item.Note = ""
		bad.Plans[0].Item.Months = 99
		_, err := Import(ctx, db, console{}, "bad.xlsx", workbook(t, bad), false)
		var ie *kijun.ImportError
		if !errors.As(err, &ie) {
			t.Fatalf("a bad workbook: %v", err)
		}
		var got []string
		for _, e := range ie.Errors {
			got = append(got, e.Sheet+" "+e.Column+" "+e.Reason)
		}
		s := strings.Join(got, "\n")
		for _, want := range []string{"確認・措置 所見", "返却・廃棄 情報資産の管理番号 情報資産 X-9 はこの契約で委託していません", "外部サービス 所管課コード", "契約 確認の間隔（月） 確認の間隔は1から36か月"} {
			if !strings.Contains(s, want) {
				t.Errorf("errors of the bad workbook: want %q in\n%s", want, s)
			}
		}
		if b, _ := db.ContractorRegister(ctx, nil); len(b.Contractors)+len(b.Contracts)+len(b.Checks)+len(b.Returns)+len(b.Services) != 0 {
			t.Fatalf("a refused workbook wrote %+v", b)
		}

		if plan, err := Import(ctx, db, console{}, "good.xlsx", workbook(t, extrasBook()), false); err != nil || len(plan.Added) != 12 {
			t.Fatalf("import: %+v, %v", plan, err)
		}
		k2, err := db.ContractEntry(ctx, "K-2")
		if err != nil || k2.State != contractors.StateEnded {
			t.Errorf("K-2 after its asset's disposal: %+v, %v; want ended", k2.State, err)
		}
		first, err := db.ContractorRegister(ctx, nil)
		if err != nil || len(first.Checks) != 1 || first.Checks[0].Item.ActionID == 0 || len(first.Plans) != 1 {
			t.Fatalf("the 要是正 check opened no corrective action: %+v, %v", first.Checks, err)
		}
		var out bytes.Buffer
		if err := Export(ctx, db, nil, &out); err != nil {
			t.Fatal(err)
		}
		if plan, err := Import(ctx, db, console{}, "export.xlsx", out.Bytes(), false); err != nil || plan.Unchanged != 12 || len(plan.Added)+len(plan.Changed) != 0 {
			t.Fatalf("the export imported back: %+v, %v; want 12 unchanged", plan, err)
		}
		// 10.1.3: the interval came in with its contract, with its record.
		if m, err := db.ContractCheckPlan(ctx, "K-1"); err != nil || m != 6 {
			t.Errorf("K-1's check interval: %d, %v; want 6 months", m, err)
		}

		other := storetest.Open(t, filepath.Join(t.TempDir(), "other.db"), store.Options{})
		octx := extrasDB(t, other)
		if _, err := Import(octx, other, console{}, "export.xlsx", out.Bytes(), false); err != nil {
			t.Fatalf("the export into an empty register: %v", err)
		}
		second, err := other.ContractorRegister(octx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if a, b := plain(first), plain(second); !reflect.DeepEqual(a, b) {
			t.Errorf("the export gave another register:\n%+v\nwant\n%+v", b, a)
		}
	})
}

// An interval that is not a number of months is named by its sheet, row
// and column; the workbook is not read further into the register.
func TestReadCheckMonthsNotANumber(t *testing.T) {
	f, err := excelize.OpenReader(bytes.NewReader(workbook(t, extrasBook())))
	if err != nil {
		t.Fatal(err)
	}
	col := slices.IndexFunc(contractColumns(), func(c sheets.Column) bool { return c.Heading == checkMonths })
	cell, _ := excelize.CoordinatesToCellName(col+1, 2)
	if err := f.SetCellValue(SheetContracts, cell, "半年"); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := f.Write(&out); err != nil {
		t.Fatal(err)
	}
	_, err = Read("bad.xlsx", out.Bytes())
	var ie *kijun.ImportError
	if !errors.As(err, &ie) || len(ie.Errors) != 1 || ie.Errors[0].Sheet != SheetContracts || ie.Errors[0].Row != 2 ||
		ie.Errors[0].Column != checkMonths || !strings.Contains(ie.Errors[0].Reason, "月数") {
		t.Fatalf("an interval of 半年: %v", err)
	}
}
