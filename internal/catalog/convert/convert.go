package convert

import (
	"fmt"
	"regexp"
	"strings"

	"kijun/internal/catalog"
)

// Options are what the converter cannot read from the text, and the
// city's own tables.
type Options struct {
	// Key identifies the standard across editions, such as "kobe-kijun";
	// the default is "city-kijun".
	Key string
	// Edition overrides the edition read from the revision history.
	Edition string
	// Title overrides the title read from the first line.
	Title string
	// Issuer overrides the issuer read from the title (the 市 or 町 it
	// starts with).
	Issuer string
	// Source says where the text came from, usually the file name.
	Source string
	// Roles is the table of role names; nil means DefaultRoles.
	Roles *Roles
	// Repairs are corrections of the text's conversion artefacts, by
	// provision; each must apply.
	Repairs []Repair
}

// MaxText is the largest text Convert reads: a city's standard is a few
// hundred kilobytes, its 例規集 page with markup a few megabytes.
const MaxText = 16 << 20

// Convert reads a standard's text (plain text or HTML, UTF-8 or
// Shift_JIS) and returns it as a catalog that validates, with a report of
// every line no provision holds. The error is an *Error naming the line
// when the text is in neither shape or its numbering jumps or repeats.
func Convert(data []byte, opt Options) (*catalog.Catalog, *Report, error) {
	if len(data) > MaxText {
		return nil, nil, errorf(0, "ファイルが大きすぎる: %d MiB まで (the text is larger than %d MiB)", MaxText>>20, MaxText>>20)
	}
	lines, isHTML, err := decode(data)
	if err != nil {
		return nil, nil, err
	}
	if opt.Roles == nil {
		opt.Roles = DefaultRoles()
	}
	rep := &Report{}
	var c *catalog.Catalog
	switch shapeOf(lines) {
	case "articles":
		rep.Shape = "articles"
		c, err = readArticles(lines, rep)
	case "numbered":
		rep.Shape = "numbered"
		c, err = readNumbered(lines, rep)
	default:
		if isHTML {
			return nil, nil, errorf(0, "HTML が例規集の条文のページではない: 第N条 も番号付きの見出しもない (the HTML page is not an article page of a 例規集)")
		}
		return nil, nil, errorf(0, "対策基準の形式ではない: 第N条 の条文も 1. 2. の番号付き見出しもない (the text is in neither shape: no articles, no numbered headings)")
	}
	if err != nil {
		return nil, nil, err
	}
	if err := applyRepairs(c, opt.Repairs, rep); err != nil {
		return nil, nil, err
	}
	annotate(c, opt.Roles)
	if rep.Shape == "articles" {
		articleRefs(c, rep)
	} else {
		numberedRefs(c, rep)
	}
	finish(c, opt)
	if err := catalog.Validate(c.Key, c); err != nil {
		return nil, nil, fmt.Errorf("converted catalog does not validate: %w", err)
	}
	return c, rep, nil
}

var (
	articleLine  = regexp.MustCompile(`^第([0-9０-９一二三四五六七八九十百千]+)条(?:の([0-9０-９一二三四五六七八九十]+))?(?:[\s　]+(.*))?$`)
	numberedHead = regexp.MustCompile(`^1\.?[\s　]+\S`)
)

// shapeOf tells the two shapes apart by their first marks: a line opening
// with 第1条 makes it articles; a heading 1. or 1 followed by a title makes
// it numbered.
func shapeOf(lines []line) string {
	for _, l := range lines {
		t := strings.TrimSpace(l.text)
		if m := articleLine.FindStringSubmatch(t); m != nil && number(m[1]) == 1 {
			return "articles"
		}
	}
	for _, l := range lines {
		if numberedHead.MatchString(strings.TrimSpace(l.text)) {
			return "numbered"
		}
	}
	return ""
}

var issuerRe = regexp.MustCompile(`^(.{1,10}?[都道府県市町村区])`)

func finish(c *catalog.Catalog, opt Options) {
	if opt.Key != "" {
		c.Key = opt.Key
	}
	if c.Key == "" {
		c.Key = "city-kijun"
	}
	if opt.Title != "" {
		c.Title = opt.Title
	}
	if c.Title == "" {
		c.Title = "情報セキュリティ対策基準"
	}
	if opt.Issuer != "" {
		c.Issuer = opt.Issuer
	}
	if c.Issuer == "" {
		if m := issuerRe.FindStringSubmatch(c.Title); m != nil {
			c.Issuer = m[1]
		}
	}
	if opt.Edition != "" {
		c.Edition = opt.Edition
	}
	if c.Edition == "" && len(c.Revisions) > 0 {
		c.Edition = c.Revisions[len(c.Revisions)-1].Edition
	}
	if c.Edition == "" {
		c.Edition = "1.0"
	}
	if opt.Source != "" {
		c.Source = opt.Source
	}
}

// number reads a number written in ASCII or full-width digits, or in kanji
// (十九, 二十一, 百); 0 when it is none of these.
func number(s string) int {
	if s == "" {
		return 0
	}
	n := 0
	digits := true
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			n = n*10 + int(r-'0')
		case r >= '０' && r <= '９':
			n = n*10 + int(r-'０')
		default:
			digits = false
		}
	}
	if digits {
		return n
	}
	return kanjiNumber(s)
}

func kanjiNumber(s string) int {
	vals := map[rune]int{'〇': 0, '一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
	total, cur := 0, 0
	for _, r := range s {
		if v, ok := vals[r]; ok {
			cur = cur*10 + v
			continue
		}
		unit := map[rune]int{'十': 10, '百': 100, '千': 1000}[r]
		if unit == 0 {
			return 0
		}
		if cur == 0 {
			cur = 1
		}
		total += cur * unit
		cur = 0
	}
	return total + cur
}
