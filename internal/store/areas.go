package store

import (
	"context"
	"fmt"

	"kijun/internal/devices"
	"kijun/internal/organisation"
	"kijun/internal/records"
)

// areaRegister is the 管理区域台帳 (6.2).
var areaRegister = &register[devices.Area]{
	table: "areas", entity: "area", noun: "管理区域", what: "管理区域台帳",
	provisions: []string{"6.2.1", "6.2.2.ア"},
	columns: `r.id, r.name, r.unit_code, ` + unitNameOf("r.unit_code") + `, r.kind, r.building, r.floor, r.is_new, r.entry_control, r.set_up_on,
		r.created_at, r.updated_at, r.version`,
	scan: func(sc scanner) (devices.Area, error) {
		var a devices.Area
		var created, updated string
		err := sc.Scan(&a.ID, &a.Name, &a.Unit, &a.UnitName, &a.Kind, &a.Building, &a.Floor, &a.New, &a.EntryControl, &a.SetUpOn, &created, &updated, &a.Version)
		a.CreatedAt, a.UpdatedAt = parseStoredTime(created), parseStoredTime(updated)
		return a, err
	},
	entry: func(a *devices.Area) *devices.Entry { return &a.Entry },
	check: devices.Area.Check,
	same:  devices.Area.Same,
	refs: func(rc *refChecker, a devices.Area) []devices.FieldError {
		fe := entryRefs(rc, a.Entry, "")
		for _, p := range a.People {
			if !rc.exists("person", p) {
				fe = append(fe, devices.FieldError{Field: devices.FieldPeople, Message: fmt.Sprintf("職員番号 %s の職員はいません", p)})
			}
		}
		return fe
	},
	write: func(ctx context.Context, tx *Tx, as []devices.Area) error {
		rows := make([][]any, 0, len(as))
		var ids, people []any
		for _, a := range as {
			rows = append(rows, []any{a.ID, a.Name, a.Unit, a.Kind, a.Building, a.Floor, boolInt(a.New), a.EntryControl, a.SetUpOn,
				organisation.SearchKey(a.ID + " " + a.Name + " " + a.Building), records.FormatTime(a.CreatedAt), records.FormatTime(a.UpdatedAt), a.Version})
			ids = append(ids, a.ID)
			for _, p := range a.People {
				people = append(people, a.ID, p)
			}
		}
		err := tx.upsert(ctx, "areas", []string{"id", "name", "unit_code", "kind", "building", "floor", "is_new", "entry_control", "set_up_on",
			"search_key", "created_at", "updated_at", "version"}, rows)
		if err != nil || len(ids) == 0 {
			return err
		}
		// 6.2.2ア: the people allowed in are replaced as a whole.
		if _, err := tx.tx.ExecContext(ctx, tx.db.rebind("DELETE FROM area_people WHERE area_id IN "+inList(len(ids))), ids...); err != nil {
			return fmt.Errorf("write area people: %w", err)
		}
		if len(people) > 0 {
			if _, err := tx.tx.ExecContext(ctx, tx.db.rebind("INSERT INTO area_people (area_id, staff_no) VALUES "+placeholders(len(people)/2, 2)), people...); err != nil {
				return fmt.Errorf("write area people: %w", err)
			}
		}
		return nil
	},
	load: func(ctx context.Context, tx *Tx, as []devices.Area) error {
		if len(as) == 0 {
			return nil
		}
		at := map[string]int{}
		var ids []any
		for i, a := range as {
			at[a.ID] = i
			ids = append(ids, a.ID)
		}
		rows, err := tx.QueryContext(ctx, "SELECT area_id, staff_no FROM area_people WHERE area_id IN "+
			inList(len(ids))+" ORDER BY area_id, staff_no", ids...)
		if err != nil {
			return fmt.Errorf("read area people: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var id, p string
			if err := rows.Scan(&id, &p); err != nil {
				return err
			}
			as[at[id]].People = append(as[at[id]].People, p)
		}
		return rows.Err()
	},
}

// ListAreas returns a page of the 管理区域台帳 and how many areas the
// filter matches in all.
func (db *DB) ListAreas(ctx context.Context, f RegisterFilter) ([]devices.Area, int, error) {
	return areaRegister.list(ctx, db, f)
}

// EachArea calls fn for every area the filter matches, by ID, for an
// export.
func (db *DB) EachArea(ctx context.Context, f RegisterFilter, fn func(devices.Area) error) error {
	return areaRegister.each(ctx, db, f, fn)
}

// Area returns one managed area with the people allowed in, or an
// ENOTFOUND error.
func (db *DB) Area(ctx context.Context, id string) (devices.Area, error) {
	return areaRegister.get(ctx, db, id)
}

// CreateArea adds an area, with its ledger record; see
// CreateAsset for what it refuses.
func (db *DB) CreateArea(ctx context.Context, g Gate, a devices.Area) (devices.Area, error) {
	a.People = devices.NormalisePeople(a.People)
	return areaRegister.save(ctx, db, g, Create, a)
}

// UpdateArea changes an area at the version that was read, with its
// ledger record; see UpdateAsset for what it refuses.
func (db *DB) UpdateArea(ctx context.Context, g Gate, a devices.Area) (devices.Area, error) {
	a.People = devices.NormalisePeople(a.People)
	return areaRegister.save(ctx, db, g, Update, a)
}

// ImportAreas imports rows of the 管理区域台帳 all or nothing, matching
// areas by 管理番号.
func (db *DB) ImportAreas(ctx context.Context, g Gate, sheet string, rows []Row[devices.Area], columns map[string]string, dryRun bool) (*ImportPlan, error) {
	return areaRegister.importRows(ctx, db, g, sheet, rows, columns, dryRun)
}

// CountAreas returns how many areas the register holds.
func (db *DB) CountAreas(ctx context.Context) (int, error) { return areaRegister.count(ctx, db) }
