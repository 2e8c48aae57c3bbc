package convert

import (
	"fmt"
	"regexp"
	"strings"

	"kijun/internal/catalog"
)

var (
	dateLine = regexp.MustCompile(`(制定|改正|施行)(?:日|年月日)?[：:]?\s*(明治|大正|昭和|平成|令和)\s*(\d+|元)\s*年\s*(\d+)\s*月\s*(\d+)\s*日`)
	revLine  = regexp.MustCompile(`^(昭和|平成|令和)\s*(\d+|元)\s*年\s*(\d+)\s*月\s*(\d+)\s*日\t第\s*([\d.]+)\s*版\t(.+)$`)
)

// frontMatter reads the lines before the body: the title (the first line),
// the dates of 制定, 改正 and 施行, and the revision history. Every line is
// noted in the report as metadata.
func frontMatter(c *catalog.Catalog, lines []line, rep *Report) {
	for _, l := range lines {
		t := strings.TrimSpace(l.text)
		if t == "" {
			continue
		}
		why := "前付け (front matter)"
		switch {
		case c.Title == "":
			c.Title = spaces(t)
			why = "表題 (title)"
		case dateLine.MatchString(t):
			m := dateLine.FindStringSubmatch(t)
			d := isoDate(m[2], m[3], m[4], m[5])
			switch m[1] {
			case "制定":
				c.Enacted = d
			case "改正":
				c.Amended = d
			case "施行":
				c.Effective = d
			}
			why = m[1] + "日 (date)"
		case revLine.MatchString(t):
			m := revLine.FindStringSubmatch(t)
			c.Revisions = append(c.Revisions, catalog.Revision{Date: isoDate(m[1], m[2], m[3], m[4]), Edition: m[5], Reason: spaces(m[6])})
			why = "改定履歴 (revision history)"
		}
		rep.add(l.n, "", UseMetadata, t, "%s", why)
	}
}

func isoDate(era, y, m, d string) string {
	year := 1
	if y != "元" {
		fmt.Sscan(y, &year)
	}
	base := map[string]int{"明治": 1867, "大正": 1911, "昭和": 1925, "平成": 1988, "令和": 2018}[era]
	var mm, dd int
	fmt.Sscan(m, &mm)
	fmt.Sscan(d, &dd)
	return fmt.Sprintf("%04d-%02d-%02d", base+year, mm, dd)
}

// spaces removes the spaces a PDF conversion puts between Japanese and
// Latin text ("CISO は" becomes "CISOは", "平成 15 年" becomes "平成15年")
// and trims; a space between two Latin or two Japanese characters stays.
func spaces(s string) string {
	var b strings.Builder
	rs := []rune(strings.ReplaceAll(strings.ReplaceAll(s, "\t", " "), "　", " "))
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
