package chart

import (
	"fmt"
	"strings"
)

// Table writes the chart's figures as an HTML table with caption: a row
// per label, a column per series, and a total when there is more than one
// series. It is the text alternative a screen reader user reads instead.
func (c Chart) Table(caption, labelHead, totalHead string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<table id="%s-table"><caption>%s</caption><thead><tr><th scope="col">%s</th>`, esc(c.ID), esc(caption), esc(labelHead))
	for _, s := range c.Series {
		fmt.Fprintf(&b, `<th scope="col">%s</th>`, esc(s.Name))
	}
	if len(c.Series) > 1 {
		fmt.Fprintf(&b, `<th scope="col">%s</th>`, esc(totalHead))
	}
	b.WriteString(`</tr></thead><tbody>`)
	for i, l := range c.Labels {
		fmt.Fprintf(&b, `<tr><th scope="row">%s</th>`, esc(l))
		t := 0.0
		for s := range c.Series {
			t += c.value(s, i)
			fmt.Fprintf(&b, `<td>%s</td>`, count(c.value(s, i)))
		}
		if len(c.Series) > 1 {
			fmt.Fprintf(&b, `<td>%s</td>`, count(t))
		}
		b.WriteString(`</tr>`)
	}
	b.WriteString(`</tbody></table>`)
	return b.String()
}

// Table writes the grid as an HTML table with caption, a row per row
// label. link, when not nil, gives each non-empty cell a link (its href is
// escaped here).
func (g Grid) Table(caption, corner string, link func(r, c int) string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<table id="%s-table"><caption>%s</caption><thead><tr><th scope="col">%s</th>`, esc(g.ID), esc(caption), esc(corner))
	for _, c := range g.Cols {
		fmt.Fprintf(&b, `<th scope="col">%s</th>`, esc(c))
	}
	b.WriteString(`</tr></thead><tbody>`)
	for r, rl := range g.Rows {
		fmt.Fprintf(&b, `<tr><th scope="row">%s</th>`, esc(rl))
		for c := range g.Cols {
			v := count(g.value(r, c))
			if link != nil && g.value(r, c) > 0 {
				v = fmt.Sprintf(`<a href="%s">%s</a>`, esc(link(r, c)), v)
			}
			fmt.Fprintf(&b, `<td>%s</td>`, v)
		}
		b.WriteString(`</tr>`)
	}
	b.WriteString(`</tbody></table>`)
	return b.String()
}
