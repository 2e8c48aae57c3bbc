package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"kijun/internal/browsertest"
	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
	"kijun/internal/wareki"
)

// A member of staff files a 持ち出し by keyboard alone: types part of the
// asset's number into the field, goes down to the first suggestion, takes
// it with Enter (which does not send the form), names a medium of the
// register the same way, and sends the form; the request names what was
// chosen. Her 課長 then sees it waiting in a chart of requests by age.
// The form with its list open, and the pages with charts, pass axe-core.
func TestPickerByKeyboardAndCharts(t *testing.T) {
	browser := browsertest.Browser(t)
	dbPath := filepath.Join(t.TempDir(), "kijun.db")
	kijunCmd(t, "demo", "--db", dbPath)
	chiefNo, unit, staff := sectionWithStaff(t, dbPath, 1)
	medium := firstMedium(t, dbPath, unit)
	officeNo := cityOffice(t, dbPath)
	logins := map[string]*browsertest.Login{}
	for _, no := range []string{staff[0], chiefNo, officeNo} {
		if logins[no] == nil {
			logins[no] = seedLogin(t, dbPath, no, false)
		}
	}
	srv := browsertest.StartServer(t, dbPath, nil)
	base := srv.URL
	axe := axeSourceOrEmpty(t)
	shots := os.Getenv("KIJUN_SCREENSHOTS") != ""

	me := person(t, browser, base, logins[staff[0]])
	today := organisation.Day(time.Now())
	browsertest.Do(t, me, chromedp.Navigate(base+"/permits/form?type=take_out"),
		chromedp.WaitVisible(chromedp.CSS(`#f_asset[role="combobox"]`)))

	// pick types into a picker, arrows down to the first suggestion and
	// takes it with Enter; it returns the ID the option offered.
	pick := func(field, typed string, check func()) string {
		t.Helper()
		browsertest.Do(t, me, chromedp.SendKeys(chromedp.CSS("#"+field), typed),
			chromedp.WaitVisible(chromedp.CSS("#"+field+`-listbox:not([aria-busy]) [role="option"]`)),
			chromedp.SendKeys(chromedp.CSS("#"+field), kb.ArrowDown))
		want := browsertest.Get(t, me, chromedp.Evaluate[string](`document.querySelector('#`+field+`-listbox [aria-selected="true"]').dataset.id`))
		active := browsertest.Get(t, me, chromedp.Evaluate[string](`document.querySelector('#`+field+`').getAttribute('aria-activedescendant')`))
		expanded := browsertest.Get(t, me, chromedp.Evaluate[string](`document.querySelector('#`+field+`').getAttribute('aria-expanded')`))
		if active != field+"-listbox-0" || expanded != "true" {
			t.Errorf("%s after ArrowDown: aria-activedescendant %q, aria-expanded %q; want the first option, expanded", field, active, expanded)
		}
		if check != nil {
			check()
		}
		browsertest.Do(t, me, chromedp.SendKeys(chromedp.CSS("#"+field), kb.Enter),
			chromedp.WaitNotVisible(chromedp.CSS("#"+field+"-listbox")))
		if got := browsertest.Get(t, me, chromedp.Evaluate[string](`document.querySelector('#`+field+`').value`)); got != want {
			t.Errorf("%s: value %q after Enter, want the chosen %q", field, got, want)
		}
		if path := browsertest.Get(t, me, chromedp.Evaluate[string](`location.pathname`)); path != "/permits/form" {
			t.Errorf("Enter on a suggestion sent the form (now at %s); it should only choose", path)
		}
		return want
	}
	asset := pick("f_asset", "A"+unit+"-", func() {
		if shots {
			browsertest.Screenshot(t, me, "picker-open")
		}
		if axe != "" {
			checkAxe(t, me, axe, "/permits/form?type=take_out with a picker open")
		}
	})
	if !strings.HasPrefix(asset, "A"+unit+"-") {
		t.Errorf("chose %q, want one of 課 %s's assets", asset, unit)
	}
	if got := browsertest.Text(t, me, "#f_asset-name"); !strings.Contains(got, "選択") {
		t.Errorf("the chosen asset's name is not shown: %q", got)
	}
	var chosenMedium string
	if medium != "" {
		chosenMedium = pick("f_medium", medium, nil)
	}
	browsertest.Do(t, me,
		chromedp.SendKeys(chromedp.CSS("#f_destination"), "研修会場"),
		chromedp.SetValue(chromedp.CSS("#valid_from"), today.Format("2006-01-02")),
		chromedp.SetValue(chromedp.CSS("#valid_to"), today.AddDate(0, 0, 1).Format("2006-01-02")),
		// Enter in a plain field sends the form, as without script.
		chromedp.SendKeys(chromedp.CSS("#f_destination"), kb.Enter),
		chromedp.WaitVisible(chromedp.CSS("#state")))
	body := browsertest.Text(t, me, "main")
	for _, want := range []string{asset, chosenMedium} {
		if want != "" && !strings.Contains(body, want) {
			t.Errorf("the filed request does not name %q:\n%s", want, body)
		}
	}

	// The 課長 sees it in the chart of requests waiting, by age.
	chief := person(t, browser, base, logins[chiefNo])
	browsertest.Do(t, chief, chromedp.Navigate(base+"/permits/inbox"), chromedp.WaitVisible(chromedp.CSS("#waiting-chart-figure svg")))
	if got := browsertest.Get(t, chief, chromedp.Evaluate[string](`document.querySelector('#waiting-chart-table tbody').textContent`)); !strings.Contains(got, "1") {
		t.Errorf("the waiting chart's table does not count the request: %q", got)
	}
	if axe != "" {
		checkAxe(t, chief, axe, "/permits/inbox with a chart")
	}

	// The CISO's office sees the heat map of 局 × chapter and the
	// incidents by month, each with its table.
	office := person(t, browser, base, logins[officeNo])
	for _, pg := range []struct{ path, figure string }{
		{"/compliance", "#heat-chart-figure"},
		// The demo's incidents are of the five years before this one.
		{"/incidents/stats?year=" + strconv.Itoa(wareki.FiscalYear(time.Now())-1), "#month-chart-figure"},
	} {
		browsertest.Do(t, office, chromedp.Navigate(base+pg.path), chromedp.WaitVisible(chromedp.CSS(pg.figure+" svg")))
		role := browsertest.Get(t, office, chromedp.Evaluate[string](`document.querySelector('`+pg.figure+` svg').getAttribute('role')`))
		rows := browsertest.Get(t, office, chromedp.Evaluate[int](`document.querySelectorAll('`+pg.figure+` table tbody tr').length`))
		if role != "img" || rows == 0 {
			t.Errorf("%s: chart role %q with %d table rows; want an img with its figures as a table", pg.path, role, rows)
		}
		// The picture fits the page: it is not wider than its figure.
		over := browsertest.Get(t, office, chromedp.Evaluate[bool](`(() => { const s = document.querySelector('`+pg.figure+` svg').getBoundingClientRect(); const f = document.querySelector('`+pg.figure+`').getBoundingClientRect(); return s.right > f.right + 1 })()`))
		if over {
			t.Errorf("%s: the chart runs past its figure", pg.path)
		}
		if shots {
			name, _, _ := strings.Cut(pg.path, "?")
			browsertest.Screenshot(t, office, "chart"+strings.ReplaceAll(name, "/", "-"))
		}
		if axe != "" {
			browsertest.Do(t, office, chromedp.Click(chromedp.CSS(pg.figure+" summary")))
			checkAxe(t, office, axe, pg.path+" with a chart")
		}
	}
	// The ledger, searched by the requester: her 持ち出し is there by name.
	browsertest.Do(t, office, chromedp.Navigate(base+"/records?actor="+staff[0]+"&action=permit."), chromedp.WaitVisible(chromedp.CSS("#records")))
	if got := browsertest.Text(t, office, "#records"); !strings.Contains(got, "申請の提出") {
		t.Errorf("the ledger searched by %s and permit. lacks the submitted request: %q", staff[0], got)
	}
	if shots {
		browsertest.Screenshot(t, office, "records-search")
	}
	if axe != "" {
		checkAxe(t, office, axe, "/records searched")
	}
}

// firstMedium returns a medium of unit's register, or "" if it has none.
func firstMedium(t *testing.T, dbPath, unit string) string {
	t.Helper()
	db := storetest.Open(t, dbPath, store.Options{})
	defer db.Close()
	ms, _, err := db.ListMedia(context.Background(), store.RegisterFilter{Units: []string{unit}, Sort: "id", Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) == 0 {
		return ""
	}
	return ms[0].ID
}
