package store

import (
	"context"
	"fmt"
	"slices"

	"kijun/internal/assets"
)

// HolderClass returns the classification of a system, device, medium,
// cabinet or area (kind:id): the highest class of each scale among the
// assets it holds (4.2オ(4)), computed, never stored.
func (db *DB) HolderClass(ctx context.Context, holder string) (assets.Classification, int, error) {
	var held []assets.Held
	err := db.View(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT a.id, a.confidentiality, a.integrity, a.availability
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
	return assets.Highest(held...), len(held), err
}

// HeldClass is the class of one holder (4.2オ(4)) and how many assets it
// holds.
type HeldClass struct {
	Class assets.Classification
	Held  int
}

// HolderClasses returns the class of each of holders (kind:id) that holds
// any asset, computed as HolderClass does: a list page shows the class of
// every row at the cost of its own rows. A holder that holds nothing is
// absent from the map.
//
// It reads what the holders hold, then those assets by ID, rather than
// joining the two: PostgreSQL's generic plan for a join filtered by a
// list of parameters expects thousands of rows and scans every asset
// (100 ms on the city demo), where two index lookups take a millisecond.
func (db *DB) HolderClasses(ctx context.Context, holders []string) (map[string]HeldClass, error) {
	out := map[string]HeldClass{}
	if len(holders) == 0 {
		return out, nil
	}
	held := map[string][]string{} // holder -> asset IDs
	class := map[string]assets.Classification{}
	err := db.View(ctx, func(tx *Tx) error {
		var ids []string
		var c conditions
		c.in("holder", holders)
		where, args := c.where()
		err := tx.each(ctx, "SELECT holder, asset_id FROM asset_holders "+where, args, func(sc scanner) error {
			var holder, id string
			if err := sc.Scan(&holder, &id); err != nil {
				return err
			}
			if _, ok := class[id]; !ok {
				class[id] = assets.Classification{}
				ids = append(ids, id)
			}
			held[holder] = append(held[holder], id)
			return nil
		})
		if err != nil {
			return err
		}
		for start := 0; start < len(ids); start += 500 {
			var c conditions
			c.in("id", ids[start:min(start+500, len(ids))])
			where, args := c.where()
			err := tx.each(ctx, "SELECT id, confidentiality, integrity, availability FROM assets "+where, args, func(sc scanner) error {
				var id string
				var cl assets.Classification
				if err := sc.Scan(&id, &cl.Confidentiality, &cl.Integrity, &cl.Availability); err != nil {
					return err
				}
				class[id] = cl
				return nil
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read the classes of %d holders: %w", len(holders), err)
	}
	for holder, ids := range held {
		slices.Sort(ids)
		hs := make([]assets.Held, len(ids))
		for i, id := range ids {
			hs[i] = assets.Held{AssetID: id, Classification: class[id]}
		}
		out[holder] = HeldClass{Class: assets.Highest(hs...), Held: len(hs)}
	}
	return out, nil
}
