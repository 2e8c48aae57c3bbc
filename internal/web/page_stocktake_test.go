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
	"kijun/internal/devices"
	"kijun/internal/registers"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// The stocktake's pages pass its gate (9.2.2): a member of staff cannot
// start one, the acting 情報管理者 of 111 can; another 課 cannot open it;
// a typed ID not in the count is refused beside the field; the camera is
// allowed on the counting page alone; the missing medium, closed, shows
// its corrective action and incident report; the sheet carries QR codes.
func TestStocktakePages(t *testing.T) {
	db := storetest.Open(t, filepath.Join(t.TempDir(), "kijun.db"), store.Options{})
	ctx := context.Background()
	if _, err := db.EnsureDefaultCatalog(ctx); err != nil {
		t.Fatal(err)
	}
	accessOrg(t, db)
	if _, err := db.CreateMedium(ctx, registers.Console(), devices.Medium{Entry: devices.Entry{ID: "M-1", Name: "USB メモリ", Unit: "111"}, Kind: devices.MediumUSB, Encrypted: true}); err != nil {
		t.Fatal(err)
	}
	a := assets.Asset{ID: "A-1", Unit: "111", Name: "住民名簿", Kind: assets.KindData, Stage: assets.StageUse, Holders: []string{"medium:M-1"},
		Classification: assets.Classification{Confidentiality: 2, Integrity: 1, Availability: 1}}
	a.ConfidentialityReason = "個人情報"
	if _, err := db.CreateAsset(ctx, registers.Console(), a, assets.KobeScales()); err != nil {
		t.Fatal(err)
	}
	ts, _ := startServer(t, db)
	for _, no := range []string{"1002", "1004", "1006"} {
		seedAccount(t, db, auth.Account{ID: no, StaffNo: no, DisplayName: no})
	}
	type answer struct {
		code     int
		body     string
		location string
		header   http.Header
	}
	do := func(no, method, path string, form url.Values) answer {
		t.Helper()
		token, csrf := seedSession(t, db, auth.Account{ID: no, StaffNo: no, DisplayName: no})
		req, _ := http.NewRequest(method, ts.URL+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-CSRF-Token", csrf)
		req.AddCookie(&http.Cookie{Name: "kijun_session", Value: token})
		resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return answer{resp.StatusCode, string(b), resp.Header.Get("Location"), resp.Header}
	}
	if got := do("1002", "POST", "/stocktakes", url.Values{"unit": {"111"}}); got.code != http.StatusForbidden || !strings.Contains(got.body, "9.2.2") {
		t.Errorf("a member of staff started a stocktake: %d", got.code)
	}
	got := do("1006", "POST", "/stocktakes", url.Values{"unit": {"111"}})
	if got.code != http.StatusSeeOther {
		t.Fatalf("the acting 情報管理者 could not start: %d %s", got.code, got.body)
	}
	page := got.location
	if got := do("1004", "GET", page, nil); got.code != http.StatusForbidden {
		t.Errorf("112 opened 111's stocktake: %d", got.code)
	}
	got = do("1002", "GET", page, nil)
	if !strings.Contains(got.body, `id="item-medium-M-1"`) || !strings.Contains(got.header.Get("Permissions-Policy"), "camera=(self)") {
		t.Errorf("the counting page: %d, Permissions-Policy %q", got.code, got.header.Get("Permissions-Policy"))
	}
	if got := do("1002", "GET", "/stocktakes", nil); strings.Contains(got.header.Get("Permissions-Policy"), "camera=(self)") {
		t.Error("the list allows the camera")
	}
	if got := do("1002", "POST", page+"/marks", url.Values{"code": {"M-9"}, "mark": {"found"}}); got.code != http.StatusBadRequest || !strings.Contains(got.body, `id="code-error"`) {
		t.Errorf("an ID not in the count: %d", got.code)
	}
	if got := do("1002", "POST", page+"/marks", url.Values{"code": {"medium:M-1"}, "mark": {"missing"}}); got.code != http.StatusSeeOther {
		t.Errorf("marking M-1 missing: %d %s", got.code, got.body)
	}
	if got := do("1002", "POST", page+"/close", nil); got.code != http.StatusForbidden {
		t.Errorf("a member of staff closed: %d", got.code)
	}
	if got := do("1006", "POST", page+"/close", nil); got.code != http.StatusSeeOther {
		t.Fatalf("closing: %d %s", got.code, got.body)
	}
	got = do("1006", "GET", page, nil)
	if !strings.Contains(got.body, `class="stocktake-action"`) || !strings.Contains(got.body, `class="stocktake-incident"`) || !strings.Contains(got.body, "終了") {
		t.Error("the closed stocktake does not link the missing medium's action and incident report")
	}
	if got := do("1002", "GET", page+"/sheet", nil); !strings.Contains(got.body, "data:image/png;base64,") {
		t.Errorf("the sheet has no QR code: %d", got.code)
	}
}
