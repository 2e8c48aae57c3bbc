package devices

// MediumKind is what a removable medium is.
type MediumKind string

// The kinds of medium.
const (
	MediumUSB     MediumKind = "usb"
	MediumDisk    MediumKind = "disk"
	MediumOptical MediumKind = "optical"
	MediumTape    MediumKind = "tape"
	MediumSD      MediumKind = "sd"
	MediumOther   MediumKind = "other"
)

// MediumKinds are the kinds of medium, in the order forms offer them.
func MediumKinds() []Choice {
	return []Choice{
		{string(MediumUSB), "USB メモリ", ""},
		{string(MediumDisk), "外付けディスク", ""},
		{string(MediumOptical), "光ディスク", ""},
		{string(MediumTape), "磁気テープ", "4.2カ(4)"},
		{string(MediumSD), "SD カード", ""},
		{string(MediumOther), "その他", ""},
	}
}

// Label is the kind's Japanese name.
func (k MediumKind) Label() string { return labelOf(MediumKinds(), string(k)) }

// ParseMediumKind reads a kind by its identifier or its Japanese name.
func ParseMediumKind(s string) (MediumKind, bool) {
	v, ok := parseChoice(MediumKinds(), s)
	return MediumKind(v), ok
}

// Medium is one entry of the 電磁的記録媒体台帳: a USB memory, a disk, a
// tape, the 課 that keeps it and where it is kept (4.2カ).
type Medium struct {
	Entry
	Kind MediumKind `json:"kind"`
	// Encrypted says the medium encrypts what it holds (6.4.3).
	Encrypted bool   `json:"encrypted"`
	Location  string `json:"location,omitempty"`
	// Area and Cabinet say where it is locked away (4.2カ(3)): a managed
	// area, and a cabinet in words.
	Area    string `json:"area,omitempty"`
	Cabinet string `json:"cabinet,omitempty"`
	Lifecycle
}

// The fields of a medium that the others do not have.
const (
	FieldEncrypted = "encrypted"
	FieldCabinet   = "cabinet"
)

// Check returns every field of m that is wrong, in the order of the form,
// or nil.
func (m Medium) Check() []FieldError {
	var c checker
	c.entry(m.Entry, "媒体")
	if _, ok := ParseMediumKind(string(m.Kind)); !ok {
		c.bad(FieldKind, "種類 %q はありません（%s）", string(m.Kind), labels(MediumKinds()))
	}
	c.text(FieldLocation, "保管場所", m.Location, 0, 200)
	c.area(m.Area)
	c.text(FieldCabinet, "保管庫", m.Cabinet, 0, 100)
	c.lifecycle(m.Lifecycle, "媒体")
	return c.errs
}

// Gaps are what the standard asks of a medium holding information of
// confidentiality c that the register says it lacks.
func (m Medium) Gaps(confidentiality int) []Gap {
	var out []Gap
	if m.State.Gone() {
		return nil
	}
	if confidentiality >= 2 && !m.Encrypted {
		out = append(out, Gap{"6.4.3", "機密性2以上の情報資産を保存していますが、暗号化機能を備えていません"})
	}
	if confidentiality >= 2 && m.Area == "" && m.Cabinet == "" {
		out = append(out, Gap{"4.2カ(3)", "施錠可能な保管場所（管理区域又は保管庫）が記録されていません"})
	}
	return out
}

// Same reports whether m and o hold the same values, whatever their
// versions and times.
func (m Medium) Same(o Medium) bool {
	return m.ID == o.ID && m.Name == o.Name && m.Unit == o.Unit && m.Kind == o.Kind && m.Encrypted == o.Encrypted &&
		m.Location == o.Location && m.Area == o.Area && m.Cabinet == o.Cabinet && m.Lifecycle == o.Lifecycle
}
