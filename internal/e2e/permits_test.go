package e2e

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"kijun/internal/browsertest"
	"kijun/internal/organisation"
	"kijun/internal/permits"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// sectionWithStaff returns a 課 whose 情報管理者 (its 課長) holds no
// city-wide role and which has at least n members below the 課長 holding no
// role but those of the 課's systems: the 情報管理者 and those members.
func sectionWithStaff(t *testing.T, dbPath string, n int) (chief, unit string, staff []string) {
	t.Helper()
	db := storetest.Open(t, dbPath, store.Options{})
	defer db.Close()
	ctx := context.Background()
	today := organisation.Day(db.Now())
	units, err := db.UnitsOn(ctx, today)
	if err != nil {
		t.Fatal(err)
	}
	plain := func(no string) bool {
		roles, err := db.RolesOf(ctx, no, today)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range roles {
			if r.Holder.Scope.Kind == organisation.ScopeCity {
				return false
			}
		}
		return true
	}
	for _, u := range units {
		if u.Kind != organisation.KindSection {
			continue
		}
		h, err := db.HolderOf(ctx, organisation.RoleInfoManager, organisation.UnitScope(u.Code), today)
		if err != nil || !plain(h.Person.StaffNo) {
			continue
		}
		ms, err := db.Members(ctx, u.Code, today)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, m := range ms {
			roles, _ := db.RolesOf(ctx, m.StaffNo, today)
			ok := m.StaffNo != h.Person.StaffNo
			for _, r := range roles {
				ok = ok && r.Holder.Scope.Kind == organisation.ScopeSystem
			}
			if ok {
				out = append(out, m.StaffNo)
			}
		}
		if len(out) >= n {
			return h.Person.StaffNo, u.Code, out[:n]
		}
	}
	t.Fatalf("no 課 with a plain 情報管理者 and %d members of staff", n)
	return "", "", nil
}

// person signs l in in a browser context of its own (its own cookies), so
// several people can act in turn without signing out.
func person(t *testing.T, browser context.Context, base string, l *browsertest.Login) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	// Open the tab on the context itself, not on a timed child of it, so
	// that it outlives the first action.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open a browser context: %v", err)
	}
	browsertest.SignIn(t, ctx, base, l)
	return ctx
}

// fileRequest fills a request type's generated form and files it; it
// returns the path of the request's page.
func fileRequest(t *testing.T, ctx context.Context, base, typ string, values map[string]string) string {
	t.Helper()
	browsertest.Do(t, ctx, chromedp.Navigate(base+"/permits/form?type="+typ), chromedp.WaitVisible(chromedp.CSS("#file")))
	for id, v := range values {
		browsertest.Do(t, ctx, chromedp.SetValue(chromedp.CSS("#"+id), v))
	}
	browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS("#file")), chromedp.WaitVisible(chromedp.CSS("#state")))
	return browsertest.Get(t, ctx, chromedp.Evaluate[string](`location.pathname`))
}

// act opens a request's page, fills fields and presses a button; it waits
// for the page to say it was done.
func act(t *testing.T, ctx context.Context, url, button string, values map[string]string) {
	t.Helper()
	browsertest.Do(t, ctx, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS("#"+button)))
	for id, v := range values {
		browsertest.Do(t, ctx, chromedp.SetValue(chromedp.CSS("#"+id), v))
	}
	browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS("#"+button)), chromedp.WaitVisible(chromedp.CSS("#done")))
}

func wantState(t *testing.T, ctx context.Context, want string) {
	t.Helper()
	if got := browsertest.Text(t, ctx, "#state"); !strings.Contains(got, want) {
		t.Errorf("state %q, want %q", got, want)
	}
}

// Requests of several types are filed, decided and recorded in the
// browser by the people the standard names: 運搬, 持ち出し with its return,
// 廃棄 with the asset then disposed (and refused before the record), 例外措置
// approved by the CISO, 緊急時の例外措置 carried out then reported; the
// 情報管理者's own request refused under 3.2.10ア and then approved as
// unavoidable; and a deputy's decision shown on whose behalf. Every page
// passes axe when axe-core is at hand.
func TestPermitsInBrowser(t *testing.T) {
	browser := browsertest.Browser(t)
	dbPath := filepath.Join(t.TempDir(), "kijun.db")
	// The demo's own accounts and the request it files for its 課長
	// are left out: this test makes the people it needs.
	kijunCmd(t, "demo", "--no-accounts", "--db", dbPath)
	chiefNo, unit, staff := sectionWithStaff(t, dbPath, 2)
	cisoNo := holder(t, dbPath, organisation.RoleCISO, organisation.City())
	today := organisation.Day(time.Now())
	day := func(n int) string { return today.AddDate(0, 0, n).Format("2006-01-02") }
	func() { // 9.3: the 情報管理者 names a deputy for the week of his trip.
		db := storetest.Open(t, dbPath, store.Options{})
		defer db.Close()
		week := organisation.Period{From: today, To: today.AddDate(0, 0, 7)}
		if _, err := db.NameDeputy(context.Background(), organisation.DeputyAppointment{Role: organisation.RoleInfoManager,
			Scope: organisation.UnitScope(unit), StaffNo: staff[1], Reason: "出張", Period: week}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.RecordAbsence(context.Background(), organisation.Absence{StaffNo: chiefNo, Reason: "出張", Period: week}); err != nil {
			t.Fatal(err)
		}
	}()
	outsiderNo := outsideStaff(t, dbPath, unit)
	logins := map[string]*browsertest.Login{}
	for _, no := range []string{staff[0], staff[1], chiefNo, cisoNo, outsiderNo} {
		if logins[no] == nil {
			logins[no] = seedLogin(t, dbPath, no, false)
		}
	}
	srv := browsertest.StartServer(t, dbPath, nil)
	base := srv.URL
	requester := person(t, browser, base, logins[staff[0]])
	chief := person(t, browser, base, logins[chiefNo])
	ciso := person(t, browser, base, logins[cisoNo])
	deputy := person(t, browser, base, logins[staff[1]])
	asset := func(n int) string { return "A" + unit + "-000" + string(rune('0'+n)) }

	// A missing field is shown beside it.
	browsertest.Do(t, requester, chromedp.Navigate(base+"/permits/form?type=carry"), chromedp.WaitVisible(chromedp.CSS("#file")),
		chromedp.SetValue(chromedp.CSS("#f_asset"), asset(1)), chromedp.Click(chromedp.CSS("#file")),
		chromedp.WaitVisible(chromedp.CSS("#f_destination-error")))
	if got := browsertest.Get(t, requester, chromedp.Evaluate[string](`document.querySelector('#f_destination').getAttribute('aria-describedby')`)); !strings.Contains(got, "f_destination-error") {
		t.Errorf("the field's error is not tied to it: aria-describedby=%q", got)
	}
	carry := fileRequest(t, requester, base, "carry", map[string]string{"f_asset": asset(1), "f_destination": "北区役所",
		"f_protection": "暗号化", "valid_from": day(0), "valid_to": day(2)})
	wantState(t, requester, "申請中")
	takeOut := fileRequest(t, requester, base, "take_out", map[string]string{"f_asset": asset(2), "f_destination": "研修会場",
		"valid_from": day(0), "valid_to": day(1)})
	dispose := fileRequest(t, requester, base, "dispose", map[string]string{"f_asset": asset(4), "f_kind": "廃棄", "f_planned_method": "焼却"})

	// The 情報管理者 sees them in the inbox and approves.
	browsertest.Do(t, chief, chromedp.Navigate(base+"/permits/inbox"), chromedp.WaitVisible(chromedp.CSS("#todecide")))
	inbox := browsertest.Text(t, chief, "#todecide")
	for _, p := range []string{carry, takeOut, dispose} {
		if !strings.Contains(inbox, "No."+strings.TrimPrefix(p, "/permits/")) {
			t.Errorf("inbox %q lacks %s", inbox, p)
		}
	}
	for _, p := range []string{carry, takeOut, dispose} {
		act(t, chief, base+p, "approve", nil)
	}
	// 4.2ケ: not disposed without the record.
	markDisposed := func(wantRefused bool) {
		t.Helper()
		browsertest.Do(t, chief, chromedp.Navigate(base+"/assets/"+asset(4)+"/edit"), chromedp.WaitVisible(chromedp.CSS("#stage")),
			chromedp.SetValue(chromedp.CSS("#stage"), "dispose"), chromedp.Click(chromedp.CSS("#save")))
		if !wantRefused {
			browsertest.Do(t, chief, chromedp.WaitNotPresent(chromedp.CSS("#save")))
			return
		}
		browsertest.Do(t, chief, chromedp.WaitVisible(chromedp.CSS("#stage-error")))
		{
			if got := browsertest.Text(t, chief, "#stage-error"); !strings.Contains(got, "4.2.ケ") {
				t.Errorf("disposal refusal %q does not cite 4.2.ケ", got)
			}
		}
	}
	markDisposed(true)

	// The requester records what was done.
	act(t, requester, base+carry, "record", map[string]string{"f_carried_on": day(0), "f_carried_by": staff[0]})
	wantState(t, requester, "完了")
	act(t, requester, base+takeOut, "record", map[string]string{"f_taken_on": day(0)})
	wantState(t, requester, "実施済み")
	act(t, requester, base+takeOut, "record", map[string]string{"f_returned_on": day(0), "f_condition": "異常なし"})
	wantState(t, requester, "完了")
	// The certificate's copy goes with the record (6.1.7).
	cert := filepath.Join(t.TempDir(), "shomeisho.pdf")
	if err := os.WriteFile(cert, []byte("%PDF-1.4 消去証明書"), 0o600); err != nil {
		t.Fatal(err)
	}
	browsertest.Do(t, requester, chromedp.Navigate(base+dispose), chromedp.WaitVisible(chromedp.CSS("#a_certificate_copy")),
		chromedp.SetUploadFiles(chromedp.CSS("#a_certificate_copy"), []string{cert}))
	for id, v := range map[string]string{"f_disposed_on": day(0), "f_disposed_by": staff[0],
		"f_method": "焼却", "f_certificate": "証明書 2026-001", "f_witness": chiefNo} {
		browsertest.Do(t, requester, chromedp.SetValue(chromedp.CSS("#"+id), v))
	}
	browsertest.Do(t, requester, chromedp.Click(chromedp.CSS("#record")), chromedp.WaitVisible(chromedp.CSS("#done")))
	wantState(t, requester, "完了")
	got := browsertest.Get(t, requester, chromedp.Evaluate[string](`fetch(document.querySelector('#timeline ul.files a').href).then(r => r.status + ' ' + r.headers.get('Content-Disposition'))`, chromedp.EvalAwaitPromise))
	if !strings.HasPrefix(got, "200 attachment") || !strings.Contains(got, "shomeisho.pdf") {
		t.Errorf("the certificate's copy: %q", got)
	}
	markDisposed(false)
	browsertest.Do(t, chief, chromedp.Navigate(base+"/assets/"+asset(4)), chromedp.WaitVisible(chromedp.CSS("main h1")))
	if got := browsertest.Text(t, chief, "main"); !strings.Contains(got, "廃棄") {
		t.Errorf("asset page after disposal lacks 廃棄")
	}

	// 9.5.1: an exception, approved by the CISO.
	exc := fileRequest(t, chief, base, "exception", map[string]string{"f_provision": "8.2.6.ウ", "f_measure": "旧端末のパスワード規則",
		"f_reason": "端末更新まで", "valid_from": day(0), "valid_to": day(90)})
	act(t, ciso, base+exc, "approve", nil)
	wantState(t, ciso, "完了")
	// 9.5.2: carried out first, then reported, then received by the CISO.
	emg := fileRequest(t, chief, base, "emergency_exception", map[string]string{"f_provision": "6.4.2.ア", "f_measure": "一時的な管理者ID",
		"f_urgency": "窓口停止", "f_done_on": day(0)})
	wantState(t, chief, "下書き")
	act(t, chief, base+emg, "carried", nil)
	wantState(t, chief, "実施済み")
	if got := browsertest.Text(t, chief, "#due"); got == "" {
		t.Errorf("emergency exception has no report deadline")
	}
	act(t, chief, base+emg, "report", nil)
	act(t, ciso, base+emg, "approve", nil)
	wantState(t, ciso, "完了")
	browsertest.Do(t, ciso, chromedp.Navigate(base+"/permits/exceptions"), chromedp.WaitVisible(chromedp.CSS("#exceptions")))
	if got := browsertest.Text(t, ciso, "#exceptions"); !strings.Contains(got, "緊急時の例外措置") || !strings.Contains(got, "8.2.6.ウ") {
		t.Errorf("register of exceptions %q lacks the two requests", got)
	}
	browsertest.Do(t, ciso, chromedp.Navigate(base+"/permits/exceptions?q="+url.QueryEscape("旧端末")), chromedp.WaitVisible(chromedp.CSS("#exceptions")))
	if got := browsertest.Text(t, ciso, "#exceptions"); strings.Contains(got, "緊急時の例外措置") || !strings.Contains(got, "8.2.6.ウ") {
		t.Errorf("searching the register for 旧端末 gives %q", got)
	}
	if got := browsertest.Get(t, ciso, chromedp.Evaluate[string](`fetch(document.querySelector('#export').href).then(r => r.status + ' ' + r.headers.get('Content-Type'))`, chromedp.EvalAwaitPromise)); !strings.HasPrefix(got, "200 application/vnd.openxmlformats") {
		t.Errorf("exporting the register: %q", got)
	}

	// 3.2.10ア: the 情報管理者's own request.
	own := fileRequest(t, chief, base, "carry", map[string]string{"f_asset": asset(1), "f_destination": "県庁",
		"f_protection": "暗号化", "valid_from": day(0), "valid_to": day(1)})
	browsertest.Do(t, chief, chromedp.Navigate(base+own), chromedp.WaitVisible(chromedp.CSS("#approve")),
		chromedp.Click(chromedp.CSS("#approve")), chromedp.WaitVisible(chromedp.CSS("#problem")))
	if got := browsertest.Text(t, chief, "#problem"); !strings.Contains(got, "兼務の禁止") {
		t.Errorf("own approval refused with %q, want 兼務の禁止", got)
	}
	browsertest.Screenshot(t, chief, "permit-own-refused")
	browsertest.Do(t, chief, chromedp.Click(chromedp.CSS("#unavoidable")), chromedp.SendKeys(chromedp.CSS("#reason"), "課内に他の管理職がいない"),
		chromedp.Click(chromedp.CSS("#approve")), chromedp.WaitVisible(chromedp.CSS("#flagged")))
	// Permitted, but the trip was called off: closed with the reason.
	browsertest.Do(t, chief, chromedp.Click(chromedp.CSS("details:has(#close) summary")),
		chromedp.SendKeys(chromedp.CSS("#close_reason"), "出張が中止になった"), chromedp.Click(chromedp.CSS("#close")),
		chromedp.WaitNotPresent(chromedp.CSS("#close")))
	wantState(t, chief, "完了")

	// 9.3: the deputy decides, on the 情報管理者's behalf.
	dep := fileRequest(t, requester, base, "carry", map[string]string{"f_asset": asset(1), "f_destination": "中央図書館",
		"f_protection": "暗号化", "valid_from": day(0), "valid_to": day(1)})
	act(t, deputy, base+dep, "approve", nil)
	if got := browsertest.Text(t, deputy, "#timeline"); !strings.Contains(got, "の代行") {
		t.Errorf("timeline %q does not say on whose behalf the deputy decided", got)
	}
	browsertest.Screenshot(t, deputy, "permit-deputy")

	// Someone of another 課 with no part in a request cannot read it (8.2.1ア).
	outsider := person(t, browser, base, logins[outsiderNo])
	browsertest.Do(t, outsider, chromedp.Navigate(base+carry), chromedp.WaitVisible(chromedp.CSS("main h1")))
	if got := browsertest.Text(t, outsider, "main"); !strings.Contains(got, "見られるのは") || strings.Contains(got, "北区役所") {
		t.Errorf("an outsider reading a request sees %q", got)
	}

	// The printable view holds the request and its timeline.
	browsertest.Do(t, requester, chromedp.Navigate(base+dispose+"/print"), chromedp.WaitVisible(chromedp.CSS("#sheet")))
	if got := browsertest.Text(t, requester, "main"); !strings.Contains(got, "証明書 2026-001") || !strings.Contains(got, "4.2.ケ") {
		t.Errorf("printable view lacks the record or the clauses: %s", got)
	}

	// Accessibility of the permits pages (skipped without axe-core).
	if axe := axeSourceOrEmpty(t); axe != "" {
		check := func(ctx context.Context, path string) {
			t.Helper()
			browsertest.Do(t, ctx, chromedp.Navigate(base+path), chromedp.WaitVisible(chromedp.CSS("main h1")))
			checkAxe(t, ctx, axe, path)
		}
		for _, p := range []string{"/permits", "/permits/inbox", "/permits/new", "/permits/form?type=dispose", "/permits/form?type=exception",
			carry, takeOut, dispose + "/print", "/permits?lang=en"} {
			check(requester, p)
		}
		later := fileRequest(t, requester, base, "carry", map[string]string{"f_asset": asset(1), "f_destination": "県庁",
			"f_protection": "暗号化", "valid_from": day(0), "valid_to": day(1)})
		check(chief, later)
		check(chief, "/permits/inbox")
		check(ciso, "/permits/exceptions")
		check(ciso, "/permits/inbox") // with the requests flagged under 3.2.10ア
		if got := browsertest.Text(t, ciso, "#flaggedlist"); !strings.Contains(got, "No."+strings.TrimPrefix(own, "/permits/")) {
			t.Errorf("the CISO's office does not see the unavoidable approval: %q", got)
		}
		// A form with its errors.
		browsertest.Do(t, requester, chromedp.Navigate(base+"/permits/form?type=carry"), chromedp.WaitVisible(chromedp.CSS("#file")),
			chromedp.Click(chromedp.CSS("#file")), chromedp.WaitVisible(chromedp.CSS("#f_asset-error")))
		browsertest.Get(t, requester, chromedp.Evaluate[bool](axe+";true"))
		raw := browsertest.Get(t, requester, chromedp.Evaluate[string](
			`axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}).then(r => JSON.stringify(r.violations))`,
			chromedp.EvalAwaitPromise))
		if raw != "[]" {
			t.Errorf("form with errors: %s", raw)
		}
	}
}

// Every request type can be filed, decided and recorded in the browser:
// each form is filled from the type's declared fields, the request is
// decided by whoever the engine says must decide it (in order, for a type
// with several approvers), and its record and return are kept, until it is
// closed.
func TestEveryRequestTypeInBrowser(t *testing.T) {
	browser := browsertest.Browser(t)
	dbPath := filepath.Join(t.TempDir(), "kijun.db")
	kijunCmd(t, "demo", "--db", dbPath)
	chiefNo, unit, staff := sectionWithStaff(t, dbPath, 1)
	reg, err := permits.Default()
	if err != nil {
		t.Fatal(err)
	}
	infra := holder(t, dbPath, organisation.RoleInfraManager, organisation.City())
	// A system with its 業務システム責任者 and 管理者 (8.1.4, 8.2.1イ(2)) outside
	// the マイナンバー利用事務系 (8.1.15イ), and one the demo left without a
	// 管理者.
	var system, orphan, contract string
	func() {
		db := storetest.Open(t, dbPath, store.Options{})
		defer db.Close()
		ctx := context.Background()
		// A contract of the 課, for the 再委託 approval (10.1.4).
		ks, _, err := db.ListContracts(ctx, store.ContractFilter{Units: []string{unit}, Limit: 1})
		if err != nil || len(ks) == 0 {
			t.Fatalf("no contract of %s: %v", unit, err)
		}
		contract = ks[0].ID
		if err := db.View(ctx, func(tx *store.Tx) error {
			if err := tx.QueryRowContext(ctx, `SELECT s.id FROM systems s WHERE s.zone <> 'mynumber'
				AND EXISTS (SELECT 1 FROM org_roles r WHERE r.scope_kind = 'system' AND r.scope_id = s.id AND r.role = 'system_admin')
				AND EXISTS (SELECT 1 FROM org_roles r WHERE r.scope_kind = 'system' AND r.scope_id = s.id AND r.role = 'system_owner')
				ORDER BY s.id LIMIT 1`).Scan(&system); err != nil {
				return err
			}
			return tx.QueryRowContext(ctx, `SELECT s.id FROM systems s WHERE NOT EXISTS
				(SELECT 1 FROM org_roles r WHERE r.scope_kind = 'system' AND r.scope_id = s.id AND r.role = 'system_admin') ORDER BY s.id LIMIT 1`).Scan(&orphan)
		}); err != nil {
			t.Fatalf("find systems: %v", err)
		}
	}()
	logins := map[string]*browsertest.Login{}
	for _, no := range []string{staff[0], chiefNo, infra} {
		if logins[no] == nil {
			logins[no] = seedLogin(t, dbPath, no, false)
		}
	}
	srv := browsertest.StartServer(t, dbPath, nil)
	base := srv.URL
	people := map[string]context.Context{}
	as := func(no string) context.Context {
		if people[no] == nil {
			if logins[no] == nil {
				logins[no] = seedLogin(t, dbPath, no, false)
			}
			people[no] = person(t, browser, base, logins[no])
		}
		return people[no]
	}
	actors := func(id int64) []string {
		db := storetest.Open(t, dbPath, store.Options{})
		defer db.Close()
		ps, err := db.Permits(reg).ActorsFor(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, p := range ps {
			out = append(out, p.StaffNo)
		}
		return out
	}
	today := organisation.Day(time.Now()).Format("2006-01-02")
	value := func(ty *permits.Type, f permits.Field, staffNo *int) (string, bool) {
		switch f.Type {
		case permits.FieldAsset:
			return "A" + unit + "-0001", true
		case permits.FieldDevice:
			return "D" + unit + "-0001", true
		case permits.FieldMedium:
			return "M" + unit + "-01", true
		case permits.FieldSystem:
			return system, true
		case permits.FieldArea:
			return "AREA-10", true
		case permits.FieldContract:
			return contract, true
		case permits.FieldStaff:
			// Alternate, so that a witness is not the one who disposed.
			*staffNo++
			if *staffNo%2 == 1 {
				return staff[0], true
			}
			return chiefNo, true
		case permits.FieldDate:
			return today, true
		case permits.FieldChoice:
			return f.Choices[0], true
		case permits.FieldBool:
			return "", f.Required
		case permits.FieldTextarea:
			return "試験のための記載", true
		}
		return "試験", true
	}
	fill := func(ctx context.Context, ty *permits.Type, fs []permits.Field) {
		n := 0
		for _, f := range fs {
			v, ok := value(ty, f, &n)
			if !ok {
				continue
			}
			if f.Type == permits.FieldBool {
				browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS("#f_"+f.Key)))
				continue
			}
			browsertest.Do(t, ctx, chromedp.SetValue(chromedp.CSS("#f_"+f.Key), v))
		}
	}
	// A request whose approver nobody holds stays a draft and says who
	// must fix the organisation data.
	rq := as(staff[0])
	browsertest.Do(t, rq, chromedp.Navigate(base+"/permits/form?type=user_id"), chromedp.WaitVisible(chromedp.CSS("#file")),
		chromedp.SetValue(chromedp.CSS("#f_system"), orphan), chromedp.SetValue(chromedp.CSS("#f_action"), "登録"),
		chromedp.SetValue(chromedp.CSS("#f_user"), staff[0]), chromedp.Click(chromedp.CSS("#file")), chromedp.WaitVisible(chromedp.CSS("#problem")))
	if got := browsertest.Text(t, rq, "#problem"); !strings.Contains(got, "見つかりません") || !strings.Contains(got, "情報セキュリティ管理者") {
		t.Errorf("no approver: %q, want it to say so and name who fixes the organisation", got)
	}
	wantState(t, rq, "下書き")
	for _, ty := range reg.Types() {
		t.Run(ty.Key, func(t *testing.T) {
			requester := staff[0]
			switch {
			case slices.Contains(ty.Requesters, "staff"):
			case slices.Contains(ty.Requesters, "info_manager"), slices.Contains(ty.Requesters, "system_admin"):
				requester = chiefNo
			case slices.Contains(ty.Requesters, string(organisation.RoleAuditDirector)):
				requester = holder(t, dbPath, organisation.RoleAuditDirector, organisation.City()) // 11.1.6
			default:
				requester = infra
			}
			rq := as(requester)
			browsertest.Do(t, rq, chromedp.Navigate(base+"/permits/form?type="+ty.Key), chromedp.WaitVisible(chromedp.CSS("#file")))
			fill(rq, ty, ty.Fields)
			if ty.Period {
				browsertest.Do(t, rq, chromedp.SetValue(chromedp.CSS("#valid_from"), today), chromedp.SetValue(chromedp.CSS("#valid_to"), today))
			}
			browsertest.Do(t, rq, chromedp.Click(chromedp.CSS("#file")), chromedp.WaitVisible(chromedp.CSS("#state")))
			path := browsertest.Get(t, rq, chromedp.Evaluate[string](`location.pathname`))
			id, _ := strconv.ParseInt(strings.TrimPrefix(path, "/permits/"), 10, 64)
			if ty.CarriedOutFirst {
				act(t, rq, base+path, "carried", nil)
				act(t, rq, base+path, "report", nil)
			}
			for range ty.Approvers {
				who := actors(id)
				if len(who) == 0 {
					t.Fatalf("nobody to decide %s", path)
				}
				act(t, as(who[0]), base+path, "approve", nil)
			}
			if ty.Record != nil && !ty.CarriedOutFirst {
				browsertest.Do(t, rq, chromedp.Navigate(base+path), chromedp.WaitVisible(chromedp.CSS("#record")))
				fill(rq, ty, ty.Record.Fields)
				browsertest.Do(t, rq, chromedp.Click(chromedp.CSS("#record")), chromedp.WaitVisible(chromedp.CSS("#done")))
			}
			if ty.Return != nil {
				browsertest.Do(t, rq, chromedp.Navigate(base+path), chromedp.WaitVisible(chromedp.CSS("#record")))
				fill(rq, ty, ty.Return.Fields)
				browsertest.Do(t, rq, chromedp.Click(chromedp.CSS("#record")), chromedp.WaitVisible(chromedp.CSS("#done")))
			}
			browsertest.Do(t, rq, chromedp.Navigate(base+path), chromedp.WaitVisible(chromedp.CSS("#state")))
			if got := browsertest.Text(t, rq, "#state"); got != permits.StateClosed.Label() {
				t.Errorf("%s ends %q, want %q (%s)", ty.Key, got, permits.StateClosed.Label(), browsertest.Text(t, rq, "#timeline"))
			}
		})
	}
}

// outsideStaff returns a member of staff of a 課 other than unit who holds
// no role today.
func outsideStaff(t *testing.T, dbPath, unit string) string {
	t.Helper()
	db := storetest.Open(t, dbPath, store.Options{})
	defer db.Close()
	ctx := context.Background()
	today := organisation.Day(db.Now())
	units, err := db.UnitsOn(ctx, today)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range units {
		if u.Code == unit || u.Kind != organisation.KindSection {
			continue
		}
		ms, err := db.Members(ctx, u.Code, today)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			if roles, err := db.RolesOf(ctx, m.StaffNo, today); err == nil && len(roles) == 0 && m.Assignment.Post == organisation.PostStaff {
				return m.StaffNo
			}
		}
	}
	t.Fatal("no member of staff outside the 課")
	return ""
}
