package oscal

import (
	"encoding/json"
	"fmt"
	"strings"

	"kijun/internal/catalog"
)

// Export writes c as an OSCAL 1.1.2 catalog in JSON. Chapters and sections
// that hold sections or subsections become groups; the other headings become
// controls in their group (a chapter without sections, such as 1 目的, is a
// group holding one control with the same label). Items and sub-items become
// nested parts of the heading's statement. Every group, control and part
// carries the provision's ID in a label prop; the annotations are props in
// namespace NS. UUIDs are name-based, so the export is reproducible.
func Export(c *catalog.Catalog) ([]byte, error) {
	if c.Key == "" {
		return nil, fmt.Errorf("export catalog: missing key")
	}
	e := exporter{c: c, children: map[string][]*catalog.Provision{}, pos: map[string]int{}}
	var top []*catalog.Provision
	for i := range c.Provisions {
		p := &c.Provisions[i]
		e.pos[p.ID] = i
		if p.Parent == "" {
			top = append(top, p)
		} else {
			e.children[p.Parent] = append(e.children[p.Parent], p)
		}
	}
	doc := document{Catalog: catalogModel{UUID: uuidV5("catalog:" + c.Key + ":" + c.Edition), Metadata: e.metadata()}}
	for _, p := range top {
		if p.Kind.Heading() {
			if e.hasHeadingChildren(p) {
				doc.Catalog.Groups = append(doc.Catalog.Groups, e.group(p))
			} else {
				g := group{ID: oscalID(c.Key, p.ID) + "_group", Title: p.Title, Props: []prop{{Name: "label", Value: p.ID}}}
				g.Controls = []control{e.control(p)}
				doc.Catalog.Groups = append(doc.Catalog.Groups, g)
			}
		} else {
			return nil, fmt.Errorf("export catalog: top-level provision %s is not a heading", p.ID)
		}
	}
	out, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("export catalog: %w", err)
	}
	return out, nil
}

type exporter struct {
	c        *catalog.Catalog
	children map[string][]*catalog.Provision
	pos      map[string]int // document order, written as sort-id props
}

// sortID keeps the document order of a group's controls and sub-groups,
// which OSCAL holds in two separate lists.
func (e exporter) sortID(p *catalog.Provision) prop {
	return prop{Name: "sort-id", Value: fmt.Sprintf("%05d", e.pos[p.ID])}
}

func (e exporter) metadata() metadata {
	c := e.c
	m := metadata{Title: c.Title, Version: c.Edition, OSCALVersion: "1.1.2", LastModified: timestamp(firstNonEmpty(c.Effective, c.Amended, c.Enacted))}
	if c.Effective != "" {
		m.Published = timestamp(c.Effective)
	}
	m.Props = append(m.Props, prop{Name: "catalog-key", NS: NS, Value: c.Key})
	for _, kv := range [][2]string{{"issuer", c.Issuer}, {"enacted", c.Enacted}, {"amended", c.Amended}, {"effective", c.Effective}} {
		if kv[1] != "" {
			m.Props = append(m.Props, prop{Name: kv[0], NS: NS, Value: kv[1]})
		}
	}
	if c.Source != "" {
		m.Remarks = c.Source
	}
	for _, r := range c.Revisions {
		m.Revisions = append(m.Revisions, revision{Title: "第" + r.Edition + "版", Published: timestamp(r.Date), Version: r.Edition, Remarks: r.Reason})
	}
	return m
}

func (e exporter) hasHeadingChildren(p *catalog.Provision) bool {
	for _, ch := range e.children[p.ID] {
		if ch.Kind.Heading() {
			return true
		}
	}
	return false
}

func (e exporter) group(p *catalog.Provision) group {
	g := group{ID: oscalID(e.c.Key, p.ID), Title: p.Title, Props: append(props(p), e.sortID(p)), Parts: e.statement(p)}
	for _, ch := range e.children[p.ID] {
		switch {
		case !ch.Kind.Heading():
		case e.hasHeadingChildren(ch):
			g.Groups = append(g.Groups, e.group(ch))
		default:
			g.Controls = append(g.Controls, e.control(ch))
		}
	}
	return g
}

func (e exporter) control(p *catalog.Provision) control {
	title := p.Title
	if title == "" {
		title = p.ID
	}
	return control{ID: oscalID(e.c.Key, p.ID), Title: title, Props: append(props(p), e.sortID(p)), Parts: e.statement(p)}
}

// statement returns the parts of a heading: its text and items as a
// statement part, and its table as a table part.
func (e exporter) statement(p *catalog.Provision) []part {
	var parts []part
	smt := part{ID: oscalID(e.c.Key, p.ID) + "_smt", Name: "statement", Prose: p.Text, Parts: e.items(p)}
	if smt.Prose != "" || len(smt.Parts) > 0 {
		parts = append(parts, smt)
	}
	if p.Table != nil {
		parts = append(parts, part{ID: oscalID(e.c.Key, p.ID) + "_tbl", Name: "table", NS: NS, Prose: markdownTable(p.Table)})
	}
	return parts
}

func (e exporter) items(p *catalog.Provision) []part {
	var parts []part
	for _, ch := range e.children[p.ID] {
		if ch.Kind.Heading() {
			continue
		}
		pt := part{ID: oscalID(e.c.Key, ch.ID), Name: "item", Title: ch.Title, Props: props(ch), Prose: ch.Text, Parts: e.items(ch)}
		if ch.Table != nil {
			pt.Parts = append(pt.Parts, part{ID: pt.ID + "_tbl", Name: "table", NS: NS, Prose: markdownTable(ch.Table)})
		}
		parts = append(parts, pt)
	}
	return parts
}

// props returns the label and the annotations of p as OSCAL props.
func props(p *catalog.Provision) []prop {
	ps := []prop{{Name: "label", Value: p.ID}, {Name: "kind", NS: NS, Value: string(p.Kind)}}
	for _, r := range p.Obliges {
		ps = append(ps, prop{Name: "obliges", NS: NS, Value: string(r), Remarks: r.Label()})
	}
	if p.Force != "" {
		ps = append(ps, prop{Name: "force", NS: NS, Value: string(p.Force)})
	}
	for _, op := range p.Operations {
		detail, _ := json.Marshal(op) // a struct of strings cannot fail to marshal
		ps = append(ps, prop{Name: "operation", NS: NS, Value: string(op.Kind), Remarks: string(detail)})
	}
	for _, r := range p.Refs {
		ps = append(ps, prop{Name: "ref", NS: NS, Value: r})
	}
	for _, f := range p.ImplementedBy {
		ps = append(ps, prop{Name: "implemented-by", NS: NS, Value: f})
	}
	return ps
}

// markdownTable writes a table as a Markdown table, a bullet list in a cell
// as lines starting with ・ joined by <br>.
func markdownTable(t *catalog.Table) string {
	var b strings.Builder
	b.WriteString("| " + strings.Join(t.Columns, " | ") + " |\n|")
	for range t.Columns {
		b.WriteString("---|")
	}
	for _, r := range t.Rows {
		b.WriteString("\n|")
		for _, c := range r.Cells {
			s := c.Text
			for _, item := range c.List {
				s += "<br>・" + item
			}
			b.WriteString(" " + strings.ReplaceAll(s, "|", `\|`) + " |")
		}
	}
	return b.String()
}

func timestamp(date string) string {
	if date == "" {
		return "1970-01-01T00:00:00Z"
	}
	return date + "T00:00:00+09:00"
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
