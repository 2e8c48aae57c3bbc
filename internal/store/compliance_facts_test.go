package store_test

import (
	"context"
	"testing"

	"kijun/internal/assets"
	"kijun/internal/compliance"
	"kijun/internal/devices"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// The whole city's facts, which SQLite reads a row to a text, hold each
// field as saved, free text with any character included, and agree with
// the facts a re-check reads for one asset and one device.
func TestComplianceFactsReadEachField(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		smallOrg(t, db)
		a := asset("F-1", "111", "受領データ", 3)
		a.Stage, a.Origin = assets.StageObtain, "県\x1f税務課\t(原本)"
		a.Integrity, a.Availability, a.IntegrityReason = 2, 1, "課税の根拠"
		if _, err := db.SaveAsset(ctx, a, assets.KobeScales()); err != nil {
			t.Fatal(err)
		}
		d := device("D-1", "111", "ノート\x1fPC", devices.DeviceMobile)
		d.Location = "執務室\x1f2階"
		d.Protections = devices.Protections{DiskEncryption: true, USBControl: true}
		if _, err := db.SaveDevice(ctx, d); err != nil {
			t.Fatal(err)
		}
		city, err := db.ComplianceFacts(ctx, db.Now(), nil)
		if err != nil {
			t.Fatal(err)
		}
		one, err := db.ComplianceFacts(ctx, db.Now(), store.FactsScope{"asset:F-1", "device:D-1"})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range []*compliance.Facts{city, one} {
			var got compliance.Asset
			for _, x := range f.Assets {
				if x.ID == "F-1" {
					got = x
				}
			}
			if got.Unit != "111" || got.Stage != string(assets.StageObtain) || got.Origin != a.Origin ||
				got.Confidentiality != 3 || got.Integrity != 2 || got.Availability != 1 || !got.InScope || got.Kind != string(assets.KindData) {
				t.Errorf("asset facts = %+v", got)
			}
			if len(f.Devices) != 1 {
				t.Fatalf("devices = %+v", f.Devices)
			}
			g := f.Devices[0]
			if g.ID != "D-1" || g.Unit != "111" || g.Kind != string(devices.DeviceMobile) || g.Location != d.Location ||
				!g.DiskEncryption || !g.USBControl || g.ScreenLock || g.RemoteWipe || g.PrivacyFilter || g.BIOSPassword {
				t.Errorf("device facts = %+v", g)
			}
			// The separator in a name read among other fields is a space.
			if g.Name != "ノート PC" && g.Name != d.Name {
				t.Errorf("device name = %q", g.Name)
			}
		}
	})
}
