package monitor_test

import (
	"context"
	"os"
	"regexp"
	"strings"
	"testing"

	"kijun/internal/catalog/align"
	"kijun/internal/catalog/convert"
	"kijun/internal/compliance/monitor"
	"kijun/internal/kijun"
	"kijun/internal/registers"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// The demo city puts its own 訓令 in force: converted from its text,
// aligned with Kobe's standard and every proposal accepted by the CISO's
// office. The checks, which cite Kobe's provisions, then report findings
// citing the city's articles with Kobe's provision in brackets, and only
// those whose provision the city's standard carries.
func TestChecksFollowTheCitysStandard(t *testing.T) {
	db := storetest.Open(t, t.TempDir()+"/kijun.db", store.Options{})
	ctx := kijun.WithActor(context.Background(), kijun.Actor{ID: "ciso-office"})
	smallDemo(t, db)
	before, err := monitor.New(db).Evaluate(ctx, db.Now())
	if err != nil {
		t.Fatal(err)
	}

	data, err := os.ReadFile("../../catalog/convert/testdata/asahi-kijun.txt")
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
	office := registers.Console()
	if err := db.SaveAlignmentProposals(ctx, office, "asahi-kijun", city.Edition, "kobe-kijun", "5.5", props); err != nil {
		t.Fatal(err)
	}
	for _, p := range props {
		if len(p.Candidates) == 0 {
			continue
		}
		if _, err := db.DecideAlignment(ctx, office, "asahi-kijun", city.Edition, p.From, "kobe-kijun", store.AlignmentDecision{Action: "accept"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.SetSetting(ctx, store.DefaultCatalogSetting, "asahi-kijun@"+city.Edition); err != nil {
		t.Fatal(err)
	}

	after, err := monitor.New(db).Evaluate(ctx, db.Now())
	if err != nil {
		t.Fatal(err)
	}
	if len(after.Findings) == 0 {
		t.Fatalf("no findings with the city's standard in force (%d with Kobe's)", len(before.Findings))
	}
	cited := regexp.MustCompile(`^第\d+条[^［]*［[0-9.]+[^］]*］$`)
	chapters := map[string]bool{}
	for _, f := range after.Findings {
		if !cited.MatchString(f.Provision) {
			t.Errorf("finding %s on %s cites %q, want the city's article with Kobe's provision in brackets", f.Rule, f.Subject, f.Provision)
			continue
		}
		ref := f.Provision[strings.Index(f.Provision, "［")+len("［") : len(f.Provision)-len("］")]
		chapters[strings.SplitN(ref, ".", 2)[0]] = true
	}
	// The 訓令 covers chapters 1–3, 5 and 8 of Kobe's standard, not 4, 6,
	// 7 or 9–11: findings under those are gaps of the city's standard.
	for ch := range chapters {
		if ch != "3" && ch != "5" && ch != "8" && ch != "1" && ch != "2" {
			t.Errorf("a finding under chapter %s, which the city's standard does not have", ch)
		}
	}
	if len(after.Findings) >= len(before.Findings) {
		t.Errorf("findings: %d with the city's standard, %d with Kobe's; want fewer (gaps do not apply)", len(after.Findings), len(before.Findings))
	}
	t.Logf("%d findings with Kobe's standard, %d through the city's, e.g. %s: %s", len(before.Findings), len(after.Findings), after.Findings[0].Provision, after.Findings[0].Message)
}
