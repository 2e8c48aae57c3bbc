package soa

import (
	"cmp"
	"slices"

	"kijun/internal/catalog"
)

// Statement is the statement of applicability of one catalog edition.
type Statement struct {
	// Catalog is the edition the statement is of.
	Catalog *catalog.Catalog
	// Rows has one row per provision, in document order.
	Rows []Row
	// Chapters counts each chapter's provisions, in document order.
	Chapters []Count
	// Total sums the chapters.
	Total Count
	// Unknown are the supports whose provision the catalog does not have:
	// a rule or permit type written for another edition, say. They count
	// for nothing and are listed so that someone fixes them.
	Unknown []Support
	// Through is set when the statement is of a city's own standard,
	// reached through its alignment with the reference (ComputeThrough).
	Through *Through
}

// Row is one provision and what supports it.
type Row struct {
	Provision catalog.Provision
	// Chapter is the ID of the provision's chapter.
	Chapter string
	// Supports are the things that point at the provision, by kind and
	// name; none means the provision is text only in Kijun today.
	Supports []Support
}

// Supported reports whether something that runs points at the provision.
func (r Row) Supported() bool { return len(r.Supports) > 0 }

// Kinds lists the kinds of the row's supports, in Kinds order.
func (r Row) Kinds() []Kind {
	var out []Kind
	for _, k := range Kinds() {
		if slices.ContainsFunc(r.Supports, func(s Support) bool { return s.Kind == k }) {
			out = append(out, k)
		}
	}
	return out
}

// Count counts the provisions of a chapter (or of the whole catalog).
type Count struct {
	// ID and Title name the chapter; empty for the total.
	ID, Title string
	// Provisions is how many provisions the chapter has, its heading
	// included.
	Provisions int
	// Supported is how many of them something points at.
	Supported int
	// ByKind counts the supported provisions by kind of support; a
	// provision with supports of two kinds counts under both.
	ByKind map[Kind]int
}

// TextOnly is how many provisions nothing supports.
func (c Count) TextOnly() int { return c.Provisions - c.Supported }

// Compute builds the statement of c from the supports the code declares.
// Supports are matched to provisions by their canonical ID; the same
// thing declared twice for one provision is listed once.
func Compute(c *catalog.Catalog, supports []Support) *Statement {
	st := &Statement{Catalog: c, Total: Count{ByKind: map[Kind]int{}}}
	index := make(map[string]int, len(c.Provisions))
	for i, p := range c.Provisions {
		index[p.ID] = i
	}
	byRow := make([][]Support, len(c.Provisions))
	seen := map[Support]bool{}
	for _, s := range supports {
		if _, ok := index[s.Provision]; !ok {
			// The loose form of the code's comments; a city's own IDs
			// (第2条) are found as they are.
			s.Provision = CanonicalID(s.Provision)
		}
		if seen[s] {
			continue
		}
		seen[s] = true
		i, ok := index[s.Provision]
		if !ok {
			st.Unknown = append(st.Unknown, s)
			continue
		}
		byRow[i] = append(byRow[i], s)
	}
	kindOrder := map[Kind]int{}
	for i, k := range Kinds() {
		kindOrder[k] = i
	}
	chapterOf := map[string]string{}
	chapterIdx := map[string]int{}
	st.Rows = make([]Row, len(c.Provisions))
	for i, p := range c.Provisions {
		ch := p.ID
		if p.Parent != "" {
			ch = chapterOf[p.Parent]
		} else {
			chapterIdx[p.ID] = len(st.Chapters)
			st.Chapters = append(st.Chapters, Count{ID: p.ID, Title: p.Title, ByKind: map[Kind]int{}})
		}
		chapterOf[p.ID] = ch
		sup := byRow[i]
		slices.SortFunc(sup, func(a, b Support) int {
			return cmp.Or(cmp.Compare(kindOrder[a.Kind], kindOrder[b.Kind]), cmp.Compare(a.Name, b.Name))
		})
		row := Row{Provision: p, Chapter: ch, Supports: sup}
		st.Rows[i] = row
		counts := []*Count{&st.Total}
		if j, ok := chapterIdx[ch]; ok {
			counts = append(counts, &st.Chapters[j])
		}
		for _, n := range counts {
			n.Provisions++
			if row.Supported() {
				n.Supported++
			}
			for _, k := range row.Kinds() {
				n.ByKind[k]++
			}
		}
	}
	return st
}

// Row returns the row of provision id, or nil.
func (st *Statement) Row(id string) *Row {
	for i := range st.Rows {
		if st.Rows[i].Provision.ID == id {
			return &st.Rows[i]
		}
	}
	return nil
}

// Headline is the provision's title, or else its first sentence.
func (r Row) Headline() string { return Headline(r.Provision.Title, r.Provision.Text) }
