package store_test

import (
	"context"
	"testing"
	"time"

	"kijun/internal/contractors"
	"kijun/internal/kijun"
	"kijun/internal/registers"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// A contract ends only once every asset it entrusted is returned or
// disposed of with a certificate (10.1.2ア(8)): the refusal names each
// asset still out, a disposal without its certificate is refused beside
// the field, and only the contract's 課 records them.
func TestContractClosing(t *testing.T) {
	eachPermits(t, func(t *testing.T, w *permitsWorld) {
		ctx := context.Background()
		con := registers.Console()
		if _, err := w.db.CreateContractor(ctx, con, firm("A", "株式会社エー", "")); err != nil {
			t.Fatal(err)
		}
		from := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
		k, err := w.db.CreateContract(ctx, con, contractors.Contract{ID: "K-1", Name: "住民記録システム保守", Unit: "111", Contractor: "A",
			From: from, To: from.AddDate(1, 0, -1), State: contractors.StateActive, Articles: allArticles(), Assets: []string{"A-1", "A-3"}})
		if err != nil {
			t.Fatal(err)
		}
		// Ended at once, registered so: refused too, for the same reason.
		_, err = w.db.CreateContract(ctx, con, contractors.Contract{ID: "K-2", Name: "旧保守", Unit: "111", Contractor: "A",
			From: from, To: from.AddDate(1, 0, -1), State: contractors.StateEnded, Articles: allArticles(), Assets: []string{"A-2"}})
		wantField(t, err, contractors.FieldState, "A-2")

		end := func() error {
			c, err := w.db.ContractEntry(ctx, "K-1")
			if err != nil {
				t.Fatal(err)
			}
			c.State = contractors.StateEnded
			_, err = w.db.UpdateContract(ctx, con, c)
			return err
		}
		wantField(t, end(), contractors.FieldState, "A-1、A-3")
		// Dropping the asset from the list while closing does not let it go.
		k.State, k.Assets = contractors.StateEnded, nil
		_, err = w.db.UpdateContract(ctx, con, k)
		wantField(t, err, contractors.FieldState, "A-1、A-3")

		day := time.Date(2026, 5, 30, 0, 0, 0, 0, time.UTC)
		ret := contractors.Return{Contract: "K-1", Asset: "A-3", Outcome: contractors.OutcomeDisposed, On: day}
		for _, tt := range []struct {
			r           contractors.Return
			field, want string
		}{
			{ret, contractors.FieldCertificate, "廃棄証明書"},
			{contractors.Return{Contract: "K-1", Asset: "A-2", Outcome: contractors.OutcomeReturned, On: day}, contractors.FieldAsset, "委託していません"},
			{contractors.Return{Contract: "K-1", Asset: "A-1", Outcome: "lost", On: day}, contractors.FieldOutcome, "返還か廃棄"},
		} {
			_, err := w.db.RecordReturn(ctx, con, tt.r)
			wantField(t, err, tt.field, tt.want)
		}
		ret.Certificate = "廃棄証明書 第 12 号"
		_, err = w.db.RecordReturn(ctx, storetest.Keeps("112"), ret)
		wantErr(t, err, kijun.EFORBIDDEN, "権限がありません")
		if _, err := w.db.RecordReturn(ctx, con, ret); err != nil {
			t.Fatal(err)
		}
		_, err = w.db.RecordReturn(ctx, con, ret)
		wantField(t, err, contractors.FieldAsset, "記録済み")
		wantField(t, end(), contractors.FieldState, "A-1 ")
		if _, err := w.db.RecordReturn(ctx, con, contractors.Return{Contract: "K-1", Asset: "A-1", Outcome: contractors.OutcomeReturned, On: day}); err != nil {
			t.Fatal(err)
		}
		if err := end(); err != nil {
			t.Fatalf("every asset accounted for: %v", err)
		}
		// The disposal permit names the contract it is done under, which
		// must be in the register.
		dispose := store.Filing{Type: "dispose", Requester: "1004", Submit: true,
			Fields: map[string]string{"asset": "A-2", "kind": "廃棄", "planned_method": "焼却", "contract": "K-9"}}
		_, err = w.p.File(ctx, dispose)
		wantField(t, err, "contract", "K-9")
		dispose.Fields["contract"] = "K-1"
		if _, err := w.p.File(ctx, dispose); err != nil {
			t.Fatalf("a disposal naming its contract: %v", err)
		}
		got, err := w.db.ContractReturns(ctx, "K-1")
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[1].Certificate != "廃棄証明書 第 12 号" || got[0].Outcome != contractors.OutcomeReturned {
			t.Fatalf("got returns %+v, want A-1 returned and A-3 disposed with its certificate", got)
		}
	})
}
