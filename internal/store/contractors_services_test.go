package store_test

import (
	"context"
	"testing"
	"time"

	"kijun/internal/compliance"
	"kijun/internal/contractors"
	"kijun/internal/kijun"
	"kijun/internal/registers"
	"kijun/internal/store"
)

// The register of 外部サービス (10.2) refuses bad input beside the field,
// writing nothing; only the 課 that owns a service writes it, before and
// after; and the continuous checks find a 約款 service holding 機密性3 and
// 機密性2 on a service whose ISMAP registration has lapsed.
func TestExternalServiceRegister(t *testing.T) {
	eachPermits(t, func(t *testing.T, w *permitsWorld) {
		ctx := context.Background()
		con := registers.Console()
		rs, err := compliance.Default()
		if err != nil {
			t.Fatal(err)
		}
		findings := func(scope store.FactsScope) []compliance.Finding {
			t.Helper()
			f, err := w.db.ComplianceFacts(ctx, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), scope)
			if err != nil {
				t.Fatal(err)
			}
			got, err := rs.Check(f)
			if err != nil {
				t.Fatal(err)
			}
			var out []compliance.Finding
			for _, g := range got {
				if g.Subject == "external_service:X-1" {
					out = append(out, g)
				}
			}
			return out
		}
		es := contractors.ExternalService{ID: "X-1", Name: "ファイル共有", Provider: "Example Inc.", Kind: "", Unit: "111", Assets: []string{"A-3"}}
		_, err = w.db.CreateExternalService(ctx, con, es)
		wantField(t, err, contractors.FieldServiceKind, "約款か契約か")
		es.Kind, es.Assets = contractors.ServiceTerms, []string{"A-3", "NONE"}
		_, err = w.db.CreateExternalService(ctx, con, es)
		wantField(t, err, contractors.FieldAssets, "NONE")
		es.Assets, es.Contractor = []string{"A-3"}, "NOBODY"
		_, err = w.db.CreateExternalService(ctx, con, es)
		wantField(t, err, contractors.FieldContractor, "NOBODY")
		es.Contractor = ""
		// 8.2.1ア: another 課 cannot register it for 111.
		_, err = w.db.CreateExternalService(ctx, opsGate{units: []string{"110"}}, es)
		wantField(t, err, contractors.FieldUnit, "権限")
		if _, n, err := w.db.ListExternalServices(ctx, store.ServiceFilter{}); err != nil || n != 0 {
			t.Fatalf("after refusals: %d services, %v; want none", n, err)
		}

		saved, err := w.db.CreateExternalService(ctx, opsGate{units: []string{"111"}}, es)
		if err != nil {
			t.Fatal(err)
		}
		list, n, err := w.db.ListExternalServices(ctx, store.ServiceFilter{Units: []string{"111"}, Q: "ファイル"})
		if err != nil || n != 1 || list[0].Confidentiality != 3 {
			t.Fatalf("list: %+v (%d), %v; want X-1 holding 機密性3", list, n, err)
		}
		recs, err := w.db.Records(ctx, store.RecordFilter{Entity: "external_service", EntityID: "X-1"})
		if err != nil || len(recs) != 1 || recs[0].Action != "external_service.create" {
			t.Fatalf("ledger: %+v, %v; want one external_service.create", recs, err)
		}
		// 10.2: a 約款 service holds 機密性3, whether the city is read whole
		// or the service alone.
		for _, scope := range []store.FactsScope{nil, {"external_service:X-1"}} {
			if got := findings(scope); len(got) != 1 || got[0].Rule != "service.terms-class3" || got[0].Provision != "10.2" || got[0].Detail != "機密性3：A-3" {
				t.Fatalf("scope %v: found %+v, want service.terms-class3 naming A-3", scope, got)
			}
		}

		// The 課 before: 110 cannot change 111's service.
		saved.Kind, saved.Assets = contractors.ServiceContract, []string{"A-1", "A-2"}
		saved.ISMAPNumber, saved.ISMAPExpires = "C22-0001-1", time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)
		if _, err := w.db.UpdateExternalService(ctx, opsGate{units: []string{"110"}}, saved); kijun.ErrorCode(err) != kijun.EFORBIDDEN {
			t.Fatalf("update by another 課: %v, want EFORBIDDEN", err)
		}
		// The 課 after: 111 cannot hand it to 110.
		moved := saved
		moved.Unit = "110"
		_, err = w.db.UpdateExternalService(ctx, opsGate{units: []string{"111"}}, moved)
		wantField(t, err, contractors.FieldUnit, "権限")
		if saved, err = w.db.UpdateExternalService(ctx, opsGate{units: []string{"111"}}, saved); err != nil {
			t.Fatal(err)
		}
		got := findings(store.FactsScope{"external_service:X-1"})
		want := "機密性2：A-1、A-2（ISMAP C22-0001-1 は 2026-03-31 に期限切れ）"
		if len(got) != 1 || got[0].Rule != "service.no-ismap" || got[0].Detail != want {
			t.Fatalf("found %+v, want service.no-ismap with %q", got, want)
		}
		// A stale version is a conflict; a renewed registration clears it.
		stale := saved
		stale.Version--
		if _, err := w.db.UpdateExternalService(ctx, con, stale); kijun.ErrorCode(err) != kijun.ECONFLICT {
			t.Fatalf("stale update: %v, want ECONFLICT", err)
		}
		saved.ISMAPExpires = time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC)
		if _, err := w.db.UpdateExternalService(ctx, con, saved); err != nil {
			t.Fatal(err)
		}
		if got := findings(nil); len(got) != 0 {
			t.Fatalf("found %+v, want none once ISMAP is renewed", got)
		}
		back, err := w.db.ExternalServiceEntry(ctx, "X-1")
		if err != nil || back.Version != 3 || len(back.Assets) != 2 || !back.ISMAPValid(time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)) {
			t.Fatalf("entry: %+v, %v", back, err)
		}
	})
}
