package web

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"kijun/internal/catalog/oscal"
)

func TestCatalogPages(t *testing.T) {
	ts, _ := newTestServer(t)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, _ := http.NewRequest("GET", ts.URL+"/standard", nil)
	authorize(req)
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusFound || loc != "/catalog/kobe-kijun/5.5" {
		t.Errorf("/standard = %d to %q, want a redirect to the standard in force", resp.StatusCode, loc)
	}
	tests := []struct {
		path   string
		status int
		want   []string
	}{
		{"/catalog", 200, []string{"神戸市情報セキュリティ対策基準", "施行中", `role="search"`}},
		{"/catalog/kobe-kijun/5.5", 200, []string{"<h1>神戸市情報セキュリティ対策基準 第5.5版</h1>", "11 評価・見直し", "8.2.6 認証情報の管理", "改定履歴", "初版発行", "oscal.json"}},
		{"/catalog/kobe-kijun/5.5/p/4.1.1", 200, []string{"<h1>4.1.1 機密性</h1>", "<th scope=\"col\">分類基準</th>", "特定個人情報に関するデータ"}},
		{"/catalog/kobe-kijun/5.5/p/4.2.%E3%82%AA.(3)", 200, []string{"機密性2以上の情報は", "情報管理者"}},
		{"/catalog/kobe-kijun/5.5/p/8.2.6", 200, []string{`class="ann"`, "定期実施（概ね6か月以内）"}},           // each item's roles and operations
		{"/catalog/kobe-kijun/5.5/p/7.1.2", 200, []string{`href="/catalog/kobe-kijun/5.5/p/7.1.1"`}}, // its reference
		{"/catalog/kobe-kijun/5.5/p/99", 404, []string{"99 はありません"}},
		{"/catalog/kobe-kijun/9.9", 404, []string{"読み込まれていません"}},
		{"/catalog/search?q=%E8%AA%8D%E8%A8%BC", 200, []string{"6.4.2.イ", "件の条項が見つかりました"}},
		{"/catalog/search?q=zzzzqqq", 200, []string{"0 件の条項"}},
		{"/catalog/kobe-kijun/5.5/p/8.2.6?lang=en", 200, []string{`lang="en"`, "Items", "How Kijun operationalises it"}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			resp, body := get(t, ts.URL+tt.path)
			if resp.StatusCode != tt.status {
				t.Errorf("status = %d, want %d", resp.StatusCode, tt.status)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("body lacks %q", w)
				}
			}
		})
	}
}

func TestCatalogDownloads(t *testing.T) {
	ts, _ := newTestServer(t)
	resp, body := get(t, ts.URL+"/catalog/kobe-kijun/5.5/oscal.json")
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("OSCAL download: %d %v", resp.StatusCode, resp.Header)
	}
	if err := (mustValidator(t)).Validate("download", []byte(body)); err != nil {
		t.Errorf("downloaded OSCAL does not validate: %v", err)
	}
	resp, body = get(t, ts.URL+"/catalog/kobe-kijun/5.5/catalog.xlsx")
	if resp.StatusCode != 200 || !strings.HasPrefix(body, "PK") {
		t.Errorf("xlsx download: %d, starts %q", resp.StatusCode, body[:min(4, len(body))])
	}
	resp, body = get(t, ts.URL+"/api/v1/catalogs/kobe-kijun/5.5/provisions/8.2.5")
	var p struct {
		ID       string
		Items    []struct{ ID string }
		Mappings []struct{ Direction, Catalog, Provision string }
	}
	if err := json.Unmarshal([]byte(body), &p); err != nil || resp.StatusCode != 200 {
		t.Fatalf("provision API: %d %v", resp.StatusCode, err)
	}
	if p.ID != "8.2.5" || len(p.Mappings) == 0 || p.Mappings[0].Catalog != "nist-sp800-53r5" {
		t.Errorf("provision API = %+v, want 8.2.5 with its NIST mappings", p)
	}
}

func mustValidator(t *testing.T) *oscal.Validator {
	t.Helper()
	v, err := oscal.NewValidator(nil)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
