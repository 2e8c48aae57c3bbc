package separation

import (
	"bytes"
	"encoding/xml"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"kijun/internal/chart"
	"kijun/internal/systems"
)

var update = flag.Bool("update", false, "rewrite the golden SVG files")

// svgFacts are what a reviewer checks in a picture: it parses as XML, and
// what it holds.
type svgFacts struct {
	role, title, desc string
	boxes, paths      int
	violations        int // paths of class violation
	untitled          int // violation paths without a title
}

func readSVG(t *testing.T, b []byte) svgFacts {
	t.Helper()
	var f svgFacts
	d := xml.NewDecoder(bytes.NewReader(b))
	var stack []string
	var inViolation, violationTitled bool
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v\n%s", err, b)
		}
		switch x := tok.(type) {
		case xml.StartElement:
			attr := map[string]string{}
			for _, a := range x.Attr {
				attr[a.Name.Local] = a.Value
			}
			switch x.Name.Local {
			case "svg":
				f.role = attr["role"]
			case "rect":
				if attr["width"] == "176" {
					f.boxes++
				}
			case "path":
				f.paths++
				if attr["class"] == "violation" {
					f.violations++
					inViolation, violationTitled = true, false
				}
			case "title":
				if inViolation {
					violationTitled = true
				}
			}
			stack = append(stack, x.Name.Local)
		case xml.EndElement:
			if x.Name.Local == "path" && inViolation {
				if !violationTitled {
					f.untitled++
				}
				inViolation = false
			}
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) == 2 && stack[1] == "title" {
				f.title += string(x)
			}
			if len(stack) == 2 && stack[1] == "desc" {
				f.desc += string(x)
			}
		}
	}
	return f
}

func TestSVG(t *testing.T) {
	in := city()
	in.Connections = append(in.Connections, link("x1", "segment:mn-core", "segment:lg-office"), link("x2", "segment:lg-office", "segment:net-office"))
	vs := Check(in)
	got := SVG(in, vs)
	f := readSVG(t, got)
	if f.role != "img" {
		t.Errorf("role: got %q, want img", f.role)
	}
	if !strings.Contains(f.title, "αモデル") {
		t.Errorf("title: got %q, want it to name the model", f.title)
	}
	if !strings.Contains(f.desc, "違反 2 件") {
		t.Errorf("desc: got %q, want it to count the violations", f.desc)
	}
	// x1, x2 and c0002 are the violating hops.
	if f.violations != 3 || f.untitled != 0 {
		t.Errorf("violating edges: got %d (%d without a title), want 3, all titled", f.violations, f.untitled)
	}
	if again := SVG(in, Check(in)); !bytes.Equal(again, got) {
		t.Error("SVG: two runs differ; want the same bytes")
	}
	rng := rand.New(rand.NewPCG(3, 4))
	rng.Shuffle(len(in.Connections), func(a, b int) { in.Connections[a], in.Connections[b] = in.Connections[b], in.Connections[a] })
	if shuffled := SVG(in, Check(in)); !bytes.Equal(shuffled, got) {
		t.Error("SVG: shuffled register draws differently; want the same bytes")
	}
	golden := filepath.Join("testdata", "chain.svg")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("read golden file (run with -update to write it): %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("SVG differs from %s; run go test -update and review the diff", golden)
	}
}

// TestSVGCity checks that a city-scale register stays a readable picture:
// zones with many segments collapse into one box, and the number of
// findings drawn is capped.
func TestSVGCity(t *testing.T) {
	in := generated(40, 1000, 2000, 50)
	vs := Check(in)
	f := readSVG(t, SVG(in, vs))
	if f.boxes > 150 {
		t.Errorf("boxes: got %d, want at most 150 for a readable picture", f.boxes)
	}
	if f.paths > 400 {
		t.Errorf("lines: got %d, want at most 400", f.paths)
	}
	if f.violations == 0 || f.untitled != 0 {
		t.Errorf("violating edges: got %d (%d without a title), want some, all titled", f.violations, f.untitled)
	}
	if !strings.Contains(f.desc, "うち 30 件の経路") {
		t.Errorf("desc: got %q, want it to say only 30 findings are drawn", f.desc)
	}
}

func TestSVGClean(t *testing.T) {
	f := readSVG(t, SVG(city(), nil))
	if f.violations != 0 || !strings.Contains(f.desc, "違反はありません") {
		t.Errorf("clean city: got %d violating edges, desc %q; want none and a desc that says so", f.violations, f.desc)
	}
}

// TestSVGLabelsFit checks that no label runs out of its box or off the
// picture: long names, a zone drawn as one box of counts, a picture of
// one column, and the legend lines, measured as internal/chart measures.
func TestSVGLabelsFit(t *testing.T) {
	many := Input{}
	for i := range 12 {
		many.Segments = append(many.Segments, systems.Segment{ID: fmt.Sprintf("lg-%02d", i), Name: "LGWAN接続系庁内LAN第二庁舎北棟サーバ室", Zone: systems.ZoneLGWAN})
	}
	one := Input{Segments: []systems.Segment{{ID: "ＬＧ全角のセグメント番号をとても長く書いたもの", Name: "とても長い名前のセグメントです", Zone: systems.ZoneLGWAN}}}
	for name, in := range map[string]Input{"city": city(), "many": many, "one column": one, "generated": generated(40, 1000, 2000, 50)} {
		out := SVG(in, Check(in))
		d := xml.NewDecoder(bytes.NewReader(out))
		var width float64
		var boxX float64 // the left of the box the text is in, if any
		for {
			tok, err := d.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			se, ok := tok.(xml.StartElement)
			if !ok {
				continue
			}
			attr := map[string]string{}
			for _, a := range se.Attr {
				attr[a.Name.Local] = a.Value
			}
			num := func(k string) float64 { f, _ := strconv.ParseFloat(attr[k], 64); return f }
			switch se.Name.Local {
			case "svg":
				width = num("width")
			case "rect":
				boxX = -1
				if attr["width"] == strconv.Itoa(boxW) {
					boxX = num("x")
				}
			case "text":
				var text string
				if err := d.DecodeElement(&text, &se); err != nil {
					t.Fatal(err)
				}
				size := 13.0
				if attr["font-size"] != "" {
					size = num("font-size")
				}
				x0, w := num("x"), chart.TextWidth(text, size)
				if attr["text-anchor"] == "middle" {
					x0 -= w / 2
				}
				if x0 < 0 || x0+w > width {
					t.Errorf("%s: %q at %v–%v runs off the picture (width %v)", name, text, x0, x0+w, width)
				}
				if boxX >= 0 && x0+w > boxX+boxW {
					t.Errorf("%s: %q at %v–%v runs out of its box (%v–%v)", name, text, x0, x0+w, boxX, boxX+boxW)
				}
			}
		}
	}
}
