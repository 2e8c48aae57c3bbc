package web

import (
	"maps"
	"slices"
	"strings"

	"kijun/internal/soa"
)

// routeProvisions says which provisions a page carries out, for the
// statement of applicability: the pages where a person does what the
// provision asks (keeps a register, reports, decides), not every page that
// mentions it. TestRouteProvisionsServed checks each pattern is served.
var routeProvisions = map[string][]string{
	"GET /records":                      {"4.4"},
	"GET /admin/accounts":               {"8.2.1.イ"},
	"POST /admin/id-reviews/{id}/close": {"8.2.1.イ.(3)"},
	"POST /signin":                      {"8.2.5", "6.4.2"},
	"GET /account/factor":               {"6.4.2"},
	"GET /org/roles":                    {"3.1"},
	"POST /org/units/{code}/deputies":   {"3.2.10", "9.3"},
	"GET /org/reorg":                    {"3.1"},
	"GET /assets":                       {"4.1", "4.2.ア.(1)"},
	"GET /assets/{id}/label":            {"4.2.イ"},
	"GET /systems":                      {"8.1.6"},
	"GET /networks":                     {"8.1.9"},
	"GET /compliance":                   {"9.2.1"},
	"GET /compliance/findings/accept":   {"9.5.1"},
	"GET /compliance/network":           {"5.1.ア", "5.2.イ", "5.3.イ"},
	"GET /permits/exceptions":           {"9.5.3"},
	"GET /devices":                      {"6.1", "6.4"},
	"GET /media":                        {"6.4.3", "4.2.カ"},
	"GET /areas":                        {"6.2.1"},
	"GET /incidents/new":                {"7.3.1"},
	"GET /incidents/contacts":           {"9.4.1", "9.4.3"},
	"POST /incidents/{id}/triage":       {"7.3.3.ア"},
	"POST /incidents/{id}/debrief":      {"7.2.3"},
	"GET /failures":                     {"8.1.8"},
	"GET /audits":                       {"11.1.3", "11.1.2"},
	"GET /audits/{id}/report":           {"11.1.5"},
	"GET /actions":                      {"11.1.7", "11.2.3"},
	"GET /contractors":                  {"10.1.1"},
	"GET /contracts":                    {"10.1.2", "10.1.4"},
	"GET /systems/{id}/changes/new":     {"8.1.5.イ", "8.3.6"},
	"GET /vulns":                        {"8.6.1"},
	"GET /training/plan":                {"7.2.2.ア"},
	"GET /training/units/{code}":        {"7.2.2.オ"},
	"GET /training/report":              {"7.2.2.カ"},
	"GET /cards":                        {"7.4.1"},
	"GET /stocktakes":                   {"9.2.2"},
	"GET /reviews":                      {"11.3", "11.1.8"},

	// 7.2.3: the yearly drill plan; the improvements name a procedure to review (9.4.5).
	"GET /incidents/drills":                            {"7.2.3"},
	"POST /incidents/drills/entries/{id}/improvements": {"7.2.3", "9.4.5"},
}

// RouteSupports declares, for the statement of applicability, the
// provisions each page carries out, linked to the page when its path has
// no parameters.
func RouteSupports() []soa.Support {
	var out []soa.Support
	for _, pattern := range slices.Sorted(maps.Keys(routeProvisions)) {
		method, path, _ := strings.Cut(pattern, " ")
		link := ""
		if method == "GET" && !strings.Contains(path, "{") {
			link = path
		}
		for _, p := range routeProvisions[pattern] {
			out = append(out, soa.Support{Provision: p, Kind: soa.Page, Name: pattern, Link: link})
		}
	}
	return out
}
