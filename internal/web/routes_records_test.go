package web

import (
	"bytes"
	"context"
	"encoding/csv"
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

	"kijun/internal/assets"
	"kijun/internal/assetsheet"
	"kijun/internal/auth"
	"kijun/internal/devices"
	"kijun/internal/devicesheet"
	"kijun/internal/registers"
	"kijun/internal/sheets"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
	"kijun/internal/systems"
	"kijun/internal/systemsheet"
)

// recordKind is one register as TestRegisterWritesByRecord attacks it:
// how to seed a record, fill in its form, write its import file and read
// it back.
type recordKind struct {
	base string
	// city: only the CISO's office keeps it (the network register).
	city bool
	// seed stores a record of unit as the console would.
	seed func(t *testing.T, db *store.DB, id, unit string)
	// form is a valid form for a record of unit at version.
	form func(id, unit string, version int64) url.Values
	// export writes the whole register as CSV, to build import files from.
	export func(db *store.DB, w io.Writer) error
	state  func(db *store.DB, id string) (unit string, version int64, err error)
}

func mustSeed(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("seed: %v", err)
	}
}

// withValues sets pairs of keys and values in v.
func withValues(v url.Values, kv ...string) url.Values {
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}

// secret, with the register's path, is in the name of every record of 課
// 112, so a refusal that shows the record is caught.
const secret = "他課の秘密"

func recordKinds() []recordKind {
	ctx := context.Background()
	console := registers.Console()
	entryForm := func(id, unit string, version int64) url.Values {
		return url.Values{"id": {id}, "unit": {unit}, "name": {"名前 " + id}, "version": {strconv.FormatInt(version, 10)}}
	}
	with := withValues
	// name is the name of a record; a record of 112 has its register's
	// secret (the area choices of the device and media forms offer every
	// area by name, on purpose).
	name := func(base, id, unit string) string {
		if unit == "112" {
			return secret + base
		}
		return "名前 " + id
	}
	var kinds []recordKind
	kinds = append(kinds, recordKind{base: "/assets",
		seed: func(t *testing.T, db *store.DB, id, unit string) {
			a := assets.Asset{ID: id, Unit: unit, Name: name("/assets", id, unit), Kind: assets.KindData, Stage: assets.StageUse,
				Classification: assets.Classification{Confidentiality: 2, ConfidentialityReason: "個人情報", Integrity: 1, Availability: 1}}
			_, err := registers.New(db).Assets.Create(ctx, console, a)
			mustSeed(t, err)
		},
		form: func(id, unit string, version int64) url.Values {
			return with(entryForm(id, unit, version), "kind", "data", "stage", "use", "confidentiality", "1", "integrity", "1", "availability", "1")
		},
		export: func(db *store.DB, w io.Writer) error {
			return assetsheet.Export(ctx, db, store.AssetFilter{}, sheets.CSVUTF8, w)
		},
		state: func(db *store.DB, id string) (string, int64, error) {
			a, err := db.Asset(ctx, id)
			return a.Unit, a.Version, err
		},
	})
	kinds = append(kinds, recordKind{base: "/systems",
		seed: func(t *testing.T, db *store.DB, id, unit string) {
			_, err := registers.New(db).Systems.Create(ctx, console, systems.System{ID: id, Name: name("/systems", id, unit), Unit: unit,
				Zone: systems.ZoneLGWAN, Hosting: systems.HostOnsite, AuthFactors: 2})
			mustSeed(t, err)
		},
		form: func(id, unit string, version int64) url.Values {
			return with(entryForm(id, unit, version), "zone", "lgwan", "hosting", "onsite", "auth_factors", "2")
		},
		export: func(db *store.DB, w io.Writer) error {
			return systemsheet.Export(ctx, db, store.SystemFilter{}, sheets.CSVUTF8, w)
		},
		state: func(db *store.DB, id string) (string, int64, error) {
			s, err := db.System(ctx, id)
			return s.Unit, s.Version, err
		},
	})
	kinds = append(kinds, recordKind{base: "/devices",
		seed: func(t *testing.T, db *store.DB, id, unit string) {
			_, err := registers.New(db).Devices.Create(ctx, console, devices.Device{Entry: devices.Entry{ID: id, Unit: unit, Name: name("/devices", id, unit)},
				Kind: devices.DevicePC, Location: "本庁舎"})
			mustSeed(t, err)
		},
		form: func(id, unit string, version int64) url.Values {
			return with(entryForm(id, unit, version), "kind", string(devices.DevicePC), "location", "本庁舎")
		},
		export: func(db *store.DB, w io.Writer) error {
			return devicesheet.Devices.Export(ctx, db, store.RegisterFilter{}, sheets.CSVUTF8, w)
		},
		state: func(db *store.DB, id string) (string, int64, error) {
			d, err := db.Device(ctx, id)
			return d.Unit, d.Version, err
		},
	})
	kinds = append(kinds, recordKind{base: "/media",
		seed: func(t *testing.T, db *store.DB, id, unit string) {
			_, err := registers.New(db).Media.Create(ctx, console, devices.Medium{Entry: devices.Entry{ID: id, Unit: unit, Name: name("/media", id, unit)},
				Kind: devices.MediumUSB, Encrypted: true, Cabinet: "書庫"})
			mustSeed(t, err)
		},
		form: func(id, unit string, version int64) url.Values {
			return with(entryForm(id, unit, version), "kind", string(devices.MediumUSB), "encrypted", "1", "cabinet", "書庫")
		},
		export: func(db *store.DB, w io.Writer) error {
			return devicesheet.Media.Export(ctx, db, store.RegisterFilter{}, sheets.CSVUTF8, w)
		},
		state: func(db *store.DB, id string) (string, int64, error) {
			m, err := db.Medium(ctx, id)
			return m.Unit, m.Version, err
		},
	})
	kinds = append(kinds, recordKind{base: "/areas",
		seed: func(t *testing.T, db *store.DB, id, unit string) {
			_, err := registers.New(db).Areas.Create(ctx, console, devices.Area{Entry: devices.Entry{ID: id, Unit: unit, Name: name("/areas", id, unit)},
				Kind: devices.AreaSystemRoom, Building: "本庁舎", Floor: 5, EntryControl: "IC カード", People: []string{"1003"}})
			mustSeed(t, err)
		},
		form: func(id, unit string, version int64) url.Values {
			return with(entryForm(id, unit, version), "kind", string(devices.AreaSystemRoom), "building", "本庁舎", "floor", "5",
				"entry_control", "IC カード", "people", "1003")
		},
		export: func(db *store.DB, w io.Writer) error {
			return devicesheet.Areas.Export(ctx, db, store.RegisterFilter{}, sheets.CSVUTF8, w)
		},
		state: func(db *store.DB, id string) (string, int64, error) {
			a, err := db.Area(ctx, id)
			return a.Unit, a.Version, err
		},
	})
	kinds = append(kinds, recordKind{base: "/networks/segments", city: true,
		seed: func(t *testing.T, db *store.DB, id, unit string) {
			_, err := registers.New(db).Network.CreateSegment(ctx, console, systems.Segment{ID: id, Name: name("/networks/segments", id, unit), Zone: systems.ZoneLGWAN, Unit: unit})
			mustSeed(t, err)
		},
		form: func(id, unit string, version int64) url.Values {
			return with(entryForm(id, unit, version), "zone", "lgwan")
		},
		export: func(db *store.DB, w io.Writer) error {
			return systemsheet.ExportNetwork(ctx, db, false, sheets.CSVUTF8, w)
		},
		state: func(db *store.DB, id string) (string, int64, error) {
			s, err := db.Segment(ctx, id)
			return s.Unit, s.Version, err
		},
	})
	kinds = append(kinds, recordKind{base: "/networks/connections", city: true,
		seed: func(t *testing.T, db *store.DB, id, unit string) {
			n := registers.New(db).Network
			if _, err := db.Segment(ctx, "seg-"+unit); err != nil {
				_, err := n.CreateSegment(ctx, console, systems.Segment{ID: "seg-" + unit, Name: "区画", Zone: systems.ZoneLGWAN, Unit: unit})
				mustSeed(t, err)
			}
			_, err := n.CreateConnection(ctx, console, systems.Connection{ID: id, From: "segment:seg-" + unit, To: "external:internet",
				Channel: systems.ChannelNetwork, Restriction: "ACL", Sanitisation: systems.SanitiseNone, Description: name("/networks/connections", id, unit)})
			mustSeed(t, err)
		},
		form: func(id, unit string, version int64) url.Values {
			return url.Values{"id": {id}, "from": {"segment:seg-" + unit}, "to": {"external:internet"}, "channel": {string(systems.ChannelNetwork)},
				"restriction": {"ACL"}, "sanitisation": {string(systems.SanitiseNone)}, "version": {strconv.FormatInt(version, 10)}}
		},
		export: func(db *store.DB, w io.Writer) error {
			return systemsheet.ExportNetwork(ctx, db, true, sheets.CSVUTF8, w)
		},
		// A connection has no 課: the 課 is that of the segment it leaves.
		state: func(db *store.DB, id string) (string, int64, error) {
			c, err := db.Connection(ctx, id)
			return strings.TrimPrefix(c.From, "segment:seg-"), c.Version, err
		},
	})
	return kinds
}

// importFile is the register's export with only the row of id, its ID
// changed to newID and its 課 to unit: the file a person of another 課
// would write to take the record over.
func (k recordKind) importFile(t *testing.T, db *store.DB, id, newID, unit string) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := k.export(db, &b); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(b.String(), "\ufeff"))).ReadAll()
	if err != nil || len(recs) < 2 {
		t.Fatalf("export of %s: %d rows, %v", k.base, len(recs), err)
	}
	head := recs[0]
	col := func(names ...string) int {
		for i, h := range head {
			for _, n := range names {
				if h == n {
					return i
				}
			}
		}
		return -1
	}
	idCol, unitCol, fromCol := col("管理番号", "システムID", "セグメントID", "接続ID"), col("所管課コード"), col("接続元")
	var out bytes.Buffer
	w := csv.NewWriter(&out)
	w.Write(head)
	for _, r := range recs[1:] {
		if idCol < 0 || r[idCol] != id {
			continue
		}
		r[idCol] = newID
		if unitCol >= 0 {
			r[unitCol] = unit
		}
		if fromCol >= 0 {
			r[fromCol] = "segment:seg-" + unit
		}
		w.Write(r)
	}
	w.Flush()
	if strings.Count(out.String(), "\n") != 2 {
		t.Fatalf("import file of %s has no row %s:\n%s", k.base, id, out.String())
	}
	return out.Bytes()
}

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

// apiItem is a register's record as the API gives it, to send back
// changed; nil for a register the API does not write.
func apiItem(t *testing.T, db *store.DB, base, id string) map[string]any {
	t.Helper()
	ctx := context.Background()
	var v any
	var err error
	switch base {
	case "/devices":
		v, err = db.Device(ctx, id)
	case "/media":
		v, err = db.Medium(ctx, id)
	case "/areas":
		v, err = db.Area(ctx, id)
	default:
		return nil
	}
	if err != nil {
		t.Fatalf("%s %s: %v", base, id, err)
	}
	b, _ := json.Marshal(v)
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}
