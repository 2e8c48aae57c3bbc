package contractors

import (
	"fmt"
	"html"
	"strings"
)

// LinkMark is how the chain picture shows one link: its state in words
// and whether it stands (approved and in force) or is a finding.
type LinkMark struct {
	Label string
	Bad   bool
}

// ChainSVG draws the chain as a tree, the city at the top, the contractor
// it signed with below, and each 再委託 one level further down, every
// edge marked with its link's state (10.1.4). names gives the contractors'
// names; mark the state of each link. The picture has a title and a
// description for screen readers, and the same facts are in the table
// beside it on the page.
func ChainSVG(c *Chain, names map[string]string, mark func(Link) LinkMark) []byte {
	const boxW, boxH, gapX, gapY, pad = 180, 44, 24, 70, 16
	// Lay out the tree: each node's column is the next free leaf column,
	// a parent centred over its children.
	type node struct {
		id    string
		depth int
		x     float64
		link  *Link
	}
	var nodes []*node
	col := 0
	var place func(id string, depth int, l *Link) float64
	seen := map[string]bool{}
	place = func(id string, depth int, l *Link) float64 {
		n := &node{id: id, depth: depth, link: l}
		nodes = append(nodes, n)
		if seen[id] { // a stored loop is drawn once round
			n.x = float64(col)
			col++
			return n.x
		}
		seen[id] = true
		below := c.Below(id)
		if len(below) == 0 {
			n.x = float64(col)
			col++
			return n.x
		}
		var first, last float64
		for i := range below {
			x := place(below[i].To, depth+1, &below[i])
			if i == 0 {
				first = x
			}
			last = x
		}
		n.x = (first + last) / 2
		return n.x
	}
	rootX := place(c.Root, 1, nil)
	depth := 1
	for _, n := range nodes {
		depth = max(depth, n.depth)
	}
	width := max(col, 1)*(boxW+gapX) + 2*pad
	height := (depth+1)*(boxH+gapY) + pad
	cx := func(x float64) float64 { return pad + x*(boxW+gapX) + boxW/2 }
	cy := func(d int) float64 { return float64(pad + d*(boxH+gapY)) }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="chain-title chain-desc" class="chain">`, width, height, width, height)
	fmt.Fprintf(&b, `<title id="chain-title">再委託の連鎖（10.1.4）</title><desc id="chain-desc">%s</desc>`, html.EscapeString(describe(c, names, mark)))
	// Colours are drawn in, not left to a style sheet: the picture reads
	// the same when saved or printed. A finding is red and dashed, never
	// by colour alone.
	box := func(x, y float64, text, class string) {
		stroke, fill := "#1f4e79", "#eef4fb"
		if strings.HasSuffix(class, "bad") {
			stroke, fill = "#b00020", "#fdecee"
		}
		fmt.Fprintf(&b, `<g class="%s"><rect x="%.0f" y="%.0f" width="%d" height="%d" rx="6" fill="%s" stroke="%s" stroke-width="2"/><text x="%.0f" y="%.0f" text-anchor="middle" font-size="14" fill="#111">%s</text></g>`,
			class, x-boxW/2, y, boxW, boxH, fill, stroke, x, y+boxH/2+5, html.EscapeString(clip(text, 12)))
	}
	box(cx(rootX), cy(0), "市", "city")
	for _, n := range nodes {
		px, py := cx(rootX), cy(0)+boxH
		label, class := "契約", "ok"
		if n.link != nil {
			m := mark(*n.link)
			label = m.Label
			if m.Bad {
				class = "bad"
			}
			for _, p := range nodes {
				if p.id == n.link.From && p.depth == n.depth-1 {
					px, py = cx(p.x), cy(p.depth)+boxH
				}
			}
		}
		x, y := cx(n.x), cy(n.depth)
		line, dash, ink := "#1f4e79", "", "#1f4e79"
		if class == "bad" {
			line, dash, ink = "#b00020", ` stroke-dasharray="6 4"`, "#b00020"
		}
		fmt.Fprintf(&b, `<g class="edge %s"><line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="%s" stroke-width="2"%s/><text x="%.0f" y="%.0f" text-anchor="middle" font-size="12" fill="%s" paint-order="stroke" stroke="#fff" stroke-width="4">%s</text></g>`,
			class, px, py, x, y, line, dash, (px+x)/2+6, (py+y)/2+4, ink, html.EscapeString(label))
		name := names[n.id]
		if name == "" {
			name = n.id
		}
		box(x, y, name, "firm "+class)
	}
	b.WriteString(`</svg>`)
	return []byte(b.String())
}

// describe says the chain in words, link by link.
func describe(c *Chain, names map[string]string, mark func(Link) LinkMark) string {
	var parts []string
	for _, l := range c.Links {
		parts = append(parts, fmt.Sprintf("%s から %s へ（%s）", nameOf(names, l.From), nameOf(names, l.To), mark(l).Label))
	}
	if len(parts) == 0 {
		return "市は " + nameOf(names, c.Root) + " と契約しています。再委託はありません。"
	}
	return "市は " + nameOf(names, c.Root) + " と契約しています。" + strings.Join(parts, "、") + "。"
}

func nameOf(names map[string]string, id string) string {
	if n := names[id]; n != "" {
		return n
	}
	return id
}

// clip shortens s to n characters with an ellipsis.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
