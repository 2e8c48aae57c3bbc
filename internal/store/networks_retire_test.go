package store_test

import (
	"context"
	"strings"
	"testing"

	"kijun/internal/kijun"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
	"kijun/internal/systems"
)

// A connection and then its segment are retired from the network register:
// a stale version is refused, a segment a connection still names is
// refused with the connection named, and each retirement keeps the row's
// last state in the ledger.
func TestRetireNetwork(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		smallOrg(t, db)
		lg, err := db.SaveSegment(ctx, store.Create, systems.Segment{ID: "lg", Name: "LGWAN 接続系", Zone: systems.ZoneLGWAN, Unit: "111"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.SaveSegment(ctx, store.Create, systems.Segment{ID: "net", Name: "インターネット接続系", Zone: systems.ZoneInternet, Unit: "111"}); err != nil {
			t.Fatal(err)
		}
		c, err := db.SaveConnection(ctx, store.Create, systems.Connection{ID: "c1", From: "segment:net", To: "segment:lg", Channel: systems.ChannelFile})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.RetireSegment(ctx, "lg", lg.Version); kijun.ErrorCode(err) != kijun.ECONFLICT || !strings.Contains(kijun.ErrorMessage(err), "c1") {
			t.Errorf("a segment a connection names retired: %v", err)
		}
		if _, err := db.RetireConnection(ctx, "c1", c.Version+1); kijun.ErrorCode(err) != kijun.ECONFLICT {
			t.Errorf("a stale version: %v", err)
		}
		if _, err := db.RetireConnection(ctx, "c1", c.Version); err != nil {
			t.Fatal(err)
		}
		if _, err := db.RetireSegment(ctx, "lg", lg.Version); err != nil {
			t.Fatalf("the segment, once its connection is retired: %v", err)
		}
		if _, err := db.Connection(ctx, "c1"); kijun.ErrorCode(err) != kijun.ENOTFOUND {
			t.Errorf("a retired connection is still read: %v", err)
		}
		if _, err := db.RetireConnection(ctx, "c1", c.Version); kijun.ErrorCode(err) != kijun.ENOTFOUND {
			t.Errorf("a connection retired twice: %v", err)
		}
		n, err := db.NetworkRegister(ctx, "")
		if err != nil || len(n.Segments) != 1 || len(n.Connections) != 0 {
			t.Errorf("the register after: %+v %v", n, err)
		}
		for entity, id := range map[string]string{"network_connection": "c1", "network_segment": "lg"} {
			recs, err := db.Records(ctx, store.RecordFilter{Entity: entity, EntityID: id})
			// Newest first: the retirement, then the creation.
			if want := strings.ReplaceAll(entity, "_", ".") + ".retire"; err != nil || len(recs) != 2 || recs[0].Action != want {
				t.Errorf("%s %s: %d records %v, want 2 with %s newest", entity, id, len(recs), err, want)
			}
		}
	})
}
