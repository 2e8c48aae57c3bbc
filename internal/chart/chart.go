package chart

import (
	"fmt"
	"math"
	"strings"
)

// Series is one named line or stack of a chart: a value per label.
type Series struct {
	Name   string
	Values []float64
}

// Chart is a chart over labelled categories (days, months, age bands),
// drawn as lines (Line) or as stacked bars (Bars).
type Chart struct {
	// ID prefixes the ids of the picture's title and description; it
	// must be unique on the page.
	ID string
	// Title names the chart; Desc says in words what it shows, for those
	// who cannot see it.
	Title, Desc string
	// Labels are the categories along the bottom, in order.
	Labels []string
	Series []Series
	// Unit follows each value in the marks' titles, such as "件".
	Unit string
	// Colors, when set, replace the palette for the series in order,
	// such as severities in the colours the pages use for them.
	Colors []string
}

// Size of every chart's drawing; the page scales it to fit.
const (
	width    = 720.0
	height   = 300.0
	fontSize = 12.0
	ink      = "#1a1a1a"
	gridInk  = "#d0d0d0"
	axisInk  = "#5f6368"
)

// palette keeps 3:1 against white for lines and bars (WCAG 1.4.11).
var palette = []string{"#b3261e", "#9a5b00", "#1a5fb4", "#2e7d32", "#6a1b9a", "#37474f", "#00838f", "#ad1457"}

// dashes tell the lines apart without colour.
var dashes = []string{"", "8 4", "2 4", "10 4 2 4", "4 4", "1 3"}

func (c Chart) color(i int) string {
	if i < len(c.Colors) && c.Colors[i] != "" {
		return c.Colors[i]
	}
	return palette[i%len(palette)]
}

func (c Chart) value(s, i int) float64 {
	if v := c.Series[s].Values; i < len(v) && !math.IsNaN(v[i]) && !math.IsInf(v[i], 0) {
		return v[i]
	}
	return 0
}

// niceMax rounds m up to 1, 2 or 5 times a power of ten, so the axis has
// whole steps; it returns the top and the step between ticks.
func niceMax(m float64) (top, step float64) {
	if m <= 0 {
		return 1, 1
	}
	if m < 4 && m == math.Floor(m) {
		return max(m, 1), 1
	}
	raw := m / 4
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, f := range []float64{1, 2, 2.5, 5, 10} {
		if f == 2.5 && p < 10 {
			continue // counts have whole steps
		}
		if f*p >= raw {
			step = f * p
			break
		}
	}
	if step < 1 {
		step = 1
	}
	return math.Ceil(m/step) * step, step
}

// frame is the plotting area inside the margins, and the value axis.
type frame struct {
	left, top, right, bottom float64
	vmax, step               float64
	legendRows               [][]legendItem
}

type legendItem struct {
	x    float64
	name string
	i    int
}

func (f frame) y(v float64) float64 {
	return f.bottom - v/f.vmax*(f.bottom-f.top)
}

// layout measures the legend and the value labels so that neither is cut
// off, and fits the plot in what is left.
func (c Chart) layout(vmax float64) frame {
	f := frame{right: width - 16, bottom: height - 40}
	f.vmax, f.step = niceMax(vmax)
	widest := 0.0
	for v := 0.0; v <= f.vmax+f.step/2; v += f.step {
		widest = max(widest, TextWidth(count(v), fontSize))
	}
	f.left = 12 + widest + 8
	// The legend wraps to as many rows as it needs above the plot.
	x, row := 12.0, []legendItem(nil)
	for i, s := range c.Series {
		name := Clip(s.Name, fontSize, width/2)
		w := 28 + TextWidth(name, fontSize) + 18
		if x+w > width-12 && len(row) > 0 {
			f.legendRows = append(f.legendRows, row)
			x, row = 12, nil
		}
		row = append(row, legendItem{x: x, name: name, i: i})
		x += w
	}
	if len(row) > 0 {
		f.legendRows = append(f.legendRows, row)
	}
	f.top = 16 + float64(len(f.legendRows))*20 + 8
	return f
}

// open writes the svg element with its title and description.
func (c Chart) open(b *strings.Builder, h float64, kind string) {
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart %s" role="img" aria-labelledby="%s-title %s-desc" viewBox="0 0 %s %s" width="%s" height="%s" font-family="sans-serif" font-size="%s">`,
		kind, esc(c.ID), esc(c.ID), num(width), num(h), num(width), num(h), num(fontSize))
	fmt.Fprintf(b, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, esc(c.ID), esc(c.Title), esc(c.ID), esc(c.Desc))
	fmt.Fprintf(b, `<rect width="%s" height="%s" fill="#ffffff"/>`, num(width), num(h))
}

// axes draws the value grid and its labels, and the category labels,
// leaving out as many as they need so that none overlaps the next.
func (c Chart) axes(b *strings.Builder, f frame, xOf func(i int) float64) {
	b.WriteString(`<g class="grid">`)
	for v := 0.0; v <= f.vmax+f.step/2; v += f.step {
		y := f.y(v)
		fmt.Fprintf(b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"/>`, num(f.left), num(y), num(f.right), num(y), gridInk)
		fmt.Fprintf(b, `<text x="%s" y="%s" text-anchor="end" fill="%s">%s</text>`, num(f.left-8), num(y+4), ink, count(v))
	}
	fmt.Fprintf(b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"/>`, num(f.left), num(f.bottom), num(f.right), num(f.bottom), axisInk)
	b.WriteString(`</g><g class="labels">`)
	every := labelStep(c.Labels, (f.right-f.left)/float64(max(len(c.Labels), 1)))
	for i, l := range c.Labels {
		if i%every != 0 {
			continue
		}
		fmt.Fprintf(b, `<text x="%s" y="%s" text-anchor="middle" fill="%s">%s</text>`, num(xOf(i)), num(f.bottom+18), ink, esc(Clip(l, fontSize, (f.right-f.left)/float64(max(len(c.Labels), 1))*float64(every)-4)))
	}
	b.WriteString(`</g>`)
}

// labelStep is how many categories apart labels are drawn so that each
// has room: every one when they fit in slot pixels.
func labelStep(labels []string, slot float64) int {
	widest := 0.0
	for _, l := range labels {
		widest = max(widest, TextWidth(l, fontSize))
	}
	if slot <= 0 {
		return 1
	}
	return max(1, int(math.Ceil((widest+8)/slot)))
}

// legend draws each series' name beside a sample of its mark.
func (c Chart) legend(b *strings.Builder, f frame, line bool) {
	b.WriteString(`<g class="legend">`)
	for r, row := range f.legendRows {
		y := 16 + float64(r)*20
		for _, it := range row {
			col := c.color(it.i)
			if line {
				fmt.Fprintf(b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="2.5"%s/>`, num(it.x), num(y), num(it.x+22), num(y), col, dashAttr(it.i))
				b.WriteString(marker(it.i, it.x+11, y, col))
			} else {
				fmt.Fprintf(b, `<rect x="%s" y="%s" width="14" height="14" fill="%s"/>`, num(it.x+4), num(y-7), col)
			}
			fmt.Fprintf(b, `<text x="%s" y="%s" fill="%s">%s</text>`, num(it.x+28), num(y+4), ink, esc(it.name))
		}
	}
	b.WriteString(`</g>`)
}

func dashAttr(i int) string {
	if d := dashes[i%len(dashes)]; d != "" {
		return ` stroke-dasharray="` + d + `"`
	}
	return ""
}

// marker draws series i's point shape at x, y: circle, square, triangle,
// diamond, then round again.
func marker(i int, x, y float64, col string) string {
	switch i % 4 {
	case 1:
		return fmt.Sprintf(`<rect x="%s" y="%s" width="7" height="7" fill="%s"/>`, num(x-3.5), num(y-3.5), col)
	case 2:
		return fmt.Sprintf(`<path d="M%s %sl4 7h-8z" fill="%s"/>`, num(x), num(y-4.5), col)
	case 3:
		return fmt.Sprintf(`<path d="M%s %sl4.5 4.5-4.5 4.5-4.5-4.5z" fill="%s"/>`, num(x), num(y-4.5), col)
	}
	return fmt.Sprintf(`<circle cx="%s" cy="%s" r="3.5" fill="%s"/>`, num(x), num(y), col)
}

// Line draws each series as a line over the labels, with a marker and a
// title on every point.
func Line(c Chart) string {
	vmax := 0.0
	for s := range c.Series {
		for i := range c.Labels {
			vmax = max(vmax, c.value(s, i))
		}
	}
	f := c.layout(vmax)
	n := len(c.Labels)
	xOf := func(i int) float64 {
		if n <= 1 {
			return (f.left + f.right) / 2
		}
		return f.left + 8 + float64(i)*(f.right-f.left-16)/float64(n-1)
	}
	var b strings.Builder
	c.open(&b, height, "line")
	c.axes(&b, f, xOf)
	c.legend(&b, f, true)
	for s, se := range c.Series {
		col := c.color(s)
		fmt.Fprintf(&b, `<g class="series" fill="none">`)
		if n > 1 {
			var d strings.Builder
			for i := range c.Labels {
				cmd := "L"
				if i == 0 {
					cmd = "M"
				}
				fmt.Fprintf(&d, "%s%s %s", cmd, num(xOf(i)), num(f.y(c.value(s, i))))
			}
			fmt.Fprintf(&b, `<path d="%s" stroke="%s" stroke-width="2.5"%s/>`, d.String(), col, dashAttr(s))
		}
		for i, l := range c.Labels {
			fmt.Fprintf(&b, `<g><title>%s</title>%s</g>`, esc(fmt.Sprintf("%s %s: %s%s", l, se.Name, count(c.value(s, i)), c.Unit)), marker(s, xOf(i), f.y(c.value(s, i)), col))
		}
		b.WriteString(`</g>`)
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// Bars draws a bar per label with the series stacked in it, the first at
// the bottom; each part has a title, and the bar's total stands above it.
func Bars(c Chart) string {
	totals := make([]float64, len(c.Labels))
	vmax := 0.0
	for i := range c.Labels {
		for s := range c.Series {
			totals[i] += max(c.value(s, i), 0)
		}
		vmax = max(vmax, totals[i])
	}
	f := c.layout(vmax)
	n := max(len(c.Labels), 1)
	slot := (f.right - f.left) / float64(n)
	bw := math.Min(slot*0.7, 56)
	xOf := func(i int) float64 { return f.left + slot*(float64(i)+0.5) }
	var b strings.Builder
	c.open(&b, height, "bars")
	c.axes(&b, f, xOf)
	if len(c.Series) > 1 {
		c.legend(&b, f, false)
	}
	for i, l := range c.Labels {
		base := 0.0
		b.WriteString(`<g class="bar">`)
		for s, se := range c.Series {
			v := max(c.value(s, i), 0)
			if v == 0 {
				continue
			}
			y0, y1 := f.y(base), f.y(base+v)
			// A white edge between parts tells them apart in grey print.
			fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s" stroke="#ffffff" stroke-width="1"><title>%s</title></rect>`,
				num(xOf(i)-bw/2), num(y1), num(bw), num(y0-y1), c.color(s), esc(fmt.Sprintf("%s %s: %s%s", l, se.Name, count(v), c.Unit)))
			base += v
		}
		if totals[i] > 0 {
			fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="middle" fill="%s">%s</text>`, num(xOf(i)), num(f.y(totals[i])-4), ink, count(totals[i]))
		}
		b.WriteString(`</g>`)
	}
	b.WriteString(`</svg>`)
	return b.String()
}
