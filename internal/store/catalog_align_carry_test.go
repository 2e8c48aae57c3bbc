package store_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"kijun/internal/catalog/align"
	"kijun/internal/catalog/convert"
	"kijun/internal/kijun"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// The city's next edition takes the decisions on its alignment where a
// provision's text is unchanged; a provision whose text changed is left
// proposed for review again; a person outside the CISO's office cannot
// carry, and an edition not loaded is named.
func TestCarryAlignments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := kijun.WithActor(context.Background(), kijun.Actor{ID: "ciso-office"})
		if _, err := db.EnsureDefaultCatalog(ctx); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile("../catalog/convert/testdata/asahi-kijun.txt")
		if err != nil {
			t.Fatal(err)
		}
		v1, _, err := convert.Convert(data, convert.Options{Key: "asahi-kijun"})
		if err != nil {
			t.Fatal(err)
		}
		next := strings.Replace(string(data), "職員等の認証情報を厳重に管理しなければならない。", "職員等の認証情報を暗号化して厳重に管理しなければならない。", 1)
		v2, _, err := convert.Convert([]byte(next), convert.Options{Key: "asahi-kijun", Edition: "2.0"})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.LoadCatalog(ctx, v1, "kijun"); err != nil {
			t.Fatal(err)
		}
		ref, err := db.Catalog(ctx, "kobe-kijun", "5.5")
		if err != nil {
			t.Fatal(err)
		}
		props := align.Align(v1, ref, align.Options{Normalize: convert.DefaultRoles().Canonical})
		if err := db.SaveAlignmentProposals(ctx, alignOffice(true), "asahi-kijun", v1.Edition, "kobe-kijun", "5.5", props); err != nil {
			t.Fatal(err)
		}
		for _, pid := range []string{"第34条", "第36条"} {
			if _, err := db.DecideAlignment(ctx, alignOffice(true), "asahi-kijun", v1.Edition, pid, "kobe-kijun", store.AlignmentDecision{Action: "accept"}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := db.CarryAlignments(ctx, alignOffice(true), "asahi-kijun", v1.Edition, "2.0", "kobe-kijun", []string{"第36条"}); kijun.ErrorCode(err) != kijun.ENOTFOUND {
			t.Errorf("carried to an edition not loaded: %v", err)
		}
		if _, _, err := db.LoadCatalog(ctx, v2, "kijun"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.CarryAlignments(ctx, alignOffice(false), "asahi-kijun", v1.Edition, "2.0", "kobe-kijun", []string{"第36条"}); kijun.ErrorCode(err) != kijun.EFORBIDDEN {
			t.Errorf("carried by a person outside the CISO's office: %v", err)
		}
		// 第34条's text changed, so only 第36条 is unchanged among the two decided.
		n, err := db.CarryAlignments(ctx, alignOffice(true), "asahi-kijun", v1.Edition, "2.0", "kobe-kijun", []string{"第1条", "第36条"})
		if err != nil || n != 1 {
			t.Fatalf("carried %d, %v; want 1 (第36条; 第1条 was never decided)", n, err)
		}
		props2 := align.Align(v2, ref, align.Options{Normalize: convert.DefaultRoles().Canonical})
		if err := db.SaveAlignmentProposals(ctx, alignOffice(true), "asahi-kijun", "2.0", "kobe-kijun", "5.5", props2); err != nil {
			t.Fatal(err)
		}
		list, err := db.Alignments(ctx, "asahi-kijun", "2.0", "kobe-kijun")
		if err != nil {
			t.Fatal(err)
		}
		status := map[string]store.Alignment{}
		for _, a := range list {
			status[a.FromPID] = a
		}
		if a := status["第36条"]; a.Status != store.AlignAccepted || a.DecidedBy != "ciso-office" {
			t.Errorf("第36条 in 2.0: %+v, want accepted as in 1.0", a)
		}
		if a := status["第34条"]; a.Status != store.AlignProposed {
			t.Errorf("第34条 in 2.0, whose text changed: %s, want proposed for review again", a.Status)
		}
		if got := list[len(list)-1].FromPID; status[got].Status == store.AlignProposed {
			t.Errorf("the review list does not put the decided last: %s", got)
		}
	})
}
