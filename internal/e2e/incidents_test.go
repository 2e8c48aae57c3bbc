package e2e

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"kijun/internal/browsertest"
	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// firstNotified returns who was told first of the incident at path.
func firstNotified(t *testing.T, dbPath, path string) string {
	t.Helper()
	id, err := strconv.ParseInt(strings.TrimPrefix(path, "/incidents/"), 10, 64)
	if err != nil {
		t.Fatalf("incident path %q", path)
	}
	db := storetest.Open(t, dbPath, store.Options{})
	defer db.Close()
	f, err := db.IncidentFile(context.Background(), id)
	if err != nil || len(f.Notices) == 0 {
		t.Fatalf("notices of %s: %v", path, err)
	}
	if f.Notices[0].Role != organisation.RoleInfoManager {
		t.Errorf("first told: %s, want the 情報管理者 (7.3.1ア)", f.Notices[0].Role)
	}
	return f.Notices[0].StaffNo
}

// axeIfAvailable runs axe-core on the page when it is at hand (always in
// CI), and fails on any WCAG 2.1 A/AA violation.
func axeIfAvailable(t *testing.T, ctx context.Context, where string) {
	t.Helper()
	if axe := axeSourceOrEmpty(t); axe != "" {
		checkAxe(t, ctx, axe, where)
	}
}

// A member of staff loses a USB stick with 150 residents' data and reports
// it from a phone: a date that cannot be is refused beside its field, the
// report is routed (7.3.1) and shows the items still owed (7.3.2). Their
// 情報管理者 acknowledges; the CSIRT judges it serious (7.3.3ア), which
// tells the CISO at once (7.3.1イ), reports to the CISO (7.3.3イ),
// instructs the 情報管理者 (7.3.3ウ), sees the reports owed to 総務省,
// 兵庫県, the police and the 個人情報保護委員会 with their deadlines and
// records them made, records the cause (7.3.3エ) and proposes a measure;
// the CISO instructs it (7.3.3オ); the instruction and the measure are
// done, the incident closes, and the measure's effect is checked later.
// A drill runs the same way and stays out of the statistics (7.2.3).
func TestLostUSBInBrowser(t *testing.T) {
	ctx := browsertest.Browser(t)
	dbPath := filepath.Join(t.TempDir(), "kijun.db")
	kijunCmd(t, "demo", "--db", dbPath)
	reporterNo := plainStaff(t, dbPath)
	officeNo := cityOffice(t, dbPath)
	cisoNo := holder(t, dbPath, organisation.RoleCISO, organisation.City())
	reporter := seedLogin(t, dbPath, reporterNo, false)
	office := seedLogin(t, dbPath, officeNo, false)
	ciso := seedLogin(t, dbPath, cisoNo, false)
	srv := browsertest.StartServer(t, dbPath, nil)
	signOut := func() {
		browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS("#signout")), chromedp.WaitVisible(chromedp.CSS("#password")))
	}
	// submit clicks a form's button and waits for the page that answers,
	// not the one the click left.
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

	// The report, from a phone.
	browsertest.Do(t, ctx, chromedp.EmulateViewport(390, 844))
	browsertest.SignIn(t, ctx, srv.URL, reporter)
	browsertest.Do(t, ctx,
		chromedp.Click(chromedp.CSS(`header nav a[href="/incidents"]`)),
		chromedp.WaitVisible(chromedp.CSS("#report")),
		submit("#report"),
		chromedp.WaitVisible(chromedp.CSS("#submit")),
		chromedp.SendKeys(chromedp.CSS("#title"), "住民データ入り USB メモリの紛失"),
		chromedp.SendKeys(chromedp.CSS("#description"), "帰宅途中の電車内で、住民 150 人分の名簿を保存した USB メモリを紛失した。"),
		chromedp.SetValue(chromedp.CSS("#occurred_at"), "2099-01-01T09:00"),
		chromedp.Click(chromedp.CSS("#leak-suspected")),
		chromedp.SendKeys(chromedp.CSS("#leak_people"), "150"),
		chromedp.Click(chromedp.CSS("#crime_suspected")),
		submit("#submit"),
		chromedp.WaitVisible(chromedp.CSS("#occurred_at-error")),
	)
	if got := browsertest.Text(t, ctx, "#occurred_at-error"); !strings.Contains(got, "未来") {
		t.Errorf("a future 発生: %q", got)
	}
	if w := browsertest.Get(t, ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 390 {
		t.Errorf("the report form is %dpx wide on a 390px phone", w)
	}
	browsertest.Screenshot(t, ctx, "incident-report-phone-error")
	axeIfAvailable(t, ctx, "report form with an error")
	browsertest.Do(t, ctx,
		chromedp.SetValue(chromedp.CSS("#occurred_at"), ""),
		submit("#submit"),
		chromedp.WaitVisible(chromedp.CSS("#filed")),
	)
	if got := browsertest.Text(t, ctx, "#items"); got == "" {
		t.Error("no items")
	}
	items := browsertest.Text(t, ctx, "#items + .table-wrap")
	for _, owed := range []string{"発生した日時", "想定される原因", "復旧方針"} {
		if !strings.Contains(items, owed) || !strings.Contains(items, "未報告") {
			t.Errorf("items: %q; want %s shown as owed", items, owed)
		}
	}
	notices := browsertest.Text(t, ctx, "#notices + .table-wrap")
	if !strings.Contains(notices, "情報管理者") || !strings.Contains(notices, "情報セキュリティ管理者") {
		t.Errorf("notices: %q", notices)
	}
	browsertest.Screenshot(t, ctx, "incident-filed-phone")
	incidentURL := browsertest.Get(t, ctx, chromedp.Location())
	incidentURL = strings.TrimSuffix(strings.TrimPrefix(incidentURL, srv.URL), "?filed=1")
	// The person told first is the reporter's 情報管理者 (7.3.1ア), or the
	// deputy acting for them today.
	chiefNo := firstNotified(t, dbPath, incidentURL)
	chief := seedLogin(t, dbPath, chiefNo, false)
	browsertest.Do(t, ctx, chromedp.EmulateViewport(1280, 900))
	signOut()

	// The 情報管理者 acknowledges from the list of notices.
	browsertest.SignIn(t, ctx, srv.URL, chief)
	open("/incidents", "#pending")
	browsertest.Do(t, ctx, submit(`#pending + ul form button`), chromedp.WaitVisible(chromedp.CSS("#notices")))
	if got := browsertest.Text(t, ctx, "#notices + .table-wrap"); strings.Count(got, "未確認") < 1 {
		t.Errorf("after acknowledging: %q", got)
	}
	signOut()

	// The CSIRT: board, triage, CISO report, instruction, outside reports,
	// cause, measure.
	browsertest.SignIn(t, ctx, srv.URL, office)
	open("/incidents", "#board")
	if got := browsertest.Text(t, ctx, "#board ~ .table-wrap"); !strings.Contains(got, "USB メモリの紛失") {
		t.Errorf("board: %q", got)
	}
	open(incidentURL, "#triage")
	browsertest.Do(t, ctx,
		chromedp.SetValue(chromedp.CSS("#severity-select"), "3"),
		submit("#triage-save"),
		chromedp.WaitVisible(chromedp.CSS("#ciso-save")),
	)
	if got := browsertest.Text(t, ctx, "#notices + .table-wrap"); !strings.Contains(got, "7.3.1イ") || !strings.Contains(got, "CISO") {
		t.Errorf("a serious incident does not go straight to the CISO: %q", got)
	}
	outside := browsertest.Text(t, ctx, "#outside + .table-wrap")
	for _, body := range []string{"総務省", "兵庫県", "警察", "個人情報保護委員会", "速報", "確報", "本人の数が百人を超える"} {
		if !strings.Contains(outside, body) {
			t.Errorf("outside reports: %q; want %s", outside, body)
		}
	}
	browsertest.Do(t, ctx,
		submit("#ciso-save"),
		chromedp.WaitVisible(chromedp.CSS("#instruction-save")),
		submit("#instruction-save"),
		chromedp.WaitVisible(chromedp.CSS("#text-error")),
	)
	browsertest.Do(t, ctx,
		chromedp.SendKeys(chromedp.CSS("#text"), "立ち回り先と遺失物窓口へ照会し、警察へ遺失届を出すこと"),
		chromedp.SendKeys(chromedp.CSS("#assignee"), chiefNo),
		submit("#instruction-save"),
		chromedp.WaitVisible(chromedp.CSS("#actions")),
		chromedp.SetValue(chromedp.CSS("#outside-which"), "mic:report"),
		submit("#outside-save"),
		chromedp.WaitVisible(chromedp.CSS("#outside")),
		chromedp.SetValue(chromedp.CSS("#outside-which"), "ppc:flash"),
		chromedp.SendKeys(chromedp.CSS("#reference"), "PPC-2026-001"),
		submit("#outside-save"),
		chromedp.WaitVisible(chromedp.CSS("#outside")),
		chromedp.SetValue(chromedp.CSS("#cause_kind"), "procedure"),
		chromedp.SendKeys(chromedp.CSS("#root_cause"), "暗号化されていない私物の USB メモリで持ち出していた。持ち出し手順の確認がなかった。"),
		submit("#cause-save"),
		chromedp.WaitVisible(chromedp.CSS("#measure-save")),
		chromedp.SendKeys(chromedp.CSS("#measure_text"), "持ち出しは暗号化機能付きの支給 USB メモリに限り、情報管理者の許可を記録する"),
		submit("#measure-save"),
		chromedp.WaitVisible(chromedp.CSS("#actions")),
	)
	outside = browsertest.Text(t, ctx, "#outside + .table-wrap")
	if !strings.Contains(outside, "PPC-2026-001") {
		t.Errorf("the 速報 made is not shown: %q", outside)
	}
	// Move the measure to "reported to the CISO" (the CSIRT's step).
	browsertest.Do(t, ctx, submit(`#actions + .table-wrap tbody tr:nth-child(2) button`), chromedp.WaitVisible(chromedp.CSS("#actions")))
	if got := browsertest.Text(t, ctx, "#actions + .table-wrap tbody tr:nth-child(2)"); !strings.Contains(got, "CISO へ報告済み") {
		t.Errorf("measure: %q", got)
	}
	browsertest.Screenshot(t, ctx, "incident-csirt")
	axeIfAvailable(t, ctx, "incident page")
	signOut()

	// The CISO instructs the measure (7.3.3オ).
	browsertest.SignIn(t, ctx, srv.URL, ciso)
	open(incidentURL, "#actions")
	browsertest.Do(t, ctx, submit(`#actions + .table-wrap tbody tr:nth-child(2) button`), chromedp.WaitVisible(chromedp.CSS("#actions")))
	if got := browsertest.Text(t, ctx, "#actions + .table-wrap tbody tr:nth-child(2)"); !strings.Contains(got, "指示済み") {
		t.Errorf("measure after the CISO: %q", got)
	}
	signOut()

	// The 情報管理者 reports the instruction done.
	browsertest.SignIn(t, ctx, srv.URL, chief)
	open(incidentURL, "#actions")
	browsertest.Do(t, ctx, submit(`#actions + .table-wrap tbody tr:nth-child(1) button`), chromedp.WaitVisible(chromedp.CSS("#actions")))
	signOut()

	// The CSIRT: measure done, close, and the check of effect later.
	browsertest.SignIn(t, ctx, srv.URL, office)
	open(incidentURL, "#actions")
	browsertest.Do(t, ctx,
		submit(`#actions + .table-wrap tbody tr:nth-child(2) button`),
		chromedp.WaitVisible(chromedp.CSS("#close-save")),
		submit("#close-save"),
		chromedp.WaitVisible(chromedp.CSS("#timeline")),
	)
	if got := browsertest.Text(t, ctx, "#status"); got != "完了" {
		t.Errorf("status after closing: %q", got)
	}
	browsertest.Do(t, ctx,
		chromedp.SendKeys(chromedp.CSS(`#actions + .table-wrap tbody tr:nth-child(2) input[name="result"]`), "3か月間、持ち出しの記録漏れなし"),
		submit(`#actions + .table-wrap tbody tr:nth-child(2) button`),
		chromedp.WaitVisible(chromedp.CSS("#actions")),
	)
	if got := browsertest.Text(t, ctx, "#actions + .table-wrap tbody tr:nth-child(2)"); !strings.Contains(got, "効果確認済み") {
		t.Errorf("measure after its check: %q", got)
	}
	timeline := browsertest.Text(t, ctx, ".incident-timeline")
	for _, step := range []string{"報告を受け付けました", "受領を確認しました", "インシデントと評価しました", "CISO へ報告しました", "総務省へ報告しました", "原因を記録しました", "完了しました"} {
		if !strings.Contains(timeline, step) {
			t.Errorf("timeline lacks %q", step)
		}
	}
	browsertest.Screenshot(t, ctx, "incident-closed")

	// A drill: the same process, marked, left out of the statistics.
	open("/incidents/new", "#submit")
	browsertest.Do(t, ctx,
		chromedp.SendKeys(chromedp.CSS("#title"), "標的型メール訓練"),
		chromedp.SetValue(chromedp.CSS("#kind"), "malware"),
		chromedp.SendKeys(chromedp.CSS("#description"), "訓練用の不審メールを開いた想定"),
		chromedp.Click(chromedp.CSS("#drill")),
		submit("#submit"),
		chromedp.WaitVisible(chromedp.CSS("#drill")),
		chromedp.SetValue(chromedp.CSS("#severity-select"), "2"),
		submit("#triage-save"),
		chromedp.WaitVisible(chromedp.CSS("#debrief-save")),
		chromedp.SendKeys(chromedp.CSS("#debrief"), "連絡網の夜間の電話番号が古かった"),
		submit("#debrief-save"),
		chromedp.WaitVisible(chromedp.CSS("#timeline")),
	)
	open("/incidents/stats", "#figures")
	if got := browsertest.Text(t, ctx, "#count"); got != "1 件" {
		t.Errorf("incidents counted: %q, want 1 (the drill left out)", got)
	}
	if got := browsertest.Text(t, ctx, "#drills"); got != "1 件" {
		t.Errorf("drills: %q, want 1", got)
	}
	browsertest.Screenshot(t, ctx, "incident-stats")
	axeIfAvailable(t, ctx, "statistics")
}
