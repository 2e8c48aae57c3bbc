package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"kijun/internal/assets"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/records"
)

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
