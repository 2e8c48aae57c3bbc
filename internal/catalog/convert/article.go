package convert

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"kijun/internal/catalog"
)

// The article shape: 第N章, 第N節, a caption （…） before 第N条, 項 numbered
// from 2, 号 as (1) or 一, イ ロ ハ under a 号, and ① lists.

const num = `[0-9０-９一二三四五六七八九十百千]+`

var (
	chapterLine = regexp.MustCompile(`^第(` + num + `)章(?:[\s　]+(.*?))?(?:[（(]第.*条[）)])?$`)
	sectionLine = regexp.MustCompile(`^第(` + num + `)節(?:[\s　]+(.*?))?(?:[（(]第.*条[）)])?$`)
	captionLine = regexp.MustCompile(`^[（(]([^（()）]{1,40})[）)]$`)
	paraLine    = regexp.MustCompile(`^([0-9０-９]{1,2})[\s　]+(.+)$`)
	gouLine     = regexp.MustCompile(`^(?:[(（]([0-9０-９]{1,2})[)）]|([一二三四五六七八九十]{1,3})[\s　])[\s　]*(.+)$`)
	iroLine     = regexp.MustCompile(`^([イロハニホヘトチリヌルヲワカヨタレソツネナラム])[\s　]+(.+)$`)
	suppLine    = regexp.MustCompile(`^附[\s　]*則`)
)

const iroha = "イロハニホヘトチリヌルヲワカヨタレソツネナラム"

type article struct {
	id, title string
	parent    string
	line      int
	paras     []*para
}

type para struct {
	num   int
	text  []string
	items []*gou
	circs []*leaf
}

type gou struct {
	num   int
	text  []string
	subs  []*leaf // イ, ロ, ハ
	circs []*leaf
}

type leaf struct {
	mark string
	text []string
}

type articleReader struct {
	rep      *Report
	c        *catalog.Catalog
	toc      []tocEntry
	tocNext  int
	chapter  int
	chapID   string
	section  int
	sectID   string
	art      *article
	artNum   int
	artSub   int
	caption  string
	articles []*article
	out      []catalog.Provision
	hasChap  bool
}

type tocEntry struct {
	kind  string // 章 or 節
	num   int
	title string
	line  int
}

func readArticles(lines []line, rep *Report) (*catalog.Catalog, error) {
	r := &articleReader{rep: rep, c: &catalog.Catalog{}}
	for _, l := range lines {
		if chapterLine.MatchString(strings.TrimSpace(l.text)) {
			r.hasChap = true
			break
		}
	}
	i := r.front(lines)
	supp := false
	for ; i < len(lines); i++ {
		l := strings.TrimSpace(strings.ReplaceAll(lines[i].text, "\t", " "))
		n := lines[i].n
		if l == "" {
			continue
		}
		if supp {
			rep.add(n, "", UseSupplement, l, "附則 (supplementary provisions, not part of the standard)")
			continue
		}
		if suppLine.MatchString(l) && len([]rune(l)) <= 12 {
			r.closeArticle()
			supp = true
			rep.add(n, "", UseSupplement, l, "附則 (supplementary provisions, not part of the standard)")
			continue
		}
		if err := r.line(l, n); err != nil {
			return nil, err
		}
	}
	r.closeArticle()
	if r.tocNext < len(r.toc) {
		e := r.toc[r.tocNext]
		return nil, errorf(e.line, "目次の第%d%s %s が本文にない (entry of the table of contents not found in the body)", e.num, e.kind, e.title)
	}
	if len(r.articles) == 0 {
		return nil, errorf(0, "条文が一つもない (no articles)")
	}
	r.c.IDScheme = "free"
	r.c.Provisions = r.out
	return r.c, nil
}

// front reads the lines before the body: the title and dates, then the
// 目次. It returns the index of the body's first line.
func (r *articleReader) front(lines []line) int {
	i := 0
	isBody := func(t string) bool {
		return chapterLine.MatchString(t) || articleLine.MatchString(t) || captionLine.MatchString(t)
	}
	for i < len(lines) {
		t := strings.TrimSpace(lines[i].text)
		if strings.ReplaceAll(t, "　", "") == "目次" || isBody(t) {
			break
		}
		i++
	}
	frontMatter(r.c, lines[:i], r.rep)
	if i >= len(lines) || strings.ReplaceAll(strings.TrimSpace(lines[i].text), "　", "") != "目次" {
		return i
	}
	r.rep.add(lines[i].n, "", UseTOC, "目次", "目次 (table of contents)")
	seen := map[int]bool{}
	for i++; i < len(lines); i++ {
		t := strings.TrimSpace(lines[i].text)
		if t == "" {
			continue
		}
		if m := chapterLine.FindStringSubmatch(t); m != nil {
			k := number(m[1])
			if seen[k] {
				return i // the body repeats the first chapter
			}
			seen[k] = true
			r.toc = append(r.toc, tocEntry{kind: "章", num: k, title: spaces(m[2]), line: lines[i].n})
			r.rep.add(lines[i].n, "", UseTOC, t, "目次の章 (table of contents entry)")
			continue
		}
		if m := sectionLine.FindStringSubmatch(t); m != nil {
			r.toc = append(r.toc, tocEntry{kind: "節", num: number(m[1]), title: spaces(m[2]), line: lines[i].n})
			r.rep.add(lines[i].n, "", UseTOC, t, "目次の節 (table of contents entry)")
			continue
		}
		if suppLine.MatchString(t) && len([]rune(t)) <= 12 {
			r.rep.add(lines[i].n, "", UseTOC, t, "目次の附則 (table of contents entry)")
			continue
		}
		if articleLine.MatchString(t) || captionLine.MatchString(t) {
			return i
		}
		r.rep.add(lines[i].n, "", UseTOC, t, "目次の中の見出しでない行 (a line of the table of contents that is no entry)")
	}
	return i
}

// expect checks a chapter or section of the body against the next entry of
// the 目次, when there is one.
func (r *articleReader) expect(kind string, k int, title string, n int) error {
	if len(r.toc) == 0 {
		return nil
	}
	if r.tocNext >= len(r.toc) {
		return errorf(n, "第%d%s %s が目次にない (not in the table of contents)", k, kind, title)
	}
	e := r.toc[r.tocNext]
	if e.kind != kind || e.num != k {
		return errorf(n, "第%d%s が目次の順序（次は第%d%s）と違う (body and table of contents differ)", k, kind, e.num, e.kind)
	}
	if e.title != title {
		r.rep.add(n, "", UseUnplaced, title, "見出しが目次（%d 行: %s）と違う、本文の見出しを採った (title differs from the table of contents; the body's is used)", e.line, e.title)
	}
	r.tocNext++
	return nil
}

func (r *articleReader) line(l string, n int) error {
	if m := chapterLine.FindStringSubmatch(l); m != nil {
		k := number(m[1])
		if k != r.chapter+1 {
			return errorf(n, "第%d章 は第%d章の次として番号が飛んでいるか繰り返している (chapter numbering jumps or repeats)", k, r.chapter)
		}
		title := spaces(m[2])
		if err := r.expect("章", k, title, n); err != nil {
			return err
		}
		r.closeArticle()
		r.chapter, r.section, r.sectID = k, 0, ""
		r.chapID = fmt.Sprintf("第%d章", k)
		r.out = append(r.out, catalog.Provision{ID: r.chapID, Kind: catalog.KindChapter, Title: title})
		return nil
	}
	if m := sectionLine.FindStringSubmatch(l); m != nil {
		k := number(m[1])
		if r.chapID == "" {
			return errorf(n, "第%d節 が章の外にある (a section outside any chapter)", k)
		}
		if k != r.section+1 {
			return errorf(n, "%s 第%d節 は第%d節の次として番号が飛んでいるか繰り返している (section numbering jumps or repeats)", r.chapID, k, r.section)
		}
		title := spaces(m[2])
		if err := r.expect("節", k, title, n); err != nil {
			return err
		}
		r.closeArticle()
		r.section = k
		r.sectID = fmt.Sprintf("%s第%d節", r.chapID, k)
		r.out = append(r.out, catalog.Provision{ID: r.sectID, Kind: catalog.KindSection, Parent: r.chapID, Title: title})
		return nil
	}
	if m := captionLine.FindStringSubmatch(l); m != nil {
		if r.caption != "" {
			r.rep.add(n, "", UseUnplaced, "（"+r.caption+"）", "条の見出しの後に条がない (a caption with no article after it)")
		}
		r.closeArticle()
		r.caption = m[1]
		return nil
	}
	if m := articleLine.FindStringSubmatch(l); m != nil {
		k, sub := number(m[1]), number(m[2])
		switch {
		case sub == 0 && k == r.artNum+1:
		case sub > 0 && k == r.artNum && sub == max(r.artSub, 1)+1:
		default:
			want := fmt.Sprintf("第%d条", r.artNum+1)
			return errorf(n, "第%d条%s の番号が飛んでいるか繰り返している、次は %s (article numbering jumps or repeats)", k, ifs(sub > 0, fmt.Sprintf("の%d", sub), ""), want)
		}
		if r.hasChap && r.chapID == "" {
			return errorf(n, "第%d条 が章の外にある (an article before the first chapter)", k)
		}
		r.closeArticle()
		r.artNum, r.artSub = k, sub
		id := fmt.Sprintf("第%d条", k)
		if sub > 0 {
			id += fmt.Sprintf("の%d", sub)
		}
		parent := r.sectID
		if parent == "" {
			parent = r.chapID
		}
		r.art = &article{id: id, title: r.caption, parent: parent, line: n, paras: []*para{{num: 1}}}
		r.caption = ""
		if t := strings.TrimSpace(m[3]); t != "" {
			r.art.paras[0].text = append(r.art.paras[0].text, t)
		}
		return nil
	}
	if r.art == nil {
		r.rep.add(n, "", UseUnplaced, l, "どの条にも属さない行 (a line outside any article)")
		return nil
	}
	a := r.art
	p := a.paras[len(a.paras)-1]
	if m := paraLine.FindStringSubmatch(l); m != nil {
		k := number(m[1])
		if k != p.num+1 {
			return errorf(n, "%s 第%d項 の番号が飛んでいるか繰り返している、次は第%d項 (paragraph numbering jumps or repeats)", a.id, k, p.num+1)
		}
		a.paras = append(a.paras, &para{num: k, text: []string{m[2]}})
		return nil
	}
	if m := gouLine.FindStringSubmatch(l); m != nil {
		k := number(m[1] + m[2])
		last := 0
		if len(p.items) > 0 {
			last = p.items[len(p.items)-1].num
		}
		if k != last+1 {
			return errorf(n, "%s の第%d号 の番号が飛んでいるか繰り返している、次は第%d号 (item numbering jumps or repeats)", a.id, k, last+1)
		}
		p.items = append(p.items, &gou{num: k, text: []string{m[3]}})
		return nil
	}
	if m := circledLine.FindStringSubmatch(l); m != nil {
		list := &p.circs
		if len(p.items) > 0 {
			list = &p.items[len(p.items)-1].circs
		}
		prev := ""
		if len(*list) > 0 {
			prev = (*list)[len(*list)-1].mark
		}
		if !circledSeq(prev, m[1]) {
			return errorf(n, "%s の %s の番号が飛んでいるか繰り返している (list numbering jumps or repeats)", a.id, m[1])
		}
		*list = append(*list, &leaf{mark: m[1], text: []string{m[2]}})
		return nil
	}
	if m := iroLine.FindStringSubmatch(l); m != nil && len(p.items) > 0 {
		g := p.items[len(p.items)-1]
		rs := []rune(iroha)
		want := string(rs[min(len(g.subs), len(rs)-1)])
		if m[1] != want {
			return errorf(n, "%s 第%d号の %s の順序が違う、次は %s (sub-item order jumps or repeats)", a.id, g.num, m[1], want)
		}
		g.subs = append(g.subs, &leaf{mark: m[1], text: []string{m[2]}})
		return nil
	}
	// A line that continues the deepest open part.
	switch {
	case len(p.items) > 0:
		g := p.items[len(p.items)-1]
		switch {
		case len(g.circs) > 0:
			c := g.circs[len(g.circs)-1]
			c.text = append(c.text, l)
		case len(g.subs) > 0:
			s := g.subs[len(g.subs)-1]
			s.text = append(s.text, l)
		default:
			g.text = append(g.text, l)
		}
	case len(p.circs) > 0:
		c := p.circs[len(p.circs)-1]
		c.text = append(c.text, l)
	default:
		p.text = append(p.text, l)
	}
	return nil
}

func ifs(c bool, a, b string) string {
	if c {
		return a
	}
	return b
}

// closeArticle writes the open article as provisions, now that it is known
// whether it has more than one paragraph (which decides how its items are
// cited: 第3条第2号, or 第3条第1項第2号 in an article of several).
func (r *articleReader) closeArticle() {
	a := r.art
	if a == nil {
		return
	}
	r.art = nil
	r.articles = append(r.articles, a)
	kind := catalog.KindSubsection
	if !r.hasChap {
		kind = catalog.KindChapter
		a.parent = ""
	}
	r.out = append(r.out, catalog.Provision{ID: a.id, Kind: kind, Parent: a.parent, Title: a.title, Text: joinText(a.paras[0].text)})
	multi := len(a.paras) > 1
	for _, p := range a.paras {
		pid := a.id
		if p.num > 1 {
			pid = fmt.Sprintf("%s第%d項", a.id, p.num)
			r.out = append(r.out, catalog.Provision{ID: pid, Kind: catalog.KindItem, Parent: a.id, Text: joinText(p.text)})
		}
		prefix := pid
		if p.num == 1 && multi {
			prefix = a.id + "第1項"
		}
		r.leaves(pid, prefix, p.circs)
		for _, g := range p.items {
			gid := fmt.Sprintf("%s第%d号", prefix, g.num)
			r.out = append(r.out, catalog.Provision{ID: gid, Kind: catalog.KindSubitem, Parent: pid, Text: joinText(g.text)})
			for _, s := range g.subs {
				r.out = append(r.out, catalog.Provision{ID: gid + s.mark, Kind: catalog.KindSubitem, Parent: gid, Text: joinText(s.text)})
			}
			r.leaves(gid, gid, g.circs)
		}
	}
}

func (r *articleReader) leaves(parent, prefix string, ls []*leaf) {
	for _, c := range ls {
		r.out = append(r.out, catalog.Provision{ID: prefix + c.mark, Kind: catalog.KindSubitem, Parent: parent, Text: joinText(c.text)})
	}
}

func joinText(parts []string) string {
	var b strings.Builder
	for i, s := range parts {
		if i > 0 && strings.HasSuffix(parts[i-1], "。") {
			b.WriteString("\n")
		}
		b.WriteString(s)
	}
	return spaces(b.String())
}

var articleRefRe = regexp.MustCompile(`前条|次条|前項|次項|第(` + num + `)条(?:の(` + num + `))?(?:第(` + num + `)項)?(?:第(` + num + `)号)?|第(` + num + `)項(?:第(` + num + `)号)?`)

// articleRefs proposes the references of the article shape: 前条, 次条,
// 前項, 次項 and 第N条第M項第K号, resolved to IDs of this standard; a number
// that follows the name of another instrument (条例第19号) is not one.
func articleRefs(c *catalog.Catalog, rep *Report) {
	ids := map[string]int{}
	var arts []string
	artOf := map[string]string{}
	for i, p := range c.Provisions {
		ids[p.ID] = i
		if articleLine.MatchString(p.ID) || regexp.MustCompile(`^第\d+条(の\d+)?$`).MatchString(p.ID) {
			arts = append(arts, p.ID)
		}
	}
	artRe := regexp.MustCompile(`^第\d+条(?:の\d+)?`)
	paraRe := regexp.MustCompile(`^第\d+条(?:の\d+)?(?:第(\d+)項)?`)
	for _, p := range c.Provisions {
		artOf[p.ID] = artRe.FindString(p.ID)
	}
	for i := range c.Provisions {
		p := &c.Provisions[i]
		art := artOf[p.ID]
		if art == "" {
			continue
		}
		ai := indexOf(arts, art)
		curPara := 1
		if m := paraRe.FindStringSubmatch(p.ID); m != nil && m[1] != "" {
			curPara, _ = strconv.Atoi(m[1])
		}
		for _, loc := range articleRefRe.FindAllStringSubmatchIndex(p.Text, -1) {
			if loc[0] > 0 {
				before := []rune(p.Text[:loc[0]])
				if strings.ContainsRune("法例則令綱号)）", before[len(before)-1]) {
					continue
				}
			}
			word := p.Text[loc[0]:loc[1]]
			sub := func(k int) string {
				if loc[2*k] < 0 {
					return ""
				}
				return p.Text[loc[2*k]:loc[2*k+1]]
			}
			var cands []string
			switch word {
			case "前条":
				if ai > 0 {
					cands = []string{arts[ai-1]}
				}
			case "次条":
				if ai+1 < len(arts) {
					cands = []string{arts[ai+1]}
				}
			case "前項":
				cands = paraIDs(art, curPara-1)
			case "次項":
				cands = paraIDs(art, curPara+1)
			default:
				if sub(1) != "" {
					a := fmt.Sprintf("第%d条", number(sub(1)))
					if sub(2) != "" {
						a += fmt.Sprintf("の%d", number(sub(2)))
					}
					cands = refIDs(a, number(sub(3)), number(sub(4)))
				} else {
					cands = refIDs(art, number(sub(5)), number(sub(6)))
				}
			}
			found := ""
			for _, id := range cands {
				if _, ok := ids[id]; ok {
					found = id
					break
				}
			}
			if found == "" {
				rep.add(0, p.ID, UseReference, word, "参照 %s の先が見つからない (reference names no provision of this standard)", word)
				continue
			}
			if found != p.ID && !contains(p.Refs, found) {
				p.Refs = append(p.Refs, found)
			}
		}
	}
}

func paraIDs(art string, k int) []string {
	switch {
	case k < 1:
		return nil
	case k == 1:
		return []string{art}
	}
	return []string{fmt.Sprintf("%s第%d項", art, k)}
}

// refIDs lists the IDs a citation may mean: 第3条第1項第2号 is 第3条第2号
// in an article of one paragraph.
func refIDs(art string, para, item int) []string {
	switch {
	case para == 0 && item == 0:
		return []string{art}
	case item == 0:
		return paraIDs(art, para)
	case para == 0:
		return []string{fmt.Sprintf("%s第%d号", art, item), fmt.Sprintf("%s第1項第%d号", art, item)}
	case para == 1:
		return []string{fmt.Sprintf("%s第1項第%d号", art, item), fmt.Sprintf("%s第%d号", art, item)}
	}
	return []string{fmt.Sprintf("%s第%d項第%d号", art, para, item)}
}

func indexOf(xs []string, x string) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return -1
}

func contains(xs []string, x string) bool { return indexOf(xs, x) >= 0 }
