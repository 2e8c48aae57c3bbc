package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"kijun/internal/demo"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// 4.4: every register row written through Kijun is the state its last
// ledger record holds; a row edited, added or deleted directly in the
// database is named, with its kind and ID.
func TestVerifyStateNamesRowsChangedOutsideKijun(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := demo.Generate(ctx, db, demo.Options{}); err != nil {
			t.Fatal(err)
		}
		diffs, err := db.VerifyState(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range diffs {
			t.Errorf("after the demo, written through Kijun: %s", d)
		}
		first := func(table string) string {
			var id string
			err := db.View(ctx, func(tx *store.Tx) error {
				return tx.QueryRowContext(ctx, "SELECT id FROM "+table+" ORDER BY id LIMIT 1").Scan(&id)
			})
			if err != nil {
				t.Fatal(err)
			}
			return id
		}
		asset, system, device, medium, area := first("assets"), first("systems"), first("devices"), first("media"), first("areas")
		edits := []string{
			fmt.Sprintf("UPDATE assets SET name = name || 'x' WHERE id = '%s'", asset),
			fmt.Sprintf("UPDATE systems SET tls = 1 - tls WHERE id = '%s'", system),
			fmt.Sprintf("UPDATE devices SET disk_encryption = 1 - disk_encryption WHERE id = '%s'", device),
			fmt.Sprintf("DELETE FROM media WHERE id = '%s'", medium),
			fmt.Sprintf("UPDATE areas SET entry_control = '' WHERE id = '%s'", area),
		}
		err = db.Update(ctx, func(tx *store.Tx) error {
			for _, q := range edits {
				if _, err := tx.ExecContext(ctx, q); err != nil {
					return fmt.Errorf("%s: %w", q, err)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		diffs, err = db.VerifyState(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, d := range diffs {
			got = append(got, d.String())
		}
		want := []string{
			"asset " + asset + ": the row differs from the state of its last record",
			"system " + system + ": the row differs",
			"device " + device + ": the row differs",
			"medium " + medium + ": the row is missing",
			"area " + area + ": the row differs",
		}
		if len(got) != len(want) {
			t.Fatalf("differences:\n%s\nwant %d", strings.Join(got, "\n"), len(want))
		}
		for i := range want {
			if !strings.HasPrefix(got[i], want[i]) {
				t.Errorf("difference %d = %q, want it to start %q", i, got[i], want[i])
			}
		}
	})
}
