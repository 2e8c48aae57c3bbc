package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"kijun/internal/compliance"
	"kijun/internal/systems"
)

// merge completes the whole city's facts once the assets, their holders
// and the other registers are read: what holds each asset and whether it
// is registered, each holder's class (4.2オ(4)), which hold マイナンバー
// data (5.1イ(2)), each asset's 課 still in being and original still
// registered.
func (r *factsReader) merge(context.Context) error {
	idx := make(map[string]int, len(r.f.Assets))
	for i := range r.f.Assets {
		idx[r.f.Assets[i].ID] = i
	}
	registered := map[string]bool{}
	for _, s := range r.f.Systems {
		registered["system:"+s.ID] = true
	}
	for _, d := range r.f.Devices {
		registered["device:"+d.ID] = true
	}
	for _, m := range r.f.Media {
		registered["medium:"+m.ID] = true
	}
	for _, a := range r.f.Areas {
		registered["area:"+a.ID] = true
	}
	r.exists = registered
	myNumberSystem := map[string]bool{}
	for _, s := range r.f.Systems {
		if s.Zone == string(systems.ZoneMyNumber) {
			myNumberSystem["system:"+s.ID] = true
		}
	}
	r.class = make(map[string]compliance.Class, len(r.held))
	myNumberAsset := make([]bool, len(r.f.Assets))
	anyMyNumber := false
	// at holds each holder's assets by their place in r.f.Assets, one
	// holder after another, so the second pass looks up no IDs.
	at := make([]int32, 0, len(r.f.Assets)+len(r.f.Assets)/4)
	ends := make([]int, len(r.held))
	for n, h := range r.held {
		foreign, myNumber := !r.holderExists(h.holder), myNumberSystem[h.holder]
		var cl compliance.Class
		start := len(at)
		for id := range h.ids {
			i, ok := idx[id]
			if !ok {
				continue
			}
			at = append(at, int32(i))
			a := &r.f.Assets[i]
			a.Holders++
			a.ForeignHolder = a.ForeignHolder || foreign
			cl.Hold(a.Confidentiality, a.Integrity, a.Availability)
			if myNumber {
				myNumberAsset[i], anyMyNumber = true, true
			}
		}
		ends[n] = len(at)
		if len(at) > start {
			r.class[h.holder] = cl
		}
	}
	// 4.2ア(3), 5.1イ(2): a copy of マイナンバー data is マイナンバー data
	// wherever it is kept, and so is a copy of that copy: an asset with an
	// original, or an original's original, that a マイナンバー利用事務系
	// system holds makes its own holders hold マイナンバー data too.
	if anyMyNumber {
		inherit(r.f.Assets, idx, myNumberAsset)
	}
	r.myNumber = map[string]bool{}
	if anyMyNumber {
		start := 0
		for n, h := range r.held {
			if slices.ContainsFunc(at[start:ends[n]], func(i int32) bool { return myNumberAsset[i] }) {
				r.myNumber[h.holder] = true
			}
			start = ends[n]
		}
	}
	for i := range r.f.Assets {
		a := &r.f.Assets[i]
		_, a.UnitActive = r.unitOf[a.Unit]
		if a.OriginalID != "" {
			var j int
			j, a.OriginalExists = idx[a.OriginalID]
			if a.OriginalExists {
				o := &r.f.Assets[j]
				a.OriginalHigher = below(a, o.Confidentiality, o.Integrity, o.Availability)
			}
		}
	}
	for i := range r.f.Systems {
		r.f.Systems[i].Class = r.class["system:"+r.f.Systems[i].ID]
	}
	for i := range r.f.Devices {
		d := &r.f.Devices[i]
		d.Class, d.MyNumber = r.class["device:"+d.ID], r.myNumber["device:"+d.ID]
	}
	for i := range r.f.Media {
		m := &r.f.Media[i]
		m.Class, m.MyNumber = r.class["medium:"+m.ID], r.myNumber["medium:"+m.ID]
	}
	return nil
}

// classes works out, for the systems, devices and media a re-check names,
// the highest class of each scale among the assets each holds (4.2オ(4)),
// and whether it holds an asset a マイナンバー利用事務系 system also holds
// (5.1イ(2)), in one grouped read of what they hold.
func (r *factsReader) classes(ctx context.Context) error {
	r.class, r.myNumber = map[string]compliance.Class{}, map[string]bool{}
	// The rules read no other holder's class. The holder's rows carry
	// their assets' classes (migration 0016), so each holder's is one
	// group, a system's read from the index alone: the 住民記録システム
	// holds thousands of assets. A device or medium also asks, of each
	// asset it holds, whether a マイナンバー system holds it too.
	var systemHolders, others []any
	for _, s := range r.scope {
		switch kind, _, _ := strings.Cut(s, ":"); compliance.Kind(kind) {
		case compliance.KindSystem:
			systemHolders = append(systemHolders, s)
		case compliance.KindDevice, compliance.KindMedium:
			others = append(others, s)
		}
	}
	scan := func(sc scanner) error {
		var h string
		var cl compliance.Class
		var myNumber int
		err := sc.Scan(&h, &cl.Confidentiality, &cl.Integrity, &cl.Availability, &cl.Assets, &myNumber)
		r.class[h], r.myNumber[h] = cl, myNumber == 1
		return err
	}
	if len(systemHolders) > 0 {
		if err := r.query(ctx, `SELECT holder, MAX(confidentiality), MAX(integrity), MAX(availability), SUM(assets), 0
			FROM holder_classes WHERE holder IN `+inList(len(systemHolders))+` GROUP BY holder`, systemHolders, scan); err != nil {
			return err
		}
	}
	if len(others) == 0 {
		return nil
	}
	if err := r.query(ctx, `SELECT holder, MAX(confidentiality), MAX(integrity), MAX(availability), SUM(assets), 0
		FROM holder_classes WHERE holder IN `+inList(len(others))+` GROUP BY holder`, others, scan); err != nil {
		return err
	}
	myNumber := []any{""} // a holder no row names, so the list is never empty
	if err := r.query(ctx, "SELECT id FROM systems WHERE zone = ?", []any{string(systems.ZoneMyNumber)}, func(sc scanner) error {
		var id string
		err := sc.Scan(&id)
		myNumber = append(myNumber, "system:"+id)
		return err
	}); err != nil {
		return err
	}
	// For a few holders each asset's other holders are looked up; for
	// many (the devices sharing a moved system's assets, about 930 on the
	// city), the マイナンバー systems' assets are listed once, which took
	// that re-check from 0.16 to 0.07 s on SQLite.
	// 4.2ア(3), 5.1イ(2): a copy of an asset a マイナンバー system holds
	// is マイナンバー data too, and so is a copy of that copy, as the full
	// run reads them; UNION ends a chain of copies that loops.
	if len(others) > manyHolders {
		// Copies are few: the chain is walked down from the copies of
		// the systems' assets, once for all the holders.
		args := append(append(slices.Clone(myNumber), others...), myNumber...)
		return r.query(ctx, `WITH RECURSIVE copied(id) AS (
				SELECT c.id FROM assets c JOIN asset_holders s ON s.asset_id = c.original_id
				WHERE c.original_id > '' AND s.holder IN `+inList(len(myNumber))+`
				UNION
				SELECT c.id FROM assets c JOIN copied ON c.original_id = copied.id
			)
			SELECT h.holder FROM asset_holders h WHERE h.holder IN `+inList(len(others))+`
			AND (h.asset_id IN (SELECT asset_id FROM asset_holders WHERE holder IN `+inList(len(myNumber))+`)
				OR h.asset_id IN (SELECT id FROM copied))
			GROUP BY h.holder`,
			args, func(sc scanner) error {
				var h string
				err := sc.Scan(&h)
				r.myNumber[h] = true
				return err
			})
	}
	// For a few holders, each asset they hold is walked up its chain of
	// originals, and each step's other holders looked up.
	return r.query(ctx, `WITH RECURSIVE up(holder, id) AS (
			SELECT holder, asset_id FROM asset_holders WHERE holder IN `+inList(len(others))+`
			UNION
			SELECT up.holder, a.original_id FROM up JOIN assets a ON a.id = up.id WHERE a.original_id > ''
		)
		SELECT DISTINCT up.holder FROM up
		WHERE EXISTS (SELECT 1 FROM asset_holders s WHERE s.asset_id = up.id AND s.holder IN `+inList(len(myNumber))+`)`,
		append(slices.Clone(others), myNumber...), func(sc scanner) error {
			var h string
			err := sc.Scan(&h)
			r.myNumber[h] = true
			return err
		})
}

// manyHolders is how many devices and media a re-check names before it
// lists the マイナンバー systems' assets once rather than look up each
// asset's other holders.
var manyHolders = 64

// SharingHolders returns the devices and media that hold an asset system
// also holds, each with whether it holds one that another マイナンバー
// 利用事務系 system holds: a device's or medium's マイナンバー flag
// (5.1イ(2)) follows from the zones of the systems it shares assets with,
// so a move of system into or out of that zone changes theirs.
func (db *DB) SharingHolders(ctx context.Context, system string) (map[string]bool, error) {
	out := map[string]bool{}
	holder := "system:" + system
	err := db.View(ctx, func(tx *Tx) error {
		return tx.each(ctx, `SELECT h.holder, MAX(CASE WHEN s.holder IN (SELECT 'system:' || id FROM systems WHERE zone = ?) AND s.holder <> ? THEN 1 ELSE 0 END)
			FROM asset_holders me JOIN asset_holders h ON h.asset_id = me.asset_id JOIN asset_holders s ON s.asset_id = h.asset_id
			WHERE me.holder = ? AND (h.holder LIKE 'device:%' OR h.holder LIKE 'medium:%') GROUP BY h.holder`,
			[]any{string(systems.ZoneMyNumber), holder, holder}, func(sc scanner) error {
				var h string
				var other int
				err := sc.Scan(&h, &other)
				out[h] = other == 1
				return err
			})
	})
	if err != nil {
		return nil, fmt.Errorf("read what shares the assets of %s: %w", holder, err)
	}
	return out, nil
}

// inList is the SQL of a list of n placeholders, for IN.
func inList(n int) string {
	return "(" + strings.TrimSuffix(strings.Repeat("?, ", n), ", ") + ")"
}

// readHolders reads what holds each asset of the city, a row per holder
// with the IDs of its assets joined: a few thousand holders hold the
// city's quarter of a million (asset, holder) pairs, so each holder is
// looked up once and each pair costs a step through a text, not a row.
// Asset IDs hold no separator (assets.ValidID).
func (r *factsReader) readHolders(ctx context.Context) error {
	agg := "group_concat(asset_id, char(31))"
	if r.tx.db.Dialect == Postgres {
		agg = "string_agg(asset_id, chr(31))"
	}
	return r.query(ctx, "SELECT holder, "+agg+" FROM asset_holders GROUP BY holder", nil, func(sc scanner) error {
		var h heldBy
		err := sc.Scan(&h.holder, &h.assets)
		r.held = append(r.held, h)
		return err
	})
}

// heldBy is a holder and the IDs of the assets it holds, joined by
// fieldSeparator.
type heldBy struct{ holder, assets string }

// ids yields the ID of each asset h holds.
func (h heldBy) ids(yield func(string) bool) {
	for ids := h.assets; ids != ""; {
		id, rest, _ := strings.Cut(ids, string(fieldSeparator))
		if !yield(id) {
			return
		}
		ids = rest
	}
}

// loadExisting reads which of the holders named are registered, one
// look-up each: for a re-check's few records.
func (r *factsReader) loadExisting(ctx context.Context, pairs [][2]string) error {
	r.exists = map[string]bool{}
	tables := map[string]string{"system": "systems", "device": "devices", "medium": "media", "area": "areas"}
	for _, p := range pairs {
		kind, id, _ := strings.Cut(p[1], ":")
		table, ok := tables[kind]
		if !ok {
			continue
		}
		var n int
		if err := r.tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+table+" WHERE id = ?", id).Scan(&n); err != nil {
			return fmt.Errorf("read compliance facts: %w", err)
		}
		r.exists[p[1]] = n > 0
	}
	return nil
}

// holderExists reports whether a holder names a registered record.
func (r *factsReader) holderExists(h string) bool {
	kind, _, _ := strings.Cut(h, ":")
	switch kind {
	case "system", "device", "medium", "area":
		return r.exists[h]
	}
	return true // a cabinet or shelf named in words: nothing to look up
}

// inherit marks every asset one of whose originals, up the chain of
// copies, is marked. A chain that loops back on itself ends where it
// meets an asset already walked.
func inherit(as []compliance.Asset, idx map[string]int, marked []bool) {
	const (
		unknown = iota
		walking
		done
	)
	state := make([]uint8, len(as))
	var walk func(i int) bool
	walk = func(i int) bool {
		switch state[i] {
		case done:
			return marked[i]
		case walking: // a loop of copies: nothing more up this way
			return false
		}
		state[i] = walking
		if !marked[i] {
			if j, ok := idx[as[i].OriginalID]; ok && as[i].OriginalID != "" && walk(j) {
				marked[i] = true
			}
		}
		state[i] = done
		return marked[i]
	}
	for i := range as {
		if as[i].OriginalID != "" {
			walk(i)
		}
	}
}
