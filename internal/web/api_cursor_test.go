package web

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"kijun/internal/access"
	"kijun/internal/store"
)

// apiWalk reads every page of a list by next_cursor and returns the IDs
// in the order read, with how many pages it took.
func apiWalk(t *testing.T, c *apiClient, path, items string) ([]string, int) {
	t.Helper()
	var ids []string
	next := ""
	for pages := 1; pages < 100; pages++ {
		p := path
		if next != "" {
			p += "&cursor=" + url.QueryEscape(next)
		}
		status, out, _ := c.do("GET", p, "")
		if status != http.StatusOK {
			t.Fatalf("%s: %d %v", p, status, out)
		}
		for _, it := range out[items].([]any) {
			ids = append(ids, it.(map[string]any)["id"].(string))
		}
		n, ok := out["next_cursor"].(string)
		if !ok {
			return ids, pages
		}
		next = n
	}
	t.Fatalf("%s: no last page", path)
	return nil, 0
}

// A client pages the device register by next_cursor: every device once,
// in the order of the offset pages, in each sort; the last page has no
// next_cursor. A cursor sent with other filters, another sort or mangled
// is a 400 problem naming the cursor, in Japanese or English.
func TestDevicesByCursorOverAPI(t *testing.T) {
	eachEngine(t, func(t *testing.T, ts *httptest.Server, db *store.DB) {
		c := carryCaseOn(t, ts.URL, db)
		member := tokenFor(t, c.db, c.base, c.requester, access.ScopeWrite)
		var items []string
		for i := range 120 {
			items = append(items, fmt.Sprintf(`{"id":"CUR-%03d","name":"端末%d","unit":%q,"kind":%q}`, (i*7)%120, i%9, c.unit, []string{"pc", "mobile"}[i%2]))
		}
		if status, out, _ := member.do("POST", "/api/v1/devices/bulk", `{"items":[`+strings.Join(items, ",")+`]}`); status != 200 {
			t.Fatalf("bulk: %d %v", status, out)
		}
		for _, q := range []string{"sort=name", "sort=unit", "sort=updated&desc=1", "sort=kind&q=端末", "sort=name&desc=1&kind=pc"} {
			got, pages := apiWalk(t, member, "/api/v1/devices?"+q, "items")
			var want []string
			for off := 0; ; off += 50 {
				_, out, _ := member.do("GET", fmt.Sprintf("/api/v1/devices?%s&offset=%d", q, off), "")
				page := out["items"].([]any)
				for _, it := range page {
					want = append(want, it.(map[string]any)["id"].(string))
				}
				if len(page) < 50 {
					break
				}
			}
			if !slices.Equal(got, want) || pages < 2 {
				t.Errorf("%s: by cursor %d rows in %d pages, by offset %d; equal %v", q, len(got), pages, len(want), slices.Equal(got, want))
			}
		}

		_, out, _ := member.do("GET", "/api/v1/devices?sort=name", "")
		next, _ := out["next_cursor"].(string)
		if next == "" {
			t.Fatalf("the first of three pages has no next_cursor: %v", out["total"])
		}
		for _, bad := range []string{
			"sort=name&kind=pc&cursor=" + url.QueryEscape(next),
			"sort=unit&cursor=" + url.QueryEscape(next),
			"sort=name&desc=1&cursor=" + url.QueryEscape(next),
			"sort=name&cursor=" + url.QueryEscape(next[:len(next)-3]),
			"sort=name&cursor=not-a-cursor",
		} {
			status, prob, _ := member.do("GET", "/api/v1/devices?"+bad, "")
			if status != 400 || !strings.Contains(fmt.Sprint(prob["errors"]), "field:cursor") {
				t.Errorf("%s: %d %v, want 400 naming the cursor", bad, status, prob)
			}
		}
		status, prob, _ := member.do("GET", "/api/v1/devices?kind=pc&sort=name&cursor="+url.QueryEscape(next), "", "Accept-Language", "en")
		if status != 400 || !strings.Contains(fmt.Sprint(prob["detail"]), "other filters") {
			t.Errorf("in English: %d %v", status, prob)
		}
	})
}

// The contractor register pages by cursor too: limit=2 of three gives a
// next_cursor, and its next page is the third alone, with none after; a
// cursor of the contractor list sent with a search is refused.
func TestContractorsByCursorOverAPI(t *testing.T) {
	eachEngine(t, func(t *testing.T, ts *httptest.Server, db *store.DB) {
		contractorCase(t, db)
		member := tokenFor(t, db, ts.URL, "1002", access.ScopeWrite)
		got, pages := apiWalk(t, member, "/api/v1/contractors?limit=2", "items")
		if !slices.Equal(got, []string{"F-1", "F-2", "F-3"}) || pages != 2 {
			t.Errorf("contractors by cursor: %v in %d pages, want F-1 to F-3 in 2", got, pages)
		}
		_, out, _ := member.do("GET", "/api/v1/contractors?limit=1", "")
		next, _ := out["next_cursor"].(string)
		if status, prob, _ := member.do("GET", "/api/v1/contractors?limit=1&q=F-2&cursor="+url.QueryEscape(next), ""); status != 400 || !strings.Contains(reasons(prob), "cursor:") {
			t.Errorf("a cursor with another search: %d %v", status, prob)
		}
		if got, _ := apiWalk(t, member, "/api/v1/contracts?limit=1", "items"); !slices.Equal(got, []string{"K-1"}) {
			t.Errorf("contracts by cursor: %v", got)
		}
	})
}
