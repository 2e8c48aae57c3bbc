package store_test

import (
	"context"
	"os"
	"testing"

	"kijun/internal/catalog/align"
	"kijun/internal/catalog/convert"
	"kijun/internal/kijun"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

type alignOffice bool

func (c alignOffice) City() bool { return bool(c) }

// The CISO's office reviews the proposed alignment of a city's own
// standard: accept, reject, change and add write confirmed catalog
// mappings with who and when, each with a ledger record; a person outside
// the office cannot, and an alignment to a provision the reference does
// not have is refused with nothing written.
func TestAlignmentReview(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := kijun.WithActor(context.Background(), kijun.Actor{ID: "ciso-office"})
		if _, err := db.EnsureDefaultCatalog(ctx); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile("../catalog/convert/testdata/asahi-kijun.txt")
		if err != nil {
			t.Fatal(err)
		}
		city, _, err := convert.Convert(data, convert.Options{Key: "asahi-kijun"})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.LoadCatalog(ctx, city, "kijun"); err != nil {
			t.Fatal(err)
		}
		ref, err := db.Catalog(ctx, "kobe-kijun", "5.5")
		if err != nil {
			t.Fatal(err)
		}
		props := align.Align(city, ref, align.Options{Normalize: convert.DefaultRoles().Canonical})
		if err := db.SaveAlignmentProposals(ctx, alignOffice(false), "asahi-kijun", city.Edition, "kobe-kijun", "5.5", props); kijun.ErrorCode(err) != kijun.EFORBIDDEN {
			t.Fatalf("proposals saved by a person outside the CISO's office: %v", err)
		}
		if err := db.SaveAlignmentProposals(ctx, alignOffice(true), "asahi-kijun", city.Edition, "kobe-kijun", "5.5", props); err != nil {
			t.Fatal(err)
		}
		list, err := db.Alignments(ctx, "asahi-kijun", city.Edition, "kobe-kijun")
		if err != nil || len(list) != len(props) {
			t.Fatalf("alignments: %d, %v; want %d", len(list), err, len(props))
		}
		for i := 1; i < len(list); i++ {
			if list[i].Doubt > list[i-1].Doubt {
				t.Fatalf("review list not sorted by doubt at %d: %v after %v", i, list[i].Doubt, list[i-1].Doubt)
			}
		}
		head, _, _ := db.Head(ctx)
		a, err := db.DecideAlignment(ctx, alignOffice(true), "asahi-kijun", city.Edition, "第34条", "kobe-kijun", store.AlignmentDecision{Action: "accept"})
		if err != nil {
			t.Fatal(err)
		}
		if a.Status != store.AlignAccepted || len(a.Confirmed) != 1 || a.Confirmed[0].To != "8.2.6" || a.Confirmed[0].By != "ciso-office" || a.Confirmed[0].At == "" {
			t.Errorf("accepted: %+v", a)
		}
		if _, err := db.DecideAlignment(ctx, alignOffice(true), "asahi-kijun", city.Edition, "第34条", "kobe-kijun",
			store.AlignmentDecision{Action: "add", To: "8.2.6.エ", Relationship: "superset-of"}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.DecideAlignment(ctx, alignOffice(true), "asahi-kijun", city.Edition, "第3条", "kobe-kijun",
			store.AlignmentDecision{Action: "change", To: "3.1.1", Relationship: "equivalent"}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.DecideAlignment(ctx, alignOffice(true), "asahi-kijun", city.Edition, "第1条", "kobe-kijun", store.AlignmentDecision{Action: "reject"}); err != nil {
			t.Fatal(err)
		}
		_, err = db.DecideAlignment(ctx, alignOffice(true), "asahi-kijun", city.Edition, "第2条", "kobe-kijun",
			store.AlignmentDecision{Action: "change", To: "99.9", Relationship: "equivalent"})
		if kijun.ErrorCode(err) != kijun.EINVALID {
			t.Errorf("alignment to a missing provision: %v, want EINVALID", err)
		}
		if _, err := db.DecideAlignment(ctx, alignOffice(false), "asahi-kijun", city.Edition, "第2条", "kobe-kijun", store.AlignmentDecision{Action: "accept"}); kijun.ErrorCode(err) != kijun.EFORBIDDEN {
			t.Errorf("decision by a person outside the office: %v, want EFORBIDDEN", err)
		}
		got, err := db.ConfirmedAlignments(ctx, "asahi-kijun", "kobe-kijun")
		if err != nil {
			t.Fatal(err)
		}
		if len(got["第34条"]) != 2 || len(got["第3条"]) != 1 || got["第3条"][0].To != "3.1.1" || len(got["第1条"]) != 0 || len(got["第2条"]) != 0 {
			t.Errorf("confirmed: %+v", got)
		}
		if after, _, _ := db.Head(ctx); after != head+4 {
			t.Errorf("ledger records for 4 decisions: %d", after-head)
		}
		// Proposing again keeps the decisions.
		if err := db.SaveAlignmentProposals(ctx, alignOffice(true), "asahi-kijun", city.Edition, "kobe-kijun", "5.5", props); err != nil {
			t.Fatal(err)
		}
		list, _ = db.Alignments(ctx, "asahi-kijun", city.Edition, "kobe-kijun")
		decided := 0
		for _, a := range list {
			if a.Status != store.AlignProposed {
				decided++
			}
		}
		if decided != 3 {
			t.Errorf("decided after proposing again: %d, want 3", decided)
		}
	})
}
