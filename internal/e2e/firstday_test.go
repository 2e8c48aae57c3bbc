package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/pquerna/otp/totp"

	"kijun/internal/browsertest"
)

// A new city's first day, from an empty database to a clean check, in the
// browser and through the documented imports: the setup page says what is
// missing; the CISO's office loads the 組織マスタ and the 人事異動, appoints
// every role of 3.1, imports its one system and its assets, makes an account
// for its 情報セキュリティ管理者, who enrols a second factor; then kijun check
// finds nothing and the setup page says every step is done.
func TestFirstDayInBrowser(t *testing.T) {
	ctx := browsertest.Browser(t)
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "kijun.db")
	// The first administrator, as the first serve makes it (its own first
	// sign-in is TestFirstRunInBrowser's), and the settings a console sets.
	admin := seedLogin(t, dbPath, "", true)
	kijunCmd(t, "config", "set", "city.name", "テスト市", "--db", dbPath)
	kijunCmd(t, "config", "set", "smtp.host", "127.0.0.1", "--db", dbPath)
	srv := browsertest.StartServer(t, dbPath, nil)
	browsertest.SignIn(t, ctx, srv.URL, admin)

	browsertest.Do(t, ctx, chromedp.Navigate(srv.URL+"/admin/setup"), chromedp.WaitVisible(chromedp.CSS("#setup-steps")))
	if cls := browsertest.Get(t, ctx, chromedp.AttributeValue(chromedp.CSS("#step-organisation"), "class")); cls.Value != "todo" {
		t.Errorf("on an empty database the organisation step is %q, want todo", cls.Value)
	}
	browsertest.Screenshot(t, ctx, "firstday-setup-empty")

	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	from := "2026-04-01"
	units := write("units.csv", "組織コード,名称,カナ,上位組織コード,種類,適用開始日,適用終了日,承継先組織コード\n"+
		"100,総務局,ソウムキョク,,局,"+from+",,\n110,情報政策課,ジョウホウセイサクカ,100,課,"+from+",,\n120,市民課,シミンカ,100,課,"+from+",,\n")
	browsertest.Do(t, ctx,
		chromedp.Navigate(srv.URL+"/org/reorg"),
		chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{units}),
		chromedp.Click(chromedp.CSS("#preview")),
		chromedp.WaitVisible(chromedp.CSS("#confirm")),
		chromedp.Click(chromedp.CSS("#confirm")),
		chromedp.WaitVisible(chromedp.CSS(`#summary[data-done="true"]`)),
	)
	people := write("people.csv", "職員番号,氏名,氏名カナ,雇用区分,所属コード,職名,兼務,発令日,区分\n"+
		"000001,総務 局長,ソウム キョクチョウ,職員,100,局長,,"+from+",採用\n"+
		"000002,情報 課長,ジョウホウ カチョウ,職員,110,課長,,"+from+",採用\n"+
		"000003,市民 課長,シミン カチョウ,職員,120,課長,,"+from+",採用\n"+
		"000004,統括 花子,トウカツ ハナコ,職員,100,担当,,"+from+",採用\n"+
		"000005,管理 一郎,カンリ イチロウ,職員,110,担当,,"+from+",採用\n"+
		"000006,基盤 次郎,キバン ジロウ,職員,110,担当,,"+from+",採用\n"+
		"000007,監査 三郎,カンサ サブロウ,職員,100,担当,,"+from+",採用\n"+
		"000008,市民 四郎,シミン シロウ,職員,120,担当,,"+from+",採用\n"+
		"000009,市民 五郎,シミン ゴロウ,職員,120,担当,,"+from+",採用\n"+
		"000010,情報 六子,ジョウホウ ロクコ,職員,110,担当,,"+from+",採用\n")
	browsertest.Do(t, ctx,
		chromedp.Navigate(srv.URL+"/org/import"),
		chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{people}),
		chromedp.Click(chromedp.CSS("#dryrun")),
		chromedp.WaitVisible(chromedp.CSS("#confirm")),
		chromedp.Click(chromedp.CSS("#confirm")),
		chromedp.WaitVisible(chromedp.CSS(`#summary[data-done="true"]`)),
	)

	// The system and its assets, through the register imports.
	system := write("systems.csv", "システムID,名称,説明,所管課コード,区分,設置場所,冗長化,UPS,雷対策,保守契約,バックアップ,ログの項目,ログの保存日数,ログの点検,認証の要素数,外部からのアクセス,公開ドメイン,TLS,委託事業者,文書,ソフトウェア\n"+
		"bunsho,文書管理システム,,110,LGWAN接続系,庁舎内,あり,あり,あり,年間保守,日次,操作ログ,365,月次,2,なし,,なし,,仕様書,PostgreSQL 17 ~2029-11-08\n")
	assets := write("assets.csv", "管理番号,名称,説明,所管課コード,種類,保存場所,機密性,機密性の理由,完全性,完全性の理由,可用性,可用性の理由,段階,入手元,原本の管理番号,保有先\n"+
		"A-0001,文書管理データ,,110,データベース,文書管理システム,2,非公開情報,2,改ざん防止,1,,利用,,,system:bunsho\n")
	for _, imp := range []struct{ page, file string }{{"/systems/import", system}, {"/assets/import", assets}} {
		browsertest.Do(t, ctx,
			chromedp.Navigate(srv.URL+imp.page),
			chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{imp.file}),
			chromedp.Click(chromedp.CSS("#dryrun")),
			chromedp.WaitVisible(chromedp.CSS("#confirm")),
			chromedp.Click(chromedp.CSS("#confirm")),
			chromedp.WaitVisible(chromedp.CSS(`#summary[data-done="true"]`)),
		)
	}

	// Every role of 3.1, on the roles page.
	for _, ap := range []struct{ role, target, staff string }{
		{"ciso", "", "000001"}, {"security_director", "", "000004"}, {"security_manager", "", "000005"},
		{"infra_manager", "", "000006"}, {"audit_director", "", "000007"},
		{"system_owner", "bunsho", "000002"}, {"system_admin", "bunsho", "000010"},
	} {
		actions := []chromedp.Action[chromedp.Void]{
			chromedp.Navigate(srv.URL + "/org/roles"),
			chromedp.WaitVisible(chromedp.CSS("#appoint-submit")),
			chromedp.SetValue(chromedp.CSS("#role"), ap.role),
			chromedp.SendKeys(chromedp.CSS("#staff_no"), ap.staff),
			chromedp.SetValue(chromedp.CSS("#from"), from),
		}
		if ap.target != "" {
			actions = append(actions, chromedp.SendKeys(chromedp.CSS("#target"), ap.target))
		}
		actions = append(actions, chromedp.Click(chromedp.CSS("#appoint-submit")), chromedp.WaitVisible(chromedp.CSS("#appoint .notice")))
		browsertest.Do(t, ctx, actions...)
	}
	browsertest.Screenshot(t, ctx, "firstday-roles")

	// An account for the 情報セキュリティ管理者, who signs in, sets a
	// password and enrols an authenticator app (6.4.2ア).
	browsertest.Do(t, ctx,
		chromedp.Navigate(srv.URL+"/admin/accounts"),
		chromedp.SendKeys(chromedp.CSS("#staff_no"), "000005"),
		chromedp.Click(chromedp.CSS("#create")),
		chromedp.WaitVisible(chromedp.CSS("#temporary")),
	)
	temporary := browsertest.Text(t, ctx, "#temporary")
	browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS("#signout")), chromedp.WaitVisible(chromedp.CSS("#password")))
	const password = "Kanri-Ichiro#2026"
	browsertest.Do(t, ctx,
		chromedp.SendKeys(chromedp.CSS("#id"), "000005"),
		chromedp.SendKeys(chromedp.CSS("#password"), temporary),
		chromedp.Click(chromedp.CSS("#signin")),
		chromedp.WaitVisible(chromedp.CSS("#forced")),
		chromedp.SendKeys(chromedp.CSS("#current"), temporary),
		chromedp.SendKeys(chromedp.CSS("#new"), password),
		chromedp.SendKeys(chromedp.CSS("#confirm"), password),
		chromedp.Click(chromedp.CSS("#change")),
		chromedp.WaitVisible(chromedp.CSS("#secret")),
	)
	code, err := totp.GenerateCode(strings.ReplaceAll(browsertest.Text(t, ctx, "#secret"), " ", ""), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	browsertest.Do(t, ctx,
		chromedp.SendKeys(chromedp.CSS("#code"), code),
		chromedp.Click(chromedp.CSS("#enrol")),
		chromedp.WaitVisible(chromedp.CSS("#enrolled")),
	)

	// The registers meet the standard: the check finds nothing, and the
	// setup page says every step is done.
	out := kijunCmd(t, "check", "--fail-on", "low", "--db", dbPath)
	if !strings.Contains(out, "指摘 0 件") {
		t.Errorf("kijun check on the new city:\n%s", out)
	}
	browsertest.Do(t, ctx, chromedp.Navigate(srv.URL+"/admin/setup"), chromedp.WaitVisible(chromedp.CSS("#setup-steps")))
	if got := browsertest.Text(t, ctx, "#setup-steps"); strings.Contains(got, "未") {
		t.Errorf("steps still missing after the first day:\n%s", got)
	}
	browsertest.Screenshot(t, ctx, "firstday-setup-done")
}
