package web

import (
	"context"
	"io/fs"
	"maps"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"kijun/internal/auth"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// TestRouteAccess walks every route as every kind of person and fails on
// any access the rules do not grant, and on any refusal they do not ask
// for (8.2.1ア).
func TestRouteAccess(t *testing.T) {
	db := storetest.Open(t, filepath.Join(t.TempDir(), "kijun.db"), store.Options{})
	ctx := context.Background()
	if _, err := db.EnsureDefaultCatalog(ctx); err != nil {
		t.Fatal(err)
	}
	accessOrg(t, db)
	ts, _ := startServer(t, db)
	s, _ := New(Config{DB: db, Access: mustService(t, db), Version: "test"})

	accounts := map[string]auth.Account{
		"pending":       {ID: "1002p", DisplayName: "仮", Credential: auth.Credential{Hash: "x", MustChange: true}},
		"staff":         {ID: "1002", StaffNo: "1002", DisplayName: "佐藤 花子"},
		"manager_111":   {ID: "1001", StaffNo: "1001", DisplayName: "山田 太郎"},
		"manager_112":   {ID: "1004", StaffNo: "1004", DisplayName: "高橋 次郎"},
		"deputy_111":    {ID: "1006", StaffNo: "1006", DisplayName: "伊藤 六郎"},
		"city_office":   {ID: "1003", StaffNo: "1003", DisplayName: "鈴木 一郎"},
		"auditor":       {ID: "1005", StaffNo: "1005", DisplayName: "田中 三郎"},
		"administrator": {ID: "admin-rt", DisplayName: "管理者", Admin: true},
	}
	for _, a := range accounts {
		seedAccount(t, db, a)
	}

	table := s.routeTable()
	for _, rt := range table {
		if _, ok := routeAccess[rt.pattern]; !ok {
			t.Errorf("route %q is not in routeAccess: say who may use it", rt.pattern)
		}
	}
	if len(table) != len(routeAccess) {
		t.Errorf("%d routes served, %d in routeAccess: remove routes that are gone", len(table), len(routeAccess))
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, rt := range table {
		method, path := requestFor(rt.pattern)
		class := routeAccess[rt.pattern]
		for _, who := range slices.Sorted(maps.Keys(personas)) {
			want := slices.Contains(personas[who], class)
			req, _ := http.NewRequest(method, ts.URL+path, strings.NewReader(""))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if a, ok := accounts[who]; ok {
				token, csrf := seedSession(t, db, a)
				req.AddCookie(&http.Cookie{Name: "kijun_session", Value: token})
				req.Header.Set("X-CSRF-Token", csrf)
			}
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			got := granted(resp, class)
			if got != want {
				t.Errorf("%s %s as %s: status %d (Location %q); want granted=%v (%s)", method, path, who, resp.StatusCode, resp.Header.Get("Location"), want, class)
			}
		}
	}
}

// granted reports whether a response shows the guard let the request
// through: not sent to sign in or to a pending step, and not refused.
// A step page may itself send the browser to another step, so on the
// routes open to every signed-in session such a redirect is the handler's.
func granted(resp *http.Response, class string) bool {
	switch resp.StatusCode {
	case http.StatusUnauthorized, http.StatusForbidden:
		return false
	case http.StatusSeeOther:
		loc := resp.Header.Get("Location")
		if loc == "/signin" || strings.HasPrefix(loc, "/signin?next=") || strings.HasPrefix(loc, "/signin?timeout=") {
			return false
		}
		return class == "signed_in" || loc != "/account/password"
	}
	return true
}

// requestFor makes a concrete request of a route pattern.
func requestFor(pattern string) (method, path string) {
	method, path, ok := strings.Cut(pattern, " ")
	if !ok {
		method, path = "GET", pattern
	}
	r := strings.NewReplacer("{$}", "", "{code}", "111", "{no}", "1002", "{seq}", "1", "{key}", "kobe-kijun", "{edition}", "5.5",
		"{pid}", "8.2.5", "{id}", "none", "{lid}", "none", "{role}", "info_manager", "{to}", "nist-sp800-53r5")
	path = r.Replace(path)
	switch path {
	case "/static/":
		path = "/static/kijun.css"
	case "/api/":
		path = "/api/v1/none"
	case "/":
		if pattern == "/" {
			path = "/none"
		}
	case "/api/v1/org/roles/info_manager/holder":
		path += "?scope=unit:111"
	}
	return method, path
}

// Every form that changes something carries the session's CSRF token.
func TestPostFormsCarryCSRFToken(t *testing.T) {
	files, err := fs.Glob(webFiles, "templates/*.html")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range files {
		b, _ := fs.ReadFile(webFiles, f)
		for _, form := range strings.Split(string(b), `<form method="post"`)[1:] {
			form, _, _ = strings.Cut(form, "</form>")
			n++
			if !strings.Contains(form, `name="csrf"`) {
				t.Errorf("%s: a POST form without the csrf field: %.80s", f, form)
			}
		}
	}
	if n < 10 {
		t.Errorf("found only %d POST forms; the check is not reading the templates", n)
	}
}
