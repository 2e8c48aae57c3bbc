package store

import (
	"context"
	"fmt"

	"kijun/internal/assets"
)

// A holder's class (4.2オ(4)) is the highest of each scale among the
// assets it holds. holder_classes keeps, per holder, how many of its
// assets have each combination of classes, written by triggers in the
// transaction that changes asset_holders (migration 0120), so a holder
// of 40,000 assets is a few rows; the assets its reasons name are the
// first five by ID at the top of each scale, each found through an index
// of (holder, scale, asset_id).

// HolderClass returns the classification of a system, device, medium,
// cabinet or area (kind:id): the highest class of each scale among the
// assets it holds (4.2オ(4)), and how many it holds.
func (db *DB) HolderClass(ctx context.Context, holder string) (assets.Classification, int, error) {
	var hc HeldClass
	err := db.View(ctx, func(tx *Tx) error {
		kept, err := tx.keptClasses(ctx, []string{holder})
		if err != nil {
			return err
		}
		hc, err = tx.heldClass(ctx, holder, kept[holder])
		return err
	})
	if err != nil {
		return assets.Classification{}, 0, fmt.Errorf("read the class of %s: %w", holder, err)
	}
	return hc.Class, hc.Held, nil
}

// HeldClass is the class of one holder (4.2オ(4)) and how many assets it
// holds.
type HeldClass struct {
	Class assets.Classification
	Held  int
}

// HolderClasses returns the class of each of holders (kind:id) that holds
// any asset, as HolderClass does: a list page shows the class of every
// row at the cost of its own rows. A holder that holds nothing is absent
// from the map.
func (db *DB) HolderClasses(ctx context.Context, holders []string) (map[string]HeldClass, error) {
	out := map[string]HeldClass{}
	if len(holders) == 0 {
		return out, nil
	}
	err := db.View(ctx, func(tx *Tx) error {
		kept, err := tx.keptClasses(ctx, holders)
		if err != nil {
			return err
		}
		for h, k := range kept {
			if out[h], err = tx.heldClass(ctx, h, k); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read the classes of %d holders: %w", len(holders), err)
	}
	return out, nil
}

// keptClass is a holder's kept counts: how many assets it holds and, per
// scale, the highest level and how many assets are at it.
type keptClass struct {
	held    int
	c, i, a assets.Top
}

// keptClasses reads the kept counts of holders from holder_classes.
func (tx *Tx) keptClasses(ctx context.Context, holders []string) (map[string]*keptClass, error) {
	out := map[string]*keptClass{}
	// Levels below 1 count as 1 (assets.Highest).
	add := func(t *assets.Top, level, n int) {
		switch level = max(level, 1); {
		case level > t.Level:
			t.Level, t.Count = level, n
		case level == t.Level:
			t.Count += n
		}
	}
	for start := 0; start < len(holders); start += 500 {
		var c conditions
		c.in("holder", holders[start:min(start+500, len(holders))])
		where, args := c.where()
		err := tx.each(ctx, "SELECT holder, confidentiality, integrity, availability, assets FROM holder_classes "+where, args, func(sc scanner) error {
			var h string
			var cl, il, al, n int
			if err := sc.Scan(&h, &cl, &il, &al, &n); err != nil {
				return err
			}
			k := out[h]
			if k == nil {
				k = &keptClass{c: assets.Top{Level: 1}, i: assets.Top{Level: 1}, a: assets.Top{Level: 1}}
				out[h] = k
			}
			k.held += n
			add(&k.c, cl, n)
			add(&k.i, il, n)
			add(&k.a, al, n)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// heldClass completes a holder's kept counts with the first assets at
// the top of each scale, by ID, in one statement: the reasons name them.
func (tx *Tx) heldClass(ctx context.Context, holder string, k *keptClass) (HeldClass, error) {
	if k == nil || k.held == 0 {
		return HeldClass{Class: assets.HighestOf(0, assets.Top{}, assets.Top{}, assets.Top{})}, nil
	}
	tops := []*assets.Top{&k.c, &k.i, &k.a}
	var q string
	var args []any
	for n, col := range []string{"confidentiality", "integrity", "availability"} {
		if n > 0 {
			q += " UNION ALL "
		}
		// At level 1 every asset is at the top, those below 1 too
		// (assets.Highest): the first by the primary key.
		cond, arg := " AND "+col+" = ?", []any{holder, tops[n].Level}
		if tops[n].Level <= 1 {
			cond, arg = "", arg[:1]
		}
		q += fmt.Sprintf("SELECT * FROM (SELECT %d AS scale, asset_id FROM asset_holders WHERE holder = ?%s ORDER BY asset_id LIMIT %d) s%d",
			n, cond, assets.TopIDs, n)
		args = append(args, arg...)
	}
	err := tx.each(ctx, q, args, func(sc scanner) error {
		var scale int
		var id string
		if err := sc.Scan(&scale, &id); err != nil {
			return err
		}
		tops[scale].First = append(tops[scale].First, id)
		return nil
	})
	if err != nil {
		return HeldClass{}, err
	}
	return HeldClass{Class: assets.HighestOf(k.held, k.c, k.i, k.a), Held: k.held}, nil
}
