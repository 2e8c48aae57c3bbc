package contractors

import (
	"regexp"
	"time"

	"kijun/internal/kijun"
)

// CertKind is a security certification a contractor may hold.
type CertKind string

// The certifications 10.1.1's selection looks for.
const (
	CertISMS  CertKind = "isms"  // ISMS 適合性評価 (ISO/IEC 27001)
	CertPMark CertKind = "pmark" // プライバシーマーク (JIS Q 15001)
	CertISMAP CertKind = "ismap" // ISMAP: government cloud services
)

// CertKinds lists the certifications in the order pages show them.
func CertKinds() []CertKind { return []CertKind{CertISMS, CertPMark, CertISMAP} }

// Label is the certification's Japanese name.
func (k CertKind) Label() string {
	switch k {
	case CertISMS:
		return "ISMS（ISO/IEC 27001）"
	case CertPMark:
		return "プライバシーマーク"
	case CertISMAP:
		return "ISMAP"
	}
	return string(k)
}

// ParseCertKind reads a certification by identifier or Japanese name.
func ParseCertKind(s string) (CertKind, bool) {
	for _, k := range CertKinds() {
		if s == string(k) || s == k.Label() {
			return k, true
		}
	}
	if k, ok := certAliases[s]; ok {
		return k, true
	}
	return "", false
}

// certAliases are the names the certifications go by in spreadsheets.
var certAliases = map[string]CertKind{"ISMS": CertISMS, "ISO27001": CertISMS, "ISO/IEC 27001": CertISMS, "Pマーク": CertPMark, "PMARK": CertPMark}

// Certification is one certification a contractor holds, with its
// registration number and the day it expires.
type Certification struct {
	Kind    CertKind  `json:"kind"`
	Number  string    `json:"number"`
	Expires time.Time `json:"expires"`
}

// Lapsed reports whether the certification has expired by day.
func (c Certification) Lapsed(day time.Time) bool { return c.Expires.Before(day) }

// Selection is the check of 10.1.1: before work is entrusted, the city
// confirms that the contractor will secure the security the work needs.
type Selection struct {
	// CheckedOn is the day of the check, zero while it has not been made.
	CheckedOn time.Time `json:"checked_on,omitzero"`
	// CheckedBy is the staff number of whoever made it.
	CheckedBy string `json:"checked_by,omitempty"`
	// What is what was confirmed, Evidence what it was confirmed on.
	What     string `json:"what,omitempty"`
	Evidence string `json:"evidence,omitempty"`
}

// Done reports whether the check has been recorded.
func (s Selection) Done() bool { return !s.CheckedOn.IsZero() }

// Contractor is one 委託事業者.
type Contractor struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	CorporateNo string `json:"corporate_no,omitempty"` // 法人番号
	Address     string `json:"address,omitempty"`
	// Contact is whom the city calls: a person, a telephone, a mail.
	Contact        string          `json:"contact,omitempty"`
	Certifications []Certification `json:"certifications,omitempty"`
	Selection      Selection       `json:"selection"`
	CreatedAt      time.Time       `json:"created_at,omitzero"`
	UpdatedAt      time.Time       `json:"updated_at,omitzero"`
	Version        int             `json:"version"`
}

// The form fields of a contractor, for errors beside them.
const (
	FieldID          = "id"
	FieldName        = "name"
	FieldCorporateNo = "corporate_no"
	FieldAddress     = "address"
	FieldContact     = "contact"
	FieldCerts       = "certifications"
	FieldCheckedOn   = "selection_checked_on"
	FieldCheckedBy   = "selection_checked_by"
	FieldWhat        = "selection_what"
	FieldEvidence    = "selection_evidence"
)

// MaxCertifications is the most certifications one contractor records.
const MaxCertifications = 20

var (
	idPattern      = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$`)
	staffNoPattern = regexp.MustCompile(`^[A-Za-z0-9-]{1,20}$`)
)

// checkID adds field's error when id is not a register ID.
func checkID(fe *kijun.FieldErrors, field, label, id string) {
	if !idPattern.MatchString(id) {
		fe.Add(field, "%sは英数字で始まる 40 文字以内の英数字・「.」「_」「-」です（%q）", label, id)
	}
}

// Check returns what is wrong with c, field by field.
func (c Contractor) Check() []kijun.FieldError {
	fe := &kijun.FieldErrors{}
	checkID(fe, FieldID, "事業者ID", c.ID)
	if c.Name == "" {
		fe.Add(FieldName, "名称を入力してください")
	}
	fe.Text(FieldName, "名称", c.Name, kijun.MaxName, false)
	if c.CorporateNo != "" {
		if m := CheckCorporateNo(c.CorporateNo); m != "" {
			fe.Add(FieldCorporateNo, "%s", m)
		}
	}
	fe.Text(FieldAddress, "所在地", c.Address, kijun.MaxName, false)
	fe.Text(FieldContact, "連絡先", c.Contact, kijun.MaxName, false)
	if len(c.Certifications) > MaxCertifications {
		fe.Add(FieldCerts, "認証は %d 件までです", MaxCertifications)
	}
	seen := map[CertKind]bool{}
	for i, ct := range c.Certifications {
		if _, ok := ParseCertKind(string(ct.Kind)); !ok {
			fe.Add(FieldCerts, "%d 件目の認証の種類 %q はありません（ISMS・プライバシーマーク・ISMAP）", i+1, ct.Kind)
			continue
		}
		if seen[ct.Kind] {
			fe.Add(FieldCerts, "%s が 2 度あります。1 件にしてください", ct.Kind.Label())
		}
		seen[ct.Kind] = true
		if ct.Number == "" {
			fe.Add(FieldCerts, "%s の登録番号を入力してください", ct.Kind.Label())
		}
		fe.Text(FieldCerts, ct.Kind.Label()+"の登録番号", ct.Number, 100, false)
		if ct.Expires.IsZero() {
			fe.Add(FieldCerts, "%s の有効期限を入力してください", ct.Kind.Label())
		}
	}
	s := c.Selection
	if s.Done() {
		if !staffNoPattern.MatchString(s.CheckedBy) {
			fe.Add(FieldCheckedBy, "選定の確認をした職員の職員番号を入力してください（10.1.1）")
		}
		if s.What == "" {
			fe.Add(FieldWhat, "選定で確認した事項を入力してください（10.1.1）")
		}
	} else if s.CheckedBy != "" || s.What != "" || s.Evidence != "" {
		fe.Add(FieldCheckedOn, "選定の確認をした日を入力してください（10.1.1）")
	}
	fe.Text(FieldWhat, "確認した事項", s.What, kijun.MaxNote, true)
	fe.Text(FieldEvidence, "根拠資料", s.Evidence, kijun.MaxNote, true)
	return fe.Fields
}

// Lapsed returns the certifications that have expired by day.
func (c Contractor) Lapsed(day time.Time) []Certification {
	var out []Certification
	for _, ct := range c.Certifications {
		if ct.Lapsed(day) {
			out = append(out, ct)
		}
	}
	return out
}
