package web

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kijun/internal/auth"
	"kijun/internal/catalog"
	"kijun/internal/catalog/align"
	"kijun/internal/catalog/convert"
	"kijun/internal/kijun"
	"kijun/internal/registers"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// With the city's 訓令 in force and its alignment confirmed, the permit
// types, the self-check questions and the statement of applicability cite
// the city's articles with Kobe's provision in brackets, and the statement
// lists the gaps of the city's standard and its own articles.
func TestPagesThroughTheCitysStandard(t *testing.T) {
	db := storetest.Open(t, filepath.Join(t.TempDir(), "kijun.db"), store.Options{})
	ts, _ := startServer(t, db)
	ctx := kijun.WithActor(context.Background(), kijun.Actor{ID: "ciso-office"})
	city := alignCity(t, db)
	office := registers.Console()
	// 第30条 (機器の改造) carries 6.4.3 and 第29条 (ソフトウェアの導入) 8.1.5 here.
	for pid, to := range map[string]string{"第30条": "6.4.3", "第29条": "8.1.5"} {
		if _, err := db.DecideAlignment(ctx, office, city.Key, city.Edition, pid, "kobe-kijun",
			store.AlignmentDecision{Action: "add", To: to, Relationship: "intersects-with"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.SetSetting(ctx, store.DefaultCatalogSetting, "asahi-kijun@"+city.Edition); err != nil {
		t.Fatal(err)
	}
	admin := signedIn(t, db, ts.URL, auth.Account{ID: "admin-through", DisplayName: "管理者", Admin: true})
	for _, tt := range []struct{ path, want string }{
		{"/selfcheck/questions", "第30条［6.4.3］"},
		{"/catalog/soa", `id="soa-gaps"`},
		{"/catalog/soa", `id="soa-own"`},
		{"/catalog/soa", "［6.4.3］"},
		{"/catalog/soa", `href="/catalog/kobe-kijun/5.5/p/7"`},
		{"/catalog/soa", `href="/catalog/asahi-kijun/1.0/p/%E7%AC%AC30%E6%9D%A1"`},
	} {
		status, body := admin.get(tt.path)
		if status != 200 || !strings.Contains(body, tt.want) {
			t.Errorf("GET %s: %d, want %s in it", tt.path, status, tt.want)
		}
	}
	status, body := admin.get("/permits/new")
	if status != 200 || !strings.Contains(body, "［") {
		t.Errorf("GET /permits/new: %d, no clause cited through the alignment", status)
	}
}

// alignCity loads the demo city's 訓令 (testdata/asahi-kijun.txt),
// converted, and confirms every alignment proposed for it with Kobe's
// standard, as the CISO's office would; it is put in force by the caller.
func alignCity(t *testing.T, db *store.DB) *catalog.Catalog {
	t.Helper()
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
	office := registers.Console()
	if err := db.SaveAlignmentProposals(ctx, office, city.Key, city.Edition, ref.Key, ref.Edition, props); err != nil {
		t.Fatal(err)
	}
	for _, p := range props {
		if len(p.Candidates) > 0 {
			if _, err := db.DecideAlignment(ctx, office, city.Key, city.Edition, p.From, ref.Key, store.AlignmentDecision{Action: "accept"}); err != nil {
				t.Fatal(err)
			}
		}
	}
	return city
}
