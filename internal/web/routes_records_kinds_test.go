package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"kijun/internal/assets"
	"kijun/internal/assetsheet"
	"kijun/internal/devices"
	"kijun/internal/devicesheet"
	"kijun/internal/registers"
	"kijun/internal/sheets"
	"kijun/internal/store"
	"kijun/internal/systems"
	"kijun/internal/systemsheet"
)

// recordKind is one register as TestRegisterWritesByRecord attacks it:
// how to seed a record, fill in its form, write its import file and read
// it back.
type recordKind struct {
	base string
	// city: only the CISO's office keeps it (the network register).
	city bool
	// seed stores a record of unit as the console would.
	seed func(t *testing.T, db *store.DB, id, unit string)
	// form is a valid form for a record of unit at version.
	form func(id, unit string, version int64) url.Values
	// export writes the whole register as CSV, to build import files from.
	export func(db *store.DB, w io.Writer) error
	state  func(db *store.DB, id string) (unit string, version int64, err error)
}

func mustSeed(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("seed: %v", err)
	}
}

// withValues sets pairs of keys and values in v.
func withValues(v url.Values, kv ...string) url.Values {
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}

// secret, with the register's path, is in the name of every record of 課
// 112, so a refusal that shows the record is caught.
const secret = "他課の秘密"

func recordKinds() []recordKind {
	ctx := context.Background()
	console := registers.Console()
	entryForm := func(id, unit string, version int64) url.Values {
		return url.Values{"id": {id}, "unit": {unit}, "name": {"名前 " + id}, "version": {strconv.FormatInt(version, 10)}}
	}
	with := withValues
	// name is the name of a record; a record of 112 has its register's
	// secret (the area choices of the device and media forms offer every
	// area by name, on purpose).
	name := func(base, id, unit string) string {
		if unit == "112" {
			return secret + base
		}
		return "名前 " + id
	}
	var kinds []recordKind
	kinds = append(kinds, recordKind{base: "/assets",
		seed: func(t *testing.T, db *store.DB, id, unit string) {
			a := assets.Asset{ID: id, Unit: unit, Name: name("/assets", id, unit), Kind: assets.KindData, Stage: assets.StageUse,
				Classification: assets.Classification{Confidentiality: 2, ConfidentialityReason: "個人情報", Integrity: 1, Availability: 1}}
			_, err := registers.New(db).Assets.Create(ctx, console, a)
			mustSeed(t, err)
		},
		form: func(id, unit string, version int64) url.Values {
			return with(entryForm(id, unit, version), "kind", "data", "stage", "use", "confidentiality", "1", "integrity", "1", "availability", "1")
		},
		export: func(db *store.DB, w io.Writer) error {
			return assetsheet.Export(ctx, db, store.AssetFilter{}, sheets.CSVUTF8, w)
		},
		state: func(db *store.DB, id string) (string, int64, error) {
			a, err := db.Asset(ctx, id)
			return a.Unit, a.Version, err
		},
	})
	kinds = append(kinds, recordKind{base: "/systems",
		seed: func(t *testing.T, db *store.DB, id, unit string) {
			_, err := registers.New(db).Systems.Create(ctx, console, systems.System{ID: id, Name: name("/systems", id, unit), Unit: unit,
				Zone: systems.ZoneLGWAN, Hosting: systems.HostOnsite, AuthFactors: 2})
			mustSeed(t, err)
		},
		form: func(id, unit string, version int64) url.Values {
			return with(entryForm(id, unit, version), "zone", "lgwan", "hosting", "onsite", "auth_factors", "2")
		},
		export: func(db *store.DB, w io.Writer) error {
			return systemsheet.Export(ctx, db, store.SystemFilter{}, sheets.CSVUTF8, w)
		},
		state: func(db *store.DB, id string) (string, int64, error) {
			s, err := db.System(ctx, id)
			return s.Unit, s.Version, err
		},
	})
	kinds = append(kinds, recordKind{base: "/devices",
		seed: func(t *testing.T, db *store.DB, id, unit string) {
			_, err := registers.New(db).Devices.Create(ctx, console, devices.Device{Entry: devices.Entry{ID: id, Unit: unit, Name: name("/devices", id, unit)},
				Kind: devices.DevicePC, Location: "本庁舎"})
			mustSeed(t, err)
		},
		form: func(id, unit string, version int64) url.Values {
			return with(entryForm(id, unit, version), "kind", string(devices.DevicePC), "location", "本庁舎")
		},
		export: func(db *store.DB, w io.Writer) error {
			return devicesheet.Devices.Export(ctx, db, store.RegisterFilter{}, sheets.CSVUTF8, w)
		},
		state: func(db *store.DB, id string) (string, int64, error) {
			d, err := db.Device(ctx, id)
			return d.Unit, d.Version, err
		},
	})
	kinds = append(kinds, recordKind{base: "/media",
		seed: func(t *testing.T, db *store.DB, id, unit string) {
			_, err := registers.New(db).Media.Create(ctx, console, devices.Medium{Entry: devices.Entry{ID: id, Unit: unit, Name: name("/media", id, unit)},
				Kind: devices.MediumUSB, Encrypted: true, Cabinet: "書庫"})
			mustSeed(t, err)
		},
		form: func(id, unit string, version int64) url.Values {
			return with(entryForm(id, unit, version), "kind", string(devices.MediumUSB), "encrypted", "1", "cabinet", "書庫")
		},
		export: func(db *store.DB, w io.Writer) error {
			return devicesheet.Media.Export(ctx, db, store.RegisterFilter{}, sheets.CSVUTF8, w)
		},
		state: func(db *store.DB, id string) (string, int64, error) {
			m, err := db.Medium(ctx, id)
			return m.Unit, m.Version, err
		},
	})
	kinds = append(kinds, recordKind{base: "/areas",
		seed: func(t *testing.T, db *store.DB, id, unit string) {
			_, err := registers.New(db).Areas.Create(ctx, console, devices.Area{Entry: devices.Entry{ID: id, Unit: unit, Name: name("/areas", id, unit)},
				Kind: devices.AreaSystemRoom, Building: "本庁舎", Floor: 5, EntryControl: "IC カード", People: []string{"1003"}})
			mustSeed(t, err)
		},
		form: func(id, unit string, version int64) url.Values {
			return with(entryForm(id, unit, version), "kind", string(devices.AreaSystemRoom), "building", "本庁舎", "floor", "5",
				"entry_control", "IC カード", "people", "1003")
		},
		export: func(db *store.DB, w io.Writer) error {
			return devicesheet.Areas.Export(ctx, db, store.RegisterFilter{}, sheets.CSVUTF8, w)
		},
		state: func(db *store.DB, id string) (string, int64, error) {
			a, err := db.Area(ctx, id)
			return a.Unit, a.Version, err
		},
	})
	kinds = append(kinds, recordKind{base: "/networks/segments", city: true,
		seed: func(t *testing.T, db *store.DB, id, unit string) {
			_, err := registers.New(db).Network.CreateSegment(ctx, console, systems.Segment{ID: id, Name: name("/networks/segments", id, unit), Zone: systems.ZoneLGWAN, Unit: unit})
			mustSeed(t, err)
		},
		form: func(id, unit string, version int64) url.Values {
			return with(entryForm(id, unit, version), "zone", "lgwan")
		},
		export: func(db *store.DB, w io.Writer) error {
			return systemsheet.ExportNetwork(ctx, db, false, sheets.CSVUTF8, w)
		},
		state: func(db *store.DB, id string) (string, int64, error) {
			s, err := db.Segment(ctx, id)
			return s.Unit, s.Version, err
		},
	})
	kinds = append(kinds, recordKind{base: "/networks/connections", city: true,
		seed: func(t *testing.T, db *store.DB, id, unit string) {
			n := registers.New(db).Network
			if _, err := db.Segment(ctx, "seg-"+unit); err != nil {
				_, err := n.CreateSegment(ctx, console, systems.Segment{ID: "seg-" + unit, Name: "区画", Zone: systems.ZoneLGWAN, Unit: unit})
				mustSeed(t, err)
			}
			_, err := n.CreateConnection(ctx, console, systems.Connection{ID: id, From: "segment:seg-" + unit, To: "external:internet",
				Channel: systems.ChannelNetwork, Restriction: "ACL", Sanitisation: systems.SanitiseNone, Description: name("/networks/connections", id, unit)})
			mustSeed(t, err)
		},
		form: func(id, unit string, version int64) url.Values {
			return url.Values{"id": {id}, "from": {"segment:seg-" + unit}, "to": {"external:internet"}, "channel": {string(systems.ChannelNetwork)},
				"restriction": {"ACL"}, "sanitisation": {string(systems.SanitiseNone)}, "version": {strconv.FormatInt(version, 10)}}
		},
		export: func(db *store.DB, w io.Writer) error {
			return systemsheet.ExportNetwork(ctx, db, true, sheets.CSVUTF8, w)
		},
		// A connection has no 課: the 課 is that of the segment it leaves.
		state: func(db *store.DB, id string) (string, int64, error) {
			c, err := db.Connection(ctx, id)
			return strings.TrimPrefix(c.From, "segment:seg-"), c.Version, err
		},
	})
	return kinds
}

// importFile is the register's export with only the row of id, its ID
// changed to newID and its 課 to unit: the file a person of another 課
// would write to take the record over.
func (k recordKind) importFile(t *testing.T, db *store.DB, id, newID, unit string) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := k.export(db, &b); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(b.String(), "\ufeff"))).ReadAll()
	if err != nil || len(recs) < 2 {
		t.Fatalf("export of %s: %d rows, %v", k.base, len(recs), err)
	}
	head := recs[0]
	col := func(names ...string) int {
		for i, h := range head {
			for _, n := range names {
				if h == n {
					return i
				}
			}
		}
		return -1
	}
	idCol, unitCol, fromCol := col("管理番号", "システムID", "セグメントID", "接続ID"), col("所管課コード"), col("接続元")
	var out bytes.Buffer
	w := csv.NewWriter(&out)
	w.Write(head)
	for _, r := range recs[1:] {
		if idCol < 0 || r[idCol] != id {
			continue
		}
		r[idCol] = newID
		if unitCol >= 0 {
			r[unitCol] = unit
		}
		if fromCol >= 0 {
			r[fromCol] = "segment:seg-" + unit
		}
		w.Write(r)
	}
	w.Flush()
	if strings.Count(out.String(), "\n") != 2 {
		t.Fatalf("import file of %s has no row %s:\n%s", k.base, id, out.String())
	}
	return out.Bytes()
}

// apiItem is a register's record as the API gives it, to send back
// changed; nil for a register the API does not write.
func apiItem(t *testing.T, db *store.DB, base, id string) map[string]any {
	t.Helper()
	ctx := context.Background()
	var v any
	var err error
	switch base {
	case "/devices":
		v, err = db.Device(ctx, id)
	case "/media":
		v, err = db.Medium(ctx, id)
	case "/areas":
		v, err = db.Area(ctx, id)
	default:
		return nil
	}
	if err != nil {
		t.Fatalf("%s %s: %v", base, id, err)
	}
	b, _ := json.Marshal(v)
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}
