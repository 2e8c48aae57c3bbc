package oscal

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"kijun/internal/catalog"
)

var insertParam = regexp.MustCompile(`\{\{\s*insert:\s*param,\s*([^\s}]+)\s*\}\}`)

// Import reads an OSCAL 1.1.x catalog in JSON, validated against the
// embedded OSCAL 1.1.2 schema, into a Catalog: groups and controls (with
// their enhancements) become headings, parts become items. A provision's ID
// is its label prop where there is one (so an export of Kijun's own
// catalog comes back with its IDs) and its OSCAL id otherwise; the OSCAL id
// is kept in OSCALID. Parameters are written into the text. The statement
// prose of a control becomes its text; other parts, such as guidance, are
// provisions whose Part names them.
func Import(name string, data []byte) (*catalog.Catalog, error) {
	v, err := NewValidator(nil)
	if err != nil {
		return nil, fmt.Errorf("import %s: %w", name, err)
	}
	return v.Import(name, data)
}

// Import is like the package's Import with v's schema.
func (v *Validator) Import(name string, data []byte) (*catalog.Catalog, error) {
	if err := v.Validate(name, data); err != nil {
		return nil, err
	}
	var doc document
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("import %s: decode catalog: %w", name, err)
	}
	im := importer{params: map[string]param{}, used: map[string]bool{}}
	m := doc.Catalog.Metadata
	im.c = &catalog.Catalog{Key: doc.Catalog.UUID, Title: m.Title, Edition: m.Version, Source: name, IDScheme: "free"}
	for _, p := range m.Props {
		if p.NS != NS {
			continue
		}
		switch p.Name {
		case "catalog-key":
			im.c.Key = p.Value
		case "issuer":
			im.c.Issuer = p.Value
		case "enacted":
			im.c.Enacted = p.Value
		case "amended":
			im.c.Amended = p.Value
		case "effective":
			im.c.Effective = p.Value
		}
	}
	for _, r := range m.Revisions {
		if len(r.Published) >= 10 {
			im.c.Revisions = append(im.c.Revisions, catalog.Revision{Date: r.Published[:10], Edition: r.Version, Reason: firstNonEmpty(r.Remarks, r.Title)})
		}
	}
	im.collectParams(doc.Catalog.Params)
	for _, g := range doc.Catalog.Groups {
		im.collectGroupParams(g)
	}
	for _, c := range doc.Catalog.Controls {
		im.collectControlParams(c)
	}
	for _, g := range doc.Catalog.Groups {
		im.group(g, "", 0)
	}
	for _, c := range doc.Catalog.Controls {
		im.control(c, "")
	}
	im.dropDanglingRefs()
	if err := catalog.Validate(name, im.c); err != nil {
		return nil, fmt.Errorf("import %s: %w", name, err)
	}
	return im.c, nil
}

type importer struct {
	c      *catalog.Catalog
	params map[string]param
	used   map[string]bool
}

func (im *importer) collectParams(ps []param) {
	for _, p := range ps {
		im.params[p.ID] = p
	}
}

func (im *importer) collectGroupParams(g group) {
	im.collectParams(g.Params)
	for _, sub := range g.Groups {
		im.collectGroupParams(sub)
	}
	for _, c := range g.Controls {
		im.collectControlParams(c)
	}
}

func (im *importer) collectControlParams(c control) {
	im.collectParams(c.Params)
	for _, sub := range c.Controls {
		im.collectControlParams(sub)
	}
}

// id picks a provision's ID: the label if it is new, else the OSCAL id.
func (im *importer) id(label, oscalID string) string {
	for _, cand := range []string{label, oscalID} {
		if cand != "" && !im.used[cand] {
			im.used[cand] = true
			return cand
		}
	}
	base := firstNonEmpty(oscalID, label, "part")
	for n := 2; ; n++ {
		if cand := fmt.Sprintf("%s#%d", base, n); !im.used[cand] {
			im.used[cand] = true
			return cand
		}
	}
}

func (im *importer) add(p catalog.Provision, ps []prop) int {
	annotate(&p, ps)
	im.c.Provisions = append(im.c.Provisions, p)
	return len(im.c.Provisions) - 1
}

func (im *importer) group(g group, parent string, depth int) {
	// a group that only wraps one control of the same label is that control
	if len(g.Controls) == 1 && len(g.Groups) == 0 && len(g.Parts) == 0 && label(g.Props) != "" && label(g.Props) == label(g.Controls[0].Props) {
		im.control(g.Controls[0], parent)
		return
	}
	kind := catalog.KindChapter
	if depth > 0 {
		kind = catalog.KindSection
	}
	p := catalog.Provision{ID: im.id(label(g.Props), g.ID), Kind: kind, Parent: parent, Title: g.Title, OSCALID: g.ID}
	idx := im.add(p, g.Props)
	id := im.c.Provisions[idx].ID
	im.parts(idx, g.Parts)
	// controls and sub-groups in the order of their sort-id props where
	// all have one (Kijun's exports do), else controls first as in the file
	type member struct {
		sortID string
		run    func()
	}
	var ms []member
	sorted := true
	for _, c := range g.Controls {
		ms = append(ms, member{sortIDOf(c.Props), func() { im.control(c, id) }})
	}
	for _, sub := range g.Groups {
		ms = append(ms, member{sortIDOf(sub.Props), func() { im.group(sub, id, depth+1) }})
	}
	for _, m := range ms {
		sorted = sorted && m.sortID != ""
	}
	if sorted {
		slices.SortStableFunc(ms, func(a, b member) int { return strings.Compare(a.sortID, b.sortID) })
	}
	for _, m := range ms {
		m.run()
	}
}

func sortIDOf(ps []prop) string {
	for _, p := range ps {
		if p.Name == "sort-id" && p.NS == "" {
			return p.Value
		}
	}
	return ""
}

func (im *importer) control(c control, parent string) {
	kind := catalog.KindSubsection
	if parent == "" {
		kind = catalog.KindChapter
	}
	p := catalog.Provision{ID: im.id(label(c.Props), c.ID), Kind: kind, Parent: parent, Title: c.Title, OSCALID: c.ID}
	idx := im.add(p, c.Props)
	id := im.c.Provisions[idx].ID
	im.parts(idx, c.Parts)
	for _, sub := range c.Controls {
		im.control(sub, id)
	}
}

// parts reads the parts of the provision at idx: the statement's prose is
// its text and the statement's sub-parts are its items; a table part is its
// table; any other part is an item of its own.
func (im *importer) parts(idx int, parts []part) {
	owner := im.c.Provisions[idx]
	for _, pt := range parts {
		switch {
		case pt.Name == "statement" && label(pt.Props) == "":
			im.c.Provisions[idx].Text = im.resolve(pt.Prose, 0)
			for _, sub := range pt.Parts {
				im.part(sub, owner)
			}
		case pt.Name == "table" && pt.NS == NS:
			im.c.Provisions[idx].Table = parseMarkdownTable(pt.Prose)
		default:
			im.part(pt, owner)
		}
	}
}

func (im *importer) part(pt part, parent catalog.Provision) {
	kind := catalog.KindItem
	if parent.Kind == catalog.KindItem || parent.Kind == catalog.KindSubitem {
		kind = catalog.KindSubitem
	}
	// a label is the ID only where it is complete, as in 8.2.6.ウ; a label
	// such as "a." is only unique inside its parent
	l := label(pt.Props)
	if !strings.HasPrefix(l, parent.ID+".") {
		l = ""
	}
	p := catalog.Provision{ID: im.id(l, pt.ID), Kind: kind, Parent: parent.ID, Title: pt.Title, Text: im.resolve(pt.Prose, 0), Part: pt.Name, OSCALID: pt.ID}
	if p.Part == "item" && pt.NS == "" && l != "" {
		p.Part = "" // Kijun's own items need no part name
	}
	idx := im.add(p, pt.Props)
	for _, sub := range pt.Parts {
		if sub.Name == "table" && sub.NS == NS {
			im.c.Provisions[idx].Table = parseMarkdownTable(sub.Prose)
			continue
		}
		im.part(sub, im.c.Provisions[idx])
	}
}

// resolve writes parameters into prose: a parameter's values, else its
// choices, else its label as an assignment.
func (im *importer) resolve(prose string, depth int) string {
	if depth > 5 {
		return prose
	}
	return insertParam.ReplaceAllStringFunc(prose, func(m string) string {
		id := insertParam.FindStringSubmatch(m)[1]
		p, ok := im.params[id]
		switch {
		case !ok:
			return "[Assignment: " + id + "]"
		case len(p.Values) > 0:
			return im.resolve(strings.Join(p.Values, ", "), depth+1)
		case p.Select != nil && len(p.Select.Choice) > 0:
			head := "Selection"
			if p.Select.HowMany == "one-or-more" {
				head = "Selection (one or more)"
			}
			return "[" + head + ": " + im.resolve(strings.Join(p.Select.Choice, "; "), depth+1) + "]"
		case p.Label != "":
			return "[Assignment: " + p.Label + "]"
		}
		return "[Assignment: " + id + "]"
	})
}

func (im *importer) dropDanglingRefs() {
	for i := range im.c.Provisions {
		p := &im.c.Provisions[i]
		var keep []string
		for _, r := range p.Refs {
			if im.used[r] {
				keep = append(keep, r)
			}
		}
		p.Refs = keep
	}
}

// label returns the label prop without a class (OSCAL allows several,
// such as zero-padded ones), else the first.
func label(ps []prop) string {
	first := ""
	for _, p := range ps {
		if p.Name == "label" && p.NS == "" {
			if p.Class == "" {
				return p.Value
			}
			if first == "" {
				first = p.Value
			}
		}
	}
	return first
}

// annotate reads Kijun's props back into p.
func annotate(p *catalog.Provision, ps []prop) {
	for _, pr := range ps {
		if pr.NS != NS {
			continue
		}
		switch pr.Name {
		case "kind":
			if k := catalog.Kind(pr.Value); k.Valid() {
				p.Kind = k
			}
		case "obliges":
			p.Obliges = append(p.Obliges, catalog.Role(pr.Value))
		case "force":
			p.Force = catalog.Force(pr.Value)
		case "operation":
			op := catalog.Operation{Kind: catalog.OpKind(pr.Value)}
			if pr.Remarks != "" {
				_ = json.Unmarshal([]byte(pr.Remarks), &op) // a malformed detail keeps the kind
			}
			p.Operations = append(p.Operations, op)
		case "ref":
			p.Refs = append(p.Refs, pr.Value)
		case "implemented-by":
			p.ImplementedBy = append(p.ImplementedBy, pr.Value)
		}
	}
}

// parseMarkdownTable reads back a table written by markdownTable.
func parseMarkdownTable(s string) *catalog.Table {
	lines := strings.Split(s, "\n")
	if len(lines) < 2 {
		return nil
	}
	t := &catalog.Table{Columns: splitRow(lines[0])}
	for _, l := range lines[2:] {
		var row catalog.TableRow
		for _, cell := range splitRow(l) {
			parts := strings.Split(cell, "<br>・")
			row.Cells = append(row.Cells, catalog.TableCell{Text: parts[0], List: parts[1:]})
			if len(parts) == 1 {
				row.Cells[len(row.Cells)-1].List = nil
			}
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

func splitRow(l string) []string {
	l = strings.TrimSpace(l)
	l = strings.TrimSuffix(strings.TrimPrefix(l, "|"), "|")
	l = strings.ReplaceAll(l, `\|`, "\x00")
	var out []string
	for _, c := range strings.Split(l, "|") {
		out = append(out, strings.ReplaceAll(strings.TrimSpace(c), "\x00", "|"))
	}
	return out
}
