package web

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"kijun/internal/assets"
	"kijun/internal/auth"
	"kijun/internal/registers"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// A member of a 課 registers a 約款 service through the form: a missing
// provider is refused beside the field, and once saved the service's page
// shows the 10.2 finding for the 機密性2 asset put on it without ISMAP.
func TestExternalServicePages(t *testing.T) {
	db := storetest.Open(t, filepath.Join(t.TempDir(), "kijun.db"), store.Options{})
	accessOrg(t, db)
	ts, _ := startServer(t, db)
	ctx, con := context.Background(), registers.Console()
	if _, err := registers.New(db).Assets.Create(ctx, con, assets.Asset{ID: "A-1", Unit: "111", Name: "住民データ", Kind: assets.KindData, Stage: assets.StageUse,
		Classification: assets.Classification{Confidentiality: 2, ConfidentialityReason: "個人情報", Integrity: 1, Availability: 1}}); err != nil {
		t.Fatal(err)
	}
	token := seedToken(t, db, auth.Account{ID: "1002", StaffNo: "1002", DisplayName: "佐藤 花子"}, "write")
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	do := func(method, path string, v url.Values) (int, string) {
		t.Helper()
		req, _ := http.NewRequest(method, ts.URL+path, strings.NewReader(v.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	form := url.Values{"id": {"X-1"}, "name": {"ファイル共有"}, "kind": {"terms"}, "unit": {"111"}, "assets": {"A-1"}}
	if code, body := do(http.MethodPost, "/external-services", form); code != http.StatusBadRequest || !strings.Contains(body, "提供者を入力してください") {
		t.Fatalf("without a provider: %d, want 400 saying so", code)
	}
	form.Set("provider", "Example Inc.")
	if code, _ := do(http.MethodPost, "/external-services", form); code != http.StatusSeeOther {
		t.Fatalf("save: %d, want 303", code)
	}
	if code, body := do(http.MethodGet, "/external-services/X-1", nil); code != http.StatusOK || !strings.Contains(body, "ISMAP に登録されていない") ||
		!strings.Contains(body, "<strong>10.2</strong>") {
		t.Fatalf("the service's page (%d) shows no 10.2 finding", code)
	}
	if code, body := do(http.MethodGet, "/external-services?q=ファイル", nil); code != http.StatusOK || !strings.Contains(body, `href="/external-services/X-1"`) {
		t.Fatalf("the list (%d) does not show X-1", code)
	}
}
