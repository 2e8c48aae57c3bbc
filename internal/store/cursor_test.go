package store_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"kijun/internal/assets"
	"kijun/internal/devices"
	"kijun/internal/registers"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
	"kijun/internal/systems"
)

// walk reads every page of a list by cursor, page rows at a time, and
// returns the IDs in the order read.
func walk[T any, F any](t *testing.T, f F, set func(*F, *store.Keyset), list func(F) ([]T, error), id func(T) string) []string {
	t.Helper()
	var ids []string
	k := &store.Keyset{}
	for range 1000 {
		set(&f, k)
		page, err := list(f)
		if err != nil {
			t.Fatalf("%+v: %v", f, err)
		}
		for _, v := range page {
			ids = append(ids, id(v))
		}
		if k.Next == nil {
			return ids
		}
		k = &store.Keyset{After: k.Next}
	}
	t.Fatalf("%+v: no last page", f)
	return nil
}

// cursorDevices imports 40 devices in two units and three kinds, with
// names that repeat, so that every sort has ties the ID breaks.
func cursorDevices(t *testing.T, db *store.DB) {
	t.Helper()
	smallOrg(t, db)
	kinds := []devices.DeviceKind{devices.DevicePC, devices.DeviceMobile, devices.DeviceServer}
	var rows []store.Row[devices.Device]
	for i := range 40 {
		unit := []string{"111", "112"}[i%2]
		d := device(fmt.Sprintf("D-%02d", (i*17)%40), unit, fmt.Sprintf("端末%d", i%7), kinds[i%3])
		rows = append(rows, store.Row[devices.Device]{Line: i + 2, Item: d})
	}
	if _, err := db.ImportDevices(context.Background(), registers.Console(), "t", rows, nil, false); err != nil {
		t.Fatal(err)
	}
}

func deviceID(d devices.Device) string { return d.ID }

func setRegisterKeys(f *store.RegisterFilter, k *store.Keyset) { f.Keys = k }

// Walking the device list by cursor, a few rows a page, reads every
// device once, in the order one read of the whole list gives, for every
// sort and direction, with and without a search or a unit filter.
func TestCursorWalksDevices(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		cursorDevices(t, db)
		list := func(f store.RegisterFilter) ([]devices.Device, error) {
			l, _, err := db.ListDevices(ctx, f)
			return l, err
		}
		for _, f := range []store.RegisterFilter{
			{Sort: "name"}, {Sort: "name", Desc: true}, {Sort: "unit"}, {Sort: "updated", Desc: true}, {Sort: "kind"},
			{Sort: "id", Desc: true}, {Sort: "name", Q: "端末"}, {Sort: "unit", Desc: true, Units: []string{"112"}}, {Q: "端末3"},
		} {
			all, total, err := db.ListDevices(ctx, store.RegisterFilter{Sort: f.Sort, Desc: f.Desc, Q: f.Q, Units: f.Units, Limit: 500})
			if err != nil {
				t.Fatal(err)
			}
			want := make([]string, len(all))
			for i, d := range all {
				want[i] = d.ID
			}
			f.Limit = 3
			got := walk(t, f, setRegisterKeys, list, deviceID)
			if !slices.Equal(got, want) || len(want) != total {
				t.Errorf("%+v: by cursor %v, want %v (total %d)", f, got, want, total)
			}
		}
	})
}

// A device added between two pages, sorting before where the first page
// ended, neither repeats a row of the first page on the next, as an
// offset would; one sorting after it is on a later page.
func TestCursorAddedBetweenPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		cursorDevices(t, db)
		k := &store.Keyset{}
		first, _, err := db.ListDevices(ctx, store.RegisterFilter{Sort: "name", Limit: 10, Keys: k})
		if err != nil || k.Next == nil {
			t.Fatalf("first page: %v, next %v", err, k.Next)
		}
		for _, d := range []devices.Device{device("D-90", "111", "端末0", devices.DevicePC), device("D-91", "111", "端末6z", devices.DevicePC)} {
			if _, err := db.CreateDevice(ctx, registers.Console(), d); err != nil {
				t.Fatal(err)
			}
		}
		seen := map[string]bool{}
		for _, d := range first {
			seen[d.ID] = true
		}
		rest := walk(t, store.RegisterFilter{Sort: "name", Limit: 10}, func(f *store.RegisterFilter, nk *store.Keyset) {
			if nk.After == nil {
				nk.After = k.Next
			}
			f.Keys = nk
		}, func(f store.RegisterFilter) ([]devices.Device, error) {
			l, _, err := db.ListDevices(ctx, f)
			return l, err
		}, deviceID)
		for _, id := range rest {
			if seen[id] {
				t.Errorf("%s read twice", id)
			}
			seen[id] = true
		}
		if len(seen) != 41 || !seen["D-91"] || slices.Contains(rest, "D-90") {
			t.Errorf("read %d devices (D-91 %v, D-90 after the cursor %v), want the 40 and D-91", len(seen), seen["D-91"], slices.Contains(rest, "D-90"))
		}
	})
}

// Walking the asset register by cursor reads every asset once in the
// order of one read, for a common word (the SQLite index's route) and the
// whole register, by the class, name and update time.
func TestCursorWalksAssets(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		smallOrg(t, db)
		importCommon(t, db, 300)
		for _, f := range []store.AssetFilter{
			{Sort: "confidentiality"}, {Sort: "name", Desc: true}, {Sort: "updated"}, {Q: "課", Sort: "name"},
			{Q: "会議録", Sort: "updated", Desc: true}, {Q: "課", Sort: "confidentiality", Desc: true},
		} {
			all, total, err := db.ListAssets(ctx, store.AssetFilter{Sort: f.Sort, Desc: f.Desc, Q: f.Q, Limit: 500})
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, a := range all {
				want = append(want, a.ID)
			}
			f.Limit = 37
			got := walk(t, f, func(f *store.AssetFilter, k *store.Keyset) { f.Keys = k }, func(f store.AssetFilter) ([]assets.Asset, error) {
				p, err := db.ListAssetPage(ctx, f)
				return p.Assets, err
			}, func(a assets.Asset) string { return a.ID })
			if !slices.Equal(got, want) || len(want) != total {
				t.Errorf("%+v: by cursor %d rows, want %d (total %d); first %v, want %v", f, len(got), len(want), total, got[:min(5, len(got))], want[:min(5, len(want))])
			}
		}
	})
}

// A key that does not fit the list's sort is refused as ErrCursor.
func TestCursorKeyOfAnotherSort(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		cursorDevices(t, db)
		_, _, err := db.ListDevices(ctx, store.RegisterFilter{Sort: "name", Keys: &store.Keyset{After: []any{"D-01"}}})
		if !errors.Is(err, store.ErrCursor) {
			t.Errorf("a one-column key for the name sort: %v, want ErrCursor", err)
		}
	})
}

// A cursor encodes and decodes to itself; a number stays a whole number.
func TestCursorRoundTrip(t *testing.T) {
	c := store.Cursor{Sort: "confidentiality", Desc: true, Filter: "abc", Keys: []any{int64(3), "", "A-1"}}
	got, err := store.DecodeCursor(c.Encode())
	if err != nil || got.Sort != c.Sort || !got.Desc || got.Filter != "abc" || !slices.Equal(got.Keys, c.Keys) {
		t.Errorf("got %+v, %v; want %+v", got, err, c)
	}
	for _, bad := range []string{"", "!!", "AXsicyI6IiJ9", c.Encode() + "x", "AnsiayI6WyJhIl19"} {
		if _, err := store.DecodeCursor(bad); !errors.Is(err, store.ErrCursor) {
			t.Errorf("%q: %v, want ErrCursor", bad, err)
		}
	}
}

// FuzzCursor: the decoder refuses or reads any string without panicking,
// and what it reads encodes back to a cursor that decodes the same.
func FuzzCursor(f *testing.F) {
	f.Add(store.Cursor{Sort: "name", Filter: "x", Keys: []any{"端末", "D-01"}}.Encode())
	f.Add(store.Cursor{Sort: "confidentiality", Desc: true, Keys: []any{int64(3), int64(2), int64(1), "A"}}.Encode())
	f.Add("AXsiayI6WzEuNV19")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := store.DecodeCursor(s)
		if err != nil {
			return
		}
		again, err := store.DecodeCursor(c.Encode())
		if err != nil || again.Sort != c.Sort || again.Desc != c.Desc || again.Filter != c.Filter || !slices.Equal(again.Keys, c.Keys) {
			t.Errorf("%q: read %+v, again %+v, %v", s, c, again, err)
		}
	})
}

// The system register walks by cursor as the others do, by zone (ties
// broken by ID) and by name, highest first.
func TestCursorWalksSystems(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		smallOrg(t, db)
		zones := []systems.Zone{systems.ZoneMyNumber, systems.ZoneLGWAN, systems.ZoneInternet}
		for i := range 12 {
			s := systems.System{ID: fmt.Sprintf("S-%02d", (i*5)%12), Name: fmt.Sprintf("システム%d", i%4), Unit: "111", Zone: zones[i%3],
				Hosting: systems.HostOnsite, AuthFactors: 2}
			if _, err := db.CreateSystem(ctx, registers.Console(), s); err != nil {
				t.Fatal(err)
			}
		}
		for _, f := range []store.SystemFilter{{Sort: "zone"}, {Sort: "name", Desc: true}, {Sort: "updated"}} {
			all, _, err := db.ListSystems(ctx, store.SystemFilter{Sort: f.Sort, Desc: f.Desc, Limit: 500})
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, s := range all {
				want = append(want, s.ID)
			}
			f.Limit = 5
			got := walk(t, f, func(f *store.SystemFilter, k *store.Keyset) { f.Keys = k }, func(f store.SystemFilter) ([]systems.System, error) {
				l, _, err := db.ListSystems(ctx, f)
				return l, err
			}, func(s systems.System) string { return s.ID })
			if !slices.Equal(got, want) || len(want) != 12 {
				t.Errorf("%+v: by cursor %v, want %v", f, got, want)
			}
		}
	})
}
