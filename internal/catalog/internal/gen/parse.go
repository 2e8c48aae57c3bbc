package main

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"kijun/internal/catalog"
)

var (
	tocLine     = regexp.MustCompile(`^(\d+(?:\.\d+){0,2})\.?\s+(.*?)(?:\.{2,})?\s+\d+$`)
	headingLine = regexp.MustCompile(`^(\d+(?:\.\d+){0,2})\.?\s+(.+)$`)
	itemLine    = regexp.MustCompile(`^([アイウエオカキクケコサシスセソ])\s+(.+)$`)
	subitemLine = regexp.MustCompile(`^\((\d+)\)\s*(.+)$`)
	revLine     = regexp.MustCompile(`^(平成|令和)\s*(\d+|元)\s*年\s*(\d+)\s*月\s*(\d+)\s*日\t第\s*([\d.]+)\s*版\t(.+)$`)
	rowLine     = regexp.MustCompile(`^(\d)\t(.*)$`)
	htmlTag     = regexp.MustCompile(`</?ul[^>]*>`)
)

// fixes are the word-level repairs of the conversion, by provision ID; each
// is listed in data/NOTES.md.
var fixes = map[string][2]string{
	"4.1":         {"従つて", "従って"},
	"4.3.エ":       {"ならぬ。", "ならない。"},
	"6.4.4.ア":     {"ならぬ。", "ならない。"},
	"6.4.4.イ":     {"ならぬ。", "ならない。"},
	"7.1.1.ア":     {"ならぬ。", "ならない。"},
	"7.1.1.オ.(1)": {"ならぬ。", "ならない。"},
	"7.4.1.イ.(3)": {"ならぬ。", "ならない。"},
	"8.4.1.ウ":     {"ならぬ。", "ならない。"},
	"10.1.3":      {"ならぬ。", "ならない。"},
}

type node struct {
	p      *catalog.Provision
	paras  []string
	rows   []string
	titled bool
}

func parseText(s string) (*catalog.Catalog, error) {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	c := &catalog.Catalog{
		Key: "kobe-kijun", Issuer: "神戸市", Title: "神戸市情報セキュリティ対策基準", Edition: "5.5",
		Enacted: "2003-01-27", Amended: "2022-03-28", Effective: "2022-04-01",
		Source: "kobe-joho-security-taisaku-kijun-v5.5.txt (PDF から変換したテキスト、NOTES.md の修正を適用)",
	}
	var toc []string
	i := 0
	for ; i < len(lines); i++ {
		l := strings.TrimSpace(lines[i])
		if m := revLine.FindStringSubmatch(l); m != nil {
			c.Revisions = append(c.Revisions, catalog.Revision{Date: isoDate(m[1], m[2], m[3], m[4]), Edition: m[5], Reason: spaces(m[6])})
		}
		if l == "目次" {
			break
		}
	}
	for i++; i < len(lines); i++ {
		l := strings.TrimSpace(lines[i])
		if l == "1. 目的" {
			break
		}
		if m := tocLine.FindStringSubmatch(l); m != nil {
			toc = append(toc, m[1])
		}
	}
	var nodes []*node
	var head, item, sub *node
	next := 0
	for ; i < len(lines); i++ {
		l := strings.TrimSpace(lines[i])
		if l == "" {
			continue
		}
		if m := headingLine.FindStringSubmatch(l); m != nil && next < len(toc) && m[1] == toc[next] {
			next++
			kind := []catalog.Kind{catalog.KindChapter, catalog.KindSection, catalog.KindSubsection}[strings.Count(m[1], ".")]
			head = &node{p: &catalog.Provision{ID: m[1], Kind: kind, Parent: parentOf(m[1]), Title: spaces(m[2])}}
			nodes = append(nodes, head)
			item, sub = nil, nil
			continue
		}
		if head == nil {
			return nil, fmt.Errorf("line %d: text before the first heading", i+1)
		}
		if strings.HasPrefix(head.p.ID, "4.1.") && head.p.ID != "4.1.4" {
			head.rows = append(head.rows, lines[i])
			continue
		}
		l = strings.TrimPrefix(l, "- ")
		if m := itemLine.FindStringSubmatch(l); m != nil {
			id := head.p.ID + "." + m[1]
			item = &node{p: &catalog.Provision{ID: id, Kind: catalog.KindItem, Parent: head.p.ID}}
			sub = nil
			nodes = append(nodes, item)
			if isTitle(m[2], lines[i+1:]) {
				item.p.Title, item.titled = spaces(m[2]), true
			} else {
				item.paras = []string{m[2]}
			}
			continue
		}
		if m := subitemLine.FindStringSubmatch(l); m != nil {
			parent := head
			if item != nil {
				parent = item
			}
			sub = &node{p: &catalog.Provision{ID: parent.p.ID + ".(" + m[1] + ")", Kind: catalog.KindSubitem, Parent: parent.p.ID}, paras: []string{m[2]}}
			nodes = append(nodes, sub)
			continue
		}
		cur := head
		if sub != nil {
			cur = sub
		} else if item != nil {
			cur = item
		}
		cur.addLine(l)
	}
	if next != len(toc) {
		return nil, fmt.Errorf("found %d of %d headings of the table of contents", next, len(toc))
	}
	for _, n := range nodes {
		text := spaces(strings.Join(n.paras, "\n"))
		if f, ok := fixes[n.p.ID]; ok {
			if !strings.Contains(text, f[0]) {
				return nil, fmt.Errorf("%s: fix %q not applicable", n.p.ID, f[0])
			}
			text = strings.ReplaceAll(text, f[0], f[1])
		}
		n.p.Text = text
		if n.rows != nil {
			n.p.Table = parseTable(n.rows)
		}
		c.Provisions = append(c.Provisions, *n.p)
	}
	return c, nil
}

// addLine adds a line of body text: it continues the last paragraph when
// that paragraph was cut by the conversion (it does not end a sentence).
func (n *node) addLine(l string) {
	if k := len(n.paras); k > 0 && !strings.HasSuffix(n.paras[k-1], "。") {
		n.paras[k-1] += l
		return
	}
	n.paras = append(n.paras, l)
}

// isTitle reports whether an item's first line is a title (ア 管理責任): a
// short phrase without a full stop, followed by body text or sub-items
// rather than by the next item or heading.
func isTitle(s string, rest []string) bool {
	if strings.Contains(s, "。") || utf8.RuneCountInString(s) > 40 {
		return false
	}
	for _, l := range rest {
		l = strings.TrimPrefix(strings.TrimSpace(l), "- ")
		if l == "" {
			continue
		}
		return !itemLine.MatchString(l) && !headingLine.MatchString(l)
	}
	return false
}

func parseTable(raw []string) *catalog.Table {
	t := &catalog.Table{Columns: []string{"分類", "分類基準"}}
	var cur []string
	flush := func() {
		if cur == nil {
			return
		}
		body := htmlTag.ReplaceAllString(strings.Join(cur[1:], " "), " ")
		parts := strings.Split(body, "・")
		cell := catalog.TableCell{Text: spaces(parts[0])}
		for _, b := range parts[1:] {
			cell.List = append(cell.List, spaces(b))
		}
		t.Rows = append(t.Rows, catalog.TableRow{Cells: []catalog.TableCell{{Text: cur[0]}, cell}})
		cur = nil
	}
	for _, l := range raw {
		if strings.TrimSpace(l) == "" || strings.TrimSpace(l) == "分類\t分類基準" {
			continue
		}
		if m := rowLine.FindStringSubmatch(l); m != nil {
			flush()
			cur = []string{m[1], m[2]}
			continue
		}
		cur = append(cur, l)
	}
	flush()
	return t
}

func parentOf(id string) string {
	if i := strings.LastIndex(id, "."); i >= 0 {
		return id[:i]
	}
	return ""
}

// spaces removes the spaces the conversion put between Japanese and Latin
// text ("CISO は" becomes "CISOは", "平成 15 年" becomes "平成15年") and
// trims; a space between two Latin or two Japanese characters stays.
func spaces(s string) string {
	var b strings.Builder
	rs := []rune(strings.ReplaceAll(s, "\t", " "))
	for i := 0; i < len(rs); i++ {
		if rs[i] != ' ' {
			b.WriteRune(rs[i])
			continue
		}
		j := i
		for j < len(rs) && rs[j] == ' ' {
			j++
		}
		if i > 0 && j < len(rs) && (rs[i-1] < 0x80) == (rs[j] < 0x80) && rs[i-1] != '\n' && rs[j] != '\n' {
			b.WriteRune(' ')
		}
		i = j - 1
	}
	return strings.TrimSpace(b.String())
}

func isoDate(era, y, m, d string) string {
	year := 1
	if y != "元" {
		fmt.Sscan(y, &year)
	}
	base := map[string]int{"平成": 1988, "令和": 2018}[era]
	var mm, dd int
	fmt.Sscan(m, &mm)
	fmt.Sscan(d, &dd)
	return fmt.Sprintf("%04d-%02d-%02d", base+year, mm, dd)
}
