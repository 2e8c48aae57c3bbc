package catalog

import (
	"regexp"
	"time"
)

var (
	numberSeg  = regexp.MustCompile(`^\d+$`)
	kanaSeg    = regexp.MustCompile(`^[ア-ン]$`)
	subitemSeg = regexp.MustCompile(`^(\(\d+\)|[①-⑳])$`)
)

// validate checks a decoded catalog and adds a problem for each fault.
// lines maps top-level keys to their lines; provLines holds the line of
// each provision.
func validate(ps *problems, c *Catalog, lines map[string]int, provLines []int) {
	if c.Key == "" {
		ps.add(1, "", "key がない (missing key)")
	}
	if c.Title == "" {
		ps.add(1, "", "title がない (missing title)")
	}
	if c.Edition == "" {
		ps.add(1, "", "版番号がない (missing edition)")
	}
	for _, k := range []struct{ name, v string }{{"enacted", c.Enacted}, {"amended", c.Amended}, {"effective", c.Effective}} {
		if k.v != "" && !validDate(k.v) {
			ps.add(lines[k.name], "", "%s の日付 %q が YYYY-MM-DD でない (bad date)", k.name, k.v)
		}
	}
	for _, r := range c.Revisions {
		if !validDate(r.Date) || r.Edition == "" {
			ps.add(lines["revisions"], r.Edition, "改定履歴の行が不完全 (revision needs a YYYY-MM-DD date and an edition)")
		}
	}
	if c.IDScheme != "" && c.IDScheme != "dotted" && c.IDScheme != "free" {
		ps.add(lines["id_scheme"], "", "id_scheme %q は dotted か free (unknown id scheme)", c.IDScheme)
	}
	if len(c.Provisions) == 0 {
		ps.add(lines["provisions"], "", "規定がない (no provisions)")
	}
	seen := map[string]int{}
	kinds := map[string]Kind{}
	for i, p := range c.Provisions {
		line := provLines[i]
		if p.ID == "" {
			ps.add(line, "", "id がない (missing id)")
			continue
		}
		if first, dup := seen[p.ID]; dup {
			ps.add(line, p.ID, "ID の重複、最初は %d 行 (duplicate id, first at line %d)", first, first)
			continue
		}
		seen[p.ID] = line
		kinds[p.ID] = p.Kind
		checkPlace(ps, c.IDScheme != "free", p, line, kinds)
		checkAnnotations(ps, p, line)
	}
	for i, p := range c.Provisions {
		for _, r := range p.Refs {
			if _, ok := seen[r]; !ok {
				ps.add(provLines[i], p.ID, "参照先 %q が存在しない (reference to a missing provision)", r)
			}
		}
	}
}

// checkPlace checks kind, parent and, for dotted IDs, that the ID extends its
// parent's: 8.2.6.ウ must sit under 8.2.6. Parents come before children.
func checkPlace(ps *problems, dotted bool, p Provision, line int, kinds map[string]Kind) {
	if !p.Kind.Valid() {
		ps.add(line, p.ID, "未知の種別 %q (unknown kind)", p.Kind)
		return
	}
	if p.Kind == KindChapter {
		if p.Parent != "" {
			ps.add(line, p.ID, "章に親がある (a chapter has no parent)")
		}
		if dotted && !numberSeg.MatchString(p.ID) {
			ps.add(line, p.ID, "章の番号が数字でない (chapter id must be a number)")
		}
		return
	}
	pk, ok := kinds[p.Parent]
	if p.Parent == "" || !ok || p.Parent == p.ID {
		ps.add(line, p.ID, "親 %q がこれより前に存在しない (parent does not exist before it)", p.Parent)
		return
	}
	if !dotted {
		return // catalogs from elsewhere nest as they like
	}
	want := map[Kind][]Kind{
		KindSection:    {KindChapter},
		KindSubsection: {KindSection},
		KindItem:       {KindChapter, KindSection, KindSubsection},
		KindSubitem:    {KindChapter, KindSection, KindSubsection, KindItem, KindSubitem},
	}[p.Kind]
	if !kindIn(pk, want) {
		ps.add(line, p.ID, "%s が %s (%s) の下にある (a %s cannot sit under a %s)", p.Kind, p.Parent, pk, p.Kind, pk)
		return
	}
	n := len(p.Parent)
	if len(p.ID) <= n+1 || p.ID[:n] != p.Parent || p.ID[n] != '.' {
		ps.add(line, p.ID, "ID が親 %s と合わない (id does not extend its parent's id)", p.Parent)
		return
	}
	seg := p.ID[n+1:]
	ok = map[Kind]*regexp.Regexp{KindSection: numberSeg, KindSubsection: numberSeg, KindItem: kanaSeg, KindSubitem: subitemSeg}[p.Kind].MatchString(seg)
	if !ok {
		ps.add(line, p.ID, "ID の末尾 %q が %s の形でない (last segment does not fit the kind)", seg, p.Kind)
	}
}

func checkAnnotations(ps *problems, p Provision, line int) {
	for _, r := range p.Obliges {
		if !r.Valid() {
			ps.add(line, p.ID, "未知の役割 %q (unknown role)", r)
		}
	}
	if p.Force != "" && !p.Force.Valid() {
		ps.add(line, p.ID, "未知の規定の種類 %q (unknown force)", p.Force)
	}
	for _, op := range p.Operations {
		if !op.Kind.Valid() {
			ps.add(line, p.ID, "未知の運用方法 %q (unknown operation kind)", op.Kind)
		}
		if op.Approver != "" && !op.Approver.Valid() {
			ps.add(line, p.ID, "未知の許可者 %q (unknown approver role)", op.Approver)
		}
	}
	if p.Table != nil {
		for _, row := range p.Table.Rows {
			if len(row.Cells) != len(p.Table.Columns) {
				ps.add(line, p.ID, "表の行の列数 %d が見出しの %d と違う (row has the wrong number of cells)", len(row.Cells), len(p.Table.Columns))
			}
		}
	}
}

func kindIn(k Kind, ks []Kind) bool {
	for _, x := range ks {
		if x == k {
			return true
		}
	}
	return false
}

func validDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

// Validate checks a catalog built in code, such as one imported from OSCAL,
// by the rules Parse applies to files. name is used in the problems, which
// carry no line numbers.
func Validate(name string, c *Catalog) error {
	ps := &problems{file: name}
	validate(ps, c, map[string]int{}, make([]int, len(c.Provisions)))
	return ps.result()
}
