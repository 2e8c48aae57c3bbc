package web

import (
	"net/http"

	"kijun/internal/organisation"
)

// treeRow is one unit in the flattened tree: the template opens a nested
// list before it when Open is set and closes Close lists after it.
type treeRow struct {
	organisation.Unit
	KindName string
	Depth    int
	Open     bool       // the first child: open a nested list first
	Leaf     bool       // no children: close the item at once
	Close    []struct{} // nested lists that end after this item
}

type orgTreeData struct {
	Date  dateField
	Rows  []treeRow
	Count int
}

func flatten(nodes []*organisation.UnitNode, depth int, out *[]treeRow) {
	for i, n := range nodes {
		*out = append(*out, treeRow{Unit: n.Unit, KindName: n.KindName, Depth: depth, Open: i == 0 && depth > 0, Leaf: len(n.Children) == 0})
		if len(n.Children) > 0 {
			flatten(n.Children, depth+1, out)
		}
		if i == len(nodes)-1 && depth > 0 {
			last := &(*out)[len(*out)-1]
			last.Close = append(last.Close, struct{}{})
		}
	}
}

func (s *Server) handleOrgTree(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	d := orgTreeData{Date: s.asOf(r)}
	units, err := s.db.UnitsOn(ctx, d.Date.Value)
	if err != nil {
		return err
	}
	kinds, err := s.db.UnitKinds(ctx)
	if err != nil {
		return err
	}
	roots := organisation.BuildTree(units, kinds)
	flatten(roots, 0, &d.Rows)
	d.Count = len(units)
	return s.render(w, r, http.StatusOK, "org_tree", s.newPage(w, r, "org.tree.title", d))
}
