package catalog

import (
	"reflect"
	"slices"
)

// ChangeKind says how a provision changed between two catalogs.
type ChangeKind string

// The kinds of change Diff reports.
const (
	Added   ChangeKind = "added"
	Removed ChangeKind = "removed"
	Changed ChangeKind = "changed"
)

// Change is one provision that differs between two catalogs.
type Change struct {
	// ID is the provision's ID.
	ID string
	// Kind says whether the provision was added, removed or changed.
	Kind ChangeKind
	// Fields names what changed, for Changed: "kind", "parent", "title",
	// "text", "table", "annotations".
	Fields []string
	// Old is the provision in the first catalog, nil when added.
	Old *Provision
	// New is the provision in the second catalog, nil when removed.
	New *Provision
}

// Diff compares two catalogs provision by provision, matching by ID. The
// changes come in the document order of b, with each removed provision
// placed after the provision that preceded it in a.
func Diff(a, b *Catalog) []Change {
	inB := map[string]*Provision{}
	for i := range b.Provisions {
		inB[b.Provisions[i].ID] = &b.Provisions[i]
	}
	inA := map[string]*Provision{}
	// removed provisions, keyed by the ID of the provision before them in a
	removedAfter := map[string][]Change{}
	prev := ""
	for i := range a.Provisions {
		p := &a.Provisions[i]
		inA[p.ID] = p
		if inB[p.ID] == nil {
			removedAfter[prev] = append(removedAfter[prev], Change{ID: p.ID, Kind: Removed, Old: p})
			continue
		}
		prev = p.ID
	}
	out := removedAfter[""]
	for i := range b.Provisions {
		p := &b.Provisions[i]
		old := inA[p.ID]
		if old == nil {
			out = append(out, Change{ID: p.ID, Kind: Added, New: p})
		} else if fields := changedFields(old, p); len(fields) > 0 {
			out = append(out, Change{ID: p.ID, Kind: Changed, Fields: fields, Old: old, New: p})
		}
		out = append(out, removedAfter[p.ID]...)
	}
	return out
}

func changedFields(a, b *Provision) []string {
	var f []string
	if a.Kind != b.Kind {
		f = append(f, "kind")
	}
	if a.Parent != b.Parent {
		f = append(f, "parent")
	}
	if a.Title != b.Title {
		f = append(f, "title")
	}
	if a.Text != b.Text {
		f = append(f, "text")
	}
	if !reflect.DeepEqual(a.Table, b.Table) {
		f = append(f, "table")
	}
	if !slices.Equal(a.Obliges, b.Obliges) || a.Force != b.Force || !reflect.DeepEqual(a.Operations, b.Operations) ||
		!slices.Equal(a.Refs, b.Refs) || !slices.Equal(a.ImplementedBy, b.ImplementedBy) {
		f = append(f, "annotations")
	}
	return f
}
