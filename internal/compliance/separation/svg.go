package separation

import (
	"bytes"
	"cmp"
	"encoding/xml"
	"fmt"
	"slices"
	"strings"

	"kijun/internal/chart"
	"kijun/internal/systems"
)

// Drawing limits that keep a city's picture readable: a zone with more
// segments than shownSegments is drawn as one box with counts, and only the
// first drawnViolations findings are drawn, the rest being counted.
const (
	shownSegments   = 8
	drawnViolations = 30
)

// band is a column of the picture: a zone or an external network.
type band struct {
	zone  systems.Zone
	label string
	fill  string
}

// bands are the columns from left to right: the マイナンバー利用事務系 and
// the 国等 it may reach, LGWAN and its zone, then the internet side.
var bands = []band{
	{systems.ZoneMyNumber, "マイナンバー利用事務系", "#e8eaf6"},
	{ZoneExternalKuni, "国等", "#f3f3f3"},
	{ZoneExternalLGWAN, "LGWAN", "#f3f3f3"},
	{systems.ZoneLGWAN, "LGWAN接続系", "#e0f2f1"},
	{systems.ZoneOther, "その他", "#f1f1f1"},
	{systems.ZoneInternet, "インターネット接続系", "#fff6d6"},
	{ZoneExternalInternet, "インターネット", "#f3f3f3"},
	{"", "台帳にない端", "#ffffff"},
}

const (
	colW, colGap, boxW, boxH, rowH, top = 200, 24, 176, 46, 58, 84
	ink, lineInk, alarm                 = "#1a1a1a", "#5f6368", "#b3261e"
)

// The legend's lines, measured to size the picture.
const (
	legendLine      = "接続（同じ箱の間は 1 本にまとめ、本数は線の説明に）"
	legendViolation = "違反の経路（赤の太い破線。違反のある箱は赤の破線枠）"
)

// box is what the picture draws for one node, or for the nodes of a zone it
// aggregates.
type box struct {
	key, title, line1, line2 string
	band, row                int
	marked                   []string // titles of the violations that name it
}

// SVG draws the register as the three tiers side by side, each zone a
// labelled column, and the violations' paths in full over it, in a colour
// and a dash pattern of their own so that colour is not the only cue
// (JIS X 8341-3). Every external is drawn; a zone's segments are drawn one
// by one when there are at most eight, and systems only when a violation
// names them; the rest of a zone is one box with counts, and connections
// between the same two boxes are one line. The output is deterministic.
func SVG(in Input, vs []Violation) []byte {
	g := newGraph(in)
	m := in.Model.orAlpha()
	drawn := vs[:min(len(vs), drawnViolations)]
	show := map[string]bool{endLGWAN: true, endInternet: true, endKuni: true}
	perZone := map[systems.Zone]int{}
	for i := range g.nodes {
		if n := &g.nodes[i]; strings.HasPrefix(n.end, "segment:") {
			perZone[n.zone]++
		}
	}
	for i := range g.nodes {
		if n := &g.nodes[i]; strings.HasPrefix(n.end, "segment:") && perZone[n.zone] <= shownSegments || !n.known {
			show[n.end] = true
		}
	}
	for _, v := range drawn {
		for _, h := range v.Path {
			show[h.From], show[h.To] = true, true
		}
		if _, ok := g.index[v.Subject]; ok && !strings.HasPrefix(v.Subject, "connection:") {
			show[v.Subject] = true
		}
	}
	bandOf := func(z systems.Zone) int {
		for i, b := range bands {
			if b.zone == z {
				return i
			}
		}
		return len(bands) - 1
	}
	// Boxes: shown nodes, then one aggregate per band for the rest.
	boxes := map[string]*box{}
	boxOf := make([]string, len(g.nodes))
	type agg struct{ segments, systems int }
	aggs := map[int]*agg{}
	for i := range g.nodes {
		n := &g.nodes[i]
		bi := bandOf(n.zone)
		if !n.known {
			bi = len(bands) - 1
		}
		if show[n.end] {
			boxOf[i] = n.end
			name := n.name
			if name == "" {
				name = n.end
			}
			boxes[n.end] = &box{key: n.end, title: fmt.Sprintf("%s %s（%s）", n.end, n.name, ZoneLabel(n.zone)), line1: chart.Clip(name, 13, boxW-16), line2: chart.Clip(n.end, 11, boxW-16), band: bi}
			continue
		}
		key := fmt.Sprintf("zone:%d", bi)
		boxOf[i] = key
		a := aggs[bi]
		if a == nil {
			a = &agg{}
			aggs[bi] = a
		}
		if strings.HasPrefix(n.end, "segment:") {
			a.segments++
		} else {
			a.systems++
		}
	}
	for bi, a := range aggs {
		key := fmt.Sprintf("zone:%d", bi)
		// Two short lines: one long one ran out of the box.
		boxes[key] = &box{key: key, band: bi, line1: fmt.Sprintf("セグメント %d", a.segments), line2: fmt.Sprintf("システム %d・まとめて表示", a.systems),
			title: fmt.Sprintf("%s: 個別に描いていないセグメント %d・システム %d", bands[bi].label, a.segments, a.systems)}
	}
	for _, v := range drawn {
		if b := boxes[v.Subject]; b != nil {
			b.marked = append(b.marked, fmt.Sprintf("%s %s: %s", v.Clause, v.Rule, v.Message))
		}
	}
	// Rows: shown nodes by end, the aggregate last.
	keys := make([]string, 0, len(boxes))
	for k := range boxes {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int {
		ba, bb := boxes[a], boxes[b]
		return cmp.Or(cmp.Compare(ba.band, bb.band), cmp.Compare(isAgg(a), isAgg(b)), cmp.Compare(a, b))
	})
	rows := map[int]int{}
	maxRows := 1
	for _, k := range keys {
		b := boxes[k]
		b.row = rows[b.band]
		rows[b.band]++
		maxRows = max(maxRows, rows[b.band])
	}
	// Lines: one per pair of boxes, with the connections in its title.
	type line struct {
		a, b string
		ids  []string
	}
	lines := map[[2]string]*line{}
	for i := range g.edges {
		e := &g.edges[i]
		a, b := boxOf[e.a], boxOf[e.b]
		if a == b {
			continue
		}
		if a > b {
			a, b = b, a
		}
		l := lines[[2]string{a, b}]
		if l == nil {
			l = &line{a: a, b: b}
			lines[[2]string{a, b}] = l
		}
		l.ids = append(l.ids, e.c.ID)
	}
	lineKeys := make([][2]string, 0, len(lines))
	for k := range lines {
		lineKeys = append(lineKeys, k)
	}
	slices.SortFunc(lineKeys, func(a, b [2]string) int { return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1])) })
	lineIndex := map[[2]string]int{}
	for i, k := range lineKeys {
		lineIndex[k] = i
	}
	// Violating hops: one line per connection, titled with every finding
	// that runs over it.
	type hot struct {
		from, to string
		line     int // the index of the line it runs over, to share its route
		titles   []string
	}
	hots := map[string]*hot{}
	var hotKeys []string
	for _, v := range drawn {
		for i, h := range v.Path {
			if boxes[h.From] == nil || boxes[h.To] == nil {
				continue // a path from another register
			}
			t := fmt.Sprintf("%s %s（%d/%d）: %s → %s、%s", v.Clause, v.Rule, i+1, len(v.Path), h.From, h.To, hopLabel(h))
			if x := hots[h.Connection]; x != nil {
				x.titles = append(x.titles, t)
				continue
			}
			a, b := min(h.From, h.To), max(h.From, h.To)
			hots[h.Connection] = &hot{from: h.From, to: h.To, line: lineIndex[[2]string{a, b}], titles: []string{t}}
			hotKeys = append(hotKeys, h.Connection)
		}
	}
	slices.Sort(hotKeys)

	// The picture is as wide as its columns, or as its legend when that is
	// wider, so that no legend line runs off the edge.
	legend := []string{legendLine, legendViolation}
	more := ""
	if len(vs) > len(drawn) {
		more = fmt.Sprintf("違反 %d 件のうち %d 件を描いています。残りは一覧を参照してください。", len(vs), len(drawn))
		legend = append(legend, more)
	}
	width := len(usedBands(boxes))*(colW+colGap) + colGap
	for i, l := range legend {
		indent := 58
		if i == 2 {
			indent = 0
		}
		width = max(width, colGap+indent+int(chart.TextWidth(l, 13))+colGap)
	}
	height := top + maxRows*rowH + 110
	col := colMap(boxes)
	var w bytes.Buffer
	fmt.Fprintf(&w, `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="sep-title sep-desc" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="13">`+"\n", width, height, width, height)
	fmt.Fprintf(&w, `<title id="sep-title">%s</title>`+"\n", esc(fmt.Sprintf("ネットワークの三層分離（%s）", m.Label())))
	fmt.Fprintf(&w, `<desc id="sep-desc">%s</desc>`+"\n", esc(describe(in, vs, len(drawn))))
	fmt.Fprintf(&w, `<rect width="%d" height="%d" fill="#ffffff"/>`+"\n", width, height)
	for _, bi := range usedBands(boxes) {
		x := colGap + col[bi]*(colW+colGap)
		fmt.Fprintf(&w, `<g><rect x="%d" y="20" width="%d" height="%d" rx="6" fill="%s" stroke="#8a8a8a"/><text x="%d" y="48" text-anchor="middle" font-weight="bold" fill="%s">%s</text></g>`+"\n",
			x, colW, height-130, bands[bi].fill, x+colW/2, ink, esc(bands[bi].label))
	}
	// route draws a line between two boxes in the gaps only, never across
	// a box: next door through the gap between columns, further through
	// the gap below the left box's row, and within a column as a loop on
	// its right. n spreads lines that share a gap.
	route := func(a, b string, n int) string {
		ba, bb := boxes[a], boxes[b]
		if col[ba.band] > col[bb.band] || col[ba.band] == col[bb.band] && ba.row > bb.row {
			ba, bb = bb, ba
		}
		left := func(x *box) int { return colGap + col[x.band]*(colW+colGap) + (colW-boxW)/2 }
		cy := func(x *box) int { return top + x.row*rowH + boxH/2 }
		x1, y1, x2, y2 := left(ba)+boxW, cy(ba), left(bb), cy(bb)
		switch col[bb.band] - col[ba.band] {
		case 0:
			return fmt.Sprintf("M%d %d C%d %d %d %d %d %d", x1, y1, x1+40, y1, x1+40, y2, x1, y2)
		case 1:
			xm := (x1+x2)/2 + (n%3-1)*4
			return fmt.Sprintf("M%d %d H%d V%d H%d", x1, y1, xm, y2, x2)
		}
		lane := top + ba.row*rowH + boxH + (rowH-boxH)/2 + (n%3-1)*3
		return fmt.Sprintf("M%d %d H%d V%d H%d V%d H%d", x1, y1, x1+12+(n%3)*4, lane, x2-12-(n%3)*4, y2, x2)
	}
	w.WriteString(`<g fill="none" stroke="` + lineInk + `" stroke-width="1.5">` + "\n")
	for i, k := range lineKeys {
		l := lines[k]
		ids := l.ids
		more := ""
		if len(ids) > 6 {
			ids, more = ids[:6], fmt.Sprintf(" ほか %d 本", len(l.ids)-6)
		}
		fmt.Fprintf(&w, `<path d="%s"><title>%s</title></path>`+"\n", route(l.a, l.b, i), esc(fmt.Sprintf("接続 %d 本: %s%s", len(l.ids), strings.Join(ids, ", "), more)))
	}
	w.WriteString("</g>\n")
	w.WriteString(`<g fill="none" stroke="` + alarm + `" stroke-width="3.5" stroke-dasharray="10 5">` + "\n")
	for _, k := range hotKeys {
		h := hots[k]
		fmt.Fprintf(&w, `<path class="violation" d="%s"><title>%s</title></path>`+"\n", route(h.from, h.to, h.line), esc(strings.Join(h.titles, "\n")))
	}
	w.WriteString("</g>\n")
	for _, k := range keys {
		b := boxes[k]
		x, y := colGap+col[b.band]*(colW+colGap)+(colW-boxW)/2, top+b.row*rowH
		stroke := `stroke="` + lineInk + `" stroke-width="1"`
		title := b.title
		if len(b.marked) > 0 {
			stroke = `stroke="` + alarm + `" stroke-width="3" stroke-dasharray="6 3"`
			title += "\n" + strings.Join(b.marked, "\n")
		}
		fmt.Fprintf(&w, `<g><title>%s</title><rect x="%d" y="%d" width="%d" height="%d" rx="4" fill="#ffffff" %s/><text x="%d" y="%d" fill="%s">%s</text><text x="%d" y="%d" fill="%s" font-size="11">%s</text></g>`+"\n",
			esc(title), x, y, boxW, boxH, stroke, x+8, y+19, ink, esc(b.line1), x+8, y+37, ink, esc(b.line2))
	}
	ly := height - 80
	fmt.Fprintf(&w, `<g><path d="M%d %d h48" stroke="%s" stroke-width="1.5"/><text x="%d" y="%d" fill="%s">%s</text>`, colGap, ly, lineInk, colGap+58, ly+5, ink, legendLine)
	fmt.Fprintf(&w, `<path d="M%d %d h48" stroke="%s" stroke-width="3.5" stroke-dasharray="10 5"/><text x="%d" y="%d" fill="%s">%s</text>`, colGap, ly+26, alarm, colGap+58, ly+31, ink, legendViolation)
	if more != "" {
		fmt.Fprintf(&w, `<text x="%d" y="%d" fill="%s">%s</text>`, colGap, ly+57, ink, more)
	}
	w.WriteString("</g>\n</svg>\n")
	return w.Bytes()
}

// isAgg orders a band's aggregate box after its nodes.
func isAgg(key string) int {
	if strings.HasPrefix(key, "zone:") {
		return 1
	}
	return 0
}

// usedBands returns the bands that have a box, in order.
func usedBands(boxes map[string]*box) []int {
	var used []int
	for i := range bands {
		for _, b := range boxes {
			if b.band == i {
				used = append(used, i)
				break
			}
		}
	}
	return used
}

// colMap gives each used band its column.
func colMap(boxes map[string]*box) map[int]int {
	col := map[int]int{}
	for i, b := range usedBands(boxes) {
		col[b] = i
	}
	return col
}

// describe is the picture's text alternative: what it shows, and the
// findings by clause.
func describe(in Input, vs []Violation, drawn int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "セグメント %d・システム %d・接続 %d 本を、マイナンバー利用事務系・国等・LGWAN・LGWAN接続系・その他・インターネット接続系・インターネットの列に分けて描いています。",
		len(in.Segments), len(in.Systems), len(in.Connections))
	if len(vs) == 0 {
		b.WriteString("三層分離の違反はありません。")
		return b.String()
	}
	count := map[string]int{}
	for _, v := range vs {
		count[v.Clause]++
	}
	var parts []string
	for _, r := range Rules() {
		if n := count[r.Clause]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d 件", r.Clause, n))
			count[r.Clause] = 0
		}
	}
	fmt.Fprintf(&b, "違反 %d 件（%s）。うち %d 件の経路を赤の太い破線で描いています。", len(vs), strings.Join(parts, "・"), drawn)
	return b.String()
}

// esc escapes s for XML text and attribute values.
func esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}
