package web

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"kijun/internal/assets"
	"kijun/internal/auth"
	"kijun/internal/contractors"
	"kijun/internal/registers"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// A member of the contract's 課 sees each entrusted asset outstanding on
// the contract's page, cannot end the contract while one is (the refusal
// names it), records its disposal (refused without the certificate), and
// then ends the contract (10.1.2ア(8)).
func TestContractReturnsPage(t *testing.T) {
	db := storetest.Open(t, filepath.Join(t.TempDir(), "kijun.db"), store.Options{})
	accessOrg(t, db)
	ts, _ := startServer(t, db)
	ctx, con := context.Background(), registers.Console()
	if _, err := registers.New(db).Assets.Create(ctx, con, assets.Asset{ID: "A-1", Unit: "111", Name: "住民データ", Kind: assets.KindData, Stage: assets.StageUse,
		Classification: assets.Classification{Confidentiality: 2, ConfidentialityReason: "個人情報", Integrity: 1, Availability: 1}}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateContractor(ctx, con, contractors.Contractor{ID: "F-1", Name: "株式会社エフ"}); err != nil {
		t.Fatal(err)
	}
	arts := map[string]string{}
	for _, cl := range contractors.Clauses() {
		if cl.Obligatory {
			arts[cl.Key] = "第1条"
		}
	}
	from := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	k, err := db.CreateContract(ctx, con, contractors.Contract{ID: "K-1", Name: "入力業務", Unit: "111", Contractor: "F-1",
		From: from, To: from.AddDate(1, 0, -1), State: contractors.StateActive, Articles: arts, Assets: []string{"A-1"}})
	if err != nil {
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
	end := func() (int, string) {
		c, err := db.ContractEntry(ctx, "K-1")
		if err != nil {
			t.Fatal(err)
		}
		v := url.Values{"name": {c.Name}, "unit": {c.Unit}, "contractor": {c.Contractor}, "from": {"2026-04-01"}, "to": {"2027-03-31"},
			"state": {"ended"}, "assets": {"A-1"}, "version": {strconv.Itoa(c.Version)}}
		for key, art := range c.Articles {
			v.Set(contractors.FieldArticle(key), art)
		}
		return do(http.MethodPost, "/contracts/K-1", v)
	}
	if code, body := do(http.MethodGet, "/contracts/K-1", nil); code != http.StatusOK || !strings.Contains(body, `id="return-A-1"`) || !strings.Contains(body, "未了") {
		t.Fatalf("the contract's page (%d) shows no outstanding A-1", code)
	}
	if code, body := end(); code != http.StatusBadRequest || !strings.Contains(body, "A-1 の返還・廃棄が記録されていない") {
		t.Fatalf("ending with A-1 out: %d, want 400 naming A-1", code)
	}
	ret := url.Values{"asset": {"A-1"}, "outcome": {"disposed"}, "returned_on": {"2027-03-31"}}
	if code, body := do(http.MethodPost, "/contracts/K-1/returns", ret); code != http.StatusBadRequest || !strings.Contains(body, `id="certificate-error"`) {
		t.Fatalf("a disposal without its certificate: %d, want 400 beside the certificate", code)
	}
	ret.Set("certificate", "廃棄証明書 第 7 号")
	if code, _ := do(http.MethodPost, "/contracts/K-1/returns", ret); code != http.StatusSeeOther {
		t.Fatalf("the disposal recorded: %d, want 303", code)
	}
	if code, _ := end(); code != http.StatusSeeOther {
		t.Fatalf("ending with every asset accounted for: %d, want 303", code)
	}
	if c, err := db.ContractEntry(ctx, "K-1"); err != nil || c.State != contractors.StateEnded || c.Version != k.Version+1 {
		t.Fatalf("the contract after: %+v, %v", c, err)
	}
}
