package store

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"kijun/internal/assets"
	"kijun/internal/devices"
	"kijun/internal/records"
	"kijun/internal/systems"
)

// StateDiff is a register row that is not the state its last ledger record
// holds: the row was changed, added or removed outside Kijun.
type StateDiff struct {
	Entity string // the ledger's entity: asset, system, device, medium, area
	ID     string // the row's 管理番号
	Seq    int64  // the last record of the row, or 0 when it has none
	What   string // what differs, in a sentence
}

// String names the row and the difference.
func (d StateDiff) String() string {
	return fmt.Sprintf("%s %s: %s", d.Entity, d.ID, d.What)
}

// VerifyState compares every row of the registers (assets, systems,
// devices, media, managed areas) with the digest of the state its last
// ledger record holds (4.4). A direct edit of a register table, which the
// ledger's own hashes cannot show, is named here; every difference is
// listed, by kind and ID.
func (db *DB) VerifyState(ctx context.Context) ([]StateDiff, error) {
	var diffs []StateDiff
	kinds := []struct {
		entity string
		each   func(fn func(id string, state any) error) error
	}{
		// Each row is put in the form its records hold, by the same
		// function the writes use.
		{"asset", func(fn func(string, any) error) error {
			return db.EachAsset(ctx, AssetFilter{}, func(a assets.Asset) error { return fn(a.ID, assetChange("", a).State) })
		}},
		{"system", func(fn func(string, any) error) error {
			return db.EachSystem(ctx, SystemFilter{}, func(s systems.System) error { return fn(s.ID, systemChange("", s).State) })
		}},
		{"device", func(fn func(string, any) error) error {
			return db.EachDevice(ctx, RegisterFilter{}, func(d devices.Device) error { return fn(d.ID, deviceRegister.change("", d).State) })
		}},
		{"medium", func(fn func(string, any) error) error {
			return db.EachMedium(ctx, RegisterFilter{}, func(m devices.Medium) error { return fn(m.ID, mediumRegister.change("", m).State) })
		}},
		{"area", func(fn func(string, any) error) error {
			return db.EachArea(ctx, RegisterFilter{}, func(a devices.Area) error { return fn(a.ID, areaRegister.change("", a).State) })
		}},
	}
	for _, k := range kinds {
		last, err := db.lastDigests(ctx, k.entity)
		if err != nil {
			return nil, err
		}
		seen := make(map[string]bool, len(last))
		err = k.each(func(id string, state any) error {
			seen[id] = true
			digest, err := records.Digest(state)
			if err != nil {
				return err
			}
			rec, ok := last[id]
			switch {
			case !ok:
				diffs = append(diffs, StateDiff{Entity: k.entity, ID: id, What: "the row has no ledger record: it was added outside Kijun"})
			case rec.digest != digest:
				diffs = append(diffs, StateDiff{Entity: k.entity, ID: id, Seq: rec.seq,
					What: fmt.Sprintf("the row differs from the state of its last record %d (%s): it was changed outside Kijun", rec.seq, rec.action)})
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("verify %s rows: %w", k.entity, err)
		}
		// The registers have no deletion: a row with records but gone
		// from its table was deleted outside Kijun.
		for _, id := range slices.Sorted(maps.Keys(last)) {
			if !seen[id] {
				rec := last[id]
				diffs = append(diffs, StateDiff{Entity: k.entity, ID: id, Seq: rec.seq,
					What: fmt.Sprintf("the row is missing though record %d (%s) holds its state: it was deleted outside Kijun", rec.seq, rec.action)})
			}
		}
	}
	return diffs, nil
}

type lastRecord struct {
	seq            int64
	digest, action string
}

// lastDigests returns, for every ID of entity, its last record.
func (db *DB) lastDigests(ctx context.Context, entity string) (map[string]lastRecord, error) {
	out := map[string]lastRecord{}
	err := db.View(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT r.entity_id, r.seq, r.digest, r.action FROM ledger_records r
			WHERE r.entity = ? AND r.seq = (SELECT MAX(l.seq) FROM ledger_records l WHERE l.entity = r.entity AND l.entity_id = r.entity_id)`, entity)
		if err != nil {
			return fmt.Errorf("read the ledger's %s records: %w", entity, err)
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			var r lastRecord
			if err := rows.Scan(&id, &r.seq, &r.digest, &r.action); err != nil {
				return fmt.Errorf("read the ledger's %s records: %w", entity, err)
			}
			out[id] = r
		}
		return rows.Err()
	})
	return out, err
}
