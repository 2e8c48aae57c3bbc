package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"kijun/internal/access"
	"kijun/internal/auth"
	"kijun/internal/kijun"
	"kijun/internal/store"
)

// The 情報基盤管理者's office issues a card to 1002 over the API. 112's
// 情報管理者 may not report it lost, on the page or over the API, and
// nothing is written; its holder does, and it stops at once. The office
// takes it back and destroys it at the version read (If-Match).
func TestCardsOverAPI(t *testing.T) {
	eachEngine(t, func(t *testing.T, ts *httptest.Server, db *store.DB) {
		ctx := context.Background()
		accessOrg(t, db)
		page := signedIn(t, db, ts.URL, auth.Account{ID: "1004", StaffNo: "1004", DisplayName: "高橋 次郎"})
		outsider := tokenFor(t, db, ts.URL, "1004", access.ScopeWrite)
		holder := tokenFor(t, db, ts.URL, "1002", access.ScopeWrite)
		office := tokenFor(t, db, ts.URL, "1003", access.ScopeWrite)

		if status, _, _ := holder.do("POST", "/api/v1/cards", `{"number":"C-9","kind":"card","holder":"1002"}`); status != http.StatusForbidden {
			t.Errorf("a member of staff issued a card: %d", status)
		}
		if status, out, _ := office.do("POST", "/api/v1/cards", `{"number":"C-1","kind":"card","holder":"9999"}`); status != 400 || !problemNames(out, "holder") {
			t.Errorf("a card for nobody: %d %v", status, out)
		}
		if status, out, _ := office.do("POST", "/api/v1/cards", `{"number":"C 1","kind":"badge","holder":"1002","unit":"111"}`); status != 400 ||
			!problemNames(out, "number") || !problemNames(out, "kind") || !problemNames(out, "unit") {
			t.Errorf("a bad card: %d %v", status, out)
		}
		status, out, h := office.do("POST", "/api/v1/cards", `{"number":"C-1","kind":"card","holder":"1002"}`)
		if status != http.StatusCreated || out["state"] != "issued" || out["unit"] != "111" || h.Get("Location") != "/api/v1/cards/C-1" {
			t.Fatalf("issue: %d %v", status, out)
		}
		if status, out, _ := office.do("POST", "/api/v1/cards", `{"number":"C-1","kind":"card","holder":"1004"}`); status != 400 || !problemNames(out, "number") {
			t.Errorf("one card to two people: %d %v", status, out)
		}
		if status, out, _ := holder.do("GET", "/api/v1/cards", ""); status != 200 || len(out["mine"].([]any)) != 1 || out["register"] != nil {
			t.Errorf("the holder's list: %d %v", status, out)
		}
		if status, _, _ := outsider.do("GET", "/api/v1/cards/C-1", ""); status != http.StatusNotFound {
			t.Errorf("another 課's 情報管理者 read the card: %d", status)
		}

		// 7.4.1イ(3): not 112's 情報管理者, on the page or over the API.
		seq0, _, _ := db.Head(ctx)
		pageStatus, _ := page.post("/cards/C-1/lost", url.Values{})
		apiStatus, prob, _ := outsider.do("POST", "/api/v1/cards/C-1/lost", "")
		if pageStatus != http.StatusForbidden || apiStatus != http.StatusForbidden || !strings.Contains(prob["detail"].(string), "7.4.1イ(3)") {
			t.Errorf("a loss reported by another 課: page %d, API %d %v", pageStatus, apiStatus, prob)
		}
		if seq, _, _ := db.Head(ctx); seq != seq0 {
			t.Errorf("the refused reports wrote %d ledger records", seq-seq0)
		}
		status, out, h = holder.do("POST", "/api/v1/cards/C-1/lost", "")
		if status != 200 || out["state"] != "lost" || version(h) != `"2"` {
			t.Fatalf("the holder's report: %d %v (ETag %q)", status, out, version(h))
		}
		if c, err := db.Card(ctx, "C-1"); err != nil || c.State != "lost" {
			t.Errorf("the card after its loss: %+v, %v", c, err)
		}

		// Taking it back is the office's, at the version read.
		if status, _, _ := holder.do("POST", "/api/v1/cards/C-1/return", ""); status != http.StatusForbidden {
			t.Errorf("the holder took their card back: %d", status)
		}
		if status, out, _ := office.do("POST", "/api/v1/cards/C-1/return", ""); status != http.StatusPreconditionRequired || !problemNames(out, "If-Match") {
			t.Errorf("a return without If-Match: %d %v", status, out)
		}
		if status, out, _ := office.do("POST", "/api/v1/cards/C-1/return", "", "If-Match", `"1"`); status != http.StatusPreconditionFailed || !problemNames(out, "If-Match") {
			t.Errorf("a return at a stale version: %d %v", status, out)
		}
		// The page sends the version it showed: the register lists C-1
		// (replaced by C-2) with a return form at version 2, and a form
		// shown before the loss (version 1) is refused with the reason.
		if status, out, _ := office.do("POST", "/api/v1/cards", `{"number":"C-2","kind":"card","holder":"1002","replaces":"C-1"}`); status != http.StatusCreated {
			t.Fatalf("the replacement: %d %v", status, out)
		}
		tok, csrf := seedSession(t, db, auth.Account{ID: "1003"}) // the office's token's account, on the page
		officePage := &session{t: t, base: ts.URL, token: tok, csrf: csrf, client: &http.Client{}}
		if status, body := officePage.get("/cards"); status != 200 ||
			!strings.Contains(body, `action="/cards/C-1/return" class="inline"><input type="hidden" name="csrf" value="`+officePage.csrf+`"><input type="hidden" name="version" value="2">`) {
			t.Errorf("the register's return form does not carry the version shown: %d", status)
		}
		seq0, _, _ = db.Head(ctx)
		if status, body := officePage.post("/cards/C-1/return", url.Values{"version": {"1"}}); status != http.StatusConflict || !strings.Contains(body, "読んだ後に変更されています") {
			t.Errorf("a return from a page shown before the loss: %d", status)
		}
		if seq, _, _ := db.Head(ctx); seq != seq0 {
			t.Errorf("the refused return wrote %d ledger records", seq-seq0)
		}
		// A loss report may carry If-Match; a stale one is refused, but
		// none is needed (above), so a loss is never held back.
		if status, _, _ := holder.do("POST", "/api/v1/cards/C-2/lost", "", "If-Match", `"5"`); status != http.StatusPreconditionFailed {
			t.Errorf("a loss reported at a version never read: %d", status)
		}
		if status, out, _ := office.do("POST", "/api/v1/cards/C-1/return", "", "If-Match", `"2"`); status != 200 || out["state"] != "returned" {
			t.Errorf("a return: %d %v", status, out)
		}
		if status, out, _ := office.do("POST", "/api/v1/cards/C-1/destroy", "", "If-Match", `"3"`); status != 200 || out["state"] != "destroyed" {
			t.Errorf("destroy: %d %v", status, out)
		}
	})
}

// A card's body is outside input: decoding and reading it gives a card
// or an EINVALID error, never a panic; a card read has a number and kind.
func FuzzCardBody(f *testing.F) {
	f.Add(`{"number":"C-1","kind":"card","holder":"1002"}`)
	f.Add(`{"number":"C 1","kind":"トークン","unit":"111","issued_on":"2026/13/01","replaces":"C 1","note":"\u0000"}`)
	f.Add(`{"number":1,"colour":"red"}`)
	today := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, body string) {
		r, _ := http.NewRequest("POST", "/", strings.NewReader(body))
		var j cardNewJSON
		if err := decodeBody(r, &j); err != nil {
			if kijun.ErrorCode(err) != kijun.EINVALID {
				t.Fatalf("decode: %v, want EINVALID", err)
			}
			return
		}
		c, err := cardOf(j, today)
		switch {
		case err != nil && kijun.ErrorCode(err) != kijun.EINVALID:
			t.Fatalf("card: %v, want EINVALID", err)
		case err == nil && (c.Number == "" || c.Kind.Label() == "" || c.IssuedOn.IsZero()):
			t.Fatalf("a card read without number, kind or day: %+v", c)
		}
	})
}
