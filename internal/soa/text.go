package soa

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// WriteCounts writes the chapter table: per chapter, its provisions, how
// many are supported, by kind, and how many are text only.
func WriteCounts(w io.Writer, st *Statement) error {
	c := st.Catalog
	fmt.Fprintf(w, "%s 第%s版: 適用宣言 (statement of applicability)\n\n", c.Title, c.Edition)
	// Numbers first and the chapter's name last: tabwriter counts runes, so
	// a column of wide characters would push the others out of line.
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	head := "条項数\t実装\t"
	for _, k := range Kinds() {
		head += k.Label() + "\t"
	}
	fmt.Fprintln(tw, head+"本文のみ\t 章")
	row := func(n Count, name string) {
		line := fmt.Sprintf("%d\t%d\t", n.Provisions, n.Supported)
		for _, k := range Kinds() {
			line += fmt.Sprint(n.ByKind[k]) + "\t"
		}
		fmt.Fprintln(tw, line+fmt.Sprint(n.TextOnly())+"\t "+name)
	}
	for _, ch := range st.Chapters {
		row(ch, ch.ID+" "+ch.Title)
	}
	row(st.Total, "計")
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\n%d of %d provisions are supported by something Kijun runs; %d are text only.\n",
		st.Total.Supported, st.Total.Provisions, st.Total.TextOnly())
	for _, s := range st.Unknown {
		fmt.Fprintf(w, "warning: %s %s cites %s, which %s 第%s版 does not have\n", s.Kind.English(), s.Name, s.Provision, c.Title, c.Edition)
	}
	if st.Through != nil {
		writeThrough(w, st)
	}
	return nil
}

// WriteText writes the chapter table and then every provision on a line,
// with what supports it: kind, name and the page that shows it.
func WriteText(w io.Writer, st *Statement, base string) error {
	if err := WriteCounts(w, st); err != nil {
		return err
	}
	fmt.Fprintln(w)
	for _, r := range st.Rows {
		p := r.Provision
		if !r.Supported() {
			fmt.Fprintf(w, "%s\t%s\t本文のみ (text only)\n", p.ID, Headline(p.Title, p.Text))
			continue
		}
		fmt.Fprintf(w, "%s\t%s\n", p.ID, Headline(p.Title, p.Text))
		for _, s := range r.Supports {
			line := "\t" + s.Kind.Label() + " " + s.Name
			if s.Title != "" {
				line += "（" + s.Title + "）"
			}
			if s.Reference != "" {
				line += "［" + s.Reference + "］"
			}
			if s.Link != "" {
				line += " " + base + s.Link
			}
			fmt.Fprintln(w, line)
		}
	}
	return nil
}

// Headline is a provision's title, or else the first sentence of its text.
func Headline(title, text string) string {
	if title != "" {
		return title
	}
	text, _, _ = strings.Cut(text, "\n")
	if i := strings.Index(text, "。"); i >= 0 {
		return text[:i+len("。")]
	}
	return text
}
