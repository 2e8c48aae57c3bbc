package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"kijun/internal/assets"
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
	// Keys continues the list from a cursor and gives the next one.
	Keys *Keyset
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
