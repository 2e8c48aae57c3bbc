package chart

import (
	"fmt"
	"strings"
)

// Grid is a table of values drawn as a heat map: a row per label down the
// left, a column per label along the top, each cell shaded by its value
// and showing it as text, so the shade is never the only cue.
type Grid struct {
	ID, Title, Desc string
	Rows, Cols      []string
	// Values[r][c] is the cell of row r and column c.
	Values [][]float64
	Unit   string
}

func (g Grid) value(r, c int) float64 {
	if r < len(g.Values) && c < len(g.Values[r]) && g.Values[r][c] > 0 {
		return g.Values[r][c]
	}
	return 0
}

// shades run from white to a dark red; the text on the darker half is
// white, on the lighter half ink, both at 4.5:1 or more.
var shades = []string{"#ffffff", "#fde0dc", "#f9b4ab", "#f28b7d", "#c0392b", "#a82315", "#6e0f06"}

func shade(v, vmax float64) (fill, text string) {
	if v <= 0 || vmax <= 0 {
		return shades[0], ink
	}
	i := 1 + int(v/vmax*float64(len(shades)-2)+0.5)
	i = min(max(i, 1), len(shades)-1)
	if i >= 4 {
		return shades[i], "#ffffff"
	}
	return shades[i], ink
}

// Heat draws the grid. The left margin is as wide as the widest row label
// and the column labels are as tall as they need, so no label is cut off.
func Heat(g Grid) string {
	const cellH, pad = 28.0, 12.0
	left := pad
	for _, r := range g.Rows {
		left = max(left, pad+TextWidth(r, fontSize)+8)
	}
	left = min(left, width/3)
	cols := max(len(g.Cols), 1)
	cellW := (width - left - pad) / float64(cols)
	// Column labels are drawn upright when they fit, else turned.
	widest := 0.0
	for _, c := range g.Cols {
		widest = max(widest, TextWidth(c, fontSize))
	}
	turned := widest > cellW-4
	top := 30.0
	if turned {
		top = 16 + min(widest, 160)
	}
	h := top + cellH*float64(len(g.Rows)) + pad
	vmax := 0.0
	for r := range g.Rows {
		for c := range g.Cols {
			vmax = max(vmax, g.value(r, c))
		}
	}
	var b strings.Builder
	Chart{ID: g.ID, Title: g.Title, Desc: g.Desc}.open(&b, h, "heat")
	b.WriteString(`<g class="labels">`)
	for c, l := range g.Cols {
		x := left + cellW*(float64(c)+0.5)
		if turned {
			fmt.Fprintf(&b, `<text x="%s" y="%s" transform="rotate(-60 %s %s)" fill="%s">%s</text>`, num(x), num(top-6), num(x), num(top-6), ink, esc(Clip(l, fontSize, 160)))
		} else {
			fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="middle" fill="%s">%s</text>`, num(x), num(top-10), ink, esc(l))
		}
	}
	for r, l := range g.Rows {
		fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="end" fill="%s">%s</text>`, num(left-8), num(top+cellH*float64(r)+cellH/2+4), ink, esc(Clip(l, fontSize, left-pad-8)))
	}
	b.WriteString(`</g><g class="cells">`)
	for r, rl := range g.Rows {
		for c, cl := range g.Cols {
			v := g.value(r, c)
			fill, text := shade(v, vmax)
			x, y := left+cellW*float64(c), top+cellH*float64(r)
			fmt.Fprintf(&b, `<g><title>%s</title><rect x="%s" y="%s" width="%s" height="%s" fill="%s" stroke="%s"/>`,
				esc(fmt.Sprintf("%s × %s: %s%s", rl, cl, count(v), g.Unit)), num(x), num(y), num(cellW), num(cellH), fill, gridInk)
			if v > 0 {
				fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="middle" fill="%s">%s</text>`, num(x+cellW/2), num(y+cellH/2+4), text, count(v))
			}
			b.WriteString(`</g>`)
		}
	}
	b.WriteString(`</g></svg>`)
	return b.String()
}
