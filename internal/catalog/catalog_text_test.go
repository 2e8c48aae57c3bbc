package catalog

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"kijun/internal/sharedtest"
)

// This test proves the catalog complete and faithful: it parses the
// standard's text with a parser of its own, applies the repairs listed in
// data/NOTES.md, and compares every heading, item and sub-item with the
// embedded catalog, in both directions.

const standardFile = "kobe-joho-security-taisaku-kijun-v5.5.txt"

type textHeading struct{ id, title string }

type textDoc struct {
	toc      []textHeading
	body     []textHeading
	order    []string          // every ID in document order
	content  map[string]string // ID -> title and text, whitespace removed
	editions []string
}

var (
	tTOC     = regexp.MustCompile(`^(\d+(?:\.\d+)*)\.?\s+(.*?)\.*\s+\d+$`)
	tHeading = regexp.MustCompile(`^(\d+(?:\.\d+)*)\.?\s+(.+)$`)
	tItem    = regexp.MustCompile(`^(?:- )?([ア-ン])\s+(.*)$`)
	tSub     = regexp.MustCompile(`^(?:- )?\((\d+)\)\s*(.*)$`)
	tEdition = regexp.MustCompile(`\t第\s*([\d.]+)\s*版\t`)
	tHTML    = regexp.MustCompile(`<[^>]*>`)
)

func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// readStandard parses the text: the table of contents gives the headings;
// in the body a heading starts when the next heading of the table of
// contents appears, and an item or sub-item at each kana or (n) marker.
func readStandard(t *testing.T, path string) textDoc {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("open standard: %v", err)
	}
	defer f.Close()
	d := textDoc{content: map[string]string{}}
	var lines []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		lines = append(lines, strings.TrimRight(sc.Text(), " \t\r"))
	}
	i := 0
	for ; lines[i] != "目次"; i++ {
		if m := tEdition.FindStringSubmatch(lines[i]); m != nil {
			d.editions = append(d.editions, m[1])
		}
	}
	for i++; strings.TrimSpace(lines[i]) != "1. 目的"; i++ {
		if m := tTOC.FindStringSubmatch(strings.TrimSpace(lines[i])); m != nil {
			d.toc = append(d.toc, textHeading{m[1], m[2]})
		}
	}
	var heading, item, cur string
	for ; i < len(lines); i++ {
		l := strings.TrimSpace(lines[i])
		if n := len(d.body); n < len(d.toc) {
			if m := tHeading.FindStringSubmatch(l); m != nil && m[1] == d.toc[n].id {
				d.body = append(d.body, textHeading{m[1], m[2]})
				heading, item, cur = m[1], "", m[1]
				d.order = append(d.order, cur)
				continue
			}
		}
		if m := tItem.FindStringSubmatch(l); m != nil && !isTableSection(heading) {
			item = heading + "." + m[1]
			cur = item
			d.order = append(d.order, cur)
			l = m[2]
		} else if m := tSub.FindStringSubmatch(l); m != nil {
			parent := heading
			if item != "" {
				parent = item
			}
			cur = parent + ".(" + m[1] + ")"
			d.order = append(d.order, cur)
			l = m[2]
		}
		if isTableSection(heading) {
			l = strings.ReplaceAll(tHTML.ReplaceAllString(l, ""), "・", "")
			if squeeze(l) == "分類分類基準" {
				continue
			}
		}
		d.content[cur] += squeeze(l)
	}
	return d
}

func isTableSection(id string) bool {
	return id == "4.1.1" || id == "4.1.2" || id == "4.1.3"
}

// readRepairs returns the rows of NOTES.md of the given kind (置換 for
// replacements, 見出し for headings whose table-of-contents title differs)
// by ID.
func readRepairs(t *testing.T, kind string) map[string][][2]string {
	t.Helper()
	data, err := os.ReadFile("data/NOTES.md")
	if err != nil {
		t.Fatalf("read NOTES.md: %v", err)
	}
	out := map[string][][2]string{}
	for _, l := range strings.Split(string(data), "\n") {
		cells := strings.Split(l, "|")
		if len(cells) < 6 || strings.TrimSpace(cells[2]) != kind {
			continue
		}
		id := strings.TrimSpace(cells[1])
		out[id] = append(out[id], [2]string{squeeze(cells[3]), squeeze(cells[4])})
	}
	return out
}

// catalogContent is a provision's title and text (and table cells) with
// whitespace removed, as the text parser sees them.
func catalogContent(p Provision) string {
	s := p.Text
	if !p.Kind.Heading() {
		s = p.Title + s
	}
	if p.Table != nil {
		for _, row := range p.Table.Rows {
			for _, c := range row.Cells {
				s += c.Text + strings.Join(c.List, "")
			}
		}
	}
	return squeeze(s)
}

func TestCatalogMatchesStandardText(t *testing.T) {
	path := sharedtest.File(t, "KIJUN_STANDARD_TEXT", filepath.Join("standard", standardFile))
	doc := readStandard(t, path)
	c, err := Default()
	if err != nil {
		t.Fatalf("Default: %v", err)
	}
	repairs := readRepairs(t, "置換")
	headingNotes := readRepairs(t, "見出し")

	counts := map[int]int{}
	for _, h := range doc.toc {
		counts[strings.Count(h.id, ".")]++
	}
	for depth, want := range []int{11, 39, 142} {
		if got := counts[depth]; got != want {
			t.Errorf("table of contents headings at depth %d: got %d, want %d", depth+1, got, want)
		}
	}
	if got, want := len(doc.body), len(doc.toc); got != want {
		t.Fatalf("body headings: got %d, want %d (as in the table of contents)", got, want)
	}
	for i, h := range doc.toc {
		body := squeeze(doc.body[i].title)
		toc := squeeze(h.title)
		if _, noted := headingNotes[h.id]; toc != body && !noted {
			t.Errorf("heading %s: table of contents %q, body %q", h.id, toc, body)
		}
		p := c.Find(h.id)
		if p == nil {
			t.Errorf("heading %s missing from the catalog", h.id)
			continue
		}
		if got := squeeze(p.Title); got != body {
			t.Errorf("heading %s title: got %q, want %q", h.id, got, body)
		}
	}

	var items, subitems int
	for _, id := range doc.order {
		switch {
		case strings.HasSuffix(id, ")"):
			subitems++
		case !regexp.MustCompile(`^[\d.]+$`).MatchString(id):
			items++
		}
	}
	if items != 275 || subitems != 95 {
		t.Errorf("items in the text: got %d items and %d sub-items, want 275 and 95", items, subitems)
	}

	if got, want := len(c.Provisions), len(doc.order); got != want {
		t.Errorf("provisions: catalog has %d, text has %d", got, want)
	}
	inText := map[string]bool{}
	for i, id := range doc.order {
		inText[id] = true
		if i < len(c.Provisions) && c.Provisions[i].ID != id {
			t.Errorf("document order at %d: catalog %s, text %s", i, c.Provisions[i].ID, id)
		}
		p := c.Find(id)
		if p == nil {
			t.Errorf("%s is in the text but not in the catalog", id)
			continue
		}
		want := doc.content[id]
		for _, r := range repairs[id] {
			if !strings.Contains(want, r[0]) {
				t.Errorf("%s: repair %q → %q listed in NOTES.md does not apply to the text", id, r[0], r[1])
			}
			want = strings.ReplaceAll(want, r[0], r[1])
		}
		if got := catalogContent(*p); got != want {
			t.Errorf("%s text differs\n got: %s\nwant: %s", id, got, want)
		}
	}
	for _, p := range c.Provisions {
		if !inText[p.ID] {
			t.Errorf("%s is in the catalog but not in the text", p.ID)
		}
	}
	for id := range repairs {
		if !inText[id] {
			t.Errorf("NOTES.md lists a repair for %s, which is not in the text", id)
		}
	}

	var editions []string
	for _, r := range c.Revisions {
		editions = append(editions, r.Edition)
	}
	if got, want := strings.Join(editions, " "), strings.Join(doc.editions, " "); got != want || len(editions) != 18 {
		t.Errorf("revision editions: got %q, want %q (18 rows)", got, want)
	}
}
