package soa

import (
	"fmt"
	"io"

	"kijun/internal/catalog"
)

// Alignment carries what cites the reference standard over to a city's own
// standard: the city provisions that carry a reference provision, the
// reference provisions no city provision covers, and the city provisions
// with no reference. align.Crosswalk is one.
type Alignment interface {
	CityOf(id string) []string
	Gaps() []string
	Own() []string
	Reference() *catalog.Catalog
}

// Through is how a statement of a city's own standard was reached.
type Through struct {
	// Reference is the standard the supports cite (Kobe's).
	Reference *catalog.Catalog
	// Gaps are the reference provisions no city provision covers: gaps
	// of the city's standard, the highest of each branch.
	Gaps []catalog.Provision
	// Own are the city's provisions with no reference: its own text,
	// which nothing Kijun runs reaches until something is written for it.
	Own []catalog.Provision
	// Uncarried are the supports whose reference provision the city's
	// standard does not carry; they count for nothing.
	Uncarried []Support
}

// ComputeThrough builds the statement of a city's own standard from the
// supports, which cite the reference: each reaches the city provisions
// that carry its reference provision through the confirmed alignment
// (11.3), keeping the reference provision it cites. A support citing a
// provision of the city's standard and not of the reference (a question
// the city wrote) stays on it; one citing neither counts as unknown, as
// in Compute.
func ComputeThrough(city *catalog.Catalog, al Alignment, supports []Support) *Statement {
	ref := al.Reference()
	var carried, uncarried, unknown []Support
	for _, s := range supports {
		id := s.Provision
		if ref.Find(id) == nil {
			id = CanonicalID(id)
		}
		if ref.Find(id) == nil {
			// A self-check question the city wrote for its own provision
			// cites it directly.
			if city.Find(s.Provision) != nil {
				carried = append(carried, s)
			} else {
				unknown = append(unknown, s)
			}
			continue
		}
		to := al.CityOf(id)
		if len(to) == 0 {
			uncarried = append(uncarried, s)
			continue
		}
		for _, c := range to {
			t := s
			t.Provision, t.Reference = c, id
			carried = append(carried, t)
		}
	}
	st := Compute(city, carried)
	st.Unknown = append(st.Unknown, unknown...)
	th := &Through{Reference: ref, Uncarried: uncarried}
	for _, id := range al.Gaps() {
		if p := ref.Find(id); p != nil {
			th.Gaps = append(th.Gaps, *p)
		}
	}
	for _, id := range al.Own() {
		if p := city.Find(id); p != nil {
			th.Own = append(th.Own, *p)
		}
	}
	st.Through = th
	return st
}

// writeThrough lists, after the chapter table of a city's own standard,
// the gaps of its standard and its own provisions.
func writeThrough(w io.Writer, st *Statement) {
	th, ref := st.Through, st.Through.Reference
	fmt.Fprintf(w, "\nThrough the confirmed alignment with %s 第%s版 / 参照基準との対応の確認による\n", ref.Title, ref.Edition)
	fmt.Fprintf(w, "gaps: %d reference provisions no provision of the city's standard covers / 市の基準にない参照基準の規定\n", len(th.Gaps))
	for _, p := range th.Gaps {
		fmt.Fprintf(w, "\tgap\t%s\t%s\n", p.ID, Headline(p.Title, p.Text))
	}
	fmt.Fprintf(w, "own: %d provisions of the city's standard with no reference / 参照基準に対応のない市独自の規定\n", len(th.Own))
	for _, p := range th.Own {
		fmt.Fprintf(w, "\town\t%s\t%s\n", p.ID, Headline(p.Title, p.Text))
	}
	if n := len(th.Uncarried); n > 0 {
		fmt.Fprintf(w, "%d things Kijun runs cite reference provisions the city's standard does not carry, and count for nothing\n", n)
	}
}
