package convert

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"kijun/internal/catalog"
)

// The numbered shape: headings 1, 1.1, 1.1.1 (the 目次 lists them), items
// ア, イ, …, sub-items (1), (2), … and ① lists.

var (
	tocLine     = regexp.MustCompile(`^(\d+(?:\.\d+){0,2})\.?\s+(.*?)(?:\.{2,})?\s+\d+$`)
	headingLine = regexp.MustCompile(`^(\d+(?:\.\d+){0,2})\.?[ \t　]+(.+)$`)
	itemLine    = regexp.MustCompile(`^([アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワ])[ 　]+(.+)$`)
	subitemLine = regexp.MustCompile(`^[(（]([0-9０-９]+)[)）][ 　]*(.+)$`)
	circledLine = regexp.MustCompile(`^([①-⑳])[ 　]*(.+)$`)
	tagRe       = regexp.MustCompile(`<[^>]*>`)
	numRefRe    = regexp.MustCompile(`\d+\.\d+(?:\.\d+)?`)
)

const kana = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワ"

type node struct {
	p     *catalog.Provision
	line  int
	paras []string
	rows  []line
	table bool
	kids  []string // last marks of the children, to check their order
}

func readNumbered(lines []line, rep *Report) (*catalog.Catalog, error) {
	c := &catalog.Catalog{}
	i := 0
	tocAt := slices.IndexFunc(lines, func(l line) bool { return strings.TrimSpace(l.text) == "目次" })
	var toc []textHeading
	if tocAt >= 0 {
		frontMatter(c, lines[:tocAt], rep)
		rep.add(lines[tocAt].n, "", UseTOC, "目次", "目次 (table of contents)")
		var err error
		toc, i, err = readNumberedTOC(lines, tocAt+1, rep)
		if err != nil {
			return nil, err
		}
	} else {
		for i < len(lines) && !numberedHead.MatchString(strings.TrimSpace(lines[i].text)) {
			i++
		}
		frontMatter(c, lines[:i], rep)
	}
	tocIDs := map[string]int{}
	for k, h := range toc {
		tocIDs[h.id] = k
	}
	var nodes []*node
	var head, item, sub, circ *node
	next := 0
	prevHead := ""
	for ; i < len(lines); i++ {
		l := strings.TrimSpace(lines[i].text)
		n := lines[i].n
		if l == "" {
			continue
		}
		if m := headingLine.FindStringSubmatch(l); m != nil && !strings.Contains(lines[i].text, "\t") {
			isHead := false
			if toc != nil {
				if next < len(toc) && m[1] == toc[next].id {
					isHead = true
					next++
				} else if k, ok := tocIDs[m[1]]; ok && looksLikeHeading(m[2]) && (head == nil || !head.table) {
					if k < next {
						return nil, errorf(n, "見出し %s が繰り返されている (heading %s repeats)", m[1], m[1])
					}
					return nil, errorf(n, "見出し %s の前に目次の %s がない (numbering jumps: %s expected)", m[1], toc[next].id, toc[next].id)
				}
			} else if looksLikeHeading(m[2]) {
				if follows(prevHead, m[1]) {
					isHead = true
				} else if head == nil || !head.table {
					return nil, errorf(n, "見出し %s の番号が %s の次として飛んでいるか繰り返している (numbering jumps or repeats after %s)", m[1], prevHead, prevHead)
				}
			}
			if isHead {
				prevHead = m[1]
				kind := []catalog.Kind{catalog.KindChapter, catalog.KindSection, catalog.KindSubsection}[strings.Count(m[1], ".")]
				head = &node{p: &catalog.Provision{ID: m[1], Kind: kind, Parent: dottedParent(m[1]), Title: spaces(m[2])}, line: n}
				nodes = append(nodes, head)
				item, sub, circ = nil, nil, nil
				continue
			}
		}
		if head == nil {
			rep.add(n, "", UseUnplaced, l, "最初の見出しより前の行 (text before the first heading)")
			continue
		}
		if head.table || (len(head.paras) == 0 && item == nil && len(head.rows) == 0 && strings.Contains(strings.Trim(lines[i].text, " \t"), "\t") && !strings.Contains(l, "。")) {
			head.table = true
			head.rows = append(head.rows, lines[i])
			continue
		}
		l = strings.TrimPrefix(l, "- ")
		if m := itemLine.FindStringSubmatch(l); m != nil {
			if err := inOrder(head, m[1], kanaSeq, n); err != nil {
				return nil, err
			}
			item = &node{p: &catalog.Provision{ID: head.p.ID + "." + m[1], Kind: catalog.KindItem, Parent: head.p.ID}, line: n}
			sub, circ = nil, nil
			nodes = append(nodes, item)
			if isTitle(m[2], lines[i+1:]) {
				item.p.Title = spaces(m[2])
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
			num := strconv.Itoa(number(m[1]))
			if err := inOrder(parent, num, numberSeq, n); err != nil {
				return nil, err
			}
			sub = &node{p: &catalog.Provision{ID: parent.p.ID + ".(" + num + ")", Kind: catalog.KindSubitem, Parent: parent.p.ID}, paras: []string{m[2]}, line: n}
			circ = nil
			nodes = append(nodes, sub)
			continue
		}
		if m := circledLine.FindStringSubmatch(l); m != nil {
			parent := head
			for _, p := range []*node{sub, item} {
				if p != nil {
					parent = p
					break
				}
			}
			if err := inOrder(parent, m[1], circledSeq, n); err != nil {
				return nil, err
			}
			circ = &node{p: &catalog.Provision{ID: parent.p.ID + "." + m[1], Kind: catalog.KindSubitem, Parent: parent.p.ID}, paras: []string{m[2]}, line: n}
			nodes = append(nodes, circ)
			continue
		}
		cur := head
		for _, p := range []*node{circ, sub, item} {
			if p != nil {
				cur = p
				break
			}
		}
		cur.addLine(l)
	}
	if next < len(toc) {
		return nil, errorf(toc[next].line, "目次の見出し %s %s が本文にない (heading of the table of contents not found in the body)", toc[next].id, toc[next].title)
	}
	if len(nodes) == 0 {
		return nil, errorf(0, "見出しが一つもない (no headings)")
	}
	for _, n := range nodes {
		n.p.Text = spaces(strings.Join(n.paras, "\n"))
		if n.table {
			n.p.Table = parseTable(n.rows, rep, n.p.ID)
		}
		c.Provisions = append(c.Provisions, *n.p)
	}
	return c, nil
}

type textHeading struct {
	id, title string
	line      int
}

// readNumberedTOC reads the 目次 from line i: each entry is a number, a
// title and a page number. It ends where the body's first heading appears.
func readNumberedTOC(lines []line, i int, rep *Report) ([]textHeading, int, error) {
	var toc []textHeading
	for ; i < len(lines); i++ {
		l := strings.TrimSpace(lines[i].text)
		if l == "" {
			continue
		}
		if m := tocLine.FindStringSubmatch(l); m != nil {
			prev := ""
			if len(toc) > 0 {
				prev = toc[len(toc)-1].id
			}
			if !follows(prev, m[1]) {
				return nil, 0, errorf(lines[i].n, "目次の %s の番号が %s の次として飛んでいるか繰り返している (numbering jumps or repeats in the table of contents)", m[1], prev)
			}
			toc = append(toc, textHeading{id: m[1], title: m[2], line: lines[i].n})
			rep.add(lines[i].n, "", UseTOC, l, "目次の見出し (table of contents entry)")
			continue
		}
		if m := headingLine.FindStringSubmatch(l); m != nil && len(toc) > 0 && m[1] == toc[0].id {
			return toc, i, nil
		}
		rep.add(lines[i].n, "", UseTOC, l, "目次の中の見出しでない行 (a line of the table of contents that is no entry)")
	}
	if len(toc) == 0 {
		return nil, 0, errorf(0, "目次に見出しがない (the table of contents lists no headings)")
	}
	return nil, 0, errorf(toc[0].line, "目次の後に本文の見出し %s がない (the body's first heading is missing)", toc[0].id)
}

// follows reports whether heading id may come right after prev: its first
// child, its next sibling, or the next sibling of an ancestor.
func follows(prev, id string) bool {
	if prev == "" {
		return id == "1"
	}
	if id == prev+".1" {
		return true
	}
	p := strings.Split(prev, ".")
	for k := len(p); k > 0; k-- {
		n, _ := strconv.Atoi(p[k-1])
		if strings.Join(append(slices.Clone(p[:k-1]), strconv.Itoa(n+1)), ".") == id {
			return true
		}
	}
	return false
}

func looksLikeHeading(title string) bool {
	return !strings.Contains(title, "。") && utf8.RuneCountInString(title) <= 40
}

func dottedParent(id string) string {
	if i := strings.LastIndex(id, "."); i >= 0 {
		return id[:i]
	}
	return ""
}

type seq func(prev, mark string) bool

func kanaSeq(prev, mark string) bool {
	if prev == "" {
		return mark == "ア"
	}
	rs := []rune(kana)
	k := slices.Index(rs, []rune(prev)[0])
	return k >= 0 && k+1 < len(rs) && string(rs[k+1]) == mark
}

func numberSeq(prev, mark string) bool {
	p, _ := strconv.Atoi(prev)
	n, _ := strconv.Atoi(mark)
	return n == p+1
}

func circledSeq(prev, mark string) bool {
	if prev == "" {
		return mark == "①"
	}
	return []rune(mark)[0] == []rune(prev)[0]+1
}

// inOrder checks that mark is the next mark among the children of parent
// of its kind: numbering that jumps or repeats is an error at its line.
func inOrder(parent *node, mark string, next seq, n int) error {
	prev := ""
	for k := len(parent.kids) - 1; k >= 0; k-- {
		if sameKind(parent.kids[k], mark) {
			prev = parent.kids[k]
			break
		}
	}
	if !next(prev, mark) {
		if prev == "" {
			return errorf(n, "%s の最初の番号が %s になっている (numbering under %s does not start at the first mark)", parent.p.ID, mark, parent.p.ID)
		}
		return errorf(n, "%s の番号 %s が %s の次として飛んでいるか繰り返している (numbering jumps or repeats under %s)", parent.p.ID, mark, prev, parent.p.ID)
	}
	parent.kids = append(parent.kids, mark)
	return nil
}

func sameKind(a, b string) bool {
	class := func(s string) int {
		r := []rune(s)[0]
		switch {
		case r >= '0' && r <= '9':
			return 1
		case r >= '①' && r <= '⑳':
			return 2
		case strings.ContainsRune(kana, r):
			return 3
		}
		return 4
	}
	return class(a) == class(b)
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
func isTitle(s string, rest []line) bool {
	if strings.Contains(s, "。") || utf8.RuneCountInString(s) > 40 {
		return false
	}
	for _, l := range rest {
		t := strings.TrimPrefix(strings.TrimSpace(l.text), "- ")
		if t == "" {
			continue
		}
		return !itemLine.MatchString(t) && !headingLine.MatchString(t)
	}
	return false
}

// parseTable reads a table laid out as tab-separated rows: the first row
// names the columns, a row starts with a short first cell, and a line that
// starts with a tab continues the row; bullets (・) in a cell become its
// list. A repeated header row (at a page break) is noted and skipped.
func parseTable(raw []line, rep *Report, id string) *catalog.Table {
	t := &catalog.Table{}
	var cur []string
	flush := func() {
		if cur == nil {
			return
		}
		row := catalog.TableRow{}
		for k := range t.Columns {
			text := ""
			if k < len(cur) {
				text = cur[k]
			}
			if k == len(t.Columns)-1 && len(cur) > len(t.Columns) {
				text = strings.Join(cur[k:], " ")
			}
			text = tagRe.ReplaceAllString(text, " ")
			parts := strings.Split(text, "・")
			cell := catalog.TableCell{Text: spaces(parts[0])}
			for _, b := range parts[1:] {
				cell.List = append(cell.List, spaces(b))
			}
			row.Cells = append(row.Cells, cell)
		}
		t.Rows = append(t.Rows, row)
		cur = nil
	}
	header := ""
	for _, l := range raw {
		trim := strings.TrimSpace(l.text)
		if trim == "" {
			continue
		}
		if t.Columns == nil {
			header = trim
			for _, h := range strings.Split(trim, "\t") {
				t.Columns = append(t.Columns, spaces(h))
			}
			continue
		}
		if trim == header {
			rep.add(l.n, id, UseMetadata, trim, "改ページで繰り返された表の見出し行 (table header repeated at a page break)")
			continue
		}
		if !strings.HasPrefix(l.text, "\t") && !strings.HasPrefix(l.text, " ") && strings.Contains(l.text, "\t") {
			flush()
			cur = strings.Split(l.text, "\t")
			for len(cur) < len(t.Columns) {
				cur = append(cur, "")
			}
			continue
		}
		if cur == nil {
			cur = make([]string, len(t.Columns))
		}
		cur[len(cur)-1] += " " + l.text
	}
	flush()
	return t
}

// numberedRefs proposes references for the numbered shape: a number such
// as 4.1.1 in the text that names another provision.
func numberedRefs(c *catalog.Catalog, rep *Report) {
	ids := map[string]bool{}
	for _, p := range c.Provisions {
		ids[p.ID] = true
	}
	for i := range c.Provisions {
		p := &c.Provisions[i]
		for _, r := range numRefRe.FindAllString(p.Text, -1) {
			if r == p.ID || slices.Contains(p.Refs, r) {
				continue
			}
			if !ids[r] {
				continue // 第5.5版, 2.4GHz: numbers, not references
			}
			p.Refs = append(p.Refs, r)
		}
	}
	_ = rep
}
