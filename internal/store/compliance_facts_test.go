package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"kijun/internal/assets"
	"kijun/internal/compliance"
	"kijun/internal/devices"
	"kijun/internal/records"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
	"kijun/internal/systems"
)

// The whole city's facts, which SQLite reads a row to a text, hold each
// field as saved, free text with any character included, and agree with
// the facts a re-check reads for one asset and one device.
func TestComplianceFactsReadEachField(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		smallOrg(t, db)
		if _, err := db.SaveSystem(ctx, systems.System{ID: "zeimu", Name: "税務システム", Unit: "111", Zone: systems.ZoneLGWAN,
			Hosting: systems.HostOnsite, AuthFactors: 2}); err != nil {
			t.Fatal(err)
		}
		low := asset("F-0", "111", "課税台帳", 2)
		low.Holders = []string{"system:zeimu"}
		if _, err := db.SaveAsset(ctx, low, assets.KobeScales()); err != nil {
			t.Fatal(err)
		}
		a := asset("F-1", "111", "受領データ", 3)
		a.Holders = []string{"system:zeimu"}
		a.Stage, a.Origin = assets.StageObtain, "県\x1f税務課\t(原本)"
		a.Integrity, a.Availability, a.IntegrityReason = 2, 1, "課税の根拠"
		saved, err := db.SaveAsset(ctx, a, assets.KobeScales())
		if err != nil {
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
		one, err := db.ComplianceFacts(ctx, db.Now(), store.FactsScope{"asset:F-1", "device:D-1", "system:zeimu"})
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
				got.Confidentiality != 3 || got.Integrity != 2 || got.Availability != 1 || !got.InScope || got.Kind != string(assets.KindData) ||
				!got.UnitActive {
				t.Errorf("asset facts = %+v", got)
			}
			// 4.2オ(4): the system takes the highest class of what it
			// holds, whichever way it is read.
			for _, sys := range f.Systems {
				if want := (compliance.Class{Confidentiality: 3, Integrity: 2, Availability: 1, Assets: 2}); sys.ID == "zeimu" && sys.Class != want {
					t.Errorf("system class = %+v, want %+v", sys.Class, want)
				}
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
		// Lowered, the asset no longer raises the system: what the
		// system's rows carry follows the asset.
		saved.Confidentiality = 2
		if _, err := db.SaveAsset(ctx, saved, assets.KobeScales()); err != nil {
			t.Fatal(err)
		}
		again, err := db.ComplianceFacts(ctx, db.Now(), store.FactsScope{"system:zeimu"})
		if err != nil || len(again.Systems) != 1 || again.Systems[0].Class.Confidentiality != 2 {
			t.Fatalf("system after the asset was lowered: %+v, %v", again.Systems, err)
		}
	})
}

// Migration 0016 gives what holds each asset already stored the asset's
// classes, so a system's class reads the same after it.
func TestHolderClassesAfterMigration(t *testing.T) {
	eachAt(t, 15, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		smallOrg(t, db)
		if _, err := db.SaveSystem(ctx, systems.System{ID: "zeimu", Name: "税務システム", Unit: "111", Zone: systems.ZoneLGWAN,
			Hosting: systems.HostOnsite, AuthFactors: 2}); err != nil {
			t.Fatal(err)
		}
		// As version 15 wrote them: the asset, and what holds it.
		err := db.Update(ctx, func(tx *store.Tx) error {
			now := records.FormatTime(db.Now())
			if _, err := tx.ExecContext(ctx, `INSERT INTO assets (id, unit_code, name, description, kind, location,
				confidentiality, confidentiality_reason, integrity, integrity_reason, availability, in_scope, stage, search_key, created_at, updated_at)
				VALUES ('F-1', '111', '課税台帳', '', 'data', '', 3, '個人情報', 2, '課税の根拠', 1, 1, 'use', 'f-1', ?, ?)`, now, now); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, "INSERT INTO asset_holders (holder, asset_id) VALUES ('system:zeimu', 'F-1')")
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		f, err := db.ComplianceFacts(ctx, db.Now(), store.FactsScope{"system:zeimu"})
		if err != nil || len(f.Systems) != 1 {
			t.Fatalf("facts: %+v, %v", f, err)
		}
		if want := (compliance.Class{Confidentiality: 3, Integrity: 2, Availability: 1, Assets: 1}); f.Systems[0].Class != want {
			t.Errorf("class after 0016 = %+v, want %+v", f.Systems[0].Class, want)
		}
	})
}

// A migration numbered below one already applied, as when work from two
// branches meets, is applied all the same: a database that reached 0016
// without 0011 gets the permit tables.
func TestMigrationBelowTheLastIsApplied(t *testing.T) {
	eachAt(t, 0, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		// As if 0011 had never run: its tables and its record gone.
		err := db.Update(ctx, func(tx *store.Tx) error {
			drop := []string{"DROP TABLE permit_attachments", "DROP TABLE permit_steps", "DROP TABLE permit_pending",
				"DROP TABLE permit_requests", "DELETE FROM schema_migrations WHERE version = 11"}
			if db.Dialect == store.Postgres {
				drop = append(drop, "DROP FUNCTION permit_steps_append_only")
			}
			for _, q := range drop {
				if _, err := tx.ExecContext(ctx, q); err != nil {
					return fmt.Errorf("%s: %w", q, err)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		applied, err := db.Migrate(ctx)
		if err != nil || !slices.Equal(applied, []int{11}) {
			t.Fatalf("applied %v, %v; want [11]", applied, err)
		}
		var n int
		if err := db.View(ctx, func(tx *store.Tx) error {
			return tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM permit_requests").Scan(&n)
		}); err != nil {
			t.Fatalf("permit tables after the migration: %v", err)
		}
	})
}
