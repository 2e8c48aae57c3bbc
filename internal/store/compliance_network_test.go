package store_test

import (
	"context"
	"reflect"
	"testing"

	"kijun/internal/compliance"
	"kijun/internal/registers"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
	"kijun/internal/systems"
)

// A re-check's network, kept between re-checks and brought up to date from
// the ledger, is the network read whole after every kind of change: a
// connection added or changed, a system moved to another zone, a segment
// added; and so is one whose cache another process's changes left behind.
func TestNetworkCacheFollowsTheLedger(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		smallOrg(t, db)
		var cache store.NetworkCache
		scope := store.FactsScope{"connection:c1"}
		same := func(step string) {
			t.Helper()
			cached, err := db.ComplianceFactsCached(ctx, db.Now(), scope, &cache)
			if err != nil {
				t.Fatalf("%s: %v", step, err)
			}
			whole, err := db.ComplianceFacts(ctx, db.Now(), scope)
			if err != nil {
				t.Fatalf("%s: %v", step, err)
			}
			if !reflect.DeepEqual(cached.Network, whole.Network) || !reflect.DeepEqual(cached.Connections, whole.Connections) ||
				!reflect.DeepEqual(cached.Segments, whole.Segments) {
				t.Fatalf("%s: the cached network differs from the network read whole:\n%+v\n%+v", step, cached.Network, whole.Network)
			}
		}
		save := func(what string, err error) {
			t.Helper()
			if err != nil {
				t.Fatalf("%s: %v", what, err)
			}
		}
		_, err := db.SaveSegment(ctx, store.Create, systems.Segment{ID: "lg", Name: "LGWAN 接続系", Zone: systems.ZoneLGWAN, Unit: "111"})
		save("segment lg", err)
		_, err = db.SaveSegment(ctx, store.Create, systems.Segment{ID: "net", Name: "インターネット接続系", Zone: systems.ZoneInternet, Unit: "111"})
		save("segment net", err)
		_, err = db.CreateSystem(ctx, registers.Console(), systems.System{ID: "zeimu", Name: "税務システム", Unit: "111", Zone: systems.ZoneLGWAN,
			Hosting: systems.HostOnsite, AuthFactors: 2})
		save("system", err)
		c1, err := db.SaveConnection(ctx, store.Create, systems.Connection{ID: "c1", From: "system:zeimu", To: "segment:lg", Channel: systems.ChannelNetwork, Restriction: "ACL"})
		save("c1", err)
		same("first read")
		same("nothing changed")

		_, err = db.SaveConnection(ctx, store.Create, systems.Connection{ID: "c0", From: "segment:net", To: "segment:lg", Channel: systems.ChannelFile})
		save("c0", err)
		same("a connection added before the others by ID")
		c1.To, c1.Restriction = "segment:net", ""
		_, err = db.SaveConnection(ctx, store.Update, c1)
		save("c1 changed", err)
		same("a connection changed")
		sys, err := db.System(ctx, "zeimu")
		save("read system", err)
		sys.Zone = systems.ZoneMyNumber
		_, err = db.UpdateSystem(ctx, registers.Console(), sys)
		save("system moved", err)
		same("a system moved to the マイナンバー zone")
		_, err = db.SaveSegment(ctx, store.Create, systems.Segment{ID: "a-first", Name: "分館", Zone: systems.ZoneOther, Unit: "111"})
		save("segment added", err)
		same("a segment added")

		// Retired rows leave the cached network as they leave the register.
		c0, err := db.Connection(ctx, "c0")
		save("read c0", err)
		_, err = db.RetireConnection(ctx, "c0", c0.Version)
		save("c0 retired", err)
		same("a connection retired")
		_, err = db.RetireSegment(ctx, "a-first", 1)
		save("segment retired", err)
		same("a segment retired")

		// What the rules see of the changed connection follows it too.
		f, err := db.ComplianceFactsCached(ctx, db.Now(), scope, &cache)
		save("facts", err)
		var got compliance.Connection
		for _, c := range f.Connections {
			if c.ID == "c1" {
				got = c
			}
		}
		if got.FromZone != string(systems.ZoneMyNumber) || got.ToZone != string(systems.ZoneInternet) || got.Restriction != "" {
			t.Errorf("c1 as the rules see it: %+v", got)
		}
	})
}
