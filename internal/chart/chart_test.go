package chart

import (
	"encoding/xml"
	"io"
	"math"
	"strconv"
	"strings"
	"testing"
)

// element is an SVG element as the tests read it back.
type element struct {
	Name  string
	Attr  map[string]string
	Text  string
	Depth int
}

// parse reads svg as XML, failing the test when it is not well formed,
// and returns its elements in order.
func parse(t *testing.T, svg string) []element {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(svg))
	var out []element
	var stack []int
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, svg)
		}
		switch x := tok.(type) {
		case xml.StartElement:
			e := element{Name: x.Name.Local, Attr: map[string]string{}, Depth: len(stack)}
			for _, a := range x.Attr {
				e.Attr[a.Name.Local] = a.Value
			}
			out = append(out, e)
			stack = append(stack, len(out)-1)
		case xml.CharData:
			if len(stack) > 0 {
				out[stack[len(stack)-1]].Text += string(x)
			}
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		}
	}
	return out
}

func attrF(t *testing.T, e element, k string) float64 {
	t.Helper()
	f, err := strconv.ParseFloat(e.Attr[k], 64)
	if err != nil {
		t.Fatalf("%s %s=%q: %v", e.Name, k, e.Attr[k], err)
	}
	return f
}

// textBox is where a text element's ink lies, by the same estimate the
// package lays out with.
func textBox(t *testing.T, e element) (x0, x1 float64) {
	x, w := attrF(t, e, "x"), TextWidth(e.Text, fontSize)
	switch e.Attr["text-anchor"] {
	case "middle":
		return x - w/2, x + w/2
	case "end":
		return x - w, x
	}
	return x, x + w
}

func TestNiceMax(t *testing.T) {
	for _, tc := range []struct{ in, top, step float64 }{
		{0, 1, 1}, {1, 1, 1}, {3, 3, 1}, {7, 8, 2}, {10, 10, 5}, {882, 1000, 250}, {0.4, 1, 1}, {4, 4, 1}, {13, 15, 5},
	} {
		top, step := niceMax(tc.in)
		if top != tc.top || step != tc.step {
			t.Errorf("niceMax(%v) = %v, %v; want %v, %v", tc.in, top, step, tc.top, tc.step)
		}
		if top < tc.in {
			t.Errorf("niceMax(%v) = %v is below the value", tc.in, top)
		}
	}
}

func TestTextWidthAndClip(t *testing.T) {
	if got, want := TextWidth("総務局", 10), 30.0; got != want {
		t.Errorf("TextWidth(総務局) = %v, want %v", got, want)
	}
	if a, k := TextWidth("abc", 10), TextWidth("あいう", 10); a >= k {
		t.Errorf("Latin %v is not narrower than kana %v", a, k)
	}
	long := "マイナンバー利用事務系ネットワークセグメント"
	c := Clip(long, 12, 100)
	if !strings.HasSuffix(c, "…") || TextWidth(c, 12) > 100 {
		t.Errorf("Clip = %q (%v px), want at most 100 px ending in …", c, TextWidth(c, 12))
	}
	if got := Clip("短い", 12, 100); got != "短い" {
		t.Errorf("Clip of a short label = %q, want it whole", got)
	}
}

func TestEscaping(t *testing.T) {
	evil := `<script>alert("x")</script>&`
	c := Chart{ID: `a"b`, Title: evil, Desc: evil, Labels: []string{evil}, Series: []Series{{Name: evil, Values: []float64{2}}}, Unit: evil}
	g := Grid{ID: "g", Title: evil, Rows: []string{evil}, Cols: []string{evil}, Values: [][]float64{{1}}}
	for name, out := range map[string]string{
		"line": Line(c), "bars": Bars(c), "heat": Heat(g),
		"table": c.Table(evil, evil, evil), "grid table": g.Table(evil, evil, func(r, c int) string { return `/x?a=1&b="2"` }),
	} {
		if strings.Contains(out, "<script") || strings.Contains(out, `"x")`) {
			t.Errorf("%s: the label reached the output unescaped:\n%s", name, out)
		}
		parse(t, "<root>"+out+"</root>") // well formed, escapes and all
	}
	if out := Line(c); !strings.Contains(out, `&lt;script&gt;`) {
		t.Errorf("line: the escaped label is missing")
	}
}

func TestLineGeometry(t *testing.T) {
	labels := make([]string, 31)
	high, low := make([]float64, 31), make([]float64, 31)
	for i := range labels {
		labels[i] = "12月" + strconv.Itoa(i+1) + "日"
		high[i], low[i] = float64(100-i), float64(i*3)
	}
	c := Chart{ID: "trend", Title: "推移", Desc: "高と低の推移", Labels: labels,
		Series: []Series{{Name: "高", Values: high}, {Name: "低", Values: low}}, Unit: "件"}
	els := parse(t, Line(c))
	root := els[0]
	if root.Name != "svg" || root.Attr["role"] != "img" || root.Attr["aria-labelledby"] != "trend-title trend-desc" {
		t.Fatalf("root = %v, want an svg img labelled by its title and desc", root)
	}
	var titled, markers int
	var drawn []element
	for _, e := range els {
		switch {
		case e.Name == "title" && e.Attr["id"] == "trend-title" && e.Text == "推移":
			titled++
		case e.Name == "title" && strings.HasSuffix(e.Text, "件"):
			markers++
		case e.Name == "text" && e.Depth == 2 && strings.HasPrefix(e.Text, "12月"):
			drawn = append(drawn, e)
		}
	}
	if titled != 1 {
		t.Errorf("the chart's title was found %d times, want once", titled)
	}
	if markers != 62 {
		t.Errorf("%d points have a title, want 62 (31 days × 2 series)", markers)
	}
	// Day labels: some, not all (31 would overlap), none overlapping the
	// next, all inside the picture.
	if len(drawn) < 4 || len(drawn) >= 31 {
		t.Errorf("%d day labels drawn, want a readable subset", len(drawn))
	}
	prev := math.Inf(-1)
	for _, e := range drawn {
		x0, x1 := textBox(t, e)
		if x0 < prev || x0 < 0 || x1 > width {
			t.Errorf("label %q at %v–%v overlaps the previous (ends %v) or leaves the picture", e.Text, x0, x1, prev)
		}
		prev = x1
	}
	// The highest point is at the top of the scale's value, the lowest
	// (0) on the axis.
	var ys []float64
	for _, e := range els {
		if e.Name == "circle" {
			ys = append(ys, attrF(t, e, "cy"))
		}
	}
	if len(ys) < 31 {
		t.Fatalf("%d circles, want the first series' 31 points", len(ys))
	}
	if ys[0] >= ys[30] {
		t.Errorf("a falling series is drawn rising: first y %v, last y %v", ys[0], ys[30])
	}
}

func TestBarsStackToTotal(t *testing.T) {
	c := Chart{ID: "kinds", Title: "種類別", Labels: []string{"4月", "5月", "6月"},
		Series: []Series{{Name: "紛失", Values: []float64{2, 0, 1}}, {Name: "不正アクセス", Values: []float64{1, 0, 3}}}, Unit: "件"}
	els := parse(t, Bars(c))
	var rects []element
	totals := map[string]bool{}
	for _, e := range els {
		if e.Name == "rect" && e.Attr["stroke"] == "#ffffff" {
			rects = append(rects, e)
		}
		if e.Name == "text" && e.Attr["text-anchor"] == "middle" {
			totals[e.Text] = true
		}
	}
	if len(rects) != 4 {
		t.Fatalf("%d bar parts, want 4 (zeros are not drawn)", len(rects))
	}
	// 4月: 2 + 1 stacked; the parts touch and their heights are 2:1.
	a, b := rects[0], rects[1]
	ha, hb := attrF(t, a, "height"), attrF(t, b, "height")
	if math.Abs(ha-2*hb) > 0.2 {
		t.Errorf("heights %v and %v, want 2:1", ha, hb)
	}
	if math.Abs(attrF(t, b, "y")+hb-attrF(t, a, "y")) > 0.2 {
		t.Errorf("the second part does not sit on the first")
	}
	for _, want := range []string{"3", "4"} {
		if !totals[want] {
			t.Errorf("no total %s above a bar; totals %v", want, totals)
		}
	}
}

func TestHeatLabelsFit(t *testing.T) {
	g := Grid{ID: "heat", Title: "局×章", Rows: []string{"総務局", "危機管理局", "こども家庭局・教育委員会事務局"},
		Cols: []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10"}, Values: [][]float64{{1, 0, 3}, {0, 10}, {}}, Unit: "件"}
	els := parse(t, Heat(g))
	vb := strings.Fields(els[0].Attr["viewBox"])
	w, _ := strconv.ParseFloat(vb[2], 64)
	var cells []element
	for _, e := range els {
		if e.Name == "text" {
			x0, x1 := textBox(t, e)
			if x0 < 0 || x1 > w {
				t.Errorf("label %q at %v–%v leaves the picture (0–%v)", e.Text, x0, x1, w)
			}
		}
		if e.Name == "rect" && e.Attr["stroke"] == gridInk {
			cells = append(cells, e)
		}
	}
	if len(cells) != 30 {
		t.Errorf("%d cells, want 3 × 10", len(cells))
	}
	// The biggest value is the darkest, with white text on it.
	if cells[11].Attr["fill"] != shades[len(shades)-1] {
		t.Errorf("the largest cell's fill = %s, want the darkest", cells[11].Attr["fill"])
	}
	if cells[1].Attr["fill"] != "#ffffff" {
		t.Errorf("an empty cell is shaded %s, want white", cells[1].Attr["fill"])
	}
}

func TestTables(t *testing.T) {
	c := Chart{ID: "k", Labels: []string{"4月"}, Series: []Series{{Name: "紛失", Values: []float64{2}}, {Name: "盗難", Values: []float64{1}}}}
	out := c.Table("種類別", "月", "計")
	for _, want := range []string{`<caption>種類別</caption>`, `<th scope="col">紛失</th>`, `<th scope="row">4月</th><td>2</td><td>1</td><td>3</td>`} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %s:\n%s", want, out)
		}
	}
	g := Grid{ID: "g", Rows: []string{"総務局"}, Cols: []string{"6", "7"}, Values: [][]float64{{4, 0}}}
	out = g.Table("局×章", "局", func(r, c int) string { return "/f?unit=1&ch=" + g.Cols[c] })
	if want := `<td><a href="/f?unit=1&amp;ch=6">4</a></td><td>0</td>`; !strings.Contains(out, want) {
		t.Errorf("grid table lacks %s:\n%s", want, out)
	}
}

func TestDeterministic(t *testing.T) {
	c := Chart{ID: "d", Labels: []string{"a", "b"}, Series: []Series{{Name: "x", Values: []float64{1, math.NaN()}}}}
	if Line(c) != Line(c) || Bars(c) != Bars(c) {
		t.Error("the same chart drew differently twice")
	}
	if strings.Contains(Line(c), "NaN") {
		t.Error("a NaN value reached the drawing")
	}
}
