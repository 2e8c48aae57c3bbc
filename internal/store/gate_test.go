package store_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"kijun/internal/assets"
	"kijun/internal/devices"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/registers"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
	"kijun/internal/systems"
)

// gatedKind is one register as the gate test drives it: a record of a 課
// built, created, changed and imported by a writer, and read back.
type gatedKind struct {
	name   string
	create func(g store.Gate, id, unit string, version int64) error
	update func(g store.Gate, id, unit string, version int64) error
	// imp imports rows of (id, unit), the first on line 2.
	imp   func(g store.Gate, rows ...[2]string) error
	state func(id string) (unit string, version int64, err error)
}

func gated[T any](ctx context.Context, name string, build func(id, unit string) T, entry func(*T) (*string, *int64),
	create, update func(context.Context, store.Gate, T) (T, error),
	imp func(context.Context, store.Gate, []T) error, get func(context.Context, string) (T, error)) gatedKind {
	with := func(id, unit string, version int64) T {
		v := build(id, unit)
		_, ver := entry(&v)
		*ver = version
		return v
	}
	return gatedKind{
		name: name,
		create: func(g store.Gate, id, unit string, version int64) error {
			_, err := create(ctx, g, with(id, unit, version))
			return err
		},
		update: func(g store.Gate, id, unit string, version int64) error {
			_, err := update(ctx, g, with(id, unit, version))
			return err
		},
		imp: func(g store.Gate, rows ...[2]string) error {
			var vs []T
			for _, r := range rows {
				vs = append(vs, with(r[0], r[1], 0))
			}
			return imp(ctx, g, vs)
		},
		state: func(id string) (string, int64, error) {
			v, err := get(ctx, id)
			unit, ver := entry(&v)
			return *unit, *ver, err
		},
	}
}

// registerColumns names the ID and unit columns of a test import.
var registerColumns = map[string]string{"id": "管理番号", "unit": "所管課コード"}

func gatedKinds(ctx context.Context, db *store.DB) []gatedKind {
	ss := assets.KobeScales()
	lines := func(n int) []int {
		out := make([]int, n)
		for i := range out {
			out[i] = i + 2
		}
		return out
	}
	return []gatedKind{
		gated(ctx, "asset", func(id, unit string) assets.Asset { return asset(id, unit, "名簿 "+id, 2) },
			func(a *assets.Asset) (*string, *int64) { return &a.Unit, &a.Version },
			func(ctx context.Context, g store.Gate, a assets.Asset) (assets.Asset, error) {
				return db.CreateAsset(ctx, g, a, ss)
			},
			func(ctx context.Context, g store.Gate, a assets.Asset) (assets.Asset, error) {
				return db.UpdateAsset(ctx, g, a, ss)
			},
			func(ctx context.Context, g store.Gate, as []assets.Asset) error {
				var rows []store.AssetRow
				for i, a := range as {
					rows = append(rows, store.AssetRow{Line: lines(len(as))[i], Asset: a})
				}
				_, err := db.ImportAssets(ctx, g, "t", rows, ss, registerColumns, false)
				return err
			}, db.Asset),
		gated(ctx, "system", func(id, unit string) systems.System {
			return systems.System{ID: id, Name: "システム " + id, Unit: unit, Zone: systems.ZoneLGWAN, Hosting: systems.HostOnsite, AuthFactors: 2}
		},
			func(s *systems.System) (*string, *int64) { return &s.Unit, &s.Version },
			db.CreateSystem, db.UpdateSystem,
			func(ctx context.Context, g store.Gate, ss []systems.System) error {
				var rows []store.SystemRow
				for i, s := range ss {
					rows = append(rows, store.SystemRow{Line: lines(len(ss))[i], System: s})
				}
				_, err := db.ImportSystems(ctx, g, "t", rows, registerColumns, false)
				return err
			}, db.System),
		gated(ctx, "device", func(id, unit string) devices.Device { return device(id, unit, "端末 "+id, devices.DevicePC) },
			func(d *devices.Device) (*string, *int64) { return &d.Unit, &d.Version },
			db.CreateDevice, db.UpdateDevice, importOf(db.ImportDevices, lines), db.Device),
		gated(ctx, "medium", func(id, unit string) devices.Medium {
			return devices.Medium{Entry: devices.Entry{ID: id, Unit: unit, Name: "媒体 " + id}, Kind: devices.MediumUSB, Encrypted: true, Cabinet: "書庫"}
		},
			func(m *devices.Medium) (*string, *int64) { return &m.Unit, &m.Version },
			db.CreateMedium, db.UpdateMedium, importOf(db.ImportMedia, lines), db.Medium),
		gated(ctx, "area", func(id, unit string) devices.Area {
			return devices.Area{Entry: devices.Entry{ID: id, Unit: unit, Name: "サーバ室 " + id}, Kind: devices.AreaSystemRoom,
				Building: "本庁舎", Floor: 5, EntryControl: "IC カード", People: []string{"1003"}}
		},
			func(a *devices.Area) (*string, *int64) { return &a.Unit, &a.Version },
			db.CreateArea, db.UpdateArea, importOf(db.ImportAreas, lines), db.Area),
	}
}

func importOf[T any](imp func(context.Context, store.Gate, string, []store.Row[T], map[string]string, bool) (*store.ImportPlan, error), lines func(int) []int) func(context.Context, store.Gate, []T) error {
	return func(ctx context.Context, g store.Gate, vs []T) error {
		var rows []store.Row[T]
		for i, v := range vs {
			rows = append(rows, store.Row[T]{Line: lines(len(vs))[i], Item: v})
		}
		_, err := imp(ctx, g, "t", rows, registerColumns, false)
		return err
	}
}

// A writer who keeps 課 111 cannot create, move, change or retire a
// record of 課 112 in any register, by reusing its ID on a create, by an
// update, or by a row of an import; a refusal says nothing of the record's
// version; and the record stays as it was (8.2.1ア). Their own records
// they change, but not into 112.
func TestWritesAreAuthorisedByRecord(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		smallOrg(t, db)
		own := storetest.Keeps("111")
		for _, k := range gatedKinds(ctx, db) {
			t.Run(k.name, func(t *testing.T) {
				for _, seed := range [][2]string{{"B-1", "112"}, {"A-1", "111"}} {
					if err := k.create(registers.Console(), seed[0], seed[1], 0); err != nil {
						t.Fatalf("seed %s: %v", seed[0], err)
					}
				}
				if err := k.update(registers.Console(), "B-1", "112", 1); err != nil { // the stored version is 2
					t.Fatal(err)
				}
				refused := []struct {
					what  string
					write func() error
					want  string
					field string // the field or import column named, if any
				}{
					{"create reusing its ID, with its version", func() error { return k.create(own, "B-1", "111", 2) }, kijun.EINVALID, "id"},
					{"create reusing its ID, in its 課", func() error { return k.create(own, "B-1", "112", 0) }, kijun.EINVALID, "unit"},
					{"update moving it into 111", func() error { return k.update(own, "B-1", "111", 2) }, kijun.EFORBIDDEN, ""},
					{"update leaving it in 112", func() error { return k.update(own, "B-1", "112", 2) }, kijun.EFORBIDDEN, ""},
					{"update at a stale version", func() error { return k.update(own, "B-1", "111", 1) }, kijun.EFORBIDDEN, ""},
					{"import moving it into 111", func() error { return k.imp(own, [2]string{"A-1", "111"}, [2]string{"B-1", "111"}) }, kijun.EINVALID, "管理番号"},
					{"import changing it in 112", func() error { return k.imp(own, [2]string{"B-1", "112"}) }, kijun.EINVALID, "管理番号"},
					{"create in 112", func() error { return k.create(own, "N-1", "112", 0) }, kijun.EINVALID, "unit"},
					{"moving its own into 112", func() error { return k.update(own, "A-1", "112", 1) }, kijun.EINVALID, "unit"},
					{"import of a new row in 112", func() error { return k.imp(own, [2]string{"N-1", "112"}) }, kijun.EINVALID, "所管課コード"},
					{"update of one that is not there", func() error { return k.update(own, "Z-9", "111", 1) }, kijun.ENOTFOUND, ""},
				}
				for _, tt := range refused {
					err := tt.write()
					if got := kijun.ErrorCode(err); got != tt.want {
						t.Errorf("%s: %v (%s), want %s", tt.what, err, got, tt.want)
						continue
					}
					if msg := kijun.ErrorMessage(err) + errorDetail(err); strings.Contains(msg, "版") {
						t.Errorf("%s: the refusal %q speaks of a version", tt.what, msg)
					}
					if tt.field != "" && !namesField(err, tt.field) {
						t.Errorf("%s: %v, want it to name %s", tt.what, err, tt.field)
					}
				}
				if unit, version, err := k.state("B-1"); err != nil || unit != "112" || version != 2 {
					t.Errorf("112's record after the refusals: 課 %s, version %d, %v; want 112, 2", unit, version, err)
				}
				if unit, version, err := k.state("A-1"); err != nil || unit != "111" || version != 1 {
					t.Errorf("111's record after the refused import: 課 %s, version %d, %v; want 111, 1 (all or nothing)", unit, version, err)
				}
				if _, _, err := k.state("N-1"); kijun.ErrorCode(err) != kijun.ENOTFOUND {
					t.Errorf("a refused record of 112 was written: %v", err)
				}
				// Their own they change, by the form and by an import.
				if err := k.update(own, "A-1", "111", 1); err != nil {
					t.Errorf("111 changing its own: %v", err)
				}
				if err := k.imp(own, [2]string{"A-2", "111"}); err != nil {
					t.Errorf("111 importing its own: %v", err)
				}
			})
		}
	})
}

// errorDetail is the rows or fields an error carries, as text.
func errorDetail(err error) string {
	var b strings.Builder
	var ie *kijun.ImportError
	if errors.As(err, &ie) {
		for _, e := range ie.Errors {
			b.WriteString(e.Reason)
		}
	}
	var fe *store.FieldErrors
	if errors.As(err, &fe) {
		for _, f := range fe.Fields {
			b.WriteString(f.Message)
		}
	}
	return b.String()
}

// namesField reports whether err names field among its fields, or column
// among its rows.
func namesField(err error, field string) bool {
	var ie *kijun.ImportError
	if errors.As(err, &ie) {
		for _, e := range ie.Errors {
			if e.Column == field {
				return true
			}
		}
	}
	var fe *store.FieldErrors
	if errors.As(err, &fe) {
		for _, f := range fe.Fields {
			if f.Field == field {
				return true
			}
		}
	}
	return false
}

// BenchmarkImportAssetsAsUnit imports 20,000 rows of one 課 into a register
// that holds 20,000 of another's, twice (adding, then changing them): the
// gate asks about each row's 課 before and after from the register read
// once, so it costs a map lookup a row, not a query.
//
//	go test ./internal/store -run '^$' -bench ImportAssetsAsUnit -benchtime 3x
func BenchmarkImportAssetsAsUnit(b *testing.B) {
	urls := storetest.URLs(b)
	for _, engine := range slices.Sorted(maps.Keys(urls)) {
		b.Run(engine, func(b *testing.B) {
			ctx := context.Background()
			db := storetest.Open(b, urls[engine], store.Options{})
			from := organisation.Period{From: time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)}
			if err := db.LoadOrganisation(ctx, store.OrganisationData{Units: []organisation.Unit{
				{Code: "111", Kind: organisation.KindSection, Name: "情報政策課", Kana: "ジョウホウセイサクカ", Period: from},
				{Code: "112", Kind: organisation.KindSection, Name: "情報システム課", Kana: "ジョウホウシステムカ", Period: from},
			}}); err != nil {
				b.Fatal(err)
			}
			rows := func(unit, prefix, name string) []store.AssetRow {
				out := make([]store.AssetRow, 20000)
				for i := range out {
					out[i] = store.AssetRow{Line: i + 2, Asset: asset(fmt.Sprintf("%s-%05d", prefix, i), unit, name, 2)}
				}
				return out
			}
			if _, err := db.ImportAssets(ctx, registers.Console(), "t", rows("112", "B", "他課の資料"), assets.KobeScales(), nil, false); err != nil {
				b.Fatal(err)
			}
			own := storetest.Keeps("111")
			n := 0
			for b.Loop() {
				n++
				for _, name := range []string{"資料", "資料（改）"} {
					if _, err := db.ImportAssets(ctx, own, "t", rows("111", fmt.Sprintf("A%d", n), name), assets.KobeScales(), nil, false); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
