package web

import (
	"net/http"
	"strconv"
	"strings"

	"kijun/internal/assets"
	"kijun/internal/devices"
	"kijun/internal/devicesheet"
	"kijun/internal/registers"
	"kijun/internal/store"
)

// entryFromForm reads the fields every register's form has.
func entryFromForm(r *http.Request) devices.Entry {
	e := devices.Entry{ID: strings.TrimSpace(r.FormValue("id")), Name: strings.TrimSpace(r.FormValue("name")), Unit: strings.TrimSpace(r.FormValue("unit"))}
	if v, err := strconv.ParseInt(r.FormValue("version"), 10, 64); err == nil {
		e.Version = v
	}
	return e
}

// lifecycleFromForm reads a device's or medium's state (6.1.7, 9.2.1).
func lifecycleFromForm(r *http.Request) devices.Lifecycle {
	return devices.Lifecycle{State: devices.State(strings.TrimSpace(r.FormValue("state"))),
		StateOn: strings.TrimSpace(r.FormValue("state_on")), StateRef: strings.TrimSpace(r.FormValue("state_ref"))}
}

// devicePages are the pages of the 機器台帳 (6.1, 6.4, 8.1.13, 8.1.14).
func devicePages() *registerPages[devices.Device] {
	return &registerPages[devices.Device]{
		base: "/devices", key: "devices", one: "device", holder: "device", listClass: true, areaChoices: true,
		kinds: devices.DeviceKinds(), lacking: devices.ProtectionList(), sheet: devicesheet.Devices,
		list: (*store.DB).ListDevices, get: (*store.DB).Device, writer: func(rs *registers.Service) *registers.Register[devices.Device] { return rs.Devices },
		entry: func(d *devices.Device) *devices.Entry { return &d.Entry },
		blank: func() devices.Device { return devices.Device{Kind: devices.DevicePC} },
		fromForm: func(r *http.Request) (devices.Device, map[string]string) {
			d := devices.Device{Entry: entryFromForm(r), Kind: devices.DeviceKind(r.FormValue("kind")),
				IssuedTo: strings.TrimSpace(r.FormValue("issued_to")), Location: strings.TrimSpace(r.FormValue("location")),
				Area: strings.TrimSpace(r.FormValue("area")), Lifecycle: lifecycleFromForm(r)}
			for _, p := range devices.ProtectionList() {
				d.Protections.Set(p.Field, r.FormValue(p.Field) == "1")
			}
			return d, nil
		},
		gaps: func(d devices.Device, _ assets.Classification) []devices.Gap { return d.Gaps() },
	}
}

// mediumPages are the pages of the 電磁的記録媒体台帳 (6.4.3, 4.2カ). A
// medium is kept in a managed area chosen from the area register, or in a
// cabinet named in words, or both (4.2カ(3)): the words stay, as imports
// from the registers cities keep today have them.
func mediumPages() *registerPages[devices.Medium] {
	return &registerPages[devices.Medium]{
		base: "/media", key: "media", one: "medium", holder: "medium", listClass: true, areaChoices: true,
		kinds: devices.MediumKinds(), lacking: []devices.Protection{{Field: "encrypted", Label: "暗号化", Clause: "6.4.3"}}, sheet: devicesheet.Media,
		list: (*store.DB).ListMedia, get: (*store.DB).Medium, writer: func(rs *registers.Service) *registers.Register[devices.Medium] { return rs.Media },
		entry: func(m *devices.Medium) *devices.Entry { return &m.Entry },
		blank: func() devices.Medium { return devices.Medium{Kind: devices.MediumUSB} },
		fromForm: func(r *http.Request) (devices.Medium, map[string]string) {
			return devices.Medium{Entry: entryFromForm(r), Kind: devices.MediumKind(r.FormValue("kind")), Encrypted: r.FormValue("encrypted") == "1",
				Location: strings.TrimSpace(r.FormValue("location")), Area: strings.TrimSpace(r.FormValue("area")),
				Cabinet: strings.TrimSpace(r.FormValue("cabinet")), Lifecycle: lifecycleFromForm(r)}, nil
		},
		gaps: func(m devices.Medium, c assets.Classification) []devices.Gap { return m.Gaps(int(c.Confidentiality)) },
	}
}

// areaPages are the pages of the 管理区域台帳 (6.2).
func areaPages() *registerPages[devices.Area] {
	return &registerPages[devices.Area]{
		base: "/areas", key: "areas", one: "area", holder: "area",
		kinds: devices.AreaKinds(), sheet: devicesheet.Areas,
		list: (*store.DB).ListAreas, get: (*store.DB).Area, writer: func(rs *registers.Service) *registers.Register[devices.Area] { return rs.Areas },
		entry: func(a *devices.Area) *devices.Entry { return &a.Entry },
		blank: func() devices.Area { return devices.Area{Kind: devices.AreaSystemRoom, New: true, Floor: 2} },
		fromForm: func(r *http.Request) (devices.Area, map[string]string) {
			a := devices.Area{Entry: entryFromForm(r), Kind: devices.AreaKind(r.FormValue("kind")), Building: strings.TrimSpace(r.FormValue("building")),
				New: r.FormValue("new") == "1", SetUpOn: strings.TrimSpace(r.FormValue("set_up_on")), EntryControl: strings.TrimSpace(r.FormValue("entry_control")),
				People: devices.NormalisePeople(strings.Fields(strings.ReplaceAll(r.FormValue("people"), ",", " ")))}
			errs := map[string]string{}
			n, err := strconv.Atoi(strings.TrimSpace(r.FormValue("floor")))
			if err != nil {
				errs[devices.FieldFloor] = "階は数字で入力してください（地階は -1）"
			}
			a.Floor = n
			return a, errs
		},
		gaps: func(a devices.Area, _ assets.Classification) []devices.Gap { return a.Gaps() },
	}
}
