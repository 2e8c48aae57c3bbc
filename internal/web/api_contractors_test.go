package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"kijun/internal/access"
	"kijun/internal/auth"
	"kijun/internal/contractors"
	"kijun/internal/organisation"
	"kijun/internal/registers"
	"kijun/internal/store"
)

// reasons joins the field reasons of a problem, as field:reason.
func reasons(out map[string]any) string {
	var b strings.Builder
	errs, _ := out["errors"].([]any)
	for _, e := range errs {
		m, _ := e.(map[string]any)
		fmt.Fprintf(&b, "%v:%v\n", m["field"], m["reason"])
	}
	return b.String()
}

// contractorCase is accessOrg's city with contractor F-1 holding contract
// K-1 of 課 111 (every obligatory article stated) and two more
// contractors, F-2 and F-3, as yet in no contract.
func contractorCase(t *testing.T, db *store.DB) time.Time {
	t.Helper()
	accessOrg(t, db)
	ctx, con := context.Background(), registers.Console()
	for _, id := range []string{"F-1", "F-2", "F-3"} {
		if _, err := db.CreateContractor(ctx, con, contractors.Contractor{ID: id, Name: "株式会社" + id}); err != nil {
			t.Fatal(err)
		}
	}
	today := organisation.Day(db.Now())
	if _, err := db.CreateContract(ctx, con, contractors.Contract{ID: "K-1", Name: "入力業務", Unit: "111", Contractor: "F-1",
		From: today.AddDate(-1, 0, 0), To: today.AddDate(1, 0, 0), State: contractors.StateActive, Articles: obligatoryArticles()}); err != nil {
		t.Fatal(err)
	}
	return today
}

func obligatoryArticles() map[string]string {
	arts := map[string]string{}
	for _, cl := range contractors.Clauses() {
		if cl.Obligatory {
			arts[cl.Key] = "第1条"
		}
	}
	return arts
}

// What the page refuses in chapter 10's register, the API refuses with
// the same reason and writes nothing, on both engines: a 課長 of another
// 課 changing a contract, a 再委託 closing a loop, a 法人番号 whose check
// digit is wrong, a contract made active without the articles of 10.1.2ア
// and an external service put in another 課. A member of the contract's
// 課 changes it at its version, and the ledger records it as theirs.
func TestContractorRegisterRefusalsOverAPI(t *testing.T) {
	eachEngine(t, func(t *testing.T, ts *httptest.Server, db *store.DB) {
		ctx := context.Background()
		today := contractorCase(t, db)
		memberPage := signedIn(t, db, ts.URL, auth.Account{ID: "1002", StaffNo: "1002", DisplayName: "佐藤 花子"})
		chiefPage := signedIn(t, db, ts.URL, auth.Account{ID: "1004", StaffNo: "1004", DisplayName: "高橋 次郎"})
		member := tokenFor(t, db, ts.URL, "1002", access.ScopeWrite)
		chief := tokenFor(t, db, ts.URL, "1004", access.ScopeWrite) // 課長 of 112
		head := func() int64 {
			seq, _, err := db.Head(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return seq
		}
		// refused checks that the page and the API both refused, the API
		// with want among its reasons and the page showing it, and that
		// neither wrote to the ledger.
		refused := func(what string, before int64, pageStatus int, pageBody string, apiStatus int, out map[string]any, want string) {
			t.Helper()
			all := fmt.Sprint(out["detail"]) + "\n" + reasons(out)
			if pageStatus < 400 || apiStatus < 400 || !strings.Contains(all, want) || !strings.Contains(pageBody, want) {
				t.Errorf("%s: page %d, API %d %v; want both refused with %q", what, pageStatus, apiStatus, out, want)
			}
			if after := head(); after != before {
				t.Errorf("%s: the ledger grew from %d to %d", what, before, after)
			}
		}
		contract := func(name, unit, state string, articles bool) string {
			arts := "{}"
			if articles {
				arts = `{"a1":"第1条","a2":"第1条","a3":"第1条","a4":"第1条","a5":"第1条","a6":"第1条","a7":"第1条","a8":"第1条","a9":"第1条","a10":"第1条","a11":"第1条","a12":"第1条","a13":"第1条"}`
			}
			return fmt.Sprintf(`{"name":%q,"unit":%q,"contractor":"F-1","from":%q,"to":%q,"state":%q,"my_number":false,"articles":%s}`,
				name, unit, today.AddDate(-1, 0, 0).Format(time.RFC3339), today.AddDate(1, 0, 0).Format(time.RFC3339), state, arts)
		}
		contractForm := func(name string) url.Values {
			v := url.Values{"name": {name}, "unit": {"111"}, "contractor": {"F-1"}, "from": {today.AddDate(-1, 0, 0).Format(time.DateOnly)},
				"to": {today.AddDate(1, 0, 0).Format(time.DateOnly)}, "state": {"active"}, "version": {"1"}}
			for k, a := range obligatoryArticles() {
				v.Set(contractors.FieldArticle(k), a)
			}
			return v
		}

		// The contract as the member of its 課 reads it: its checklist,
		// nothing missing, its ETag; the other 課 neither lists nor reads it.
		status, out, h := member.do("GET", "/api/v1/contracts/K-1", "")
		if status != 200 || version(h) != `"1"` || len(out["checklist"].([]any)) != len(contractors.Clauses()) || len(out["missing"].([]any)) != 0 {
			t.Fatalf("read K-1: %d %v", status, out)
		}
		if status, out, _ := chief.do("GET", "/api/v1/contracts", ""); status != 200 || out["total"] != 0.0 {
			t.Errorf("the other 課's list of contracts: %d %v", status, out)
		}
		if status, out, _ := chief.do("GET", "/api/v1/contracts/K-1", ""); status != http.StatusForbidden {
			t.Errorf("the other 課 reads K-1: %d %v", status, out)
		}

		// 8.2.1ア: the 課長 of 112 may not change 111's contract.
		before := head()
		pageStatus, pageBody := chiefPage.post("/contracts/K-1", contractForm("他課の変更"))
		apiStatus, out, _ := chief.do("POST", "/api/v1/contracts/K-1", contract("他課の変更", "111", "active", true), "If-Match", `"1"`)
		refused("another 課's 課長 changes the contract", before, pageStatus, pageBody, apiStatus, out, "契約 K-1 を変更する権限がありません")
		if apiStatus != http.StatusForbidden {
			t.Errorf("another 課's 課長: %d, want 403", apiStatus)
		}
		if k, _ := db.ContractEntry(ctx, "K-1"); k.Version != 1 || k.Name != "入力業務" {
			t.Errorf("the refused change was written: %+v", k)
		}

		// 10.1.2ア: active only with every obligatory article.
		before = head()
		form := contractForm("条項なし")
		form.Set("id", "K-2")
		for k := range obligatoryArticles() {
			form.Del(contractors.FieldArticle(k))
		}
		pageStatus, pageBody = memberPage.post("/contracts", form)
		apiStatus, out, _ = member.do("POST", "/api/v1/contracts", strings.Replace(contract("条項なし", "111", "active", false), "{", `{"id":"K-2",`, 1))
		refused("an active contract without its articles", before, pageStatus, pageBody, apiStatus, out, "10.1.2アの事項がそろうまで契約中にできません")
		if !strings.Contains(reasons(out), "article_a1:") {
			t.Errorf("the refusal names no article field: %v", out)
		}

		// 10.1.1: the 法人番号's check digit.
		good := "1234567890123"
		d := contractors.CorporateCheckDigit(good[1:])
		bad := strconv.Itoa((d+1)%10) + good[1:]
		before = head()
		pageStatus, pageBody = memberPage.post("/contractors", url.Values{"id": {"F-9"}, "name": {"株式会社キュー"}, "corporate_no": {bad}})
		apiStatus, out, _ = member.do("POST", "/api/v1/contractors", fmt.Sprintf(`{"id":"F-9","name":"株式会社キュー","corporate_no":%q,"selection":{}}`, bad))
		refused("a 法人番号 with a wrong check digit", before, pageStatus, pageBody, apiStatus, out, "の検査用数字（先頭の 1 桁）が合いません")
		if !strings.Contains(reasons(out), "corporate_no:") {
			t.Errorf("the refusal is not beside corporate_no: %v", out)
		}
		if _, en, _ := member.do("POST", "/api/v1/contractors", fmt.Sprintf(`{"id":"F-9","name":"x","corporate_no":%q}`, bad), "Accept-Language", "en"); !strings.Contains(reasons(en), "check digit") {
			t.Errorf("the refusal in English: %v", en)
		}
		if _, err := db.ContractorEntry(ctx, "F-9"); err == nil {
			t.Error("the refused contractor was written")
		}

		// 10.1.4: a 再委託 chain is a tree; F-2 → F-1 closes a loop.
		status, out, lh := member.do("POST", "/api/v1/contracts/K-1/links", `{"id":"L-1","from":"F-1","to":"F-2","part":"データ入力","state":"requested"}`)
		if status != http.StatusCreated || out["link"].(map[string]any)["contract"] != "K-1" || version(lh) != `"1"` {
			t.Fatalf("add the link F-1 → F-2: %d %v", status, out)
		}
		before = head()
		pageStatus, pageBody = memberPage.post("/contracts/K-1/links", url.Values{"id": {"L-2"}, "from_contractor": {"F-2"}, "to_contractor": {"F-1"},
			"part": {"検収"}, "state": {"requested"}})
		apiStatus, out, _ = member.do("POST", "/api/v1/contracts/K-1/links", `{"id":"L-2","from":"F-2","to":"F-1","part":"検収","state":"requested"}`)
		refused("a link closing a loop", before, pageStatus, pageBody, apiStatus, out, "連鎖を一周させます")
		if _, err := db.LinkEntry(ctx, "L-2"); err == nil {
			t.Error("the loop's link was written")
		}
		if status, out, _ := chief.do("POST", "/api/v1/contracts/K-1/links/L-1", `{"from":"F-1","to":"F-3","part":"x","state":"requested"}`, "If-Match", `"1"`); status != http.StatusForbidden {
			t.Errorf("another 課 changes the link: %d %v", status, out)
		}
		if status, out, _ := member.do("GET", "/api/v1/contracts/K-1/links", ""); status != 200 || len(out["links"].([]any)) != 1 {
			t.Errorf("the links of K-1: %d %v", status, out)
		}

		// 8.2.1ア: a service is registered only in a 課 one keeps.
		service := `{"id":"S-1","name":"電子申請","provider":"F-1","kind":"contract","unit":"111"}`
		before = head()
		pageStatus, pageBody = chiefPage.post("/external-services", url.Values{"id": {"S-1"}, "name": {"電子申請"}, "provider": {"F-1"}, "kind": {"contract"}, "unit": {"111"}})
		apiStatus, out, _ = chief.do("POST", "/api/v1/external-services", service)
		refused("a service put in another 課", before, pageStatus, pageBody, apiStatus, out, "所管課 111 の台帳に登録する権限がありません")
		if status, out, sh := member.do("POST", "/api/v1/external-services", service); status != http.StatusCreated || out["service"].(map[string]any)["unit_name"] != "情報政策課" || version(sh) != `"1"` {
			t.Errorf("the member registers the service: %d %v", status, out)
		}
		// Changed at its version, and not moved into a 課 the member
		// does not keep.
		renamed := strings.Replace(service, "電子申請", "電子申請（新）", 1)
		if status, out, _ := member.do("POST", "/api/v1/external-services/S-1", renamed, "If-Match", `"1"`); status != 200 || out["service"].(map[string]any)["name"] != "電子申請（新）" {
			t.Errorf("the member changes the service: %d %v", status, out)
		}
		if status, out, _ := member.do("POST", "/api/v1/external-services/S-1", strings.Replace(renamed, `"unit":"111"`, `"unit":"112"`, 1), "If-Match", `"2"`); status != http.StatusBadRequest || !problemNames(out, "unit") {
			t.Errorf("the member moves the service into 112: %d %v, want 400 naming unit", status, out)
		}

		// The member of 111 changes the contract at its version; the
		// version before is stale, and the ledger names the member.
		status, out, h = member.do("POST", "/api/v1/contracts/K-1", contract("入力業務（改）", "111", "active", true), "If-Match", version(h))
		if status != 200 || out["contract"].(map[string]any)["name"] != "入力業務（改）" || version(h) != `"2"` {
			t.Fatalf("the member changes K-1: %d %v", status, out)
		}
		if status, out, _ := member.do("POST", "/api/v1/contracts/K-1", contract("x", "111", "active", true), "If-Match", `"1"`); status != http.StatusPreconditionFailed {
			t.Errorf("a change at the version before: %d %v", status, out)
		}
		recs, err := db.Records(ctx, store.RecordFilter{Entity: "contract", EntityID: "K-1", Limit: 1})
		if err != nil || len(recs) != 1 || recs[0].Action != "contract.update" || !strings.HasSuffix(recs[0].Actor, "1002") {
			t.Errorf("the ledger's last record of K-1: %v %+v", err, recs)
		}
	})
}

// A contractor is written over the API once per Idempotency-Key, an
// unknown field is refused by name, and the lists page by offset.
func TestContractorAPIReadsAndRetries(t *testing.T) {
	eachEngine(t, func(t *testing.T, ts *httptest.Server, db *store.DB) {
		ctx := context.Background()
		contractorCase(t, db)
		member := tokenFor(t, db, ts.URL, "1002", access.ScopeWrite)
		no := "234567890123"
		body := fmt.Sprintf(`{"id":"F-5","name":"株式会社ゴ","corporate_no":"%d%s","certifications":[{"kind":"isms","number":"IS 1","expires":"2030-03-31T00:00:00Z"}],"selection":{}}`,
			contractors.CorporateCheckDigit(no), no)
		status, out, h := member.do("POST", "/api/v1/contractors", body, "Idempotency-Key", "k-5")
		if status != http.StatusCreated || version(h) != `"1"` {
			t.Fatalf("create F-5: %d %v", status, out)
		}
		status, _, h = member.do("POST", "/api/v1/contractors", body, "Idempotency-Key", "k-5")
		if status != http.StatusCreated || h.Get("Idempotent-Replayed") != "true" {
			t.Errorf("the retry: %d, replayed %q", status, h.Get("Idempotent-Replayed"))
		}
		if recs, _ := db.Records(ctx, store.RecordFilter{Entity: "contractor", EntityID: "F-5"}); len(recs) != 1 {
			t.Errorf("F-5 has %d ledger records, want 1", len(recs))
		}
		if status, out, _ := member.do("POST", "/api/v1/contractors/F-5", `{"name":"x","colour":"red"}`, "If-Match", `"1"`); status != 400 || !strings.Contains(reasons(out), "colour:") {
			t.Errorf("an unknown field: %d %v", status, out)
		}
		status, out, _ = member.do("GET", "/api/v1/contractors?limit=2&offset=2", "")
		if items, _ := out["items"].([]any); status != 200 || out["total"] != 4.0 || len(items) != 2 || items[0].(map[string]any)["id"] != "F-3" {
			t.Errorf("the second page of contractors: %d %v", status, out)
		}
		if status, out, _ := member.do("GET", "/api/v1/contractors?limit=0", ""); status != 400 {
			t.Errorf("a limit of 0: %d %v", status, out)
		}
		if status, out, _ := member.do("GET", "/api/v1/contracts?state=active&contractor=F-1", ""); status != 200 || out["total"] != 1.0 {
			t.Errorf("the active contracts of F-1: %d %v", status, out)
		}
		// 10.1.2ア(11), 8.3.9: staff of the contractor or its chain only,
		// added by the contract's 課; the identity check comes with them.
		page := signedIn(t, db, ts.URL, auth.Account{ID: "1006", StaffNo: "1006", DisplayName: "伊藤 六郎"})
		member6 := tokenFor(t, db, ts.URL, "1006", access.ScopeWrite)
		chief := tokenFor(t, db, ts.URL, "1004", access.ScopeWrite)
		staff := func(id, affiliation string) string {
			return fmt.Sprintf(`{"id":%q,"name":"委託 一郎","affiliation":%q,"workplace":"本庁舎3階","from":"2026-04-01T00:00:00Z","to":"2027-03-31T00:00:00Z",`+
				`"checks":[{"on":"2026-04-01T00:00:00Z","checker":"1002","shown":"社員証"}]}`, id, affiliation)
		}
		before, _, _ := db.Head(ctx)
		pageStatus, pageBody := page.post("/contracts/K-1/staff", url.Values{"staff_id": {"W-9"}, "staff_name": {"委託 一郎"}, "affiliation": {"F-3"},
			"workplace": {"本庁舎3階"}, "staff_from": {"2026-04-01"}, "staff_to": {"2027-03-31"}})
		apiStatus, out, _ := member6.do("POST", "/api/v1/contracts/K-1/staff", staff("W-9", "F-3"))
		want := "事業者 F-3 はこの契約の相手方でも再委託先でもありません"
		if after, _, _ := db.Head(ctx); pageStatus != 400 || apiStatus != 400 || !strings.Contains(pageBody, want) || !strings.Contains(reasons(out), "affiliation:"+want) || after != before {
			t.Errorf("staff of a contractor outside the chain: page %d, API %d %v, ledger %d → %d", pageStatus, apiStatus, out, before, after)
		}
		status, out, sh := member.do("POST", "/api/v1/contracts/K-1/staff", staff("W-1", "F-1"))
		if status != http.StatusCreated || len(out["member"].(map[string]any)["checks"].([]any)) != 1 || version(sh) != `"1"` {
			t.Fatalf("add W-1: %d %v", status, out)
		}
		if status, out, _ := chief.do("POST", "/api/v1/contracts/K-1/staff/W-1", staff("W-1", "F-1"), "If-Match", `"1"`); status != http.StatusForbidden {
			t.Errorf("another 課 changes W-1: %d %v", status, out)
		}
		if status, out, _ := member.do("POST", "/api/v1/contracts/K-1/staff/W-1", strings.Replace(staff("W-1", "F-1"), "3階", "4階", 1), "If-Match", `"1"`); status != 200 ||
			out["member"].(map[string]any)["workplace"] != "本庁舎4階" {
			t.Errorf("change W-1: %d %v", status, out)
		}
		if status, out, _ := member.do("GET", "/api/v1/contracts/K-1/staff", ""); status != 200 || len(out["staff"].([]any)) != 1 {
			t.Errorf("the staff of K-1: %d %v", status, out)
		}
		if status, out, _ := member.do("GET", "/api/v1/contractors/F-5", ""); status != 200 || out["contractor"].(map[string]any)["name"] != "株式会社ゴ" {
			t.Errorf("read F-5: %d %v", status, out)
		}
	})
}

// contractorDemoPaths gives each GET path of chapter 10's API one of the
// demo city's records to read: a contractor, a contract with a 再委託 link
// and staff, and an external service (the demo has none, so one is registered).
func contractorDemoPaths(t *testing.T, db *store.DB) map[string]string {
	t.Helper()
	ctx := context.Background()
	ks, _, err := db.ListContracts(ctx, store.ContractFilter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range ks {
		links, err := db.Links(ctx, k.ID)
		if err != nil || len(links) == 0 {
			continue
		}
		staff, err := db.ContractStaff(ctx, k.ID)
		if err != nil || len(staff) == 0 {
			continue
		}
		if _, err := db.CreateExternalService(ctx, registers.Console(), contractors.ExternalService{ID: "S-DEMO", Name: "電子申請",
			Provider: k.ContractorName, Kind: contractors.ServiceContract, Unit: k.Unit}); err != nil {
			t.Fatal(err)
		}
		base := "/api/v1/contracts/" + k.ID
		return map[string]string{"/api/v1/contractors/{id}": "/api/v1/contractors/" + k.Contractor, "/api/v1/contracts/{id}": base,
			"/api/v1/contracts/{id}/links": base + "/links", "/api/v1/contracts/{id}/links/{lid}": base + "/links/" + links[0].ID,
			"/api/v1/contracts/{id}/staff": base + "/staff", "/api/v1/contracts/{id}/staff/{sid}": base + "/staff/" + staff[0].ID,
			"/api/v1/external-services/{id}": "/api/v1/external-services/S-DEMO"}
	}
	t.Fatal("the demo has no contract with a 再委託 link and staff")
	return nil
}

// Each English format of chapter 10 takes as many arguments as its
// Japanese gives, and an English caller reads a loop's refusal in English.
func TestContractorEnglishFormats(t *testing.T) {
	verb := regexp.MustCompile(`%(s|d|q|04X)`)
	for _, p := range contractorFormats {
		if ja, en := len(verb.FindAllString(p[0], -1)), strings.Count(p[1], "%s"); ja != en {
			t.Errorf("%q has %d arguments, its English %d", p[0], ja, en)
		}
	}
	msg := "事業者 F-2 はこの契約の相手方です。F-3 から F-2 への再委託は連鎖を一周させます（F-2 → F-3 → F-2）"
	if got := toEnglish(domainEnglish, msg); !strings.Contains(got, "closes a loop (F-2 → F-3 → F-2)") {
		t.Errorf("in English: %s", got)
	}
}
