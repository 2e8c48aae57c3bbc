package web

import (
	"bytes"
	"context"
	"encoding/json"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"kijun/internal/auth"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// TestInputRefusesNonText checks that a NUL, another control character
// or bytes that are not UTF-8, anywhere a handler could read them, are
// refused with a 400 naming the field before any handler runs, and that
// nothing is stored.
func TestInputRefusesNonText(t *testing.T) {
	db := storetest.Open(t, filepath.Join(t.TempDir(), "kijun.db"), store.Options{})
	ts, _ := startServer(t, db)
	s := signedIn(t, db, ts.URL, auth.Account{ID: "u-1001", DisplayName: "山田 太郎"})
	multipartBody := func(field, value, fileName string) (string, io.Reader) {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		mw.WriteField("csrf", s.csrf)
		mw.WriteField(field, value)
		if fileName != "" {
			fw, _ := mw.CreateFormFile("file", fileName)
			fw.Write([]byte("data"))
		}
		mw.Close()
		return mw.FormDataContentType(), &b
	}
	for _, tt := range []struct {
		name, method, path, ctype string
		body                      func() (string, io.Reader)
		field                     string // named in the answer
	}{
		{name: "NUL in a form value", method: "POST", path: "/account/tokens",
			body: func() (string, io.Reader) {
				return "application/x-www-form-urlencoded", strings.NewReader(url.Values{"csrf": {s.csrf}, "name": {"集計\x00"}, "scope": {"read"}, "days": {"30"}}.Encode())
			}, field: "name"},
		{name: "not UTF-8 in a form value", method: "POST", path: "/account/tokens",
			body: func() (string, io.Reader) {
				return "application/x-www-form-urlencoded", strings.NewReader("csrf=" + s.csrf + "&scope=read&days=30&name=%FF%FE")
			}, field: "name"},
		{name: "escape character in a form value", method: "POST", path: "/account/tokens",
			body: func() (string, io.Reader) {
				return "application/x-www-form-urlencoded", strings.NewReader("csrf=" + s.csrf + "&scope=read&days=30&name=a%1Bb")
			}, field: "name"},
		{name: "C1 control in a form value", method: "POST", path: "/account/tokens",
			body: func() (string, io.Reader) {
				return "application/x-www-form-urlencoded", strings.NewReader("csrf=" + s.csrf + "&scope=read&days=30&name=a%C2%85b")
			}, field: "name"},
		{name: "NUL in a query value", method: "GET", path: "/assets?q=a%00b", field: "q"},
		{name: "not UTF-8 in a query value", method: "GET", path: "/api/v1/assets?unit=%C3", field: "unit"},
		{name: "NUL in a multipart field", method: "POST", path: "/account/tokens",
			body: func() (string, io.Reader) { return multipartBody("name", "a\x00", "") }, field: "name"},
		{name: "not UTF-8 in a file name", method: "POST", path: "/account/tokens",
			body: func() (string, io.Reader) { return multipartBody("name", "ok", "a\xff.pdf") }, field: "file"},
		{name: "NUL in a JSON string", method: "POST", path: "/account/passkeys/finish",
			body: func() (string, io.Reader) {
				return "application/json", strings.NewReader(`{"id":"x","response":{"clientDataJSON":"a\u0000b"}}`)
			}, field: "clientDataJSON"},
		{name: "not UTF-8 in a JSON body", method: "POST", path: "/account/passkeys/finish",
			body: func() (string, io.Reader) { return "application/json", strings.NewReader("{\"id\":\"\xff\"}") }, field: "body"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var body io.Reader
			ctype := ""
			if tt.body != nil {
				ctype, body = tt.body()
			}
			req, _ := http.NewRequest(tt.method, ts.URL+tt.path, body)
			if ctype != "" {
				req.Header.Set("Content-Type", ctype)
			}
			if strings.HasPrefix(tt.path, "/api/") {
				authorize(req)
				req.Header.Set("Authorization", "Bearer "+seedToken(t, db, auth.Account{ID: "api-" + tt.field}, "read"))
			} else {
				req.AddCookie(&http.Cookie{Name: "kijun_session", Value: s.token})
				req.Header.Set("X-CSRF-Token", s.csrf)
			}
			resp, err := s.client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusBadRequest {
				t.Fatalf("status %d, want 400: %s", resp.StatusCode, b)
			}
			text := html.UnescapeString(string(b))
			if !strings.Contains(text, "使えない文字") && !strings.Contains(text, "不正なUTF-8") {
				t.Errorf("answer does not say what is wrong: %s", text)
			}
			if strings.HasPrefix(ctype, "application/problem+json") || strings.HasPrefix(tt.path, "/api/") {
				var e struct {
					Errors []struct{ Field string } `json:"errors"`
				}
				if err := json.Unmarshal(b, &e); err != nil || len(e.Errors) == 0 || e.Errors[0].Field != tt.field {
					t.Errorf("JSON answer %s: want the field %q named in the problem's errors", b, tt.field)
				}
			} else if !strings.Contains(text, tt.field) {
				t.Errorf("answer does not name the field %q: %s", tt.field, text)
			}
		})
	}
	toks, err := db.Tokens(context.Background(), "u-1001")
	if err != nil || len(toks) != 0 {
		t.Errorf("tokens stored after refused forms: %v, %v", toks, err)
	}
	// Tabs and line breaks are text, and so is every Japanese character.
	code, body := s.post("/account/tokens", url.Values{"name": {"集計\tスクリプト"}, "scope": {"read"}, "days": {"30"}})
	if code >= 400 {
		t.Errorf("a token named with a tab: %d %s", code, body)
	}
}

// TestSignInWithNonTextIsRecorded checks that a sign-in whose password or
// ID is not text is refused with a 400 and the form, on both engines
// (PostgreSQL answered 500), and still leaves its failure: on the account
// its ID names, counting toward the lock, or as an unknown ID.
func TestSignInWithNonTextIsRecorded(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ts, _ := startServer(t, db)
		hash, err := auth.HashPassword("Kobe-2026-Secure!", auth.Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32})
		if err != nil {
			t.Fatal(err)
		}
		seedAccount(t, db, auth.Account{ID: "1002", DisplayName: "佐藤 花子", Credential: auth.Credential{Hash: hash, ChangedAt: db.Now()}})
		ctx := context.Background()
		before, _, _ := db.Head(ctx)
		for _, tt := range []struct{ name, body, field string }{
			{"NUL in the password", "id=1002&password=Kobe-2026%00", "password"},
			{"not UTF-8 in the ID", "id=%FF1002&password=x", "id"},
		} {
			resp, err := http.Post(ts.URL+"/signin", "application/x-www-form-urlencoded", strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(b), `id="signin-error"`) || !strings.Contains(string(b), "使えない文字") {
				t.Errorf("%s: status %d, want 400 and the sign-in form saying why:\n%s", tt.name, resp.StatusCode, b)
			}
		}
		a, err := db.Account(ctx, "1002")
		if err != nil || a.SignIn.Failures != 1 {
			t.Errorf("account 1002 counts %d failures, want 1 (the NUL password), %v", a.SignIn.Failures, err)
		}
		rs, err := db.Records(ctx, store.RecordFilter{Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]bool{}
		for _, r := range rs {
			if r.Seq > before && r.Action == "auth.signin.fail" {
				got[r.EntityID] = true
			}
		}
		if !got["1002"] || !got["unknown"] {
			t.Errorf("failure records on %v, want one on 1002 and one on an unknown ID", got)
		}
	})
}
