package store_test

import (
	"context"
	"os"
	"slices"
	"testing"

	"kijun/internal/catalog/align"
	"kijun/internal/catalog/convert"
	"kijun/internal/kijun"
	"kijun/internal/selfcheck"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// With a city's own standard, the self-check questions Kijun proposes
// include the curated ones whose reference provision its confirmed
// alignment carries, and a question may cite such a provision; one under
// a gap of the city's standard is refused.
func TestSelfcheckQuestionsThroughAlignment(t *testing.T) {
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
		keys := func() []string {
			qs, _, err := db.SelfcheckQuestions(ctx, city)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, q := range qs {
				out = append(out, q.Key)
			}
			return out
		}
		if slices.Contains(keys(), "6.4.3.media") {
			t.Fatalf("a question of 6.4.3 before any alignment is confirmed")
		}
		ref, err := db.Catalog(ctx, "kobe-kijun", "5.5")
		if err != nil {
			t.Fatal(err)
		}
		props := align.Align(city, ref, align.Options{Normalize: convert.DefaultRoles().Canonical})
		if err := db.SaveAlignmentProposals(ctx, alignOffice(true), city.Key, city.Edition, ref.Key, ref.Edition, props); err != nil {
			t.Fatal(err)
		}
		// The CISO's office aligns 第30条 (機器の改造) with 6.4.3 for the test.
		if _, err := db.DecideAlignment(ctx, alignOffice(true), city.Key, city.Edition, "第30条", ref.Key,
			store.AlignmentDecision{Action: "change", To: "6.4.3", Relationship: "intersects-with"}); err != nil {
			t.Fatal(err)
		}
		got := keys()
		if !slices.Contains(got, "6.4.3.media") || !slices.Contains(got, "6.4.3.devices") || slices.Contains(got, "6.4.4.mobile") {
			t.Errorf("questions through the alignment: %v; want 6.4.3's and not 6.4.4's", got)
		}
		never := func(string) bool { return true }
		q := selfcheck.Question{Key: "city.encrypt", Provision: "6.4.3", Audience: selfcheck.Unit, Text: "暗号化していますか。"}
		if err := db.SaveSelfcheckQuestion(ctx, "", city, q, false, never); err != nil {
			t.Errorf("a question citing 6.4.3, which 第30条 carries: %v", err)
		}
		q.Key, q.Provision = "city.incident", "7.3.1"
		if err := db.SaveSelfcheckQuestion(ctx, "", city, q, false, never); kijun.ErrorCode(err) != kijun.EINVALID {
			t.Errorf("a question citing 7.3.1, a gap of the city's standard: %v, want refused", err)
		}
	})
}
