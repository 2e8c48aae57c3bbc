package organisation

import (
	"time"
)

// EmploymentType is how a person serves the city. The types are those of
// 職員等 in 3.2.5イ, plus contractors' staff (委託業務従事者).
type EmploymentType string

// The employment types.
const (
	EmployRegular         EmploymentType = "regular"          // 職員
	EmployReappointed     EmploymentType = "reappointed"      // 再任用職員
	EmployFixedTerm       EmploymentType = "fixed_term"       // 任期付職員
	EmployTemporary       EmploymentType = "temporary"        // 臨時の任用職員
	EmployFiscalYear      EmploymentType = "fiscal_year"      // 会計年度任用職員
	EmploySpecialPartTime EmploymentType = "special_parttime" // 特別職非常勤職員
	EmployDispatched      EmploymentType = "dispatched"       // 派遣（労働者派遣契約により本市業務に従事する者）
	EmployContractor      EmploymentType = "contractor_staff" // 委託業務従事者
)

// EmploymentTypes returns every type in the order the standard lists them.
func EmploymentTypes() []EmploymentType {
	return []EmploymentType{EmployRegular, EmployReappointed, EmployFixedTerm, EmployTemporary,
		EmployFiscalYear, EmploySpecialPartTime, EmployDispatched, EmployContractor}
}

// Label returns the Japanese name, as HR files and pages write it, or "".
func (e EmploymentType) Label() string {
	switch e {
	case EmployRegular:
		return "職員"
	case EmployReappointed:
		return "再任用職員"
	case EmployFixedTerm:
		return "任期付職員"
	case EmployTemporary:
		return "臨時の任用職員"
	case EmployFiscalYear:
		return "会計年度任用職員"
	case EmploySpecialPartTime:
		return "特別職非常勤職員"
	case EmployDispatched:
		return "派遣"
	case EmployContractor:
		return "委託業務従事者"
	}
	return ""
}

// Valid reports whether e is a known type.
func (e EmploymentType) Valid() bool { return e.Label() != "" }

// Restricted reports whether 7.1.2 applies: a 情報管理者 or another person
// with authority must designate the work such a person may do with
// information assets before they handle any.
func (e EmploymentType) Restricted() bool {
	switch e {
	case EmployTemporary, EmployFiscalYear, EmploySpecialPartTime:
		return true
	}
	return false
}

// ParseEmploymentType reads a type from its Japanese name or its code.
func ParseEmploymentType(s string) (EmploymentType, bool) {
	for _, e := range EmploymentTypes() {
		if s == e.Label() || s == string(e) {
			return e, true
		}
	}
	switch s { // names HR systems commonly use
	case "臨時的任用職員":
		return EmployTemporary, true
	case "派遣職員", "派遣労働者":
		return EmployDispatched, true
	}
	return "", false
}

// Status says whether a person still serves.
type Status string

// The statuses.
const (
	StatusActive Status = "active"
	StatusLeft   Status = "left"
)

// Person is one of the 職員等 or a contractor's staff member.
type Person struct {
	StaffNo    string         `json:"staff_no"` // unique, stable: the person's ID
	Name       string         `json:"name"`
	Kana       string         `json:"kana"`
	Employment EmploymentType `json:"employment"`
	Contractor string         `json:"contractor,omitempty"` // for contractors' staff
	Status     Status         `json:"status"`
	LeftOn     time.Time      `json:"left_on,omitzero"` // the last day served
}

// ActorID is the ledger actor ID of the person.
func (p Person) ActorID() string { return ActorID(p.StaffNo) }

// ActorID is the ledger actor ID of the person with the staff number.
func ActorID(staffNo string) string { return "person:" + staffNo }

// PersonRef names a person in lists and answers.
type PersonRef struct {
	StaffNo string `json:"staff_no"`
	Name    string `json:"name"`
}

// Contractor is a company that staffs contracted work (委託事業者).
type Contractor struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	CorporateNo string `json:"corporate_no"` // 法人番号, 13 digits
}
