package store_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"kijun/internal/catalog"
	"kijun/internal/catalog/oscal"
	"kijun/internal/kijun"
	"kijun/internal/sharedtest"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

func TestCatalogLoadIsIdempotentAndRecorded(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		info, err := db.EnsureDefaultCatalog(ctx)
		if err != nil {
			t.Fatal(err)
		}
		c, _ := catalog.Default()
		if info.Ref() != "kobe-kijun@5.5" || info.Provisions != len(c.Provisions) {
			t.Fatalf("loaded %s with %d provisions, want kobe-kijun@5.5 with %d", info.Ref(), info.Provisions, len(c.Provisions))
		}
		head, _, _ := db.Head(ctx)
		if _, err := db.EnsureDefaultCatalog(ctx); err != nil {
			t.Fatal(err)
		}
		if again, _, _ := db.Head(ctx); again != head {
			t.Errorf("loading the same catalog again wrote %d records", again-head)
		}
		got, err := db.Catalog(ctx, "kobe-kijun", "5.5")
		if err != nil {
			t.Fatal(err)
		}
		if d := catalog.Diff(c, got); len(d) != 0 {
			t.Errorf("stored catalog differs from the loaded one: %v", d[0])
		}
		// A changed edition replaces the provisions, recorded.
		c.Provisions[10].Text += "（改正）"
		_, changed, err := db.LoadCatalog(ctx, c, "kijun")
		if err != nil || !changed {
			t.Fatalf("reload changed catalog: changed %v, %v", changed, err)
		}
		recs, _ := db.Records(ctx, store.RecordFilter{Entity: "catalog", Limit: 5})
		if len(recs) < 2 || recs[0].Action != "catalog.replace" || recs[1].Action != "catalog.load" {
			t.Errorf("catalog records = %v, want catalog.replace after catalog.load", recs)
		}
		v, err := db.Provision(ctx, "kobe-kijun", "5.5", c.Provisions[10].ID)
		if err != nil || !strings.HasSuffix(v.Provision.Text, "（改正）") {
			t.Errorf("provision after replace: %v, %v", v, err)
		}
	})
}

func TestProvisionViewAndSearch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := db.EnsureDefaultCatalog(ctx); err != nil {
			t.Fatal(err)
		}
		v, err := db.Provision(ctx, "kobe-kijun", "5.5", "4.2")
		if err != nil {
			t.Fatal(err)
		}
		if len(v.Ancestors) != 1 || v.Ancestors[0].ID != "4" {
			t.Errorf("ancestors of 4.2 = %v, want chapter 4", v.Ancestors)
		}
		var ids []string
		for _, d := range v.Descendants {
			ids = append(ids, d.ID)
		}
		joined := strings.Join(ids, " ")
		if !strings.HasPrefix(joined, "4.2.ア 4.2.ア.(1) 4.2.ア.(2) 4.2.ア.(3) 4.2.イ") || !strings.Contains(joined, "4.2.ケ.(3)") {
			t.Errorf("descendants of 4.2 = %s, want 4.2.ア, its sub-items, 4.2.イ ... 4.2.ケ.(3) in order", joined)
		}
		if v.Prev != "4.1" || v.Next != "4.3" {
			t.Errorf("neighbours of 4.2 = %q, %q, want 4.1 and 4.3", v.Prev, v.Next)
		}
		if _, err := db.Provision(ctx, "kobe-kijun", "5.5", "99.9"); kijun.ErrorCode(err) != kijun.ENOTFOUND {
			t.Errorf("missing provision: %v, want not found", err)
		}
		tests := []struct {
			q       string
			want    string // an ID that must be found
			notWant string
		}{
			{"パスワード", "8.2.6.ウ", ""},
			{"認証", "6.4.2.イ", ""},                 // two kanji inside 多要素認証
			{"ﾊﾟｽﾜｰﾄﾞ", "7.4.3.ア", ""},            // half-width kana
			{"ＬＧＷＡＮ", "5.2.ア", ""},                // full-width Latin
			{"無線 マイナンバー", "8.1.15.イ", "8.1.15.ア"}, // every word must be there
			{"8.2.6", "8.2.6", ""},
		}
		for _, tt := range tests {
			hits, err := db.SearchProvisions(ctx, tt.q, "", 200)
			if err != nil {
				t.Fatalf("search %q: %v", tt.q, err)
			}
			found := map[string]bool{}
			for _, h := range hits {
				found[h.Provision.ID] = true
			}
			if !found[tt.want] {
				t.Errorf("search %q: %d hits without %s", tt.q, len(hits), tt.want)
			}
			if tt.notWant != "" && found[tt.notWant] {
				t.Errorf("search %q found %s, which lacks a word", tt.q, tt.notWant)
			}
		}
		if _, err := db.SearchProvisions(ctx, "  ", "", 10); kijun.ErrorCode(err) != kijun.EINVALID {
			t.Errorf("empty search: %v, want invalid", err)
		}
		if hits, _ := db.SearchProvisions(ctx, "100%_", "", 10); len(hits) != 0 {
			t.Errorf("LIKE wildcards in a query matched %d provisions", len(hits))
		}
	})
}

func loadNIST(t testing.TB) *catalog.Catalog {
	t.Helper()
	path := sharedtest.File(t, "", "oscal/NIST_SP-800-53_rev5_LOW-baseline-resolved-profile_catalog.json")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	nist, err := oscal.Import(path, data)
	if err != nil {
		t.Fatal(err)
	}
	nist.Key = "nist-sp800-53r5"
	return nist
}

// NIST's catalog imports beside the city's, and a mapping shows on both ends.
func TestNISTImportAndMappings(t *testing.T) {
	nist := loadNIST(t)
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := db.EnsureDefaultCatalog(ctx); err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.LoadCatalog(ctx, nist, "oscal"); err != nil {
			t.Fatal(err)
		}
		v, err := db.Provision(ctx, "kobe-kijun", "5.5", "8.2.5")
		if err != nil {
			t.Fatal(err)
		}
		var toAC7 *store.MappingView
		for i := range v.Mappings {
			if v.Mappings[i].OtherPID == "ac-7" {
				toAC7 = &v.Mappings[i]
			}
		}
		if toAC7 == nil || !toAC7.Outgoing || toAC7.Loaded == "" || toAC7.Title == "" {
			t.Fatalf("8.2.5 mappings = %+v, want one to a loaded ac-7 with its title", v.Mappings)
		}
		back, err := db.Provision(ctx, "nist-sp800-53r5", nist.Edition, toAC7.LinkPID)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, m := range back.Mappings {
			found = found || (!m.Outgoing && m.Other == "kobe-kijun" && m.OtherPID == "8.2.5")
		}
		if !found {
			t.Errorf("ac-7 does not show the mapping from kobe-kijun 8.2.5: %+v", back.Mappings)
		}
		ac1, err := db.Provision(ctx, "nist-sp800-53r5", nist.Edition, "AC-1")
		if err != nil {
			t.Fatal(err)
		}
		text := ac1.Provision.Text
		for _, d := range ac1.Descendants {
			text += d.Text
		}
		if strings.Contains(text, "{{") {
			t.Errorf("ac-1 text still has parameter placeholders: %.200s", text)
		}
		hits, err := db.SearchProvisions(ctx, "account", "nist-sp800-53r5", 50)
		if err != nil || len(hits) == 0 {
			t.Errorf("search NIST for account: %d hits, %v", len(hits), err)
		}
	})
}
