package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"kijun/internal/browsertest"
	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
	"kijun/internal/wareki"
)

// auditPeople returns, in the demo city, a member of unit who does not
// head it (an auditor in conflict) and a member of staff of another 局
// who holds no role (an independent auditor).
func auditPeople(t *testing.T, dbPath, unit string) (member, independent, independentName string) {
	t.Helper()
	db := storetest.Open(t, dbPath, store.Options{})
	defer db.Close()
	ctx := context.Background()
	today := organisation.Day(db.Now())
	ms, err := db.Members(ctx, unit, today)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if !m.Assignment.Post.HeadsUnit() {
			member = m.StaffNo
			break
		}
	}
	units, err := db.UnitsOn(ctx, today)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range units {
		if u.Kind != organisation.KindSection || u.Code[:2] == unit[:2] || independent != "" {
			continue
		}
		ms, err := db.Members(ctx, u.Code, today)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			if roles, err := db.RolesOf(ctx, m.StaffNo, today); err == nil && len(roles) == 0 && !m.Assignment.Post.HeadsUnit() {
				independent, independentName = m.StaffNo, m.Name
				break
			}
		}
	}
	if member == "" || independent == "" {
		t.Fatalf("no auditors for %s: member %q, independent %q", unit, member, independent)
	}
	return member, independent, independentName
}

// An audit from plan to a verified corrective action (11.1): the audit
// director drafts next 年度's plan and names an auditor from the 課
// audited, which is refused naming the conflict (11.1.2); with an
// independent auditor the plan goes to the CISO, who approves it. The
// auditor records work, draws a sample and judges a record, and records a
// finding, which opens a corrective action for the 課's 情報管理者. The
// 情報管理者 cannot report it done without evidence (11.1.7); with a file
// attached they do, and the audit director verifies its effectiveness.
func TestAuditToVerifiedActionInBrowser(t *testing.T) {
	ctx := browsertest.Browser(t)
	dbPath := filepath.Join(t.TempDir(), "kijun.db")
	kijunCmd(t, "demo", "--db", dbPath)
	ownerNo, unit := plainChief(t, dbPath)
	memberNo, auditorNo, auditorName := auditPeople(t, dbPath, unit)
	directorNo := holder(t, dbPath, organisation.RoleAuditDirector, organisation.City())
	cisoNo := holder(t, dbPath, organisation.RoleCISO, organisation.City())
	director := seedLogin(t, dbPath, directorNo, false)
	ciso := seedLogin(t, dbPath, cisoNo, false)
	auditor := seedLogin(t, dbPath, auditorNo, false)
	owner := seedLogin(t, dbPath, ownerNo, false)
	srv := browsertest.StartServer(t, dbPath, nil)
	var year int
	{
		db := storetest.Open(t, dbPath, store.Options{})
		year = wareki.FiscalYear(db.Now()) + 1
		db.Close()
	}
	yearPath := "/audits?year=" + strconv.Itoa(year)
	signOut := func() {
		browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS("#signout")), chromedp.WaitVisible(chromedp.CSS("#password")))
	}
	submit := func(button string) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.body.dataset.left = "1"; true`)); err != nil {
				return err
			}
			return chromedp.Do(ctx, chromedp.Click(chromedp.CSS(button)), chromedp.WaitVisible(chromedp.CSS("body:not([data-left])")))
		})
	}
	open := func(path, wait string) {
		browsertest.Do(t, ctx, chromedp.Navigate(srv.URL+path), chromedp.WaitVisible(chromedp.CSS(wait)))
	}

	// The audit director drafts the plan; an auditor from the 課 is refused.
	browsertest.SignIn(t, ctx, srv.URL, director)
	open(yearPath, "#plan-form")
	browsertest.Do(t, ctx, submit("#plan-draft"), chromedp.WaitVisible(chromedp.CSS("#audit-form")))
	browsertest.Do(t, ctx,
		chromedp.SendKeys(chromedp.CSS("#title"), "媒体管理の監査"),
		chromedp.SendKeys(chromedp.CSS("#units"), unit),
		chromedp.SendKeys(chromedp.CSS("#provisions"), "6.4 4.2"),
		chromedp.SendKeys(chromedp.CSS("#auditors"), memberNo),
		submit("#audit-add"),
		chromedp.WaitVisible(chromedp.CSS("#form-errors")),
	)
	refusal := browsertest.Text(t, ctx, "#form-errors")
	if !strings.Contains(refusal, "11.1.2") || !strings.Contains(refusal, memberNo) || !strings.Contains(refusal, "課 "+unit+" に所属") {
		t.Errorf("the refusal of an auditor from the 課: %q", refusal)
	}
	browsertest.Screenshot(t, ctx, "audit-independence-refused")
	axeIfAvailable(t, ctx, "audit plan with an independence refusal")
	browsertest.Do(t, ctx,
		chromedp.SetValue(chromedp.CSS("#auditors"), auditorNo),
		submit("#audit-add"),
		chromedp.WaitVisible(chromedp.CSS("#plan-audits")),
	)
	if got := browsertest.Text(t, ctx, "#plan-audits"); !strings.Contains(got, "媒体管理の監査") || !strings.Contains(got, auditorName) {
		t.Errorf("the plan's audits: %q", got)
	}
	signOut()

	// The CISO approves.
	browsertest.SignIn(t, ctx, srv.URL, ciso)
	open(yearPath, "#plan-approve")
	browsertest.Do(t, ctx, submit("#plan-approve"), chromedp.WaitVisible(chromedp.CSS("#plan-state")))
	if got := browsertest.Text(t, ctx, "#plan-state"); !strings.Contains(got, "承認済み") {
		t.Errorf("plan state after approval: %q", got)
	}
	signOut()

	// The auditor works, samples, judges and finds.
	browsertest.SignIn(t, ctx, srv.URL, auditor)
	open("/audits", "#mine")
	browsertest.Do(t, ctx, submit("#mine + ul a"), chromedp.WaitVisible(chromedp.CSS("#work-form")))
	browsertest.Do(t, ctx,
		chromedp.SendKeys(chromedp.CSS("#work_note"), "情報管理者への聞き取り"),
		submit("#work-save"),
		chromedp.WaitVisible(chromedp.CSS("#sample-form")),
		chromedp.SetValue(chromedp.CSS("#register"), "assets"),
		chromedp.SetValue(chromedp.CSS("#size"), "5"),
		submit("#sample-draw"),
		chromedp.WaitVisible(chromedp.CSS("#sample-assets")),
		submit("#sample-assets tbody tr:first-child button"),
		chromedp.WaitVisible(chromedp.CSS("#sample-assets")),
	)
	if got := browsertest.Text(t, ctx, "#sample-assets"); !strings.Contains(got, "適合") || !strings.Contains(got, "乱数の種") {
		t.Errorf("the sample: %q", got)
	}
	browsertest.Do(t, ctx,
		chromedp.SendKeys(chromedp.CSS("#finding_provisions"), "6.4.3"),
		chromedp.SetValue(chromedp.CSS("#severity"), "high"),
		chromedp.SendKeys(chromedp.CSS("#finding_text"), "機密性2以上の情報を持つ USB メモリが暗号化されていない"),
		chromedp.SetValue(chromedp.CSS("#finding_due"), strconv.Itoa(year)+"-09-30"),
		submit("#finding-save"),
		chromedp.WaitVisible(chromedp.CSS("#findings-table")),
	)
	browsertest.Screenshot(t, ctx, "audit-page")
	axeIfAvailable(t, ctx, "audit page")
	actionPath := browsertest.Get(t, ctx, chromedp.AttributeValue(chromedp.CSS("#findings-table tbody a"), "href")).Value
	if !strings.HasPrefix(actionPath, "/actions/") {
		t.Fatalf("the finding links to %q, not its corrective action", actionPath)
	}
	signOut()

	// The 情報管理者: refused without evidence, then done with a file.
	browsertest.SignIn(t, ctx, srv.URL, owner)
	open("/actions", "#actions-table")
	if got := browsertest.Text(t, ctx, "#actions-table"); !strings.Contains(got, "暗号化されていない") {
		t.Errorf("the 課's register: %q", got)
	}
	open(actionPath, "#complete")
	browsertest.Do(t, ctx,
		chromedp.SendKeys(chromedp.CSS("#note"), "暗号化 USB メモリに切り替えた"),
		submit("#action-complete"),
		chromedp.WaitVisible(chromedp.CSS("#form-errors")),
	)
	if got := browsertest.Text(t, ctx, "#form-errors"); !strings.Contains(got, "証拠") {
		t.Errorf("completion without evidence: %q", got)
	}
	if got := browsertest.Get(t, ctx, chromedp.Evaluate[string](`document.querySelector("#note").value`)); got != "暗号化 USB メモリに切り替えた" {
		t.Errorf("the note typed is lost after the refusal: %q", got)
	}
	browsertest.Screenshot(t, ctx, "action-refused-without-evidence")
	evidence := filepath.Join(t.TempDir(), "是正報告.txt")
	if err := os.WriteFile(evidence, []byte("全媒体を暗号化 USB メモリに切り替えた\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	browsertest.Do(t, ctx,
		chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{evidence}),
		submit("#evidence-upload"),
		chromedp.WaitVisible(chromedp.CSS("#complete")),
		chromedp.SendKeys(chromedp.CSS("#note"), "暗号化 USB メモリに切り替えた"),
		submit("#action-complete"),
		chromedp.WaitVisible(chromedp.CSS("#action-state")),
	)
	if got := browsertest.Text(t, ctx, "#action-state"); !strings.Contains(got, "完了報告済み") {
		t.Errorf("after completion: %q", got)
	}
	if n := browsertest.Get(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("#verify").length`)); n != 0 {
		t.Error("the owner is offered to verify their own action")
	}
	signOut()

	// The audit director verifies its effectiveness.
	browsertest.SignIn(t, ctx, srv.URL, director)
	open(actionPath, "#verify")
	browsertest.Do(t, ctx,
		chromedp.SendKeys(chromedp.CSS("#verify_note"), "抜き取りで 3 本の暗号化を確認した"),
		submit("#action-verify"),
		chromedp.WaitVisible(chromedp.CSS("#action-state")),
	)
	if got := browsertest.Text(t, ctx, "#action-state"); !strings.Contains(got, "有効性確認済み") {
		t.Errorf("after verification: %q", got)
	}
	browsertest.Screenshot(t, ctx, "action-verified")
	open(yearPath, "#risk-table")
	// 11.1.3: the risk per system too, the demo's planted system findings
	// among it.
	if n := browsertest.Get(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('#system-risk-table tbody a[href^="/systems/"]').length`)); n == 0 {
		t.Error("the plan page shows no system's risk")
	}
	browsertest.Screenshot(t, ctx, "audit-plan")
}
