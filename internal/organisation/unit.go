package organisation

import "time"

// UnitKind is a kind of organisation unit. Kinds are data (the
// org_unit_kinds table); these are the ones every city has.
type UnitKind string

// The kinds of unit of a Japanese city.
const (
	KindBureau     UnitKind = "kyoku"  // 局
	KindOffice     UnitKind = "shitsu" // 室
	KindWard       UnitKind = "ku"     // 区
	KindDepartment UnitKind = "bu"     // 部
	KindSection    UnitKind = "ka"     // 課 (and units ranked as 課)
	KindSubsection UnitKind = "kakari" // 係
)

// UnitKindInfo describes a kind: its name and what the standard asks of it.
type UnitKindInfo struct {
	Code   UnitKind `json:"code"`
	Name   string   `json:"name"`
	NameEN string   `json:"name_en"`
	Level  int      `json:"level"`
	// InfoOfficer: the head of a unit of this kind is its 情報責任者 (3.1.5, 局室区等).
	InfoOfficer bool `json:"info_officer"`
	// InfoManager: the head of a unit of this kind is its 情報管理者 (3.1.6, 課).
	InfoManager bool `json:"info_manager"`
}

// Unit is one organisation unit as it stands on a date: one version of it.
// A unit keeps its Code for life; a reorganisation (職制改正) on a date
// gives it a new version with a new name or parent from that date.
type Unit struct {
	Code   string   `json:"code"`
	Kind   UnitKind `json:"kind"`
	Name   string   `json:"name"`
	Kana   string   `json:"kana"`
	Parent string   `json:"parent,omitempty"` // the parent's code, "" at the top
	Period
}

// UnitNode is a unit with its children, for showing the tree.
type UnitNode struct {
	Unit
	KindName string      `json:"kind_name"`
	Children []*UnitNode `json:"children,omitempty"`
}

// BuildTree arranges units (all valid on one date) into trees, children in
// code order, and returns the roots. A unit whose parent is missing on that
// date becomes a root rather than disappearing.
func BuildTree(units []Unit, kinds map[UnitKind]UnitKindInfo) []*UnitNode {
	nodes := make(map[string]*UnitNode, len(units))
	order := make([]*UnitNode, 0, len(units))
	for _, u := range units {
		n := &UnitNode{Unit: u, KindName: kinds[u.Kind].Name}
		nodes[u.Code] = n
		order = append(order, n)
	}
	var roots []*UnitNode
	for _, n := range order {
		if p, ok := nodes[n.Parent]; ok && n.Parent != n.Code {
			p.Children = append(p.Children, n)
		} else {
			roots = append(roots, n)
		}
	}
	return roots
}

// CountUnits returns the number of nodes in the trees.
func CountUnits(roots []*UnitNode) int {
	n := 0
	for _, r := range roots {
		n += 1 + CountUnits(r.Children)
	}
	return n
}

// UnitChange is a reorganisation of one unit taking effect on a date.
type UnitChange struct {
	Unit
	Effective time.Time `json:"effective"`
}
