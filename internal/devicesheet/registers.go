package devicesheet

import (
	"strconv"
	"strings"
	"time"

	"kijun/internal/devices"
	"kijun/internal/sheets"
	"kijun/internal/store"
)

// entryColumns are the columns every register starts with.
func entryColumns(more ...sheets.Column) []sheets.Column {
	return append([]sheets.Column{
		{Heading: "管理番号", Field: devices.FieldID, Required: true},
		{Heading: "名称", Field: devices.FieldName, Required: true},
		{Heading: "所管課コード", Field: devices.FieldUnit, Required: true},
		{Heading: "種類", Field: devices.FieldKind, Required: true},
	}, more...)
}

func readEntry(c sheets.Cells) devices.Entry {
	return devices.Entry{ID: c.Get("管理番号"), Name: c.Get("名称"), Unit: c.Get("所管課コード")}
}

// lifecycleColumns are the columns of a device's or medium's state (6.1.7,
// 9.2.1), last in the sheet; a blank state is in use.
var lifecycleColumns = []sheets.Column{
	{Heading: "状態", Field: devices.FieldState},
	{Heading: "状態の日付", Field: devices.FieldStateOn},
	{Heading: "根拠の番号", Field: devices.FieldStateRef},
}

func readLifecycle(c sheets.Cells) devices.Lifecycle {
	st, ok := devices.ParseState(c.Get("状態"))
	if !ok {
		st = devices.State(c.Get("状態"))
	}
	return devices.Lifecycle{State: st, StateOn: sheetDate(c.Get("状態の日付")), StateRef: c.Get("根拠の番号")}
}

func lifecycleCells(l devices.Lifecycle) []any {
	l.Normalise()
	return []any{l.State.Label(), l.StateOn, l.StateRef}
}

// sheetDate writes a date as a spreadsheet shows it (2025/4/1, 2025-04-01)
// in the YYYY-MM-DD form; anything else is left for the check to refuse.
func sheetDate(v string) string {
	for _, layout := range []string{time.DateOnly, "2006/1/2", "2006-1-2", "2006/01/02"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t.Format(time.DateOnly)
		}
	}
	return v
}

// Devices is the 機器台帳 (6.1, 6.4, 8.1.13, 8.1.14): one column per
// protection, ○ or ×.
var Devices = &Register[devices.Device]{
	Sheet: "機器台帳", File: "kiki-daicho",
	columns: entryColumns(deviceColumns()...),
	read: func(c sheets.Cells) devices.Device {
		d := devices.Device{Entry: readEntry(c), IssuedTo: c.Get("使用者の職員番号"), Location: c.Get("設置場所"), Area: c.Get("管理区域"),
			Lifecycle: readLifecycle(c)}
		d.Kind, _ = devices.ParseDeviceKind(c.Get("種類"))
		for _, p := range devices.ProtectionList() {
			d.Protections.Set(p.Field, c.Bool(p.Label))
		}
		return d
	},
	cells: func(d devices.Device) []any {
		row := []any{d.ID, d.Name, d.Unit, d.Kind.Label(), d.IssuedTo, d.Location, d.Area}
		for _, p := range devices.ProtectionList() {
			row = append(row, sheets.YesNo(d.Protections.Has(p.Field)))
		}
		return append(row, lifecycleCells(d.Lifecycle)...)
	},
	// The examples name what the demo city (internal/demo) has, so that a
	// template imports there as it stands: 課 10101 (情報政策課), its
	// 係長 100006 and 100003, and the storage area AREA-10.
	example: []any{"PC-0001", "事務用パソコン", "10101", "パソコン", "100006", "本庁舎3階 情報政策課", "", "○", "○", "×", "×", "○", "○", "使用中", "", ""},
	imp:     (*store.DB).ImportDevices,
	each:    (*store.DB).EachDevice,
}

func deviceColumns() []sheets.Column {
	cols := []sheets.Column{
		{Heading: "使用者の職員番号", Field: devices.FieldIssuedTo},
		{Heading: "設置場所", Field: devices.FieldLocation},
		{Heading: "管理区域", Field: devices.FieldArea},
	}
	for _, p := range devices.ProtectionList() {
		cols = append(cols, sheets.Column{Heading: p.Label, Field: p.Field})
	}
	return append(cols, lifecycleColumns...)
}

// Media is the 電磁的記録媒体台帳 (6.4.3, 4.2カ).
var Media = &Register[devices.Medium]{
	Sheet: "電磁的記録媒体台帳", File: "baitai-daicho",
	columns: entryColumns(append([]sheets.Column{
		{Heading: "暗号化", Field: devices.FieldEncrypted},
		{Heading: "保管場所", Field: devices.FieldLocation},
		{Heading: "管理区域", Field: devices.FieldArea},
		{Heading: "保管庫", Field: devices.FieldCabinet},
	}, lifecycleColumns...)...),
	read: func(c sheets.Cells) devices.Medium {
		m := devices.Medium{Entry: readEntry(c), Encrypted: c.Bool("暗号化"), Location: c.Get("保管場所"), Area: c.Get("管理区域"), Cabinet: c.Get("保管庫"),
			Lifecycle: readLifecycle(c)}
		m.Kind, _ = devices.ParseMediumKind(c.Get("種類"))
		return m
	},
	cells: func(m devices.Medium) []any {
		return append([]any{m.ID, m.Name, m.Unit, m.Kind.Label(), sheets.YesNo(m.Encrypted), m.Location, m.Area, m.Cabinet}, lifecycleCells(m.Lifecycle)...)
	},
	example: []any{"M-0001", "バックアップ用テープ 1", "10101", "磁気テープ", "○", "", "AREA-10", "施錠キャビネット A", "使用中", "", ""},
	imp:     (*store.DB).ImportMedia,
	each:    (*store.DB).EachMedium,
}

// Areas is the 管理区域台帳 (6.2): the people allowed in are staff
// numbers separated by commas or spaces.
var Areas = &Register[devices.Area]{
	Sheet: "管理区域台帳", File: "kanri-kuiki-daicho",
	columns: entryColumns(
		sheets.Column{Heading: "建物", Field: devices.FieldBuilding, Required: true},
		sheets.Column{Heading: "階", Field: devices.FieldFloor, Required: true},
		sheets.Column{Heading: "新設", Field: devices.FieldNew},
		sheets.Column{Heading: "設置日", Field: devices.FieldSetUpOn},
		sheets.Column{Heading: "入退室の認証", Field: devices.FieldEntryControl, Required: true},
		sheets.Column{Heading: "入室を許可された職員番号", Field: devices.FieldPeople},
	),
	read: func(c sheets.Cells) devices.Area {
		a := devices.Area{Entry: readEntry(c), Building: c.Get("建物"), New: c.Bool("新設"), SetUpOn: sheetDate(c.Get("設置日")),
			EntryControl: c.Get("入退室の認証")}
		a.Kind, _ = devices.ParseAreaKind(c.Get("種類"))
		floor := strings.TrimSuffix(strings.TrimSuffix(c.Get("階"), "階"), ".0")
		n, err := strconv.Atoi(strings.Replace(floor, "地下", "-", 1))
		if err != nil {
			c.Bad("階", "階 %q は数字で書いてください（地階は -1 又は 地下1）", c.Get("階"))
		}
		a.Floor = n
		a.People = devices.NormalisePeople(strings.FieldsFunc(c.Get("入室を許可された職員番号"), func(r rune) bool {
			return r == ',' || r == '、' || r == ' ' || r == '\n'
		}))
		return a
	},
	cells: func(a devices.Area) []any {
		return []any{a.ID, a.Name, a.Unit, a.Kind.Label(), a.Building, a.Floor, sheets.YesNo(a.New), a.SetUpOn, a.EntryControl, strings.Join(a.People, ",")}
	},
	example: []any{"AREA-01", "本庁舎 情報システム室（予備）", "10101", "情報システム室", "本庁舎1号館", 5, "×", "2015-04-01", "IC カード", "100003,100006"},
	imp:     (*store.DB).ImportAreas,
	each:    (*store.DB).EachArea,
}
