package store

import (
	"context"

	"kijun/internal/devices"
	"kijun/internal/organisation"
	"kijun/internal/records"
)

// mediumRegister is the 電磁的記録媒体台帳 (6.4.3, 4.2カ).
var mediumRegister = &register[devices.Medium]{
	table: "media", entity: "medium", noun: "電磁的記録媒体", what: "電磁的記録媒体台帳",
	provisions: []string{"6.4.3", "4.2.カ", "4.2.ア.(1)"},
	columns: `r.id, r.name, r.unit_code, ` + unitNameOf("r.unit_code") + `, r.kind, r.encrypted, r.location, COALESCE(r.area_id, ''), r.cabinet,
		r.state, r.state_on, r.state_ref, r.created_at, r.updated_at, r.version`,
	scan: func(sc scanner) (devices.Medium, error) {
		var m devices.Medium
		var created, updated string
		err := sc.Scan(&m.ID, &m.Name, &m.Unit, &m.UnitName, &m.Kind, &m.Encrypted, &m.Location, &m.Area, &m.Cabinet, &m.State, &m.StateOn, &m.StateRef, &created, &updated, &m.Version)
		m.CreatedAt, m.UpdatedAt = parseStoredTime(created), parseStoredTime(updated)
		return m, err
	},
	flags:   []string{"encrypted"},
	hasArea: true,
	entry:   func(m *devices.Medium) *devices.Entry { return &m.Entry },
	life:    func(m *devices.Medium) *devices.Lifecycle { return &m.Lifecycle },
	check:   devices.Medium.Check,
	same:    devices.Medium.Same,
	refs: func(rc *refChecker, m devices.Medium) []devices.FieldError {
		return entryRefs(rc, m.Entry, m.Area)
	},
	write: func(ctx context.Context, tx *Tx, ms []devices.Medium) error {
		rows := make([][]any, 0, len(ms))
		for _, m := range ms {
			rows = append(rows, []any{m.ID, m.Name, m.Unit, m.Kind, boolInt(m.Encrypted), m.Location, nullable(m.Area), m.Cabinet,
				m.State, m.StateOn, m.StateRef, organisation.SearchKey(m.ID + " " + m.Name + " " + m.Location + " " + m.Cabinet),
				records.FormatTime(m.CreatedAt), records.FormatTime(m.UpdatedAt), m.Version})
		}
		return tx.upsert(ctx, "media", []string{"id", "name", "unit_code", "kind", "encrypted", "location", "area_id", "cabinet",
			"state", "state_on", "state_ref", "search_key", "created_at", "updated_at", "version"}, rows)
	},
}

// ListMedia returns a page of the 電磁的記録媒体台帳 and how many media
// the filter matches in all.
func (db *DB) ListMedia(ctx context.Context, f RegisterFilter) ([]devices.Medium, int, error) {
	return mediumRegister.list(ctx, db, f)
}

// EachMedium calls fn for every medium the filter matches, by ID, for an
// export.
func (db *DB) EachMedium(ctx context.Context, f RegisterFilter, fn func(devices.Medium) error) error {
	return mediumRegister.each(ctx, db, f, fn)
}

// Medium returns one medium, or an ENOTFOUND error.
func (db *DB) Medium(ctx context.Context, id string) (devices.Medium, error) {
	return mediumRegister.get(ctx, db, id)
}

// CreateMedium adds a medium, with its ledger record; see
// CreateAsset for what it refuses.
func (db *DB) CreateMedium(ctx context.Context, g Gate, m devices.Medium) (devices.Medium, error) {
	return mediumRegister.save(ctx, db, g, Create, m)
}

// UpdateMedium changes a medium at the version that was read, with its
// ledger record; see UpdateAsset for what it refuses.
func (db *DB) UpdateMedium(ctx context.Context, g Gate, m devices.Medium) (devices.Medium, error) {
	return mediumRegister.save(ctx, db, g, Update, m)
}

// ImportMedia imports rows of the 電磁的記録媒体台帳 all or nothing,
// matching media by 管理番号.
func (db *DB) ImportMedia(ctx context.Context, g Gate, sheet string, rows []Row[devices.Medium], columns map[string]string, dryRun bool) (*ImportPlan, error) {
	return mediumRegister.importRows(ctx, db, g, sheet, rows, columns, dryRun)
}

// CountMedia returns how many media the register holds.
func (db *DB) CountMedia(ctx context.Context) (int, error) { return mediumRegister.count(ctx, db) }
