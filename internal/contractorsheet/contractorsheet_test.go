package contractorsheet

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"kijun/internal/contractors"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// The template reads back as written: every sheet, every column.
func TestTemplateReadsBack(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteTemplate(&buf); err != nil {
		t.Fatal(err)
	}
	b, err := Read("template.xlsx", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Contractors) != 2 || len(b.Contracts) != 1 || len(b.Links) != 1 || len(b.Staff) != 1 {
		t.Fatalf("template read back: %d, %d, %d, %d rows", len(b.Contractors), len(b.Contracts), len(b.Links), len(b.Staff))
	}
	c, k, s := b.Contractors[0].Item, b.Contracts[0].Item, b.Staff[0].Item
	if c.CorporateNo != "7000012050002" || len(c.Certifications) != 1 || c.Certifications[0].Kind != contractors.CertISMS || !c.Selection.Done() {
		t.Errorf("contractor read back: %+v", c)
	}
	if len(k.Missing()) != 0 || k.State != contractors.StateActive || !k.MyNumber || k.Systems[0] != "juki" || b.Contracts[0].Line != 2 {
		t.Errorf("contract read back: %+v (line %d)", k, b.Contracts[0].Line)
	}
	if len(s.Checks) != 1 || !s.CheckedBeforeWork() || s.Checks[0].Shown != "社員証" {
		t.Errorf("staff read back: %+v", s)
	}
	if len(b.Checks) != 1 || b.Checks[0].Item.Kind != contractors.CheckReport || b.Checks[0].Item.Result != contractors.ResultConforming ||
		len(b.Returns) != 1 || b.Returns[0].Item.Outcome != contractors.OutcomeDisposed || b.Returns[0].Item.Certificate == "" ||
		len(b.Services) != 1 || b.Services[0].Item.Kind != contractors.ServiceTerms || b.Services[0].Line != 2 {
		t.Errorf("checks, returns and services read back: %+v, %+v, %+v", b.Checks, b.Returns, b.Services)
	}
}

// console keeps every 課, as registers.Console does (which this package's
// tests cannot import: registers imports it).
type console struct{}

func (console) Keeps(string) bool { return true }
func (console) KeepsAny() bool    { return true }

func loadUnits(t *testing.T, db *store.DB) {
	t.Helper()
	from := time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)
	if err := db.LoadOrganisation(context.Background(), store.OrganisationData{Units: []organisation.Unit{
		{Code: "101", Kind: organisation.KindBureau, Name: "市民局", Kana: "シミンキョク", Period: organisation.Period{From: from}},
		{Code: "10101", Kind: organisation.KindSection, Name: "住民課", Kana: "ジュウミンカ", Parent: "101", Period: organisation.Period{From: from}},
		{Code: "10102", Kind: organisation.KindSection, Name: "税務課", Kana: "ゼイムカ", Parent: "101", Period: organisation.Period{From: from}},
	}}); err != nil {
		t.Fatal(err)
	}
}

// book is a register of three contractors, a contract of 10101 with a
// 再委託 and a 再々委託 listed deepest first, and a staff member.
func book() store.ContractorBook {
	from := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	arts := map[string]string{}
	for _, cl := range contractors.Clauses() {
		if cl.Obligatory {
			arts[cl.Key] = "第" + cl.Key[1:] + "条"
		}
	}
	var b store.ContractorBook
	for _, c := range []contractors.Contractor{{ID: "A", Name: "株式会社エー", CorporateNo: "7000012050002"}, {ID: "B", Name: "ビー株式会社"}, {ID: "C", Name: "シー有限会社"}} {
		b.Contractors = append(b.Contractors, store.BookRow[contractors.Contractor]{Item: c})
	}
	b.Contracts = append(b.Contracts, store.BookRow[contractors.Contract]{Item: contractors.Contract{ID: "K-1", Name: "窓口業務", Unit: "10101",
		Contractor: "A", From: from, To: from.AddDate(1, 0, -1), State: contractors.StateActive, Articles: arts}})
	b.Links = append(b.Links,
		store.BookRow[contractors.Link]{Item: contractors.Link{ID: "S-2", Contract: "K-1", From: "B", To: "C", Part: "入力", State: contractors.LinkFound}},
		store.BookRow[contractors.Link]{Item: contractors.Link{ID: "S-1", Contract: "K-1", From: "A", To: "B", Part: "入力と照合", State: contractors.LinkRequested}})
	b.Staff = append(b.Staff, store.BookRow[contractors.Staff]{Item: contractors.Staff{ID: "W-1", Contract: "K-1", Name: "委託 花子", Affiliation: "C",
		Workplace: "本庁舎", From: from, To: from.AddDate(1, 0, -1), Checks: []contractors.IdentityCheck{{On: from, Checker: "100001", Shown: "社員証"}}}})
	return b
}

func workbook(t *testing.T, b store.ContractorBook) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := write(&buf, b); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// A workbook imports all or nothing: one with a wrong check digit and a
// loop is refused with both rows named and writes nothing; the good one
// imports, its chain in any order, and its export imports back unchanged.
func TestImportAllOrNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadUnits(t, db)
		bad := book()
		bad.Contractors[1].Item.CorporateNo = "1234567890123"
		bad.Links = append(bad.Links, store.BookRow[contractors.Link]{Item: contractors.Link{ID: "S-3", Contract: "K-1", From: "C", To: "A", Part: "返送", State: contractors.LinkRequested}})
		_, err := Import(ctx, db, console{}, "bad.xlsx", workbook(t, bad), false)
		var ie *kijun.ImportError
		if !errors.As(err, &ie) {
			t.Fatalf("a bad workbook: %v", err)
		}
		var got []string
		for _, e := range ie.Errors {
			got = append(got, e.Sheet+" "+e.Column)
		}
		if s := strings.Join(got, ","); !strings.Contains(s, "事業者 法人番号") || !strings.Contains(s, "再委託 委託先") {
			t.Fatalf("errors of the bad workbook: %v", ie.Errors)
		}
		if b, _ := db.ContractorRegister(ctx, nil); len(b.Contractors)+len(b.Contracts)+len(b.Links) != 0 {
			t.Fatalf("a refused workbook wrote %d contractors, %d contracts, %d links", len(b.Contractors), len(b.Contracts), len(b.Links))
		}
		good := workbook(t, book())
		plan, err := Import(ctx, db, console{}, "good.xlsx", good, true)
		if err != nil || len(plan.Added) != 7 {
			t.Fatalf("dry run: %+v, %v", plan, err)
		}
		if b, _ := db.ContractorRegister(ctx, nil); len(b.Contractors) != 0 {
			t.Fatalf("a dry run wrote %d contractors", len(b.Contractors))
		}
		if plan, err = Import(ctx, db, console{}, "good.xlsx", good, false); err != nil || len(plan.Added) != 7 {
			t.Fatalf("import: %+v, %v", plan, err)
		}
		var out bytes.Buffer
		if err := Export(ctx, db, nil, &out); err != nil {
			t.Fatal(err)
		}
		if plan, err = Import(ctx, db, console{}, "export.xlsx", out.Bytes(), false); err != nil || plan.Unchanged != 7 {
			t.Fatalf("the export imported back: %+v, %v; want 7 unchanged", plan, err)
		}
		// Another 課's editor is refused the contract and what hangs on it.
		_, err = Import(ctx, db, storetest.Keeps("10102"), "again.xlsx", good, false)
		if !errors.As(err, &ie) || !strings.Contains(ie.Error(), "権限がありません") {
			t.Fatalf("10102 imports 10101's contract: %v", err)
		}
	})
}
