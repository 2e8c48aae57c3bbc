package web

import (
	"context"
	"encoding/json"
	"net/http"
	"path/filepath"
	"slices"
	"testing"

	"kijun/internal/assets"
	"kijun/internal/auth"
	"kijun/internal/registers"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// The pickers' suggestions come only from what the person may read: a
// member of staff sees their own 課's assets and not the next 課's, the
// CISO's office sees both; people and 課 are found by name or number.
func TestSuggestShowsOnlyWhatThePersonMaySee(t *testing.T) {
	db := storetest.Open(t, filepath.Join(t.TempDir(), "kijun.db"), store.Options{})
	ctx := context.Background()
	accessOrg(t, db)
	for _, a := range []assets.Asset{
		{ID: "A111-0001", Unit: "111", Name: "住民名簿 政策", Kind: assets.KindData, Stage: assets.StageUse, Classification: assets.Classification{Confidentiality: 1, Integrity: 1, Availability: 1}},
		{ID: "A112-0001", Unit: "112", Name: "住民名簿 システム", Kind: assets.KindData, Stage: assets.StageUse, Classification: assets.Classification{Confidentiality: 1, Integrity: 1, Availability: 1}},
	} {
		if _, err := db.CreateAsset(ctx, registers.Console(), a, assets.KobeScales()); err != nil {
			t.Fatal(err)
		}
	}
	ts, _ := startServer(t, db)
	staff := auth.Account{ID: "1002", StaffNo: "1002", DisplayName: "佐藤 花子"}
	office := auth.Account{ID: "1003", StaffNo: "1003", DisplayName: "鈴木 一郎"}
	seedAccount(t, db, staff)
	seedAccount(t, db, office)
	ask := func(a auth.Account, kind, q string) (int, []string) {
		t.Helper()
		token, _ := seedSession(t, db, a)
		req, _ := http.NewRequest("GET", ts.URL+"/suggest/"+kind+"?q="+q, nil)
		req.AddCookie(&http.Cookie{Name: "kijun_session", Value: token})
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var body struct{ Items []suggestion }
		_ = json.NewDecoder(resp.Body).Decode(&body)
		var ids []string
		for _, it := range body.Items {
			ids = append(ids, it.ID+" "+it.Label)
		}
		return resp.StatusCode, ids
	}
	for _, tc := range []struct {
		who        auth.Account
		kind, q    string
		want       []string
		wantStatus int
	}{
		{staff, "asset", "%E4%BD%8F%E6%B0%91", []string{"A111-0001 住民名簿 政策"}, 200}, // 住民
		{office, "asset", "%E4%BD%8F%E6%B0%91", []string{"A111-0001 住民名簿 政策", "A112-0001 住民名簿 システム"}, 200},
		{staff, "asset", "A112", nil, 200},
		{staff, "staff", "%E4%BD%90%E8%97%A4", []string{"1002 佐藤 花子"}, 200},                   // 佐藤
		{staff, "unit", "%E3%82%B7%E3%82%B9%E3%83%86%E3%83%A0", []string{"112 情報システム課"}, 200}, // システム
		{staff, "unit", "11", []string{"111 情報政策課", "112 情報システム課"}, 200},
		{staff, "asset", "", nil, 200},
		{staff, "end", "internet", []string{"external:internet インターネット（自治体情報セキュリティクラウド経由）"}, 200},
		{staff, "secret", "x", nil, 404},
	} {
		status, got := ask(tc.who, tc.kind, tc.q)
		if status != tc.wantStatus || !slices.Equal(got, tc.want) {
			t.Errorf("%s asks /suggest/%s?q=%s: got %d %q, want %d %q", tc.who.StaffNo, tc.kind, tc.q, status, got, tc.wantStatus, tc.want)
		}
	}
	// Signed out, nothing.
	resp, err := http.Get(ts.URL + "/suggest/asset?q=A")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("signed out: status %d, want 401", resp.StatusCode)
	}
}
