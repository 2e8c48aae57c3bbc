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
	"time"

	"kijun/internal/access"
	"kijun/internal/auth"
	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// Who may use each route, written out by hand for every route Kijun
// serves. It is kept apart from the rules in routes.go on purpose: a route
// given the wrong rule there, or a new route given none here, fails
// TestRouteAccess.
var routeAccess = map[string]string{
	"GET /static/":            "anyone",
	"GET /healthz":            "anyone",
	"GET /metrics":            "operator",
	"GET /signin":             "anyone",
	"POST /signin":            "anyone",
	"GET /auth/oidc/start":    "anyone",
	"GET /auth/oidc/callback": "anyone",

	"GET /signin/second":                 "signed_in",
	"POST /signin/second":                "signed_in",
	"POST /signin/passkey/begin":         "signed_in",
	"POST /signin/passkey/finish":        "signed_in",
	"POST /signout":                      "signed_in",
	"GET /account/password":              "signed_in",
	"POST /account/password":             "signed_in",
	"GET /account/factor":                "signed_in",
	"POST /account/factor":               "signed_in",
	"POST /account/passkeys/begin":       "signed_in",
	"POST /account/passkeys/finish":      "signed_in",
	"GET /pledge":                        "signed_in",
	"POST /pledge":                       "signed_in",
	"GET /account":                       "staff",
	"POST /account/mail":                 "staff",
	"POST /account/passkeys/{id}/delete": "staff",
	"POST /account/tokens":               "staff",
	"POST /account/tokens/{id}/revoke":   "staff",

	"GET /admin/accounts":               "admin",
	"POST /admin/accounts":              "admin",
	"POST /admin/accounts/{id}":         "admin",
	"GET /admin/shared":                 "admin",
	"POST /admin/shared":                "admin",
	"POST /admin/id-reviews/{id}/close": "admin",

	"GET /catalog/soa":      "ledger",
	"GET /catalog/soa.xlsx": "ledger",
	"GET /catalog/soa.json": "ledger",

	"GET /selfcheck":                             "staff",
	"POST /selfcheck/launch":                     "city_office",
	"GET /selfcheck/questions":                   "staff",
	"POST /selfcheck/questions":                  "city_office",
	"GET /selfcheck/reports/{id}":                "staff",
	"POST /selfcheck/reports/{id}":               "staff",
	"POST /selfcheck/reports/{id}/submit":        "staff",
	"POST /selfcheck/reports/{id}/evidence":      "staff",
	"GET /selfcheck/reports/{id}/evidence/{eid}": "staff",
	"GET /selfcheck/years/{year}":                "ledger",
	"GET /selfcheck/years/{year}/report":         "ledger",
	"GET /selfcheck/years/{year}/report.xlsx":    "ledger",
	"GET /training":                              "staff",
	"GET /training/pledges":                      "city_office",
	"POST /training/pledges":                     "city_office",
	"GET /training/plan":                         "staff",
	"POST /training/plan":                        "staff",
	"POST /training/plan/{year}/report":          "staff",
	"POST /training/courses":                     "staff",
	"GET /training/courses/{id}":                 "staff",
	"POST /training/courses/{id}/quiz":           "staff",
	"POST /training/editions/{id}/ack":           "staff",
	"GET /training/units/{code}":                 "manager_of_111",
	"POST /training/units/{code}/attendance":     "manager_of_111",
	"POST /training/units/{code}/report":         "manager_of_111",
	"GET /training/report":                       "city_office",
	"GET /training/report.xlsx":                  "city_office",
	"GET /cards":                                 "staff",
	"POST /cards/{number}/lost":                  "staff",
	"POST /cards/{number}/return":                "city_office",
	"POST /cards/{number}/destroy":               "city_office",

	"GET /incidents":                       "staff",
	"GET /incidents/new":                   "staff",
	"POST /incidents":                      "staff",
	"GET /incidents/stats":                 "city_office",
	"GET /incidents/report.xlsx":           "city_office",
	"GET /incidents/contacts":              "staff",
	"POST /incidents/contacts":             "city_office",
	"POST /incidents/procedures":           "city_office",
	"POST /incidents/notices/{id}/ack":     "staff",
	"GET /incidents/{id}":                  "staff",
	"GET /incidents/{id}/edit":             "staff",
	"POST /incidents/{id}":                 "staff",
	"POST /incidents/{id}/triage":          "city_office",
	"POST /incidents/{id}/ciso":            "city_office",
	"POST /incidents/{id}/actions":         "city_office",
	"POST /incidents/{id}/actions/advance": "staff",
	"POST /incidents/{id}/cause":           "city_office",
	"POST /incidents/{id}/outside":         "city_office",
	"POST /incidents/{id}/announce":        "city_office",
	"POST /incidents/{id}/contain":         "city_office",
	"POST /incidents/{id}/close":           "city_office",
	"POST /incidents/{id}/debrief":         "city_office",
	"POST /incidents/{id}/evidence":        "city_office",
	"GET /incidents/{id}/evidence/{eid}":   "staff",
	"GET /failures":                        "staff",

	"GET /incidents/drills":                            "city_office",
	"POST /incidents/drills/plan":                      "drill_planner",
	"POST /incidents/drills/entries":                   "drill_planner",
	"POST /incidents/drills/entries/{id}/result":       "drill_planner",
	"POST /incidents/drills/entries/{id}/improvements": "drill_planner",

	"GET /actions":                     "staff",
	"GET /stocktakes":                  "staff",
	"POST /stocktakes":                 "staff",
	"GET /stocktakes/{id}":             "staff",
	"POST /stocktakes/{id}/marks":      "staff",
	"POST /stocktakes/{id}/close":      "staff",
	"GET /stocktakes/{id}/sheet":       "staff",
	"GET /reviews":                     "ledger",
	"GET /reviews/{year}":              "ledger",
	"POST /reviews/{year}":             "city_office",
	"POST /actions":                    "audit_office",
	"GET /actions/{id}":                "staff",
	"POST /actions/{id}/plan":          "staff",
	"POST /actions/{id}/evidence":      "staff",
	"POST /actions/{id}/complete":      "staff",
	"POST /actions/{id}/verify":        "staff",
	"GET /api/v1/actions":              "staff",
	"GET /api/v1/actions/{id}":         "staff",
	"GET /audits":                      "staff",
	"POST /audits/plans":               "audit_director",
	"POST /audits/plans/{id}/audits":   "audit_director",
	"POST /audits/plans/{id}/approve":  "ciso",
	"POST /audits/evidence/dispose":    "audit_director",
	"GET /audits/{id}":                 "staff",
	"POST /audits/{id}/work":           "staff",
	"POST /audits/{id}/samples":        "staff",
	"POST /audits/{id}/verdicts":       "staff",
	"POST /audits/{id}/evidence":       "staff",
	"GET /audits/{id}/evidence/{eid}":  "staff",
	"POST /audits/{id}/findings":       "staff",
	"POST /audits/{id}/submit":         "audit_director",
	"GET /audits/{id}/report":          "staff",
	"GET /audits/{id}/report.xlsx":     "staff",
	"GET /audit-findings/{id}":         "staff",
	"GET /actions/{id}/evidence/{eid}": "staff",

	"POST /failures":              "staff",
	"POST /failures/{id}/promote": "city_office",

	"GET /{$}":           "staff",
	"GET /records":       "ledger",
	"GET /records/{seq}": "ledger",

	"GET /standard":                             "staff",
	"GET /catalog":                              "staff",
	"GET /catalog/search":                       "staff",
	"GET /catalog/{key}/{edition}":              "staff",
	"GET /catalog/{key}/{edition}/p/{pid}":      "staff",
	"GET /catalog/{key}/{edition}/oscal.json":   "staff",
	"GET /catalog/{key}/{edition}/catalog.xlsx": "staff",
	"GET /catalog/{key}/{edition}/align/{to}":   "ledger",
	"POST /catalog/{key}/{edition}/align/{to}":  "city_office",

	"GET /org":                        "staff",
	"GET /org/units/{code}":           "staff",
	"POST /org/units/{code}/deputies": "names_deputies_of_111",
	"POST /org/roles":                 "city_office",
	"POST /api/v1/org/roles":          "city_office",
	"GET /admin/setup":                "city_office",
	"POST /org/roles/{id}/end":        "city_office",
	"POST /org/roles/import":          "city_office",
	"GET /org/people/{no}":            "staff",
	"GET /org/roles":                  "staff",
	"GET /org/search":                 "staff",
	"GET /org/import":                 "city_office",
	"POST /org/import":                "city_office",
	"GET /org/import/template.xlsx":   "city_office",
	"GET /org/reorg":                  "city_office",
	"POST /org/reorg":                 "city_office",
	"POST /org/reorg/unit":            "city_office",
	"GET /org/reorg/template.xlsx":    "city_office",

	"GET /assets":                       "staff",
	"GET /assets/new":                   "staff",
	"POST /assets":                      "staff",
	"GET /assets/import":                "staff",
	"POST /assets/import":               "staff",
	"GET /imports/{id}":                 "staff",
	"GET /imports/{id}/status":          "staff",
	"POST /imports/{id}/confirm":        "staff",
	"GET /assets/export":                "staff",
	"GET /assets/template.xlsx":         "staff",
	"GET /assets/{id}":                  "staff",
	"GET /assets/{id}/edit":             "staff",
	"POST /assets/{id}":                 "staff",
	"GET /assets/{id}/label":            "staff",
	"GET /compliance":                   "staff",
	"POST /compliance/run":              "city_office",
	"GET /compliance/findings":          "staff",
	"GET /compliance/findings/export":   "staff",
	"GET /compliance/finding":           "staff",
	"POST /compliance/finding":          "staff",
	"GET /compliance/findings/accept":   "city_office",
	"POST /compliance/findings/accept":  "city_office",
	"GET /compliance/network":           "city_office",
	"GET /contractors":                  "staff",
	"GET /contractors/new":              "staff",
	"POST /contractors":                 "staff",
	"GET /contractors/import":           "staff",
	"POST /contractors/import":          "staff",
	"GET /contractors/export":           "staff",
	"GET /contractors/template.xlsx":    "staff",
	"GET /contractors/{id}":             "staff",
	"GET /contractors/{id}/edit":        "staff",
	"POST /contractors/{id}":            "staff",
	"GET /external-services":            "staff",
	"GET /external-services/new":        "staff",
	"POST /external-services":           "staff",
	"GET /external-services/{id}":       "staff",
	"GET /external-services/{id}/edit":  "staff",
	"POST /external-services/{id}":      "staff",
	"GET /contracts":                    "staff",
	"GET /contracts/new":                "staff",
	"POST /contracts":                   "staff",
	"GET /contracts/{id}":               "staff",
	"GET /contracts/{id}/edit":          "staff",
	"POST /contracts/{id}":              "staff",
	"POST /contracts/{id}/links":        "staff",
	"POST /contracts/{id}/links/{lid}":  "staff",
	"POST /contracts/{id}/staff":        "staff",
	"POST /contracts/{id}/returns":      "staff",
	"POST /contracts/{id}/checkplan":    "staff",
	"POST /contracts/{id}/checks":       "staff",
	"GET /systems":                      "staff",
	"GET /systems/new":                  "staff",
	"POST /systems":                     "staff",
	"GET /systems/import":               "staff",
	"POST /systems/import":              "staff",
	"GET /systems/export":               "staff",
	"GET /systems/template.xlsx":        "staff",
	"GET /systems/{id}":                 "staff",
	"GET /systems/{id}/edit":            "staff",
	"POST /systems/{id}":                "staff",
	"GET /api/v1/systems":               "staff",
	"GET /api/v1/systems/{id}":          "staff",
	"GET /networks":                     "staff",
	"GET /networks/segments/new":        "city_office",
	"POST /networks/segments":           "city_office",
	"GET /networks/connections/new":     "city_office",
	"POST /networks/connections":        "city_office",
	"GET /networks/segments/import":     "city_office",
	"POST /networks/segments/import":    "city_office",
	"GET /networks/segments/export":     "staff",
	"GET /networks/connections/import":  "city_office",
	"POST /networks/connections/import": "city_office",
	"GET /networks/connections/export":  "staff",
	"GET /networks/segments/{id}":       "city_office",
	"POST /networks/segments/{id}":      "city_office",
	"GET /networks/connections/{id}":    "city_office",
	"POST /networks/connections/{id}":   "city_office",
	"GET /api/v1/assets":                "staff",
	"GET /api/v1/assets/{id}":           "staff",
	"GET /api/v1/ledger":                "ledger",
	// The write API of permits (the service decides per request) and the event feed.
	"GET /api/v1/permits/inbox":                             "staff",
	"POST /api/v1/permits":                                  "staff",
	"GET /api/v1/permits/{id}":                              "staff",
	"POST /api/v1/permits/{id}/submit":                      "staff",
	"POST /api/v1/permits/{id}/decide":                      "staff",
	"POST /api/v1/permits/{id}/record":                      "staff",
	"POST /api/v1/permits/{id}/withdraw":                    "staff",
	"POST /api/v1/devices":                                  "staff",
	"POST /api/v1/devices/bulk":                             "staff",
	"POST /api/v1/devices/{id}":                             "staff",
	"POST /api/v1/media":                                    "staff",
	"POST /api/v1/media/bulk":                               "staff",
	"POST /api/v1/media/{id}":                               "staff",
	"POST /api/v1/areas":                                    "staff",
	"POST /api/v1/areas/bulk":                               "staff",
	"POST /api/v1/areas/{id}":                               "staff",
	"GET /api/docs":                                         "anyone",
	"GET /api/v1/events":                                    "ledger",
	"POST /api/v1/incidents":                                "staff",
	"GET /api/v1/incidents/{id}":                            "staff",
	"POST /api/v1/incidents/{id}/correct":                   "staff",
	"POST /api/v1/incidents/notices/{id}/ack":               "staff",
	"POST /api/v1/incidents/{id}/triage":                    "staff",
	"POST /api/v1/incidents/{id}/ciso":                      "staff",
	"POST /api/v1/incidents/{id}/cause":                     "staff",
	"POST /api/v1/incidents/{id}/contain":                   "staff",
	"POST /api/v1/incidents/{id}/announce":                  "staff",
	"POST /api/v1/incidents/{id}/close":                     "staff",
	"GET /api/v1/records":                                   "ledger",
	"GET /api/v1/records/{seq}":                             "ledger",
	"GET /api/v1/catalogs":                                  "staff",
	"GET /devices":                                          "staff",
	"GET /devices/new":                                      "staff",
	"POST /devices":                                         "staff",
	"GET /devices/import":                                   "staff",
	"POST /devices/import":                                  "staff",
	"GET /devices/export":                                   "staff",
	"GET /devices/template.xlsx":                            "staff",
	"GET /devices/{id}":                                     "staff",
	"GET /devices/{id}/edit":                                "staff",
	"POST /devices/{id}":                                    "staff",
	"GET /api/v1/devices":                                   "staff",
	"GET /api/v1/devices/{id}":                              "staff",
	"GET /media":                                            "staff",
	"GET /media/new":                                        "staff",
	"POST /media":                                           "staff",
	"GET /media/import":                                     "staff",
	"POST /media/import":                                    "staff",
	"GET /media/export":                                     "staff",
	"GET /media/template.xlsx":                              "staff",
	"GET /media/{id}":                                       "staff",
	"GET /media/{id}/edit":                                  "staff",
	"POST /media/{id}":                                      "staff",
	"GET /api/v1/media":                                     "staff",
	"GET /api/v1/media/{id}":                                "staff",
	"GET /areas":                                            "staff",
	"GET /areas/new":                                        "staff",
	"POST /areas":                                           "staff",
	"GET /areas/import":                                     "staff",
	"POST /areas/import":                                    "staff",
	"GET /areas/export":                                     "staff",
	"GET /areas/template.xlsx":                              "staff",
	"GET /areas/{id}":                                       "staff",
	"GET /areas/{id}/edit":                                  "staff",
	"POST /areas/{id}":                                      "staff",
	"GET /api/v1/areas":                                     "staff",
	"GET /api/v1/areas/{id}":                                "staff",
	"GET /api/v1/catalogs/{key}/{edition}/provisions/{pid}": "staff",
	"GET /api/v1/catalogs/search":                           "staff",
	"GET /api/v1/org/units":                                 "staff",
	"GET /api/v1/org/units/{code}":                          "staff",
	"GET /api/v1/org/people":                                "staff",
	"GET /api/v1/org/people/{no}":                           "staff",
	"GET /api/v1/org/roles/{role}/holder":                   "staff",
	"POST /api/v1/org/units":                                "city_office",
	"POST /api/v1/catalog/editions":                         "city_office",
	"POST /api/v1/org/units/{code}/abolish":                 "city_office",
	"POST /api/v1/org/reorganisation":                       "city_office",
	"GET /api/v1/openapi.json":                              "anyone",
	"GET /permits":                                          "staff",
	"GET /permits/inbox":                                    "staff",
	"GET /suggest/{kind}":                                   "staff",
	"GET /permits/new":                                      "staff",
	"GET /permits/form":                                     "staff",
	"POST /permits":                                         "staff",
	"GET /permits/exceptions":                               "ledger",
	"GET /permits/exceptions/export":                        "ledger",
	"GET /permits/{id}":                                     "staff",
	"GET /permits/{id}/print":                               "staff",
	"GET /permits/{id}/files/{n}":                           "staff",
	"POST /permits/{id}/{action}":                           "staff",
	"/api/":                                                 "anyone",
	"/":                                                     "anyone",

	// 8.1.5, 8.1.7, 8.3.6, 8.6.1: operations records.
	"POST /systems/{id}/work":                   "staff",
	"POST /systems/{id}/logs":                   "staff",
	"POST /systems/{id}/logs/reviews":           "staff",
	"GET /systems/{id}/changes/new":             "staff",
	"POST /systems/{id}/changes":                "staff",
	"GET /systems/{id}/changes/{cid}":           "staff",
	"POST /systems/{id}/changes/{cid}/{step}":   "staff",
	"POST /systems/{id}/vulns/{vuln}/exception": "staff",
	"GET /vulns":         "staff",
	"POST /vulns/import": "city_office",

	// Writes of chapters 4 and 5's registers and the network register:
	// the 課 and the network's keepers are decided by package registers.
	"POST /api/v1/assets":                           "staff",
	"POST /api/v1/assets/bulk":                      "staff",
	"POST /api/v1/assets/{id}":                      "staff",
	"POST /api/v1/assets/{id}/retire":               "staff",
	"POST /api/v1/systems":                          "staff",
	"POST /api/v1/systems/bulk":                     "staff",
	"POST /api/v1/systems/{id}":                     "staff",
	"GET /api/v1/networks":                          "staff",
	"GET /api/v1/networks/segments/{id}":            "staff",
	"POST /api/v1/networks/segments":                "staff",
	"POST /api/v1/networks/segments/bulk":           "staff",
	"POST /api/v1/networks/segments/{id}":           "staff",
	"GET /api/v1/networks/connections/{id}":         "staff",
	"POST /api/v1/networks/connections":             "staff",
	"POST /api/v1/networks/connections/bulk":        "staff",
	"POST /api/v1/networks/connections/{id}":        "staff",
	"GET /api/v1/findings":                          "staff",
	"GET /api/v1/findings/{rule}/{subject}":         "staff",
	"POST /api/v1/findings/{rule}/{subject}":        "staff",
	"POST /api/v1/findings/{rule}/{subject}/accept": "city_office",
	"POST /api/v1/compliance/run":                   "city_office",
	// 8.3.1 to 8.3.5, 8.1.6: a system's stage and checklists.
	"POST /systems/{id}/stage":                    "staff",
	"GET /systems/{id}/checklists":                "staff",
	"POST /systems/{id}/checklists/{list}/answer": "staff",
	"GET /systems/{id}/checklists/evidence/{eid}": "staff",

	// 8.6.2: security notices.
	"GET /notices":            "staff",
	"POST /notices":           "city_office",
	"GET /notices/{id}":       "staff",
	"POST /notices/{id}/read": "staff",

	// 8.1.5, 8.3.6, 8.6.1: the operations API.
	"GET /api/v1/systems/{id}/work":                  "staff",
	"POST /api/v1/systems/{id}/work":                 "staff",
	"GET /api/v1/systems/{id}/changes":               "staff",
	"POST /api/v1/systems/{id}/changes":              "staff",
	"POST /api/v1/systems/{id}/changes/{cid}/{step}": "staff",
	"GET /api/v1/systems/{id}/vulns":                 "staff",

	// 11.1: the audits API (the store decides per audit who reads and records).
	"GET /api/v1/audits":                "staff",
	"GET /api/v1/audits/{id}":           "staff",
	"POST /api/v1/audits/{id}/findings": "staff",
}

// The kinds of people the test signs in as, and which of the classes above
// each belongs to.
var personas = map[string][]string{
	"anonymous":     {"anyone"},
	"pending":       {"anyone", "signed_in"}, // must still change a temporary password
	"staff":         {"anyone", "signed_in", "staff"},
	"manager_111":   {"anyone", "signed_in", "staff", "manager_of_111", "names_deputies_of_111"},
	"manager_112":   {"anyone", "signed_in", "staff"},
	"deputy_111":    {"anyone", "signed_in", "staff", "manager_of_111"},
	"city_office":   {"anyone", "signed_in", "staff", "manager_of_111", "names_deputies_of_111", "ledger", "city_office", "operator", "audit_office", "drill_planner"},
	"auditor":       {"anyone", "signed_in", "staff", "ledger", "audit_office", "audit_director"},
	"administrator": {"anyone", "signed_in", "staff", "ledger", "city_office", "admin", "operator"},
}

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

func mustService(t *testing.T, db *store.DB) *access.Service {
	svc, err := access.New(context.Background(), access.Config{DB: db, Policy: access.DefaultPolicy(), SealKey: make([]byte, auth.KeySize)})
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

// accessOrg is a bureau (100) with two sections: 1001 heads 111, 1004
// heads 112, 1002 works in 111, 1006 is 1001's deputy while he is away this
// week, 1003 is the 情報セキュリティ管理者 and 1005 the 監査統括責任者.
func accessOrg(t testing.TB, db *store.DB) {
	t.Helper()
	from := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	period := organisation.Period{From: from}
	person := func(no, name, kana string) organisation.Person {
		return organisation.Person{StaffNo: no, Name: name, Kana: kana, Employment: organisation.EmployRegular}
	}
	as := func(no, unit string, post organisation.Post) organisation.Assignment {
		return organisation.Assignment{StaffNo: no, Unit: unit, Post: post, Primary: true, Period: period}
	}
	today := organisation.Day(db.Now())
	err := db.LoadOrganisation(context.Background(), store.OrganisationData{
		Units: []organisation.Unit{
			{Code: "100", Kind: organisation.KindBureau, Name: "企画調整局", Kana: "キカクチョウセイキョク", Period: period},
			{Code: "111", Kind: organisation.KindSection, Name: "情報政策課", Kana: "ジョウホウセイサクカ", Parent: "100", Period: period},
			{Code: "112", Kind: organisation.KindSection, Name: "情報システム課", Kana: "ジョウホウシステムカ", Parent: "100", Period: period},
		},
		People: []organisation.Person{person("1001", "山田 太郎", "ヤマダ タロウ"), person("1002", "佐藤 花子", "サトウ ハナコ"),
			person("1003", "鈴木 一郎", "スズキ イチロウ"), person("1004", "高橋 次郎", "タカハシ ジロウ"),
			person("1005", "田中 三郎", "タナカ サブロウ"), person("1006", "伊藤 六郎", "イトウ ロクロウ")},
		Assignments: []organisation.Assignment{as("1001", "111", organisation.PostSectionChief), as("1002", "111", organisation.PostStaff),
			as("1003", "100", organisation.PostStaff), as("1004", "112", organisation.PostSectionChief), as("1005", "100", organisation.PostStaff),
			as("1006", "111", organisation.PostStaff)},
		Roles: []organisation.RoleAssignment{
			{Role: organisation.RoleSecurityManager, Scope: organisation.City(), StaffNo: "1003", Period: period},
			{Role: organisation.RoleAuditDirector, Scope: organisation.City(), StaffNo: "1005", Period: period},
		},
		Deputies: []organisation.DeputyAppointment{{Role: organisation.RoleInfoManager, Scope: organisation.UnitScope("111"), StaffNo: "1006",
			Reason: "出張", Period: organisation.Period{From: today, To: today.AddDate(0, 0, 7)}}},
		// 9.3: the deputy acts only while the 課長 is recorded away.
		Absences: []organisation.Absence{{StaffNo: "1001", Reason: "出張", Period: organisation.Period{From: today, To: today.AddDate(0, 0, 7)}}},
		Standing: &organisation.StandingDeputy{Unit: "100", Post: organisation.PostBureauChief},
	})
	if err != nil {
		t.Fatal(err)
	}
}

// seedAccount stores an account as it would be after its first sign-in.
func seedAccount(t testing.TB, db *store.DB, a auth.Account) {
	t.Helper()
	a.Status, a.CreatedAt = auth.StatusActive, db.Now()
	if a.Credential.Hash == "" {
		a.Credential = auth.Credential{Hash: "x", ChangedAt: db.Now()}
	}
	sealed, err := auth.SealSecret(make([]byte, auth.KeySize), []byte("JBSWY3DPEHPK3PXP"))
	if err != nil {
		t.Fatal(err)
	}
	a.TOTPSecret = sealed
	err = db.Update(context.Background(), func(tx *store.Tx) error { return tx.InsertAccount(context.Background(), a) })
	if err != nil {
		t.Fatal(err)
	}
}

// seedSession opens a session for an account that has given both
// factors, and returns its cookie value and CSRF token.
func seedSession(t testing.TB, db *store.DB, a auth.Account) (token, csrf string) {
	t.Helper()
	token, csrf = "tok-"+a.ID+"-"+time.Now().Format("150405.000000000"), "csrf-"+a.ID
	err := db.Update(context.Background(), func(tx *store.Tx) error {
		return tx.InsertSession(context.Background(), store.Session{TokenHash: access.HashToken(token), AccountID: a.ID, CSRF: csrf,
			Method: "password", Factors: 2, CreatedAt: db.Now(), LastSeen: db.Now()})
	})
	if err != nil {
		t.Fatal(err)
	}
	return token, csrf
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
