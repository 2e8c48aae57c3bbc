package organisation

import "slices"

// Post is a position held in a unit (職名).
type Post string

// The posts Kijun knows. Heads of units matter to the standard: a 局長,
// 室長 or 区長 is the 情報責任者 of the unit (3.1.5), a 課長 the 情報管理者
// of the 課 (3.1.6).
const (
	PostBureauChief     Post = "局長"
	PostOfficeChief     Post = "室長"
	PostWardChief       Post = "区長"
	PostDepartmentChief Post = "部長"
	PostSectionChief    Post = "課長"
	PostSectionManager  Post = "担当課長"
	PostSubsectionChief Post = "係長"
	PostStaff           Post = "担当"
)

// Posts returns every post, most senior first.
func Posts() []Post {
	return []Post{PostBureauChief, PostOfficeChief, PostWardChief, PostDepartmentChief,
		PostSectionChief, PostSectionManager, PostSubsectionChief, PostStaff}
}

// Valid reports whether p is a known post.
func (p Post) Valid() bool { return slices.Contains(Posts(), p) }

// HeadsUnit reports whether the post is the head of its unit for the
// defaults of 3.1.5 and 3.1.6.
func (p Post) HeadsUnit() bool {
	switch p {
	case PostBureauChief, PostOfficeChief, PostWardChief, PostSectionChief:
		return true
	}
	return false
}

// Assignment places a person in a unit with a post over a period. Each
// person has one primary assignment at a time and any number of concurrent
// ones (兼務).
type Assignment struct {
	ID       int64  `json:"id"`
	StaffNo  string `json:"staff_no"`
	Unit     string `json:"unit"`
	UnitName string `json:"unit_name,omitempty"`
	Post     Post   `json:"post"`
	Primary  bool   `json:"primary"`
	Period
}

// Same reports whether a and b place the person in the same unit and post
// in the same way, whatever their periods.
func (a Assignment) Same(b Assignment) bool {
	return a.Unit == b.Unit && a.Post == b.Post && a.Primary == b.Primary
}
