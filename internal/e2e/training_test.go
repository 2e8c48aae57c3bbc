package e2e

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"kijun/internal/browsertest"
	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
	"kijun/internal/training"
)

// untrained returns someone of the demo city who must attend this year's
// course for everyone and has not, holds no role, and their 課.
func untrained(t *testing.T, dbPath string) (staffNo, unit string) {
	t.Helper()
	db := storetest.Open(t, dbPath, store.Options{})
	defer db.Close()
	ctx := context.Background()
	today := organisation.Day(db.Now())
	y, err := db.TrainingYear(ctx, training.FiscalYear(today), today, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range y.Outcomes {
		if o.Need != training.AudienceAll || o.Met != nil {
			continue
		}
		unit := y.Person(o.StaffNo).Unit
		if _, err := db.HolderOf(ctx, organisation.RoleInfoManager, organisation.UnitScope(unit), today); err != nil {
			continue // not in a 課
		}
		if roles, err := db.RolesOf(ctx, o.StaffNo, today); err == nil && len(roles) == 0 {
			return o.StaffNo, unit
		}
	}
	t.Fatal("nobody of the demo city left to attend the course for everyone")
	return "", ""
}

// The 統括責任者 drafts next 年度's plan with a course and reports it to
// the CISO (7.2.2ア); a member of staff takes the course for everyone and
// passes its quiz; their 情報管理者 sees it on the 課's page and reports
// the 課's training (7.2.2オ); the CISO's office reads the analysis
// (7.2.2カ). The member of staff also loses their ID card and reports it,
// which stops it at once (7.4.1ウ).
func TestTrainingInBrowser(t *testing.T) {
	ctx := browsertest.Browser(t)
	dbPath := filepath.Join(t.TempDir(), "kijun.db")
	kijunCmd(t, "demo", "--db", dbPath)
	directorNo := holder(t, dbPath, organisation.RoleSecurityDirector, organisation.City())
	learnerNo, unit := untrained(t, dbPath)
	chiefNo := holder(t, dbPath, organisation.RoleInfoManager, organisation.UnitScope(unit))
	director := seedLogin(t, dbPath, directorNo, false)
	learner := seedLogin(t, dbPath, learnerNo, false)
	chief := seedLogin(t, dbPath, chiefNo, false)
	srv := browsertest.StartServer(t, dbPath, nil)
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
	signOut := func() {
		browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS("#signout")), chromedp.WaitVisible(chromedp.CSS("#password")))
	}
	year := training.FiscalYear(organisation.Day(time.Now())) + 1
	ys := strconv.Itoa(year)

	// The plan of next 年度, with one course, reported to the CISO.
	browsertest.SignIn(t, ctx, srv.URL, director)
	open("/training/plan?year="+ys, "#save-plan")
	browsertest.Do(t, ctx, submit("#save-plan"), chromedp.WaitVisible(chromedp.CSS("#report-plan")))
	browsertest.Do(t, ctx,
		chromedp.SendKeys(chromedp.CSS("#c-id"), ys+"-all"),
		chromedp.SendKeys(chromedp.CSS("#c-title"), "情報セキュリティ研修（全職員）"),
		chromedp.Click(chromedp.CSS(`input[name="audience"][value="all"]`)),
		chromedp.SendKeys(chromedp.CSS("#c-from"), ys+"-06-01"),
		chromedp.SendKeys(chromedp.CSS("#c-to"), strconv.Itoa(year+1)+"-04-30"), // past the 年度: refused
		submit("#add-course"),
		chromedp.WaitVisible(chromedp.CSS("#course-form .error")),
	)
	if got := browsertest.Text(t, ctx, "#course-form"); !strings.Contains(got, "年度") {
		t.Errorf("a course past the 年度 is not refused beside its period: %q", got)
	}
	browsertest.Do(t, ctx,
		chromedp.SetValue(chromedp.CSS("#c-to"), ys+"-12-25"),
		submit("#add-course"),
		chromedp.WaitVisible(chromedp.CSS("#report-plan")),
		submit("#report-plan"),
		chromedp.WaitVisible(chromedp.CSS("#plan-state")),
	)
	if got := browsertest.Text(t, ctx, "#plan-state"); !strings.Contains(got, "CISO に報告済み") {
		t.Errorf("plan state after reporting: %q", got)
	}
	browsertest.Screenshot(t, ctx, "training-plan-reported")
	axeIfAvailable(t, ctx, "training plan")
	signOut()

	// A member of staff takes this year's course and passes its quiz.
	browsertest.SignIn(t, ctx, srv.URL, learner)
	browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS(`header nav a[href="/training"]`)), chromedp.WaitVisible(chromedp.CSS("#mine")))
	if got := browsertest.Text(t, ctx, "#mine + .table-wrap"); !strings.Contains(got, "職員等（全員）") {
		t.Errorf("their duties: %q", got)
	}
	// They acknowledge the edition of the standard in force (7.1.3).
	browsertest.Do(t, ctx, submit("#ack-kobe-kijun-5\\.5"), chromedp.WaitVisible(chromedp.CSS("#mine")))
	if n := browsertest.Get(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('#editions').length`)); n != 0 {
		t.Error("the edition acknowledged is still asked for")
	}
	cur := strconv.Itoa(year - 1)
	open("/training/courses/"+cur+"-all", "#quiz")
	for i, a := range []string{"1", "0", "1", "0"} {
		browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS("#q"+strconv.Itoa(i)+"-"+a)))
	}
	browsertest.Do(t, ctx, submit("#answer"), chromedp.WaitVisible(chromedp.CSS("#quiz-result")))
	if got := browsertest.Text(t, ctx, "#quiz-result"); !strings.Contains(got, "合格") || !strings.Contains(got, "100") {
		t.Errorf("quiz result: %q", got)
	}
	browsertest.Screenshot(t, ctx, "training-quiz-passed")
	axeIfAvailable(t, ctx, "course page")

	// They lose their ID card and report it: it is stopped at once (7.4.1ウ).
	open("/cards", "#mine")
	browsertest.Do(t, ctx, submit("#lost-ID-"+learnerNo), chromedp.WaitVisible(chromedp.CSS("#cards-done")))
	if got := browsertest.Text(t, ctx, "#mine + .table-wrap"); !strings.Contains(got, "紛失（停止済み）") {
		t.Errorf("the card lost is not shown stopped: %q", got)
	}
	browsertest.Screenshot(t, ctx, "card-lost")
	axeIfAvailable(t, ctx, "ID cards")
	signOut()

	// Their 情報管理者 sees it and reports the 課's training.
	browsertest.SignIn(t, ctx, srv.URL, chief)
	open("/training/units/"+unit, "#people")
	if got := browsertest.Text(t, ctx, "#people"); !strings.Contains(got, learnerNo) || !strings.Contains(got, "受講済（"+cur+"-all") {
		t.Errorf("the 課's page does not show %s's attendance: %q", learnerNo, got)
	}
	browsertest.Do(t, ctx, chromedp.SendKeys(chromedp.CSS("#rep-note"), "未受講者には期限までの受講を指示した"), submit("#submit-report"), chromedp.WaitVisible(chromedp.CSS("#reports")))
	if got := browsertest.Text(t, ctx, "#reports + ul"); !strings.Contains(got, "未受講者には") {
		t.Errorf("the report is not listed: %q", got)
	}
	browsertest.Screenshot(t, ctx, "training-unit-reported")
	axeIfAvailable(t, ctx, "a 課's training")
	signOut()

	// The CISO's office reads the analysis, this year against last.
	browsertest.SignIn(t, ctx, srv.URL, director)
	open("/training/report", "#by-unit")
	if got := browsertest.Text(t, ctx, "#totals"); !strings.Contains(got, strconv.Itoa(year-2)) {
		t.Errorf("the analysis does not set last year beside this: %q", got)
	}
	browsertest.Screenshot(t, ctx, "training-analysis")
	axeIfAvailable(t, ctx, "training analysis")
}
