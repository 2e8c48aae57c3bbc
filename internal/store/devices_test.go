package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"kijun/internal/devices"
	"kijun/internal/kijun"
	"kijun/internal/registers"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

func device(id, unit, name string, kind devices.DeviceKind) devices.Device {
	return devices.Device{Entry: devices.Entry{ID: id, Unit: unit, Name: name}, Kind: kind, Location: "本庁舎"}
}

func serverRoom(t *testing.T, db *store.DB) {
	t.Helper()
	a := devices.Area{Entry: devices.Entry{ID: "R-1", Unit: "112", Name: "第1サーバ室"}, Kind: devices.AreaSystemRoom,
		Building: "本庁舎1号館", Floor: 5, EntryControl: "IC カード", People: []string{"1003", "1005"}}
	if _, err := db.CreateArea(context.Background(), registers.Console(), a); err != nil {
		t.Fatal(err)
	}
}

// The device list filters by unit, kind, area and missing protection,
// searches, sorts and pages on both engines, and counts what the filter
// matches in all.
func TestListDevices(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		smallOrg(t, db)
		serverRoom(t, db)
		var rows []store.Row[devices.Device]
		kinds := []devices.DeviceKind{devices.DevicePC, devices.DeviceMobile, devices.DeviceServer}
		for i := range 30 {
			unit := "111"
			if i%3 == 0 {
				unit = "112"
			}
			d := device(fmt.Sprintf("D-%02d", i), unit, fmt.Sprintf("端末%02d号 %s", 30-i, []string{"窓口", "会議室", "サーバ"}[i%3]), kinds[i%3])
			d.DiskEncryption = i%2 == 0
			if d.Kind == devices.DeviceServer {
				d.Area = "R-1"
			}
			rows = append(rows, store.Row[devices.Device]{Line: i + 2, Item: d})
		}
		if _, err := db.ImportDevices(ctx, registers.Console(), "t", rows, nil, false); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name      string
			f         store.RegisterFilter
			total     int
			first     string
			pageCount int
		}{
			{"all", store.RegisterFilter{Limit: 10}, 30, "D-00", 10},
			{"one unit", store.RegisterFilter{Units: []string{"112"}}, 10, "D-00", 10},
			{"no units", store.RegisterFilter{Units: []string{}}, 0, "", 0},
			{"mobile", store.RegisterFilter{Kind: "mobile"}, 10, "D-01", 10},
			{"in the server room", store.RegisterFilter{Area: "R-1"}, 10, "D-02", 10},
			{"not encrypted", store.RegisterFilter{Lacking: "disk_encryption"}, 15, "D-01", 15},
			{"search", store.RegisterFilter{Q: "会議室"}, 10, "D-01", 10},
			{"search two words", store.RegisterFilter{Q: "会議室 端末29"}, 1, "D-01", 1},
			{"by name", store.RegisterFilter{Sort: "name", Limit: 5}, 30, "D-29", 5},
			{"by name desc", store.RegisterFilter{Sort: "name", Desc: true, Limit: 5}, 30, "D-00", 5},
			{"last page", store.RegisterFilter{Limit: 10, Offset: 25}, 30, "D-25", 5},
			{"past the end with a search", store.RegisterFilter{Q: "端末", Offset: 100}, 30, "", 0},
		}
		for _, tt := range tests {
			list, total, err := db.ListDevices(ctx, tt.f)
			if err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			first := ""
			if len(list) > 0 {
				first = list[0].ID
			}
			if total != tt.total || first != tt.first || len(list) != tt.pageCount {
				t.Errorf("%s: total %d, first %q, %d on the page; want %d, %q, %d", tt.name, total, first, len(list), tt.total, tt.first, tt.pageCount)
			}
		}
		if _, _, err := db.ListDevices(ctx, store.RegisterFilter{Lacking: "name; DROP TABLE devices"}); kijun.ErrorCode(err) != kijun.EINVALID {
			t.Errorf("filter by an unknown protection: %v, want EINVALID", err)
		}
	})
}

func fieldsOf(t *testing.T, err error) map[string]bool {
	t.Helper()
	var fe *store.FieldErrors
	if !errors.As(err, &fe) {
		t.Fatalf("got %v, want field errors", err)
	}
	fields := map[string]bool{}
	for _, f := range fe.Fields {
		fields[f.Field] = true
	}
	return fields
}

// Saving checks every field and every reference (unit, person, area),
// refuses a second device with the same ID, and refuses a change made
// from a version someone else has changed since; each save leaves a
// ledger record.
func TestSaveDevice(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		smallOrg(t, db)
		serverRoom(t, db)
		bad := device("bad id!", "", "", "typewriter")
		fields := fieldsOf(t, func() error { _, err := db.CreateDevice(ctx, registers.Console(), bad); return err }())
		for _, f := range []string{"id", "name", "unit", "kind"} {
			if !fields[f] {
				t.Errorf("no error for field %s: %v", f, fields)
			}
		}
		ghost := device("PC-1", "999", "窓口端末", devices.DevicePC)
		ghost.IssuedTo, ghost.Area = "9999", "R-9"
		fields = fieldsOf(t, func() error { _, err := db.CreateDevice(ctx, registers.Console(), ghost); return err }())
		if !fields["unit"] || !fields["issued_to"] || !fields["area"] || len(fields) != 3 {
			t.Errorf("unknown unit, person and area: %v", fields)
		}
		d := device("PC-1", "111", "窓口端末", devices.DevicePC)
		d.IssuedTo, d.Area, d.DiskEncryption = "1004", "R-1", true
		saved, err := db.CreateDevice(ctx, registers.Console(), d)
		if err != nil || saved.Version != 1 {
			t.Fatalf("save: %+v, %v", saved, err)
		}
		got, err := db.Device(ctx, "PC-1")
		if err != nil || got.IssuedToName != "高橋 次郎" || got.UnitName != "情報政策課" || !got.DiskEncryption || got.Area != "R-1" {
			t.Errorf("read back: %+v, %v", got, err)
		}
		if _, err := db.CreateDevice(ctx, registers.Console(), d); !fieldsOf(t, err)["id"] {
			t.Errorf("second device with the same ID: %v", err)
		}
		first, second := got, got
		first.Name, second.Name = "窓口端末（1番）", "窓口端末（2番）"
		if _, err := db.UpdateDevice(ctx, registers.Console(), first); err != nil {
			t.Fatal(err)
		}
		if _, err := db.UpdateDevice(ctx, registers.Console(), second); kijun.ErrorCode(err) != kijun.ECONFLICT {
			t.Errorf("a change from a stale version: %v, want ECONFLICT", err)
		}
		if got, _ := db.Device(ctx, "PC-1"); got.Name != "窓口端末（1番）" || got.Version != 2 {
			t.Errorf("after the conflict: %+v", got)
		}
		if _, err := db.Device(ctx, "PC-2"); kijun.ErrorCode(err) != kijun.ENOTFOUND {
			t.Errorf("a device that is not there: %v", err)
		}
		recs, err := db.Records(ctx, store.RecordFilter{Entity: "device", EntityID: "PC-1"})
		if err != nil || len(recs) != 2 {
			t.Errorf("ledger records of PC-1: %d, %v; want 2", len(recs), err)
		}
	})
}

// An import with a bad row in the middle writes nothing and names the
// row and column; the good file imports, and importing it again changes
// nothing.
func TestImportDevicesAllOrNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		smallOrg(t, db)
		cols := map[string]string{"unit": "所管課コード", "issued_to": "使用者", "id": "管理番号"}
		rows := []store.Row[devices.Device]{
			{Line: 2, Item: device("PC-1", "111", "端末1", devices.DevicePC)},
			{Line: 3, Item: device("PC-2", "111", "端末2", devices.DevicePC)},
			{Line: 4, Item: device("PC-3", "112", "端末3", devices.DevicePC)},
		}
		rows[1].Item.IssuedTo = "8888"
		_, err := db.ImportDevices(ctx, registers.Console(), "機器台帳", rows, cols, false)
		var ie *kijun.ImportError
		if !errors.As(err, &ie) || len(ie.Errors) != 1 || ie.Errors[0].Row != 3 || ie.Errors[0].Column != "使用者" {
			t.Fatalf("bad row 3: %v", err)
		}
		if n, _ := db.CountDevices(ctx); n != 0 {
			t.Fatalf("a refused import wrote %d devices", n)
		}
		rows[1].Item.IssuedTo = "1004"
		rows = append(rows, store.Row[devices.Device]{Line: 5, Item: device("PC-1", "112", "重複", devices.DevicePC)})
		if _, err := db.ImportDevices(ctx, registers.Console(), "機器台帳", rows, cols, false); !errors.As(err, &ie) || ie.Errors[0].Row != 5 || ie.Errors[0].Column != "管理番号" {
			t.Fatalf("a repeated ID: %v", err)
		}
		rows = rows[:3]
		plan, err := db.ImportDevices(ctx, registers.Console(), "機器台帳", rows, cols, false)
		if err != nil || len(plan.Added) != 3 {
			t.Fatalf("import: %+v, %v", plan, err)
		}
		plan, err = db.ImportDevices(ctx, registers.Console(), "機器台帳", rows, cols, false)
		if err != nil || plan.Unchanged != 3 || len(plan.Added)+len(plan.Changed) != 0 {
			t.Errorf("re-import: %+v, %v; want all unchanged", plan, err)
		}
		rows[2].Item.ScreenLock = true
		if plan, err = db.ImportDevices(ctx, registers.Console(), "機器台帳", rows, cols, false); err != nil || len(plan.Changed) != 1 || plan.Changed[0] != "PC-3" {
			t.Errorf("one change: %+v, %v", plan, err)
		}
		if d, _ := db.Device(ctx, "PC-3"); d.Version != 2 || !d.ScreenLock {
			t.Errorf("PC-3 after the change: %+v", d)
		}
		if _, err := db.VerifyLedger(ctx, store.VerifyOptions{}); err != nil {
			t.Errorf("ledger after imports: %v", err)
		}
	})
}

// Media and areas share the machinery; what is theirs is checked here: a
// medium's encryption filter, an area's people and the 6.2.1イ floor rule.
func TestMediaAndAreas(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		smallOrg(t, db)
		serverRoom(t, db)
		a, err := db.Area(ctx, "R-1")
		if err != nil || len(a.People) != 2 || a.People[0] != "1003" || a.UnitName != "情報システム課" {
			t.Fatalf("area R-1: %+v, %v", a, err)
		}
		// 6.2.1イ: a new area on the ground floor is refused; an existing one is kept.
		ground := devices.Area{Entry: devices.Entry{ID: "R-2", Unit: "112", Name: "1階倉庫"}, Kind: devices.AreaStorage,
			Building: "別館", Floor: 1, New: true, EntryControl: "鍵", People: []string{"1003", "7777"}}
		if f := fieldsOf(t, func() error { _, err := db.CreateArea(ctx, registers.Console(), ground); return err }()); !f["floor"] || len(f) != 1 {
			t.Errorf("a new area on the ground floor: %v", f)
		}
		ground.New = false
		if f := fieldsOf(t, func() error { _, err := db.CreateArea(ctx, registers.Console(), ground); return err }()); !f["people"] || len(f) != 1 {
			t.Errorf("a person who does not exist: %v", f)
		}
		ground.People = []string{"1005", "1003", "1005"}
		if _, err := db.CreateArea(ctx, registers.Console(), ground); err != nil {
			t.Fatal(err)
		}
		a, _ = db.Area(ctx, "R-2")
		a.People = []string{"1003"}
		if _, err := db.UpdateArea(ctx, registers.Console(), a); err != nil {
			t.Fatal(err)
		}
		if a, _ = db.Area(ctx, "R-2"); len(a.People) != 1 || a.Version != 2 {
			t.Errorf("people after a change: %+v", a)
		}

		m := devices.Medium{Entry: devices.Entry{ID: "M-1", Unit: "111", Name: "バックアップ媒体"}, Kind: devices.MediumTape, Area: "R-1"}
		m2 := devices.Medium{Entry: devices.Entry{ID: "M-2", Unit: "111", Name: "配布用 USB"}, Kind: devices.MediumUSB, Encrypted: true, Cabinet: "書庫2"}
		for _, x := range []devices.Medium{m, m2} {
			if _, err := db.CreateMedium(ctx, registers.Console(), x); err != nil {
				t.Fatal(err)
			}
		}
		list, total, err := db.ListMedia(ctx, store.RegisterFilter{Lacking: "encrypted"})
		if err != nil || total != 1 || list[0].ID != "M-1" {
			t.Errorf("unencrypted media: %+v, %d, %v", list, total, err)
		}
		if _, _, err := db.ListMedia(ctx, store.RegisterFilter{Lacking: "disk_encryption"}); kijun.ErrorCode(err) != kijun.EINVALID {
			t.Errorf("a device's protection on media: %v", err)
		}
		if _, total, _ := db.ListMedia(ctx, store.RegisterFilter{Q: "書庫2"}); total != 1 {
			t.Errorf("search by cabinet: %d", total)
		}
		areas, total, err := db.ListAreas(ctx, store.RegisterFilter{Sort: "name"})
		if err != nil || total != 2 || areas[0].ID != "R-2" || len(areas[1].People) != 2 {
			t.Errorf("areas: %+v, %d, %v", areas, total, err)
		}
	})
}
