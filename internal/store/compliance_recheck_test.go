package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"kijun/internal/assets"
	"kijun/internal/compliance"
	"kijun/internal/devices"
	"kijun/internal/registers"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
	"kijun/internal/systems"
)

// A re-check works out a device's class and マイナンバー flag (5.1イ(2))
// as the city's read does, whether it looks up each asset's other holders
// (a few devices) or lists the マイナンバー systems' assets once (many).
func TestRecheckMyNumberFlag(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		smallOrg(t, db)
		if _, err := db.CreateSystem(ctx, registers.Console(), systems.System{ID: "juki", Name: "住民記録システム", Unit: "111", Zone: systems.ZoneMyNumber,
			Hosting: systems.HostOnsite, AuthFactors: 2}); err != nil {
			t.Fatal(err)
		}
		for _, d := range []string{"D-1", "D-2", "D-3", "D-4"} {
			if _, err := db.CreateDevice(ctx, registers.Console(), device(d, "111", "端末"+d, devices.DevicePC)); err != nil {
				t.Fatal(err)
			}
		}
		shared := asset("F-1", "111", "住民票", 3)
		shared.Holders = []string{"system:juki", "device:D-1"}
		other := asset("F-2", "111", "会議録", 1)
		other.Holders = []string{"device:D-2"}
		// 4.2ア(3): a copy of a copy of 住民票 is マイナンバー data where
		// it is kept (D-3); copies that loop back on each other, none of
		// them held by a マイナンバー system, are not (D-4).
		copy1 := asset("F-3", "111", "住民票の写し", 3)
		copy1.OriginalID = "F-1"
		copy2 := asset("F-4", "111", "住民票の写しの写し", 3)
		copy2.OriginalID, copy2.Holders = "F-3", []string{"device:D-3"}
		loopA := asset("F-5", "111", "議事録A", 1)
		loopB := asset("F-6", "111", "議事録B", 1)
		loopB.OriginalID, loopB.Holders = "F-5", []string{"device:D-4"}
		for _, a := range []assets.Asset{shared, other, copy1, copy2, loopA, loopB} {
			if _, err := db.CreateAsset(ctx, registers.Console(), a, assets.KobeScales()); err != nil {
				t.Fatal(err)
			}
		}
		loopA, _ = db.Asset(ctx, "F-5")
		loopA.OriginalID = "F-6"
		if _, err := db.UpdateAsset(ctx, registers.Console(), loopA, assets.KobeScales()); err != nil {
			t.Logf("a loop of copies is refused by the register: %v", err)
		}
		city, err := db.ComplianceFacts(ctx, db.Now(), nil)
		if err != nil {
			t.Fatal(err)
		}
		flags := func(f *compliance.Facts) string {
			var out []string
			for _, d := range f.Devices {
				out = append(out, fmt.Sprintf("%s %v %d", d.ID, d.MyNumber, d.Class.Confidentiality))
			}
			slices.Sort(out)
			return strings.Join(out, ", ")
		}
		if got, want := flags(city), "D-1 true 3, D-2 false 1, D-3 true 3, D-4 false 1"; got != want {
			t.Fatalf("the city's devices: %s, want %s", got, want)
		}
		for _, many := range []int{64, 0} {
			restore := store.ListMyNumberAssetsFrom(many)
			one, err := db.ComplianceFacts(ctx, db.Now(), store.FactsScope{"device:D-1", "device:D-2", "device:D-3", "device:D-4"})
			restore()
			if err != nil {
				t.Fatal(err)
			}
			if got := flags(one); got != flags(city) {
				t.Errorf("re-check listing from %d devices: %s, want %s", many, got, flags(city))
			}
		}
	})
}
