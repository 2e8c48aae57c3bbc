package devices

// DeviceKind is what a device is.
type DeviceKind string

// The kinds of device.
const (
	DeviceServer  DeviceKind = "server"
	DeviceNetwork DeviceKind = "network"
	DevicePC      DeviceKind = "pc"
	DeviceMobile  DeviceKind = "mobile"
	DeviceMFP     DeviceKind = "mfp"
	DeviceIoT     DeviceKind = "iot"
	DeviceOther   DeviceKind = "other"
)

// DeviceKinds are the kinds of device, in the order forms offer them.
func DeviceKinds() []Choice {
	return []Choice{
		{string(DeviceServer), "サーバ", "6.1"},
		{string(DeviceNetwork), "ネットワーク機器", "6.1, 6.3.1"},
		{string(DevicePC), "パソコン", "6.4"},
		{string(DeviceMobile), "モバイル端末", "6.4.4"},
		{string(DeviceMFP), "複合機", "8.1.13"},
		{string(DeviceIoT), "IoT・特定用途機器", "8.1.14"},
		{string(DeviceOther), "その他", ""},
	}
}

// Label is the kind's Japanese name.
func (k DeviceKind) Label() string { return labelOf(DeviceKinds(), string(k)) }

// ParseDeviceKind reads a kind by its identifier or its Japanese name.
func ParseDeviceKind(s string) (DeviceKind, bool) {
	v, ok := parseChoice(DeviceKinds(), s)
	return DeviceKind(v), ok
}

// Protections are the measures a device has, as the register records them.
type Protections struct {
	// 6.4.3: data on the device is encrypted (the security chip used).
	DiskEncryption bool `json:"disk_encryption"`
	// 6.4.4ア: the device locks with a password.
	ScreenLock bool `json:"screen_lock"`
	// 6.4.4イ: it can be wiped from afar when lost.
	RemoteWipe bool `json:"remote_wipe"`
	// 6.4.4ウ: a privacy filter against looking over the shoulder.
	PrivacyFilter bool `json:"privacy_filter"`
	// 5.1イ(2): USB memory and the like cannot take data out.
	USBControl bool `json:"usb_control"`
	// 6.4.2ア: a password at power-on (BIOS, hard disk).
	BIOSPassword bool `json:"bios_password"`
}

// Protection names one protection: its field, Japanese name and clause.
type Protection struct {
	Field, Label, Clause string
}

// ProtectionList are the protections in the order forms show them.
func ProtectionList() []Protection {
	return []Protection{
		{"disk_encryption", "ディスク暗号化", "6.4.3"},
		{"screen_lock", "画面ロック", "6.4.4ア"},
		{"remote_wipe", "遠隔消去（リモートワイプ）", "6.4.4イ"},
		{"privacy_filter", "覗き見防止フィルタ", "6.4.4ウ"},
		{"usb_control", "USB 等の外部媒体制御", "5.1イ(2)"},
		{"bios_password", "起動時パスワード（BIOS）", "6.4.2ア"},
	}
}

// Has reports whether p includes the protection named by field.
func (p Protections) Has(field string) bool {
	switch field {
	case "disk_encryption":
		return p.DiskEncryption
	case "screen_lock":
		return p.ScreenLock
	case "remote_wipe":
		return p.RemoteWipe
	case "privacy_filter":
		return p.PrivacyFilter
	case "usb_control":
		return p.USBControl
	case "bios_password":
		return p.BIOSPassword
	}
	return false
}

// Set turns the protection named by field on or off.
func (p *Protections) Set(field string, on bool) {
	switch field {
	case "disk_encryption":
		p.DiskEncryption = on
	case "screen_lock":
		p.ScreenLock = on
	case "remote_wipe":
		p.RemoteWipe = on
	case "privacy_filter":
		p.PrivacyFilter = on
	case "usb_control":
		p.USBControl = on
	case "bios_password":
		p.BIOSPassword = on
	}
}

// Device is one entry of the 機器台帳: a server, network equipment, a PC,
// a mobile terminal, a 複合機 or a special-purpose device, the 課 that
// keeps it, who it is issued to and where it is.
type Device struct {
	Entry
	Kind DeviceKind `json:"kind"`
	// IssuedTo is the 職員番号 of the person the device is issued to, if
	// any (a 支給端末).
	IssuedTo     string `json:"issued_to,omitempty"`
	IssuedToName string `json:"issued_to_name,omitempty"`
	Location     string `json:"location,omitempty"`
	// Area is the 管理区域 the device stands in, if any (6.2.1ア).
	Area string `json:"area,omitempty"`
	Protections
	Lifecycle
}

// The fields of a device that the others do not have.
const FieldIssuedTo = "issued_to"

// Check returns every field of d that is wrong, in the order of the form,
// or nil. Whether the unit, the person and the area exist is the store's
// to check.
func (d Device) Check() []FieldError {
	var c checker
	c.entry(d.Entry, "機器")
	if _, ok := ParseDeviceKind(string(d.Kind)); !ok {
		c.bad(FieldKind, "種類 %q はありません（%s）", string(d.Kind), labels(DeviceKinds()))
	}
	if d.IssuedTo != "" && !staffNoPattern.MatchString(d.IssuedTo) {
		c.bad(FieldIssuedTo, "使用者の職員番号 %q が正しくありません", d.IssuedTo)
	}
	c.text(FieldLocation, "設置場所", d.Location, 0, 200)
	c.area(d.Area)
	c.lifecycle(d.Lifecycle, "機器")
	return c.errs
}

// Gaps are the protections the standard asks of a device of its kind that
// the register says it lacks.
func (d Device) Gaps() []Gap {
	var out []Gap
	if d.State.Gone() {
		return nil
	}
	need := func(on bool, clause, text string) {
		if !on {
			out = append(out, Gap{clause, text})
		}
	}
	switch d.Kind {
	case DevicePC, DeviceMobile, DeviceServer:
		need(d.DiskEncryption, "6.4.3", "端末等のデータを暗号化していません")
	}
	if d.Kind == DeviceMobile {
		need(d.ScreenLock, "6.4.4ア", "モバイル端末にパスワードによる端末ロックを設定していません")
		need(d.RemoteWipe, "6.4.4イ", "紛失・盗難時に遠隔消去できません")
		need(d.PrivacyFilter, "6.4.4ウ", "モバイル端末に覗き見防止の措置がありません")
	}
	return out
}

// Same reports whether d and o hold the same values, whatever their
// versions and times: an import that changes nothing writes nothing.
func (d Device) Same(o Device) bool {
	return d.ID == o.ID && d.Name == o.Name && d.Unit == o.Unit && d.Kind == o.Kind && d.IssuedTo == o.IssuedTo &&
		d.Location == o.Location && d.Area == o.Area && d.Protections == o.Protections && d.Lifecycle == o.Lifecycle
}
