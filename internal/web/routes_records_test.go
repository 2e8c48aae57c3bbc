package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"kijun/internal/auth"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// writeKinds are the kinds of register write a route may be; every write
// route of a register must be one of them.
func writeKind(pattern string, bases []string) (base, kind string, ok bool) {
	method, path, _ := strings.Cut(pattern, " ")
	if method == http.MethodGet || method == http.MethodHead {
		return "", "", false
	}
	// The API's writes of assets, systems and the network register go
	// through the services their pages use, and are attacked from another
	// 課 (and, for the network, by a member of staff) over the API by
	// TestAssetAndSystemWritesOverAPI and TestNetworkWritesOverAPI.
	for _, api := range []string{"/api/v1/assets", "/api/v1/systems", "/api/v1/networks"} {
		if strings.HasPrefix(path, api) {
			return "", "", false
		}
	}
	path = strings.TrimPrefix(path, "/api/v1")
	// A system's operations records (work, logs, changes) are another
	// kind of record with a gate of their own: TestOperationsPages
	// attacks them; its stage and checklist answers (8.3.1 to 8.3.5),
	// TestChecklistPages.
	for _, ops := range []string{"/systems/{id}/work", "/systems/{id}/logs", "/systems/{id}/changes", "/systems/{id}/vulns", "/systems/{id}/stage", "/systems/{id}/checklists"} {
		if strings.HasPrefix(path, ops) {
			return "", "", false
		}
	}
	for _, b := range bases {
		rest, found := strings.CutPrefix(path, b)
		if !found {
			continue
		}
		switch rest {
		case "":
			return b, "create", true
		case "/{id}":
			return b, "update", true
		case "/import", "/bulk":
			return b, "import", true
		case "/{id}/retire":
			return b, "retire", true
		}
		return b, "unknown", true
	}
	return "", "", false
}

// TestRegisterWritesByRecord walks every write route of every register
// (forms, imports, the API) as a person of 課 111, signed in or with a
// write token, and tries to take over a record of 課 112: reusing its ID
// and version on the create route, changing, moving or retiring it on the
// update route, and naming it in an import. Every attempt is refused, the
// refusal does not show the record, and the record stays as it was
// (8.2.1ア). A new write route on a register that this test does not know
// how to attack fails it, as a route missing from routeAccess fails
// TestRouteAccess.
func TestRegisterWritesByRecord(t *testing.T) {
	db := storetest.Open(t, filepath.Join(t.TempDir(), "kijun.db"), store.Options{})
	accessOrg(t, db)
	ts, _ := startServer(t, db)
	s, _ := New(Config{DB: db, Access: mustService(t, db), Version: "test"})
	kinds := recordKinds()
	var bases []string
	byBase := map[string]recordKind{}
	for _, k := range kinds {
		bases = append(bases, k.base)
		byBase[k.base] = k
		k.seed(t, db, "B-1", "112")
		k.seed(t, db, "A-1", "111")
	}

	manager := auth.Account{ID: "1001", StaffNo: "1001", DisplayName: "山田 太郎"}
	seedAccount(t, db, manager)
	staffToken := seedToken(t, db, auth.Account{ID: "1002", StaffNo: "1002", DisplayName: "佐藤 花子"}, "write")
	type person struct {
		name string
		auth func(*http.Request)
	}
	people := []person{
		{"the 課長 of 111, signed in", func(r *http.Request) {
			token, csrf := seedSession(t, db, manager)
			r.AddCookie(&http.Cookie{Name: "kijun_session", Value: token})
			r.Header.Set("X-CSRF-Token", csrf)
		}},
		{"a member of 111's staff with a write token", func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+staffToken) }},
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	post := func(p person, path, ctype string, body []byte) (int, string) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, ts.URL+path, bytes.NewReader(body))
		req.Header.Set("Content-Type", ctype)
		p.auth(req)
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	postForm := func(p person, path string, v url.Values) (int, string) {
		return post(p, path, "application/x-www-form-urlencoded", []byte(v.Encode()))
	}
	postImport := func(p person, path string, file []byte) (int, string) {
		code, body, _ := uploadRun{t: t, base: ts.URL, auth: p.auth}.run(path, "takeover.csv", file, true)
		return code, body
	}

	postJSON := func(p person, path string, body []byte, version string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, ts.URL+path, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("If-Match", `"`+version+`"`)
		p.auth(req)
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		checkAgainstOpenAPI(t, ts.URL, exchange{req: req, body: body, status: resp.StatusCode, header: resp.Header, answer: b})
		return resp.StatusCode, string(b)
	}
	postBulk := func(p person, path, base, from, id, unit string) (int, string) {
		item := apiItem(t, db, base, from)
		item["id"], item["unit"] = id, unit
		b, _ := json.Marshal(map[string]any{"items": []any{item}})
		return postJSON(p, path, b, "0")
	}

	covered := map[string]bool{}
	for _, rt := range s.routeTable() {
		base, kind, ok := writeKind(rt.pattern, bases)
		if !ok {
			continue
		}
		isAPI := strings.HasPrefix(strings.Fields(rt.pattern)[1], "/api/")
		if kind == "unknown" || (isAPI && apiItem(t, db, base, "A-1") == nil) {
			t.Errorf("%s writes to the register at %s: add its attacks to TestRegisterWritesByRecord", rt.pattern, base)
			continue
		}
		if isAPI {
			covered["api "+base+" "+kind] = true
		} else {
			covered[base+" "+kind] = true
		}
		k := byBase[base]
		path := strings.Replace(strings.Fields(rt.pattern)[1], "{id}", "B-1", 1)
		for pi, p := range people {
			// Over the API the same attacks are sent as JSON, through the
			// same service: the rule refused on the page is refused here.
			postForm := postForm
			postImport := postImport
			if isAPI {
				postForm = func(p person, path string, v url.Values) (int, string) {
					ver, _ := strconv.ParseInt(v.Get("version"), 10, 64)
					body := apiItem(t, db, base, "A-1")
					body["id"], body["unit"], body["version"] = v.Get("id"), v.Get("unit"), ver
					b, _ := json.Marshal(body)
					return postJSON(p, path, b, strconv.FormatInt(ver, 10))
				}
			}
			unit, version, err := k.state(db, "B-1")
			if err != nil || unit != "112" {
				t.Fatalf("%s B-1 before the attacks: %s, %v", base, unit, err)
			}
			type attack struct {
				what   string
				do     func() (int, string)
				status int
			}
			var attacks []attack
			switch kind {
			case "create":
				attacks = []attack{
					{"reusing its ID and version, moved into 111", func() (int, string) { return postForm(p, path, k.form("B-1", "111", version)) }, http.StatusBadRequest},
					{"reusing its ID, in 112", func() (int, string) { return postForm(p, path, k.form("B-1", "112", version)) }, http.StatusBadRequest},
					{"a new record in 112", func() (int, string) { return postForm(p, path, k.form("N-1", "112", 0)) }, http.StatusBadRequest},
				}
			case "update":
				attacks = []attack{
					{"moved into 111", func() (int, string) { return postForm(p, path, k.form("B-1", "111", version)) }, http.StatusForbidden},
					{"changed in 112", func() (int, string) { return postForm(p, path, k.form("B-1", "112", version)) }, http.StatusForbidden},
					{"at a stale version", func() (int, string) { return postForm(p, path, k.form("B-1", "111", version-1)) }, http.StatusForbidden},
					{"its own moved into 112", func() (int, string) {
						_, v, _ := k.state(db, "A-1")
						return postForm(p, strings.Replace(path, "B-1", "A-1", 1), k.form("A-1", "112", v))
					}, http.StatusBadRequest},
				}
				if base == "/assets" {
					attacks = append(attacks, attack{"retired (廃棄)", func() (int, string) {
						return postForm(p, path, withValues(k.form("B-1", "112", version), "stage", "dispose"))
					}, http.StatusForbidden})
				}
			case "retire":
				attacks = []attack{
					{"retired", func() (int, string) { return postForm(p, path, k.form("B-1", "112", version)) }, http.StatusForbidden},
				}
			case "import":
				imp := func(from, id, unit string) func() (int, string) {
					if isAPI {
						return func() (int, string) { return postBulk(p, path, base, from, id, unit) }
					}
					return func() (int, string) { return postImport(p, path, k.importFile(t, db, from, id, unit)) }
				}
				attacks = []attack{
					{"named in a row, moved into 111", imp("B-1", "B-1", "111"), http.StatusBadRequest},
					{"named in a row, changed in 112", imp("B-1", "B-1", "112"), http.StatusBadRequest},
					{"a new row in 112", imp("B-1", "N-1", "112"), http.StatusBadRequest},
				}
			}
			for _, a := range attacks {
				status, body := a.do()
				want := a.status
				if k.city {
					want = http.StatusForbidden // the network is the city's: no 課 writes it
				}
				if status != want {
					t.Errorf("%s as %s, %s: status %d, want %d", rt.pattern, p.name, a.what, status, want)
				}
				if strings.Contains(body, secret+base) || strings.Contains(body, "版 "+strconv.FormatInt(version, 10)) {
					t.Errorf("%s as %s, %s: the refusal shows the record of 112", rt.pattern, p.name, a.what)
				}
				if got, v, err := k.state(db, "B-1"); err != nil || got != "112" || v != version {
					t.Fatalf("%s as %s, %s: 112's record is now 課 %s, version %d (%v); want 112, version %d", rt.pattern, p.name, a.what, got, v, err, version)
				}
				if got, _, err := k.state(db, "A-1"); err != nil || got != "111" {
					t.Fatalf("%s as %s, %s: 111's record moved to %s (%v)", rt.pattern, p.name, a.what, got, err)
				}
				if _, _, err := k.state(db, "N-1"); err == nil {
					t.Fatalf("%s as %s, %s: a record of 112 was created", rt.pattern, p.name, a.what)
				}
			}
			if k.city {
				continue
			}
			// The same routes write 111's own records: the refusals above
			// are the gate's, not a malformed request's.
			_, v, _ := k.state(db, "A-1")
			var status int
			switch kind {
			case "create":
				status, _ = postForm(p, path, k.form(fmt.Sprintf("C-%d-%d", len(covered), pi), "111", 0))
			case "update", "retire":
				status, _ = postForm(p, strings.Replace(path, "B-1", "A-1", 1), k.form("A-1", "111", v))
			case "import":
				if isAPI {
					status, _ = postBulk(p, path, base, "A-1", "A-9", "111")
				} else {
					var b string
					status, b = postImport(p, path, k.importFile(t, db, "A-1", "A-9", "111"))
					if status != 200 {
						t.Logf("%.3000s", b)
					}
				}
			}
			wants := map[string]int{"create": http.StatusSeeOther, "update": http.StatusSeeOther, "retire": http.StatusSeeOther, "import": http.StatusOK}
			if isAPI {
				wants = map[string]int{"create": http.StatusCreated, "update": http.StatusOK, "import": http.StatusOK}
			}
			if want := wants[kind]; status != want {
				t.Errorf("%s as %s on 111's own record: status %d, want %d", rt.pattern, p.name, status, want)
			}
		}
	}
	for _, b := range []string{"/devices", "/media", "/areas"} {
		for _, kind := range []string{"create", "update", "import"} {
			if !covered["api "+b+" "+kind] {
				t.Errorf("the API's %s of %s was not attacked", kind, b)
			}
		}
	}
	for _, b := range bases {
		for _, kind := range []string{"create", "update", "import"} {
			if !covered[b+" "+kind] {
				t.Errorf("no %s route found for %s: the test no longer walks it", kind, b)
			}
		}
	}
}

// storeWrite matches a call that writes a register without package
// registers: the store's writes, or a sheet's import straight into it.
var storeWrite = regexp.MustCompile(`\.(Create|Update|Save)(Asset|System|Device|Medium|Area|Segment|Connection)\(|\.Import(Assets|AssetStream|Systems|Devices|Media|Areas|Network)\(|(assetsheet|systemsheet)\.Import(Network)?\(|\.sheet\.Import\(|(Devices|Media|Areas)\.Import\(ctx, (s\.)?db`)

// The web and the console write the registers only through package
// registers, so no handler or command can skip its gate.
func TestRegisterWritesGoThroughTheService(t *testing.T) {
	for _, dir := range []string{".", "../cli"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			n++
			for i, line := range strings.Split(string(b), "\n") {
				if storeWrite.MatchString(line) {
					t.Errorf("%s:%d writes a register around package registers: %s", f, i+1, strings.TrimSpace(line))
				}
			}
		}
		if n == 0 {
			t.Errorf("no Go files read in %s", dir)
		}
	}
}
