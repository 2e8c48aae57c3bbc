package web

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"kijun/internal/assets"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// A word most of the city's assets hold is counted only so far
// (store.ListAssetPage): the list says how many at least, with commas, and
// still offers the next page while pages come full.
func TestAssetListSaysAtLeast(t *testing.T) {
	db := storetest.Open(t, filepath.Join(t.TempDir(), "kijun.db"), store.Options{})
	s, _ := newServer(t, db)
	page := make([]assets.Asset, 50)
	for i := range page {
		page[i] = assets.Asset{ID: "A-" + groupDigits(i), Name: "課の資料", Unit: "10101"}
	}
	for _, tt := range []struct {
		lang, want string
	}{
		{"ja", "10,000 件以上のうち 1〜50 件"},
		{"en", "10,000 or more, showing 1 to 50"},
	} {
		req := httptest.NewRequest("GET", "/assets?q=課&lang="+tt.lang, nil)
		rec := httptest.NewRecorder()
		d := assetListData{Assets: page, Total: 10000, AtLeast: true, From: 1, To: 50, Next: "/assets?q=課&offset=50"}
		if err := s.render(rec, req, http.StatusOK, "assets", s.newPage(rec, req, "assets.title", d)); err != nil {
			t.Fatal(err)
		}
		if body := rec.Body.String(); !strings.Contains(body, tt.want) || !strings.Contains(body, `id="next-page"`) {
			t.Errorf("%s: the count does not say %q with a next page", tt.lang, tt.want)
		}
	}
}
