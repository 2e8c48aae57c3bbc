package web

import (
	"context"
	"html"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"kijun/internal/auth"
	"kijun/internal/compliance/monitor"
	"kijun/internal/demo"
	"kijun/internal/kijun"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// With the city's 訓令 in force, the dashboard groups the open findings by
// the city's own 章, named as it names them (第4章 技術的セキュリティ), not
// by the text before a dot of 第34条［8.2.6］; each group's link lists
// exactly the findings counted in it, each linking to the city's article,
// and the heat map's cells filter by the same chapters.
func TestDashboardFollowsTheCitysChapters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := kijun.WithActor(context.Background(), kijun.Actor{ID: "ciso-office"})
		if _, err := demo.Generate(ctx, db, demo.Options{Scale: demo.Small, Seed: 1}); err != nil {
			t.Fatal(err)
		}
		city := alignCity(t, db)
		if err := db.SetSetting(ctx, store.DefaultCatalogSetting, city.Key+"@"+city.Edition); err != nil {
			t.Fatal(err)
		}
		if _, err := monitor.New(db).Run(ctx, db.Now()); err != nil {
			t.Fatal(err)
		}
		// What each chapter should hold, worked out here from the city's
		// catalog: the 章 above the first article a finding cites.
		chapterOf := func(prov string) string {
			id, _, _ := strings.Cut(prov, "［")
			id, _, _ = strings.Cut(id, "・")
			for p := city.Find(id); p != nil; p = city.Find(p.Parent) {
				if p.Parent == "" {
					return p.ID
				}
			}
			return ""
		}
		open, _, err := db.ListFindings(ctx, store.FindingFilter{Limit: 100000})
		if err != nil {
			t.Fatal(err)
		}
		listed, counted := map[string]int{}, map[string]int{}
		for _, f := range open {
			ch := chapterOf(f.Provision)
			if ch == "" {
				t.Fatalf("finding %s on %s cites %q, no article of the city's standard", f.Rule, f.Subject, f.Provision)
			}
			listed[ch]++
			if f.Accepted == "" {
				counted[ch]++ // the dashboard leaves out findings accepted under a 例外措置
			}
		}
		if len(counted) < 2 {
			t.Fatalf("open findings fall in %d of the city's chapters, want at least 2: %v", len(counted), counted)
		}

		ts, _ := startServer(t, db)
		admin := signedIn(t, db, ts.URL, auth.Account{ID: "admin-chapters", DisplayName: "管理者", Admin: true})
		status, body := admin.get("/compliance")
		if status != 200 {
			t.Fatalf("GET /compliance: %d", status)
		}
		table := body[strings.Index(body, `id="chapters"`):]
		table = table[:strings.Index(table, "</table>")]
		row := regexp.MustCompile(`<a href="/compliance/findings\?provision=([^"&]*)&amp;[^"]*">([^<]*)</a></th><td>(\d+)</td><td>(\d+)</td><td>(\d+)</td>`)
		rows := row.FindAllStringSubmatch(table, -1)
		if len(rows) != len(counted) {
			t.Errorf("dashboard shows %d chapters, want %d (%v):\n%s", len(rows), len(counted), counted, table)
		}
		subjectCell := regexp.MustCompile(`・([^<]+)</small></th>`)
		ruleCell := regexp.MustCompile(`<small>ルール: ([^<]+)</small>`)
		count := regexp.MustCompile(`id="count" role="status">\D*(\d+)`)
		for _, m := range rows {
			ch, err := url.QueryUnescape(html.UnescapeString(m[1]))
			if err != nil {
				t.Fatal(err)
			}
			p := city.Find(ch)
			if p == nil || p.Parent != "" {
				t.Errorf("group %q is not a chapter of the city's standard", ch)
				continue
			}
			if want := ch + " " + p.Title; html.UnescapeString(m[2]) != want {
				t.Errorf("group %s is named %q, want %q", ch, m[2], want)
			}
			n := 0
			for _, v := range m[3:] {
				k, _ := strconv.Atoi(v)
				n += k
			}
			if n != counted[ch] {
				t.Errorf("group %s counts %d, want %d", ch, n, counted[ch])
			}
			status, list := admin.get("/compliance/findings?provision=" + html.UnescapeString(m[1]))
			c := count.FindStringSubmatch(list)
			if status != 200 || c == nil || c[1] != strconv.Itoa(listed[ch]) {
				t.Errorf("the link of %s lists %v (status %d), want %d findings", ch, c, status, listed[ch])
			}
			if want := `<a href="/catalog/` + city.Key + "/" + city.Edition + `/p/%e7%ac%ac`; listed[ch] > 0 && !strings.Contains(list, want) {
				t.Errorf("the link of %s: no finding links to the city's article (%s)", ch, want)
			}
			shown := map[string]bool{}
			for _, tr := range strings.Split(list, "<tr>")[1:] {
				subj, rule := subjectCell.FindStringSubmatch(tr), ruleCell.FindStringSubmatch(tr)
				if subj != nil && rule != nil {
					shown[html.UnescapeString(rule[1])+" "+html.UnescapeString(subj[1])] = true
				}
			}
			if listed[ch] <= 100 { // one page
				for _, f := range open {
					in, want := shown[f.Rule+" "+f.Subject], chapterOf(f.Provision) == ch
					if in != want {
						t.Errorf("the link of %s: finding %s on %s (%s) listed %v, want %v", ch, f.Rule, f.Subject, f.Provision, in, want)
					}
				}
			}
		}
		// The heat map's columns are the city's chapters, and its cells
		// filter by them too.
		for ch := range counted {
			if !strings.Contains(body, "provision="+url.QueryEscape(ch)+`"`) {
				t.Errorf("the heat map has no cell filtered by %s", ch)
			}
		}
	})
}
