package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"kijun/internal/compliance"
	"kijun/internal/records"
	"kijun/internal/store"
)

// Migration 0016 gives what holds each asset already stored the asset's
// classes, so a system's class reads the same after it.
func TestHolderClassesAfterMigration(t *testing.T) {
	eachAt(t, 15, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		smallOrg(t, db)
		// As version 15 wrote them: the system, the asset, and what holds it.
		err := db.Update(ctx, func(tx *store.Tx) error {
			now := records.FormatTime(db.Now())
			if _, err := tx.ExecContext(ctx, `INSERT INTO systems (id, name, unit_code, zone, hosting, auth_factors, search_key, created_at, updated_at)
				VALUES ('zeimu', '税務システム', '111', 'lgwan', 'onsite', 2, 'zeimu', ?, ?)`, now, now); err != nil {
				return err
			}
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
				// Later tables refer to the requests (an evidence disposal names
				// its permit, 11.1.6): their references go with the table.
				drop[3] = "DROP TABLE permit_requests CASCADE"
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
