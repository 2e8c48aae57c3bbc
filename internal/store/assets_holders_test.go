package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"

	"kijun/internal/assets"
	"kijun/internal/registers"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// The class kept for each holder (migration 0120) stays what reading every
// asset it holds gives (4.2オ(4)), reasons and counts included, as assets
// are added, reclassified, moved between holders and taken off them: the
// kept counts go down as well as up, so a holder whose only 機密性3 asset
// leaves drops back to 2.
func TestHolderClassKept(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		smallOrg(t, db)
		ss := assets.KobeScales()
		rnd := rand.New(rand.NewPCG(25, 120))
		holders := []string{"system:S-1", "device:PC-1", "device:PC-2", "medium:M-1", "area:R-1"}
		classify := func(a *assets.Asset) {
			a.Confidentiality = assets.Confidentiality(1 + rnd.IntN(3))
			a.Integrity = assets.Integrity(1 + rnd.IntN(2))
			a.Availability = assets.Availability(1 + rnd.IntN(2))
			a.ConfidentialityReason, a.IntegrityReason, a.AvailabilityReason = "", "", ""
			if a.Confidentiality >= 2 {
				a.ConfidentialityReason = "個人情報"
			}
			if a.Integrity >= 2 {
				a.IntegrityReason = "住民への影響"
			}
			if a.Availability >= 2 {
				a.AvailabilityReason = "業務の継続"
			}
		}
		hold := func(a *assets.Asset) {
			a.Holders = nil
			for _, h := range holders {
				if rnd.IntN(3) == 0 {
					a.Holders = append(a.Holders, h)
				}
			}
		}
		var saved []assets.Asset
		for n := range 14 {
			a := asset(fmt.Sprintf("K-%02d", n), "111", "名簿", 1)
			classify(&a)
			hold(&a)
			got, err := db.CreateAsset(ctx, registers.Console(), a, ss)
			if err != nil {
				t.Fatal(err)
			}
			saved = append(saved, got)
		}
		check := func(step string) {
			t.Helper()
			for _, h := range holders {
				want, wantN := recomputed(t, db, h)
				got, n, err := db.HolderClass(ctx, h)
				if err != nil {
					t.Fatal(err)
				}
				if n != wantN || !reflect.DeepEqual(got, want) {
					t.Fatalf("%s, %s: got %d held, %+v; recomputed %d, %+v", step, h, n, got, wantN, want)
				}
			}
			all, err := db.HolderClasses(ctx, holders)
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range holders {
				want, wantN := recomputed(t, db, h)
				if g, ok := all[h]; ok != (wantN > 0) || (ok && (g.Held != wantN || !reflect.DeepEqual(g.Class, want))) {
					t.Fatalf("%s, HolderClasses %s: got %+v (%v); recomputed %d, %+v", step, h, g, ok, wantN, want)
				}
			}
		}
		check("created")
		for step := range 40 {
			i := rnd.IntN(len(saved))
			a := saved[i]
			switch step % 3 {
			case 0:
				classify(&a)
			case 1:
				hold(&a)
			default:
				a.Holders = nil // taken off every holder
			}
			got, err := db.UpdateAsset(ctx, registers.Console(), a, ss)
			if err != nil {
				t.Fatalf("step %d: %v", step, err)
			}
			saved[i] = got
			check(fmt.Sprintf("step %d (%s)", step, a.ID))
		}
		// A holder that held something and now holds nothing has no kept
		// rows left.
		for i := range saved {
			a := saved[i]
			a.Holders = nil
			if _, err := db.UpdateAsset(ctx, registers.Console(), a, ss); err != nil {
				t.Fatal(err)
			}
		}
		check("emptied")
		var rows int
		if err := db.View(ctx, func(tx *store.Tx) error {
			return tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM holder_classes").Scan(&rows)
		}); err != nil {
			t.Fatal(err)
		}
		if rows != 0 {
			t.Errorf("holder_classes has %d rows once nothing is held, want 0", rows)
		}
	})
}

// recomputed is a holder's class read as it was before it was kept: every
// asset it holds, through assets.Highest.
func recomputed(t *testing.T, db *store.DB, holder string) (assets.Classification, int) {
	t.Helper()
	var held []assets.Held
	err := db.View(context.Background(), func(tx *store.Tx) error {
		rows, err := tx.QueryContext(context.Background(), `SELECT a.id, a.confidentiality, a.integrity, a.availability
			FROM asset_holders h JOIN assets a ON a.id = h.asset_id WHERE h.holder = ? ORDER BY a.id`, holder)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var h assets.Held
			if err := rows.Scan(&h.AssetID, &h.Classification.Confidentiality, &h.Classification.Integrity, &h.Classification.Availability); err != nil {
				return err
			}
			held = append(held, h)
		}
		return rows.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	return assets.Highest(held...), len(held)
}
