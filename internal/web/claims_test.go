package web

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kijun/internal/compliance"
	"kijun/internal/permits"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// featureRoutes names, for each feature the home page or the README's
// opening may claim, a route that serves it. A claim whose route does not
// exist announces a feature before it exists.
var featureRoutes = []struct {
	words []string // the feature's names, Japanese and English
	route string   // a pattern in the route table
}{
	{[]string{"研修", "training"}, "GET /training"},
	{[]string{"監査", "audits"}, "GET /audits"},
	{[]string{"自己点検", "self-check"}, "GET /selfcheck"},
	{[]string{"委託先", "委託事業者", "contractor"}, "GET /contractors"},
	{[]string{"脆弱性", "vulnerability"}, "GET /vulns"},
	{[]string{"ID カード", "ID cards"}, "GET /cards"},
	{[]string{"是正措置", "corrective"}, "GET /actions"},
	{[]string{"インシデント対応", "incident"}, "GET /incidents"},
	{[]string{"許可", "permission"}, "GET /permits"},
	{[]string{"情報資産", "assets"}, "GET /assets"},
	{[]string{"記録台帳", "ledger"}, "GET /records"},
	{[]string{"対策基準の対応", "align"}, "GET /catalog/{key}/{edition}/align/{to}"},
}

// The home page's lead and the README's opening say only what Kijun does
// today: every feature they name has its route.
func TestClaimsHaveRoutes(t *testing.T) {
	db := storetest.Open(t, filepath.Join(t.TempDir(), "kijun.db"), store.Options{})
	s, _ := newServer(t, db)
	served := map[string]bool{}
	for _, rt := range s.routeTable() {
		served[rt.pattern] = true
	}
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	// The opening: the text before the first section, less the line that
	// names who uses Kijun (監査担当 are users, not a feature).
	opening, _, _ := strings.Cut(string(readme), "\n## ")
	var kept []string
	for _, l := range strings.Split(opening, "\n") {
		if !strings.HasPrefix(l, "利用者は") {
			kept = append(kept, l)
		}
	}
	opening = strings.Join(kept, "\n")
	msgs := messages()
	texts := map[string]string{
		"home.lead (ja)": msgs[langJA]["home.lead"],
		"home.lead (en)": msgs[langEN]["home.lead"],
		"README opening": opening,
	}
	for where, text := range texts {
		for _, f := range featureRoutes {
			for _, w := range f.words {
				if strings.Contains(strings.ToLower(text), strings.ToLower(w)) && !served[f.route] {
					t.Errorf("%s claims %q, but Kijun serves no %s", where, w, f.route)
				}
			}
		}
	}
}

// The README's count of rules and provisions is the shipped rule file's.
func TestReadmeCountsRules(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	rs, err := compliance.Default()
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("%d rules check %d provisions", len(rs.Rules), len(rs.Provisions()))
	if !strings.Contains(string(readme), want) {
		t.Errorf("the README does not say %q", want)
	}
}

// The README's count of permit types is the shipped type file's.
func TestReadmeCountsPermitTypes(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	reg, err := permits.Default()
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("%d types ship", len(reg.Types()))
	if !strings.Contains(string(readme), want) {
		t.Errorf("the README does not say %q", want)
	}
}
