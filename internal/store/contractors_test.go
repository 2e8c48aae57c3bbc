package store_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"kijun/internal/compliance"
	"kijun/internal/contractors"
	"kijun/internal/kijun"
	"kijun/internal/registers"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// allArticles states every item of 10.1.2ア in its own article.
func allArticles() map[string]string {
	m := map[string]string{}
	for i, cl := range contractors.Clauses() {
		if cl.Obligatory {
			m[cl.Key] = "第" + string(rune('0'+i%10)) + "条"
		}
	}
	return m
}

func firm(id, name, no string) contractors.Contractor {
	return contractors.Contractor{ID: id, Name: name, CorporateNo: no}
}

func wantField(t *testing.T, err error, field, part string) {
	t.Helper()
	var fe *kijun.FieldErrors
	if !errors.As(err, &fe) {
		t.Fatalf("got %v, want field errors with %s saying %q", err, field, part)
	}
	for _, f := range fe.Fields {
		if f.Field == field && strings.Contains(f.Message, part) {
			return
		}
	}
	t.Fatalf("got %+v, want %s saying %q", fe.Fields, field, part)
}

// The register refuses what the issue names as bad input, beside the
// field and writing nothing: a 法人番号 whose check digit is wrong, a
// period that ends before it starts, a contract made active with an
// obligatory item missing (unless a 例外措置 covers it), a 再委託 to
// itself or back up its chain, and a sub-contract put in force before the
// 情報管理者 of the contract's 課 approved it.
func TestContractorRegister(t *testing.T) {
	eachPermits(t, func(t *testing.T, w *permitsWorld) {
		ctx := context.Background()
		con := registers.Console()
		_, err := w.db.CreateContractor(ctx, con, firm("A", "株式会社エー", "8000012050002"))
		wantField(t, err, contractors.FieldCorporateNo, "検査用数字")
		for _, c := range []contractors.Contractor{firm("A", "株式会社エー", "7000012050002"), firm("B", "ビー株式会社", ""), firm("C", "シー有限会社", "")} {
			if _, err := w.db.CreateContractor(ctx, con, c); err != nil {
				t.Fatal(err)
			}
		}
		head := func() int64 { s, _, _ := w.db.Head(ctx); return s }
		before := head()
		from := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
		k := contractors.Contract{ID: "K-1", Name: "住民記録システム保守", Unit: "111", Contractor: "A", From: from, To: from.AddDate(0, 0, -1),
			State: contractors.StateDraft, Articles: allArticles(), Assets: []string{"A-3", "A-1"}}
		_, err = w.db.CreateContract(ctx, con, k)
		wantField(t, err, contractors.FieldTo, "より前")
		k.To = from.AddDate(1, 0, -1)
		k.State = contractors.StateActive
		delete(k.Articles, "a2")
		_, err = w.db.CreateContract(ctx, con, k)
		wantField(t, err, contractors.FieldArticle("a2"), "ア(2)")
		_, err = w.db.CreateContract(ctx, storetest.Keeps("112"), k)
		wantField(t, err, contractors.FieldUnit, "権限がありません")
		if got := head(); got != before {
			t.Fatalf("refused writes left %d ledger records", got-before)
		}
		// 9.5: an exception in force for ア(2) lets the contract be active.
		day := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
		x, err := w.p.File(ctx, store.Filing{Type: "exception", Requester: "1002", Submit: true,
			Fields:    map[string]string{"provision": "10.1.2.ア.(2)", "measure": "再委託条項は次回更新で追加", "reason": "契約更新まで"},
			ValidFrom: day, ValidTo: day.AddDate(0, 3, 0)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.p.Decide(ctx, x.ID, store.Decision{Approve: true, Decider: "1005"}); err != nil {
			t.Fatal(err)
		}
		k.Exception = x.ID
		if k, err = w.db.CreateContract(ctx, con, k); err != nil {
			t.Fatalf("a contract under an exception: %v", err)
		}
		// Another 課 may neither change it nor take it.
		k.Unit = "112"
		_, err = w.db.UpdateContract(ctx, storetest.Keeps("112"), k)
		wantErr(t, err, kijun.EFORBIDDEN, "権限がありません")

		link := func(id, from, to string) contractors.Link {
			return contractors.Link{ID: id, Contract: "K-1", From: from, To: to, Part: "データ入力", State: contractors.LinkRequested}
		}
		if _, err := w.db.CreateLink(ctx, con, link("S-1", "A", "B")); err != nil {
			t.Fatal(err)
		}
		if _, err := w.db.CreateLink(ctx, con, link("S-2", "B", "C")); err != nil {
			t.Fatalf("a 再々委託: %v", err)
		}
		for _, tt := range []struct {
			l          contractors.Link
			field, say string
		}{
			{link("S-3", "C", "C"), contractors.FieldReceiver, "自らに"},
			{link("S-3", "C", "A"), contractors.FieldReceiver, "一周"},
			{link("S-3", "C", "B"), contractors.FieldReceiver, "一周"},
			{link("S-3", "X", "C"), contractors.FieldGiver, "連鎖にいません"},
		} {
			_, err := w.db.CreateLink(ctx, con, tt.l)
			if tt.l.From == "X" {
				wantField(t, err, tt.field, "登録されていません")
				continue
			}
			wantField(t, err, tt.field, tt.say)
		}
		_, err = w.db.CreateLink(ctx, storetest.Keeps("112"), link("S-3", "C", "A"))
		wantField(t, err, contractors.FieldContract, "権限がありません")
		// 10.1.4: a 再々委託 is refused until approved.
		s2, err := w.db.LinkEntry(ctx, "S-2")
		if err != nil {
			t.Fatal(err)
		}
		s2.State = contractors.LinkActive
		_, err = w.db.UpdateLink(ctx, con, s2)
		wantField(t, err, contractors.FieldPermit, "承認")
		r, err := w.p.File(ctx, store.Filing{Type: "subcontract", Requester: "1004", Submit: true,
			Fields:    map[string]string{"contract": "K-1", "link": "S-2", "receiver": "C", "part": "データ入力", "selection": "Pマーク取得を確認"},
			ValidFrom: day, ValidTo: day.AddDate(1, 0, 0)})
		if err != nil {
			t.Fatal(err)
		}
		if r.Unit != "111" {
			t.Fatalf("the approval is decided in %s, want the contract's 課 111", r.Unit)
		}
		s2.Permit = r.ID
		_, err = w.db.UpdateLink(ctx, con, s2)
		wantField(t, err, contractors.FieldPermit, "まだ承認されていません")
		if _, err := w.p.Decide(ctx, r.ID, store.Decision{Approve: true, Decider: "1003"}); err == nil {
			t.Fatal("another 課's 情報管理者 approved the 再委託")
		}
		if _, err := w.p.Decide(ctx, r.ID, store.Decision{Approve: true, Decider: "1002"}); err != nil {
			t.Fatal(err)
		}
		if s2, err = w.db.UpdateLink(ctx, con, s2); err != nil || s2.Version != 2 {
			t.Fatalf("the approved 再々委託: %+v, %v", s2, err)
		}
		// Staff belong to a contractor of the chain.
		st := contractors.Staff{ID: "P-1", Contract: "K-1", Name: "作業 太郎", Affiliation: "Z", Workplace: "本庁舎3階", From: day, To: day.AddDate(0, 6, 0)}
		_, err = w.db.CreateStaff(ctx, con, st)
		wantField(t, err, contractors.FieldAffiliation, "再委託先でもありません")
		st.Affiliation = "C"
		st.Checks = []contractors.IdentityCheck{{On: day, Checker: "1004", Shown: "社員証"}}
		if st, err = w.db.CreateStaff(ctx, con, st); err != nil || !st.CheckedBeforeWork() {
			t.Fatalf("staff of the sub-sub-contractor: %+v, %v", st, err)
		}
		got, err := w.db.ContractEntry(ctx, "K-1")
		if err != nil || len(got.Missing()) != 1 || got.Exception != x.ID {
			t.Fatalf("the contract read back: %+v, %v", got, err)
		}
		// 4.2オ(4): the highest class of what is entrusted; the asset names
		// the contracts that entrust it.
		if cls, err := w.db.EntrustedClass(ctx, "K-1"); err != nil || cls.Confidentiality != 3 || cls.Assets != 2 {
			t.Fatalf("the class entrusted: %+v, %v; want 機密性3 over 2 assets", cls, err)
		}
		if ks, err := w.db.ContractsEntrusting(ctx, "asset", "A-1"); err != nil || len(ks) != 1 || ks[0].ID != "K-1" {
			t.Fatalf("the contracts entrusting A-1: %+v, %v", ks, err)
		}
		checkChainFacts(t, w, day)
	})
}

// The continuous checks see the chain: a 再委託 found without approval is
// a finding that names the whole chain; the approved 再々委託 and the
// contract in force under its exception are not; the contractor's
// missing selection check is. A re-check of one link reads that link.
func checkChainFacts(t *testing.T, w *permitsWorld, day time.Time) {
	ctx := context.Background()
	s1, err := w.db.LinkEntry(ctx, "S-1")
	if err != nil {
		t.Fatal(err)
	}
	s1.State = contractors.LinkFound
	if _, err := w.db.UpdateLink(ctx, registers.Console(), s1); err != nil {
		t.Fatal(err)
	}
	f, err := w.db.ComplianceFacts(ctx, day, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Contracts) != 1 || !f.Contracts[0].InForce || f.Contracts[0].Missing != "ア(2)" || !f.Contracts[0].Excepted || f.Contracts[0].Selected {
		t.Fatalf("the contract's facts: %+v", f.Contracts)
	}
	if f.Contracts[0].Unchecked != "" || f.Contracts[0].Untrained != "作業 太郎" {
		t.Fatalf("the staff's facts: unchecked %q, untrained %q; want none and 作業 太郎", f.Contracts[0].Unchecked, f.Contracts[0].Untrained)
	}
	if len(f.Links) != 2 || f.Links[1].Chain != "市 → 株式会社エー → ビー株式会社 → シー有限会社" || f.Links[1].Depth != 2 || !f.Links[1].Approved {
		t.Fatalf("the links' facts: %+v", f.Links)
	}
	rs, err := compliance.Default()
	if err != nil {
		t.Fatal(err)
	}
	found, err := rs.Check(f)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, fd := range found {
		if fd.Kind == compliance.KindContract || fd.Kind == compliance.KindLink {
			got = append(got, fd.Rule+" "+fd.Subject+" "+fd.Detail)
		}
	}
	want := []string{
		"contract.selection contract:K-1 株式会社エー",
		"subcontract.unapproved subcontract:S-1 市 → 株式会社エー → ビー株式会社",
		"contract.staff-training contract:K-1 作業 太郎",
		"subcontract.selection subcontract:S-1 市 → 株式会社エー → ビー株式会社",
		"subcontract.selection subcontract:S-2 市 → 株式会社エー → ビー株式会社 → シー有限会社",
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("findings of the chain:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	one, err := w.db.ComplianceFacts(ctx, day, store.FactsScope{"subcontract:S-1"})
	if err != nil || len(one.Links) != 1 || one.Links[0].ID != "S-1" || len(one.Contracts) != 0 || one.Links[0].State != "found" {
		t.Fatalf("a re-check of S-1 reads %+v and %d contracts, %v", one.Links, len(one.Contracts), err)
	}
}
