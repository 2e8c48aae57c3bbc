package organisation

import "kijun/internal/kijun"

// The most characters of the organisation's text: codes and numbers, and
// names and their kana. The OpenAPI document states the same limits.
const (
	MaxCode = 40
	MaxName = kijun.MaxName
)

// CheckText returns the person's text errors: too long, or not text a
// person reads as written (kijun.FieldErrors.Text), or nil.
func (p Person) CheckText() error {
	var fe kijun.FieldErrors
	fe.Text("staff_no", "職員番号", p.StaffNo, MaxCode, false)
	fe.Text("name", "職員番号 "+kijun.Printable(p.StaffNo)+" の氏名", p.Name, MaxName, false)
	fe.Text("kana", "職員番号 "+kijun.Printable(p.StaffNo)+" の氏名カナ", p.Kana, MaxName, false)
	fe.Text("contractor", "委託事業者", p.Contractor, MaxCode, false)
	return fe.AsError()
}

// CheckText returns the unit's text errors, or nil.
func (u Unit) CheckText() error {
	var fe kijun.FieldErrors
	fe.Text("code", "組織コード", u.Code, MaxCode, false)
	fe.Text("name", "組織 "+kijun.Printable(u.Code)+" の名称", u.Name, MaxName, false)
	fe.Text("kana", "組織 "+kijun.Printable(u.Code)+" の名称カナ", u.Kana, MaxName, false)
	return fe.AsError()
}

// CheckText returns the contractor's text errors, or nil.
func (c Contractor) CheckText() error {
	var fe kijun.FieldErrors
	fe.Text("id", "委託事業者ID", c.ID, MaxCode, false)
	fe.Text("name", "委託事業者の名称", c.Name, MaxName, false)
	return fe.AsError()
}
