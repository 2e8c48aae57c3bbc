package cli

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"kijun/internal/demo"
	"kijun/internal/records"
	"kijun/internal/store"
	"kijun/internal/wareki"
)

// The nightly ledger check runs once a day from 2 a.m. JST, verifies the
// ledger, and names in its ledger record every register row changed
// outside Kijun.
func TestNightlyLedgerCheck(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 6, 1, 1, 30, 0, 0, wareki.JST())
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "kijun.db"), store.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Generate(ctx, db, demo.Options{Scale: demo.Small, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	e, _ := testEnv("")
	checks := func() []*records.Record {
		t.Helper()
		rs, err := db.Records(ctx, store.RecordFilter{Entity: "ledger", EntityID: "nightly", Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		return rs
	}
	run := func(at time.Time) {
		t.Helper()
		now = at
		if err := nightlyLedgerCheck(ctx, e, db); err != nil {
			t.Fatal(err)
		}
	}
	run(now)
	if n := len(checks()); n != 0 {
		t.Errorf("before 2 a.m.: %d checks, want 0", n)
	}
	run(now.Add(time.Hour))
	clean := checks()
	if len(clean) != 1 {
		t.Fatalf("at 2:30: %d checks, want 1", len(clean))
	}
	run(now.Add(2 * time.Hour))
	if n := len(checks()); n != 1 {
		t.Errorf("later the same day: %d checks, want still 1", n)
	}
	err = db.Update(ctx, func(tx *store.Tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE devices SET usb_control = 0 WHERE id = (SELECT MIN(id) FROM devices)")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	run(now.Add(25 * time.Hour))
	all := checks()
	if len(all) != 2 {
		t.Fatalf("the next day: %d checks, want 2", len(all))
	}
	want, _ := records.Digest(map[string]any{"ledger": "ok", "state": []string{}})
	if clean[0].Digest != want {
		t.Errorf("the first night's record does not hold a clean result")
	}
	diffs, err := db.VerifyState(ctx)
	if err != nil || len(diffs) != 1 || diffs[0].Entity != "device" {
		t.Fatalf("VerifyState = %v, %v; want the edited device", diffs, err)
	}
	want, _ = records.Digest(map[string]any{"ledger": "ok", "state": []string{diffs[0].String()}})
	if all[0].Digest != want {
		t.Errorf("the second night's record does not name the edited device %s", diffs[0].ID)
	}
}
