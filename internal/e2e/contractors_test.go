package e2e

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"kijun/internal/browsertest"
	"kijun/internal/contractors"
	"kijun/internal/organisation"
)

// A 課's 情報管理者 registers a contractor (a wrong 法人番号 refused beside
// its field), a contract with its clause checklist (refused as active
// while ア(2) is missing), a 再委託 and a 再々委託, and a loop refused. The
// 再々委託 cannot be put in force until a member of the 課 asks and the
// 情報管理者 approves it (10.1.4); then it can, and the chain shows it.
func TestContractorChainInBrowser(t *testing.T) {
	browser := browsertest.Browser(t)
	dbPath := filepath.Join(t.TempDir(), "kijun.db")
	kijunCmd(t, "demo", "--db", dbPath)
	chiefNo, unit, staff := sectionWithStaff(t, dbPath, 1)
	chiefLogin, staffLogin := seedLogin(t, dbPath, chiefNo, false), seedLogin(t, dbPath, staff[0], false)
	srv := browsertest.StartServer(t, dbPath, nil)
	base := srv.URL
	chief := person(t, browser, base, chiefLogin)
	requester := person(t, browser, base, staffLogin)
	set := func(values map[string]string) {
		for id, v := range values {
			browsertest.Do(t, chief, chromedp.SetValue(chromedp.CSS("#"+id), v))
		}
	}

	browsertest.Do(t, chief,
		chromedp.Click(chromedp.CSS(`header nav a[href="/contracts"]`)),
		chromedp.WaitVisible(chromedp.CSS("#contractors-link")),
		chromedp.Click(chromedp.CSS("#contractors-link")),
		chromedp.WaitVisible(chromedp.CSS("#new-contractor")),
		chromedp.Click(chromedp.CSS("#new-contractor")),
		chromedp.WaitVisible(chromedp.CSS("#save")),
	)
	set(map[string]string{"id": "E2E-A", "name": "株式会社イーツーイー", "corporate_no": "8000012050002",
		"selection_checked_on": "2026-04-01", "selection_checked_by": chiefNo, "selection_what": "ISMS 認証を確認"})
	browsertest.Do(t, chief, chromedp.Click(chromedp.CSS("#save")), chromedp.WaitVisible(chromedp.CSS("#corporate_no-error")))
	if got := browsertest.Text(t, chief, "#corporate_no-error"); !strings.Contains(got, "検査用数字") {
		t.Errorf("a wrong check digit: %q, want it named", got)
	}
	browsertest.Screenshot(t, chief, "contractor-form-error")
	set(map[string]string{"corporate_no": "7000012050002"})
	browsertest.Do(t, chief, chromedp.Click(chromedp.CSS("#save")), chromedp.WaitVisible(chromedp.CSS("#saved")))
	for _, c := range [][2]string{{"E2E-B", "ビー入力株式会社"}, {"E2E-C", "シー運送有限会社"}} {
		browsertest.Do(t, chief, chromedp.Navigate(base+"/contractors/new"), chromedp.WaitVisible(chromedp.CSS("#save")))
		set(map[string]string{"id": c[0], "name": c[1], "selection_checked_on": "2026-04-01", "selection_checked_by": chiefNo, "selection_what": "体制を確認"})
		browsertest.Do(t, chief, chromedp.Click(chromedp.CSS("#save")), chromedp.WaitVisible(chromedp.CSS("#saved")))
	}

	// The contract, active, with every item but ア(2): refused beside it.
	today := organisation.Day(time.Now()) // the city's day (JST), as the server counts it
	values := map[string]string{"id": "K-E2E", "name": "窓口データ入力業務", "unit": unit, "contractor": "E2E-A",
		"from": today.AddDate(0, -1, 0).Format(time.DateOnly), "to": today.AddDate(0, 11, 0).Format(time.DateOnly), "state": "active"}
	for _, cl := range contractors.Clauses() {
		if cl.Obligatory && cl.Key != "a2" {
			values[contractors.FieldArticle(cl.Key)] = "第" + cl.Key[1:] + "条"
		}
	}
	browsertest.Do(t, chief, chromedp.Navigate(base+"/contracts/new"), chromedp.WaitVisible(chromedp.CSS("#save")))
	set(values)
	browsertest.Do(t, chief, chromedp.Click(chromedp.CSS("#save")), chromedp.WaitVisible(chromedp.CSS("#article_a2-error")))
	browsertest.Screenshot(t, chief, "contract-form-error")
	set(map[string]string{"article_a2": "第2条"})
	browsertest.Do(t, chief, chromedp.Click(chromedp.CSS("#save")), chromedp.WaitVisible(chromedp.CSS("#saved")))

	// A 再委託, a 再々委託, and a loop back to the contractor refused.
	addLink := func(id, from, to, wait string) {
		browsertest.Do(t, chief, chromedp.Navigate(base+"/contracts/K-E2E"), chromedp.WaitVisible(chromedp.CSS("#add-link")))
		set(map[string]string{"id": id, "from_contractor": from, "to_contractor": to, "part": "帳票の入力"})
		browsertest.Do(t, chief, chromedp.Click(chromedp.CSS("#add-link")), chromedp.WaitVisible(chromedp.CSS(wait)))
	}
	addLink("S-E2E-1", "E2E-A", "E2E-B", "#saved")
	addLink("S-E2E-2", "E2E-B", "E2E-C", "#saved")
	addLink("S-E2E-3", "E2E-C", "E2E-A", "#to_contractor-error")
	if got := browsertest.Text(t, chief, "#to_contractor-error"); !strings.Contains(got, "一周") {
		t.Errorf("a loop: %q, want it refused as one", got)
	}

	// The 再々委託 in force without approval: refused.
	browsertest.Do(t, chief, chromedp.Navigate(base+"/contracts/K-E2E"), chromedp.WaitVisible(chromedp.CSS("#update-S-E2E-2")),
		chromedp.SetValue(chromedp.CSS("#state-S-E2E-2"), "active"), chromedp.Click(chromedp.CSS("#update-S-E2E-2")),
		chromedp.WaitVisible(chromedp.CSS("#link-error-S-E2E-2")))
	if got := browsertest.Text(t, chief, "#link-error-S-E2E-2"); !strings.Contains(got, "承認") {
		t.Errorf("an unapproved 再々委託 put in force: %q, want it refused for want of approval", got)
	}
	// A member of the 課 asks; the 情報管理者 approves.
	permit := fileRequest(t, requester, base, "subcontract", map[string]string{"f_contract": "K-E2E", "f_link": "S-E2E-2", "f_receiver": "E2E-C",
		"f_part": "帳票の入力", "f_selection": "シー運送の体制を確認", "valid_from": today.Format(time.DateOnly), "valid_to": today.AddDate(0, 6, 0).Format(time.DateOnly)})
	act(t, chief, base+permit, "approve", nil)
	id := permit[strings.LastIndex(permit, "/")+1:]
	browsertest.Do(t, chief, chromedp.Navigate(base+"/contracts/K-E2E"), chromedp.WaitVisible(chromedp.CSS("#update-S-E2E-2")),
		chromedp.SetValue(chromedp.CSS("#state-S-E2E-2"), "active"), chromedp.SetValue(chromedp.CSS("#permit-S-E2E-2"), id),
		chromedp.Click(chromedp.CSS("#update-S-E2E-2")), chromedp.WaitVisible(chromedp.CSS("#saved")))
	if got := browsertest.Text(t, chief, "#link-S-E2E-2"); !strings.Contains(got, "承認済・実施中") {
		t.Errorf("the approved 再々委託: %q", got)
	}
	if got := browsertest.Text(t, chief, "#links"); !strings.Contains(got, "株式会社イーツーイー → ビー入力株式会社 → シー運送有限会社") {
		t.Errorf("the chain is not named whole: %q", got)
	}
	if n := browsertest.Get(t, chief, chromedp.Evaluate[int](`document.querySelectorAll('#chain svg g.firm').length`)); n != 3 {
		t.Errorf("the chain picture draws %d contractors, want 3", n)
	}
	browsertest.Screenshot(t, chief, "contract")
}
