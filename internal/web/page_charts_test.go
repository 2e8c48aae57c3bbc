package web

import (
	"strings"
	"testing"
	"time"
)

func chartPage(lang string) *page {
	return &page{Lang: lang, msgs: messages()[lang], ja: messages()[langJA]}
}

// The trend is drawn oldest day first, in the page's language, and not at
// all from a single day; requests waiting are counted in their age band.
func TestChartViews(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 12, d, 0, 0, 0, 0, time.UTC) }
	p := chartPage(langJA)
	if c := trendChart(p, []trendRow{{Day: day(3)}}); c != nil {
		t.Error("a trend of one day is drawn; want none")
	}
	rows := []trendRow{{Day: day(5), tally: tally{High: 1}}, {Day: day(3), tally: tally{High: 9}}, {Day: day(4), tally: tally{High: 5}}}
	c := trendChart(p, rows)
	svg := string(c.SVG)
	if i, j := strings.Index(svg, "12月3日 重大度 高: 9"), strings.Index(svg, "12月5日 重大度 高: 1"); i < 0 || j < 0 || i > j {
		t.Errorf("trend points out of order or missing (3rd at %d, 5th at %d)", i, j)
	}
	if !strings.Contains(svg, "高 9 → 1 件") {
		t.Errorf("the description does not say how the highs moved:\n%s", svg[:400])
	}
	if en := string(trendChart(chartPage(langEN), rows).SVG); !strings.Contains(en, "3 Dec") || strings.Contains(en, "12月") {
		t.Error("the English trend keeps Japanese day labels")
	}
	now := time.Date(2026, 12, 20, 9, 0, 0, 0, time.UTC)
	w := waitingChart(p, now, []time.Time{now.Add(-2 * time.Hour), now.Add(-50 * time.Hour), now.Add(-30 * 24 * time.Hour)})
	table := string(w.Table)
	for _, want := range []string{"<th scope=\"row\">1 日未満</th><td>1</td>", "<th scope=\"row\">1〜3 日</th><td>1</td>", "<th scope=\"row\">14 日以上</th><td>1</td>", "<th scope=\"row\">3〜7 日</th><td>0</td>"} {
		if !strings.Contains(table, want) {
			t.Errorf("waiting table lacks %s:\n%s", want, table)
		}
	}
	if waitingChart(p, now, nil) != nil {
		t.Error("a chart of no requests is drawn; want none")
	}
}
