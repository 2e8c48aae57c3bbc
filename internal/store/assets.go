package store

import (
	"context"
	"fmt"
	"iter"
	"slices"
	"strings"
	"time"

	"kijun/internal/assets"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/records"
)

// assetColumns are the columns of an asset, in scanAsset's order.
var assetColumns = `a.id, a.unit_code, ` + unitNameOf("a.unit_code") + `,` + assetRest

// bulkAssetColumns are assetColumns without looking up the unit's name
// (the code stands in), for reading the whole register in an import or an
// export, where the name is not shown and 200,000 lookups cost seconds.
var bulkAssetColumns = `a.id, a.unit_code, a.unit_code,` + assetRest

const assetRest = `
	a.name, a.description, a.kind, a.location, a.confidentiality, a.confidentiality_reason, a.integrity, a.integrity_reason,
	a.availability, a.availability_reason, a.stage, a.origin, a.original_id, a.created_at, a.updated_at, a.version`

func scanAsset(sc scanner) (assets.Asset, error) {
	var a assets.Asset
	var created, updated string
	err := sc.Scan(&a.ID, &a.Unit, &a.UnitName, &a.Name, &a.Description, &a.Kind, &a.Location,
		&a.Confidentiality, &a.ConfidentialityReason, &a.Integrity, &a.IntegrityReason,
		&a.Availability, &a.AvailabilityReason, &a.Stage, &a.Origin, &a.OriginalID, &created, &updated, &a.Version)
	a.CreatedAt, a.UpdatedAt = parseStoredTime(created), parseStoredTime(updated)
	return a, err
}

// AssetFilter selects and orders a page of the asset register.
type AssetFilter struct {
	// Units limits the list to these units' assets; nil is every unit.
	Units []string
	Kind  assets.Kind
	// MinConfidentiality keeps assets of at least this 機密性.
	MinConfidentiality int
	// InScope keeps only assets in scope (4.1.4ア).
	InScope bool
	Stage   assets.Stage
	// Q keeps assets whose ID, name or description contains every word.
	Q string
	// Sort is id, name, unit, confidentiality or updated; Desc reverses it.
	Sort   string
	Desc   bool
	Offset int
	Limit  int
}

// where builds the filter's WHERE clause and arguments.
func (f AssetFilter) where(d Dialect) (string, []any) {
	return f.whereWords(d, !f.byIndex())
}

// byIndex reports whether the filter's words are searched through the
// index rather than by the substring test alone.
func (f AssetFilter) byIndex() bool {
	return strings.TrimSpace(f.Q) != "" && (f.Units == nil || len(f.Units) > fewUnits)
}

// wordsOnly reports whether the filter keeps assets by their words alone.
func (f AssetFilter) wordsOnly() bool {
	return f.Units == nil && f.Kind == "" && f.MinConfidentiality <= 1 && !f.InScope && f.Stage == ""
}

// whereWords is where, testing the words by the substring test alone when
// scan, without the index.
func (f AssetFilter) whereWords(d Dialect, scan bool) (string, []any) {
	var c conditions
	c.in("a.unit_code", f.Units)
	if f.Kind != "" {
		c.add("a.kind = ?", f.Kind)
	}
	if f.MinConfidentiality > 1 {
		c.add("a.confidentiality >= ?", f.MinConfidentiality)
	}
	if f.InScope {
		c.add("a.in_scope = 1")
	}
	if f.Stage != "" {
		c.add("a.stage = ?", f.Stage)
	}
	if scan {
		// A 課's or a 局's register is read whole faster than the
		// index's matches across the city, thousands for a common word,
		// are narrowed to it.
		c.words(d, "a.search_key", f.Q)
	} else {
		c.assetWords(d, f.Q)
	}
	return c.where()
}

// walkable reports whether the register has an index in the order of the
// sort key, so that a page can be found by walking it.
func walkable(sort string) bool {
	_, ok := assetSorts[sort]
	return ok || sort == ""
}

// fewUnits is the most units whose assets a search reads one by one rather
// than through the index: a 局 of some 30 課 holds about 6,000 assets of the
// city's 200,000.
const fewUnits = 40

// assetSorts are the orders a list may take, each ending in the ID so pages
// do not overlap.
var assetSorts = map[string]string{
	"id": "a.id", "name": "a.name, a.id", "unit": "a.unit_code, a.id",
	"confidentiality": "a.confidentiality, a.integrity, a.availability, a.id", "updated": "a.updated_at, a.id",
}

// withExtra scans a row whose last column is one more value.
type withExtra struct {
	rows  scanner
	extra any
}

func (w withExtra) Scan(dest ...any) error { return w.rows.Scan(append(dest, w.extra)...) }

// EachAsset calls fn for every asset the filter matches, in its order,
// with its holders, for an export; the page fields are ignored.
func (db *DB) EachAsset(ctx context.Context, f AssetFilter, fn func(assets.Asset) error) error {
	where, args := f.where(db.Dialect)
	return db.View(ctx, func(tx *Tx) error { return tx.eachAsset(ctx, where, args, fn) })
}

// eachAsset calls fn for every asset matching where, by ID, with its
// holders: the whole-register read of exports and imports.
func (tx *Tx) eachAsset(ctx context.Context, where string, args []any, fn func(assets.Asset) error) error {
	holders := map[string][]string{}
	hrows, err := tx.QueryContext(ctx, "SELECT asset_id, holder FROM asset_holders ORDER BY asset_id, holder")
	if err != nil {
		return fmt.Errorf("list holders: %w", err)
	}
	for hrows.Next() {
		var id, h string
		if err := hrows.Scan(&id, &h); err != nil {
			hrows.Close()
			return err
		}
		holders[id] = append(holders[id], h)
	}
	hrows.Close()
	rows, err := tx.QueryContext(ctx, "SELECT "+bulkAssetColumns+" FROM assets a "+where+" ORDER BY a.id", args...)
	if err != nil {
		return fmt.Errorf("read assets: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		a, err := scanAsset(rows)
		if err != nil {
			return fmt.Errorf("read assets: %w", err)
		}
		a.Holders = holders[a.ID]
		if err := fn(a); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Asset returns one asset with its holders, or an ENOTFOUND error.
func (db *DB) Asset(ctx context.Context, id string) (assets.Asset, error) {
	var a assets.Asset
	err := db.View(ctx, func(tx *Tx) (err error) {
		a, err = tx.asset(ctx, id)
		return err
	})
	return a, err
}

func (tx *Tx) asset(ctx context.Context, id string) (assets.Asset, error) {
	a, err := scanAsset(tx.QueryRowContext(ctx, "SELECT "+assetColumns+" FROM assets a WHERE a.id = ?", id))
	if err = errNoRows(err, "管理番号 %s の情報資産はありません", id); err != nil {
		return a, err
	}
	rows, err := tx.QueryContext(ctx, "SELECT holder FROM asset_holders WHERE asset_id = ? ORDER BY holder", id)
	if err != nil {
		return a, err
	}
	defer rows.Close()
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return a, err
		}
		a.Holders = append(a.Holders, h)
	}
	return a, rows.Err()
}

// AssetStage is a stage an asset entered (4.2ウ to ケ).
type AssetStage struct {
	Stage   assets.Stage `json:"stage"`
	At      time.Time    `json:"at"`
	Actor   string       `json:"actor"`
	Version int64        `json:"version"`
}

// AssetStages returns an asset's lifecycle, oldest first.
func (db *DB) AssetStages(ctx context.Context, id string) ([]AssetStage, error) {
	var out []AssetStage
	err := db.View(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, "SELECT seq, stage, at, actor FROM asset_stages WHERE asset_id = ? ORDER BY seq", id)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var s AssetStage
			var at string
			if err := rows.Scan(&s.Version, &s.Stage, &at, &s.Actor); err != nil {
				return err
			}
			s.At = parseStoredTime(at)
			out = append(out, s)
		}
		return rows.Err()
	})
	return out, err
}

// Copies returns the IDs of the copies of an asset (4.2ア(3)).
func (db *DB) Copies(ctx context.Context, id string) ([]string, error) {
	var out []string
	err := db.View(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, "SELECT id FROM assets WHERE original_id = ? ORDER BY id", id)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var c string
			if err := rows.Scan(&c); err != nil {
				return err
			}
			out = append(out, c)
		}
		return rows.Err()
	})
	return out, err
}

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

// CreateAsset adds an asset, with its ledger record and its first
// lifecycle stage. An ID in use is refused beside the ID field, whoever
// keeps that asset; an asset of a 課 g does not keep is refused beside
// the unit field. A wrong field is an EINVALID error wrapping
// *FieldErrors.
func (db *DB) CreateAsset(ctx context.Context, g Gate, a assets.Asset, ss assets.Scales) (assets.Asset, error) {
	return db.saveAsset(ctx, g, Create, a, ss)
}

// UpdateAsset changes an asset at the version that was read, with its
// ledger record, and its lifecycle when the stage changes. An asset that
// is not there is ENOTFOUND; one g does not keep, as it is, is EFORBIDDEN
// (saying nothing of it); moving it to a 課 g does not keep is refused
// beside the unit field; a concurrent change is ECONFLICT.
func (db *DB) UpdateAsset(ctx context.Context, g Gate, a assets.Asset, ss assets.Scales) (assets.Asset, error) {
	return db.saveAsset(ctx, g, Update, a, ss)
}

func (db *DB) saveAsset(ctx context.Context, g Gate, m Mode, a assets.Asset, ss assets.Scales) (assets.Asset, error) {
	if m == Create {
		a.Version = 0
	}
	err := db.Update(ctx, func(tx *Tx) error {
		var old *assets.Asset
		if m == Update {
			o, err := tx.asset(ctx, a.ID)
			if err != nil {
				return err
			}
			if !g.Keeps(o.Unit) { // 8.2.1ア: the record as it is now
				return errNotKept("情報資産", a.ID)
			}
			old = &o
		}
		fe := a.Check(ss)
		if len(fe) == 0 {
			fe = tx.checkAssetRefs(ctx, a, nil)
		}
		if fe = gateUnit(g, fe, assets.FieldUnit, a.Unit); len(fe) > 0 { // 8.2.1ア: and as it will be
			return fieldErrors(fe)
		}
		if old != nil && old.Version != a.Version {
			return kijun.Errorf(kijun.ECONFLICT, "情報資産 %s は他の人が変更しました（版 %d → %d）。読み込み直してから変更してください", a.ID, a.Version, old.Version)
		}
		if old == nil {
			var n int
			if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM assets WHERE id = ?", a.ID).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return fieldErrors([]assets.FieldError{{Field: assets.FieldID, Message: inUse("管理番号", a.ID)}})
			}
		}
		if a.Stage == assets.StageDispose && (old == nil || old.Stage != assets.StageDispose) {
			if err := tx.checkDisposal(ctx, a); err != nil { // 4.2ケ: no disposal without its permit and record
				return err
			}
		}
		now := db.Now()
		if old == nil {
			a.CreatedAt = now
		} else {
			a.CreatedAt = old.CreatedAt
		}
		a.UpdatedAt = now
		a.Version++
		if err := tx.writeAssets(ctx, []assetWrite{{a: a, stageChanged: old == nil || old.Stage != a.Stage, existed: old != nil}}); err != nil {
			return err
		}
		action := "asset.update"
		if old == nil {
			action = "asset.create"
		}
		_, err := tx.Record(ctx, assetChange(action, a))
		return err
	})
	return a, err
}

func assetChange(action string, a assets.Asset) Change {
	// The state recorded is the row as stored and read back (verify
	// --state compares them): the unit's name is not the asset's, and
	// holders are kept in order.
	a.UnitName, a.Holders = "", slices.Sorted(slices.Values(a.Holders))
	return Change{Action: action, Entity: "asset", EntityID: a.ID, State: a, Provisions: []string{"4.1", "4.2.ア.(1)"}}
}

// FieldErrors lists the fields of an item (an asset, a system, a device, a
// medium, an area) that are wrong; AssetErrors is its older name.
type (
	FieldErrors = kijun.FieldErrors
	AssetErrors = kijun.FieldErrors
)

func fieldErrors(fe []assets.FieldError) error {
	return (&kijun.FieldErrors{Fields: fe}).AsError()
}

// checkAssetRefs checks that an asset's unit exists and that its original
// exists (in the database, or among ids being imported with it).
func (tx *Tx) checkAssetRefs(ctx context.Context, a assets.Asset, importing map[string]bool) []assets.FieldError {
	var fe []assets.FieldError
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM org_units WHERE code = ?", a.Unit).Scan(&n); err != nil || n == 0 {
		fe = append(fe, assets.FieldError{Field: assets.FieldUnit, Message: fmt.Sprintf("所管課コード %s の組織はありません", a.Unit)})
	}
	if a.OriginalID != "" && !importing[a.OriginalID] {
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM assets WHERE id = ?", a.OriginalID).Scan(&n); err != nil || n == 0 {
			fe = append(fe, assets.FieldError{Field: assets.FieldOriginalID, Message: fmt.Sprintf("原本の管理番号 %s の情報資産はありません", a.OriginalID)})
		}
	}
	return fe
}

type assetWrite struct {
	a            assets.Asset
	stageChanged bool
	// existed: the asset was already in the register, so its old holders
	// are replaced; a new one has none to delete.
	existed bool
}

// assetUpsert is what an asset written again changes: all but when it was
// created.
const assetUpsert = `
	ON CONFLICT (id) DO UPDATE SET unit_code = excluded.unit_code, name = excluded.name, description = excluded.description,
	kind = excluded.kind, location = excluded.location, confidentiality = excluded.confidentiality,
	confidentiality_reason = excluded.confidentiality_reason, integrity = excluded.integrity,
	integrity_reason = excluded.integrity_reason, availability = excluded.availability,
	availability_reason = excluded.availability_reason, in_scope = excluded.in_scope, stage = excluded.stage,
	origin = excluded.origin, original_id = excluded.original_id, search_key = excluded.search_key,
	updated_at = excluded.updated_at, version = excluded.version`

// writeAssets upserts assets, replaces their holders and adds lifecycle
// rows, many rows to a statement.
func (tx *Tx) writeAssets(ctx context.Context, ws []assetWrite) error {
	return tx.prepareAssets(ctx, ws)()
}

// prepareAssets does what writing ws needs before the database is asked,
// and returns the write: an import prepares a batch while the last is
// written. On PostgreSQL each column of 5,000 assets goes as one array and
// unnest turns the arrays into rows, so a statement carries thousands of
// rows in 21 parameters instead of 20 a row, and the server plans it once;
// the arrays are made here. On SQLite the database's work is the write.
func (tx *Tx) prepareAssets(ctx context.Context, ws []assetWrite) func() error {
	if tx.db.Dialect != Postgres {
		return func() error { return tx.writeAssetRows(ctx, ws) }
	}
	actor := kijun.ActorFrom(ctx).ID
	var batches []*assetArrays
	for chunk := range slices.Chunk(ws, 5000) {
		batches = append(batches, newAssetArrays(chunk, actor))
	}
	return func() error {
		for _, b := range batches {
			if err := tx.writeAssetArrays(ctx, b); err != nil {
				return err
			}
		}
		return nil
	}
}

// writeAssetRows is writeAssets on SQLite, 400 rows to a statement.
func (tx *Tx) writeAssetRows(ctx context.Context, ws []assetWrite) error {
	const batch = 400
	actor := kijun.ActorFrom(ctx).ID
	index := make([]assetSearchEntry, 0, len(ws))
	for start := 0; start < len(ws); start += batch {
		chunk := ws[start:min(start+batch, len(ws))]
		var args, hargs, sargs []any
		var ids []any
		for _, w := range chunk {
			a := w.a
			key := organisation.SearchKey(a.ID + " " + a.Name + " " + a.Description + " " + a.Location)
			index = append(index, newAssetSearchEntry(a.ID, key))
			args = append(args, a.ID, a.Unit, a.Name, a.Description, a.Kind, a.Location,
				a.Confidentiality, a.ConfidentialityReason, a.Integrity, a.IntegrityReason, a.Availability, a.AvailabilityReason,
				boolInt(a.InScope()), a.Stage, a.Origin, a.OriginalID, key, records.FormatTime(a.CreatedAt), records.FormatTime(a.UpdatedAt), a.Version)
			if w.existed {
				ids = append(ids, a.ID)
			}
			for _, h := range a.Holders {
				hargs = append(hargs, h, a.ID, a.Confidentiality, a.Integrity, a.Availability)
			}
			if w.stageChanged {
				sargs = append(sargs, a.ID, a.Version, a.Stage, records.FormatTime(a.UpdatedAt), actor)
			}
		}
		q := `INSERT INTO assets (id, unit_code, name, description, kind, location, confidentiality, confidentiality_reason,
			integrity, integrity_reason, availability, availability_reason, in_scope, stage, origin, original_id, search_key,
			created_at, updated_at, version) VALUES ` + placeholders(len(chunk), 20) + assetUpsert
		if _, err := tx.tx.ExecContext(ctx, tx.db.rebind(q), args...); err != nil {
			return fmt.Errorf("write assets: %w", err)
		}
		if len(ids) > 0 {
			if _, err := tx.tx.ExecContext(ctx, tx.db.rebind("DELETE FROM asset_holders WHERE asset_id IN "+inList(len(ids))), ids...); err != nil {
				return fmt.Errorf("write asset holders: %w", err)
			}
		}
		if len(hargs) > 0 {
			if _, err := tx.tx.ExecContext(ctx, tx.db.rebind("INSERT INTO asset_holders (holder, asset_id, confidentiality, integrity, availability) VALUES "+placeholders(len(hargs)/5, 5)+" ON CONFLICT DO NOTHING"), hargs...); err != nil {
				return fmt.Errorf("write asset holders: %w", err)
			}
		}
		if len(sargs) > 0 {
			if _, err := tx.tx.ExecContext(ctx, tx.db.rebind("INSERT INTO asset_stages (asset_id, seq, stage, at, actor) VALUES "+placeholders(len(sargs)/5, 5)+" ON CONFLICT DO NOTHING"), sargs...); err != nil {
				return fmt.Errorf("write asset lifecycle: %w", err)
			}
		}
	}
	return tx.writeAssetSearchBatches(ctx, index)
}

// assetArrays are assets, their holders and their lifecycle rows as
// PostgreSQL's writes take them, a column to an array: the work done
// before the database is asked, which an import does for one batch while
// the last is written.
type assetArrays struct {
	ids, units, names, descs, kinds, locs, cr, ir, ar, stages, origins, originals, keys, grams, created, updated []string
	cs, is, as, scope, versions                                                                                  []int64
	existed                                                                                                      []string
	hAsset, hHolder                                                                                              []string
	hc, hi, ha                                                                                                   []int64
	sAsset, sStage, sAt, sActor                                                                                  []string
	sSeq                                                                                                         []int64
}

func newAssetArrays(chunk []assetWrite, actor string) *assetArrays {
	n := len(chunk)
	text := func() []string { return make([]string, n) }
	num := func() []int64 { return make([]int64, n) }
	u := &assetArrays{ids: text(), units: text(), names: text(), descs: text(), kinds: text(), locs: text(), cr: text(), ir: text(), ar: text(),
		stages: text(), origins: text(), originals: text(), keys: text(), grams: text(), created: text(), updated: text(),
		cs: num(), is: num(), as: num(), scope: num(), versions: num()}
	for i, w := range chunk {
		a := w.a
		u.ids[i], u.units[i], u.names[i], u.descs[i], u.kinds[i], u.locs[i] = a.ID, a.Unit, a.Name, a.Description, string(a.Kind), a.Location
		u.cs[i], u.cr[i], u.is[i], u.ir[i], u.as[i], u.ar[i] = int64(a.Confidentiality), a.ConfidentialityReason, int64(a.Integrity), a.IntegrityReason, int64(a.Availability), a.AvailabilityReason
		u.scope[i], u.stages[i], u.origins[i], u.originals[i] = int64(boolInt(a.InScope())), string(a.Stage), a.Origin, a.OriginalID
		u.keys[i] = organisation.SearchKey(a.ID + " " + a.Name + " " + a.Description + " " + a.Location)
		u.grams[i] = gramNumbers(u.keys[i])
		u.created[i], u.updated[i], u.versions[i] = records.FormatTime(a.CreatedAt), records.FormatTime(a.UpdatedAt), a.Version
		if w.existed {
			u.existed = append(u.existed, a.ID)
		}
		for _, h := range a.Holders {
			u.hAsset, u.hHolder = append(u.hAsset, a.ID), append(u.hHolder, h)
			u.hc, u.hi, u.ha = append(u.hc, int64(a.Confidentiality)), append(u.hi, int64(a.Integrity)), append(u.ha, int64(a.Availability))
		}
		if w.stageChanged {
			u.sAsset, u.sSeq, u.sStage = append(u.sAsset, a.ID), append(u.sSeq, a.Version), append(u.sStage, string(a.Stage))
			u.sAt, u.sActor = append(u.sAt, records.FormatTime(a.UpdatedAt)), append(u.sActor, actor)
		}
	}
	return u
}

// writeAssetArrays upserts the assets of u, replaces their holders and
// adds their lifecycle rows.
func (tx *Tx) writeAssetArrays(ctx context.Context, u *assetArrays) error {
	q := `INSERT INTO assets (id, unit_code, name, description, kind, location, confidentiality, confidentiality_reason,
		integrity, integrity_reason, availability, availability_reason, in_scope, stage, origin, original_id, search_key,
		created_at, updated_at, version, search_grams)
		SELECT u.id, u.unit_code, u.name, u.description, u.kind, u.location, u.c, u.cr, u.i, u.ir, u.a, u.ar, u.in_scope,
			u.stage, u.origin, u.original_id, u.search_key, u.created_at, u.updated_at, u.version, string_to_array(u.grams, ' ')::bigint[]
		FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::text[],
			$9::bigint[], $10::text[], $11::bigint[], $12::text[], $13::bigint[], $14::text[], $15::text[], $16::text[], $17::text[],
			$18::text[], $19::text[], $20::bigint[], $21::text[])
			AS u (id, unit_code, name, description, kind, location, c, cr, i, ir, a, ar, in_scope, stage, origin, original_id,
			search_key, created_at, updated_at, version, grams)` + assetUpsert + `, search_grams = excluded.search_grams`
	if _, err := tx.tx.ExecContext(ctx, q, u.ids, u.units, u.names, u.descs, u.kinds, u.locs, u.cs, u.cr, u.is, u.ir, u.as, u.ar, u.scope,
		u.stages, u.origins, u.originals, u.keys, u.created, u.updated, u.versions, u.grams); err != nil {
		return fmt.Errorf("write assets: %w", err)
	}
	if len(u.existed) > 0 {
		if _, err := tx.tx.ExecContext(ctx, "DELETE FROM asset_holders WHERE asset_id = ANY($1::text[])", u.existed); err != nil {
			return fmt.Errorf("write asset holders: %w", err)
		}
	}
	if len(u.hAsset) > 0 {
		if _, err := tx.tx.ExecContext(ctx, `INSERT INTO asset_holders (holder, asset_id, confidentiality, integrity, availability)
			SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::bigint[]) ON CONFLICT DO NOTHING`, u.hHolder, u.hAsset, u.hc, u.hi, u.ha); err != nil {
			return fmt.Errorf("write asset holders: %w", err)
		}
	}
	if len(u.sAsset) > 0 {
		if _, err := tx.tx.ExecContext(ctx, `INSERT INTO asset_stages (asset_id, seq, stage, at, actor)
			SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[]) ON CONFLICT DO NOTHING`,
			u.sAsset, u.sSeq, u.sStage, u.sAt, u.sActor); err != nil {
			return fmt.Errorf("write asset lifecycle: %w", err)
		}
	}
	return nil
}

// placeholders returns rows groups of cols question marks: (?, ?), (?, ?).
func placeholders(rows, cols int) string {
	one := inList(cols)
	return strings.TrimSuffix(strings.Repeat(one+", ", rows), ", ")
}

// AssetRow is a row of an imported register: the asset and where it was.
type AssetRow struct {
	Line  int
	Asset assets.Asset
}

// AssetPlan is the plan of an asset import.
type AssetPlan = ImportPlan

// ImportPlan is what an import of a register does or would do.
type ImportPlan struct {
	Added     []string `json:"added"`
	Changed   []string `json:"changed"`
	Unchanged int      `json:"unchanged"`
	DryRun    bool     `json:"dry_run"`
}

// Describe says what the plan does, in Japanese.
func (p *ImportPlan) Describe() string {
	verb := "取り込みました"
	if p.DryRun {
		verb = "取り込むと"
	}
	return fmt.Sprintf("%s: 追加 %d 件、変更 %d 件、変更なし %d 件", verb, len(p.Added), len(p.Changed), p.Unchanged)
}

// ImportAssets checks every row, by the rules a save of it by the form
// applies (g is asked about each row's 課 before and after, as
// CreateAsset and UpdateAsset ask), and then, unless dryRun, adds the new
// assets and changes the changed ones in one transaction, each with its
// ledger record. Any wrong row is an EINVALID error wrapping a
// *kijun.ImportError that names its sheet, row, column and reason, and
// nothing is written. Rows match stored assets by 管理番号, so importing
// the same file again changes nothing.
func (db *DB) ImportAssets(ctx context.Context, g Gate, sheet string, rows []AssetRow, ss assets.Scales, columns map[string]string, dryRun bool) (*ImportPlan, error) {
	return db.ImportAssetStream(ctx, g, sheet, slices.Values(rows), nil, ss, columns, dryRun)
}

// importBatch is how many rows an import writes at a time while it reads
// the rest.
const importBatch = 5000

// ImportAssetStream is ImportAssets for rows that are still being read: it
// checks and writes them as they come, so that reading a workbook and
// writing the register take their time together, and commits only when
// every row has been read and found right. read, when not nil, is called
// once the rows are all read and returns what the reader found wrong (a
// cell that could not be read, a unit the importer may not import):
// that error is returned instead of the store's own, and nothing is
// written, as when the reader fails before the import starts. A row
// that names as its original (原本) an asset further down the file is
// checked once the file is read.
func (db *DB) ImportAssetStream(ctx context.Context, g Gate, sheet string, rows iter.Seq[AssetRow], read func() error, ss assets.Scales, columns map[string]string, dryRun bool) (*ImportPlan, error) {
	ie := &kijun.ImportError{What: "情報資産台帳"}
	plan := &ImportPlan{DryRun: dryRun}
	apply := func(tx *Tx) error {
		units, err := tx.unitCodes(ctx)
		if err != nil {
			return err
		}
		existing := map[string]assets.Asset{}
		if err := tx.eachAsset(ctx, "", nil, func(a assets.Asset) error { existing[a.ID] = a; return nil }); err != nil {
			return err
		}
		var indexes indexSet
		if !dryRun && len(existing) < bulkLoadBelow {
			if indexes, err = tx.dropSecondaryIndexes(ctx, "assets", "asset_holders", "asset_stages"); err != nil {
				return err
			}
		}
		now := db.Now()
		seen := map[string]int{}
		var copies []AssetRow // rows whose original is not registered, checked at the end
		var writes []assetWrite
		var changes []Change
		// Each batch is made ready here (prepareAssets) and written by w
		// while the next is read and checked.
		w := startWriter()
		defer w.stop()
		flush := func() error {
			if dryRun || len(ie.Errors) > 0 || len(writes) == 0 {
				writes, changes = writes[:0], changes[:0]
				return nil
			}
			write, cs := tx.prepareAssets(ctx, writes), changes
			if err := w.do(func() error {
				if err := write(); err != nil {
					return err
				}
				return tx.RecordMany(ctx, cs)
			}); err != nil {
				return err
			}
			writes, changes = nil, nil
			return nil
		}
		n := 0
		for r := range rows {
			n++
			a := r.Asset
			for _, f := range a.Check(ss) {
				ie.Add(sheet, r.Line, columns[f.Field], "%s", f.Message)
			}
			if first, dup := seen[a.ID]; dup {
				ie.Add(sheet, r.Line, columns[assets.FieldID], "管理番号 %s は %d 行目と重複しています", a.ID, first)
			} else {
				seen[a.ID] = r.Line
			}
			if a.Unit != "" && !units[a.Unit] {
				ie.Add(sheet, r.Line, columns[assets.FieldUnit], "所管課コード %s の組織はありません", a.Unit)
			} else if a.Unit != "" && !g.Keeps(a.Unit) { // 8.2.1ア: the row's 課 as it will be
				ie.Add(sheet, r.Line, columns[assets.FieldUnit], "%s", notKeptUnit(a.Unit))
			}
			if _, ok := existing[a.OriginalID]; a.OriginalID != "" && !ok {
				copies = append(copies, r)
			}
			old, found := existing[a.ID]
			if found && !g.Keeps(old.Unit) { // 8.2.1ア: and the stored record's, as it is now
				ie.Add(sheet, r.Line, columns[assets.FieldID], "%s", notKeptRow("管理番号", a.ID))
				continue
			}
			if a.Stage == assets.StageDispose && (!found || old.Stage != assets.StageDispose) {
				// 4.2ケ: an asset is marked disposed only with its permit
				// and record, as the form asks, a new row as much as one
				// already registered. The writer gives up the transaction
				// first.
				if err := w.wait(); err != nil {
					return err
				}
				if err := tx.checkDisposal(ctx, a); err != nil {
					ie.Add(sheet, r.Line, columns[assets.FieldStage], "%s", kijun.ErrorMessage(err))
				}
			}
			// 4.4: the time is set before the record is made, so the state
			// the record holds is the row written.
			a.UpdatedAt = now
			switch {
			case found && old.Same(a):
				plan.Unchanged++
				continue
			case found:
				a.CreatedAt, a.Version = old.CreatedAt, old.Version+1
				plan.Changed = append(plan.Changed, a.ID)
				changes = append(changes, assetChange("asset.update", a))
			default:
				a.CreatedAt, a.Version = now, 1
				plan.Added = append(plan.Added, a.ID)
				changes = append(changes, assetChange("asset.create", a))
			}
			writes = append(writes, assetWrite{a: a, stageChanged: !found || old.Stage != a.Stage, existed: found})
			if len(writes) >= importBatch {
				if err := flush(); err != nil {
					return err
				}
			}
		}
		if read != nil {
			if err := read(); err != nil {
				return err
			}
		}
		if n == 0 {
			ie.Add(sheet, 2, "", "取り込む行がありません")
		}
		for _, r := range copies {
			if _, ok := seen[r.Asset.OriginalID]; !ok {
				ie.Add(sheet, r.Line, columns[assets.FieldOriginalID], "原本の管理番号 %s の情報資産はありません", r.Asset.OriginalID)
			}
		}
		if err := ie.AsError(); err != nil {
			return err
		}
		if err := flush(); err != nil {
			return err
		}
		if err := w.stop(); err != nil {
			return err
		}
		return indexes.build(ctx, tx)
	}
	if err := db.importTx(ctx, dryRun, apply); err != nil {
		return nil, err
	}
	return plan, nil
}

// CountAssets returns how many assets the register holds.
func (db *DB) CountAssets(ctx context.Context) (int, error) {
	var n int
	err := db.View(ctx, func(tx *Tx) error {
		return tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM assets").Scan(&n)
	})
	return n, err
}

// unitCodes returns the code of every unit there has ever been, for an
// import to check its rows' units against in one read.
func (tx *Tx) unitCodes(ctx context.Context) (map[string]bool, error) {
	rows, err := tx.QueryContext(ctx, "SELECT code FROM org_units")
	if err != nil {
		return nil, fmt.Errorf("list units: %w", err)
	}
	defer rows.Close()
	units := map[string]bool{}
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		units[c] = true
	}
	return units, rows.Err()
}
