package store

import (
	"context"
	"fmt"
	"strings"

	"kijun/internal/assets"
	"kijun/internal/devices"
	"kijun/internal/kijun"
)

// RegisterFilter selects and orders a page of one of chapter 6's
// registers: devices, media or managed areas.
type RegisterFilter struct {
	// Units limits the list to these units' items; nil is every unit.
	Units []string
	Kind  string
	// Area keeps the items in this managed area (devices and media).
	Area string
	// Lacking keeps the items without this protection: a device's
	// disk_encryption, screen_lock..., a medium's encrypted.
	Lacking string
	// Q keeps items whose ID, name or place contains every word.
	Q string
	// Sort is id, name, unit, kind or updated; Desc reverses it.
	Sort   string
	Desc   bool
	Offset int
	Limit  int
	// Keys continues the list from a cursor and gives the next one.
	Keys *Keyset
}

// Row is a row of an imported register: the item and the spreadsheet row
// it was on.
type Row[T any] struct {
	Line int
	Item T
}

// register says how one of chapter 6's registers is stored; the generic
// functions below list, read, save and import any of them.
type register[T any] struct {
	table      string // also the alias r's table
	entity     string // the ledger's entity: device, medium, area
	noun       string // 機器, for messages
	what       string // 機器台帳, for import errors
	provisions []string
	columns    string // the select list over alias r, in scan's order
	scan       func(scanner) (T, error)
	// flags are the boolean columns RegisterFilter.Lacking may name.
	flags []string
	// hasArea says the table has area_id.
	hasArea bool
	entry   func(*T) *devices.Entry
	// life is the item's lifecycle, for devices and media (nil for areas).
	life  func(*T) *devices.Lifecycle
	check func(T) []devices.FieldError
	same  func(a, b T) bool
	// refs checks what an item refers to: its unit, person, area.
	refs func(*refChecker, T) []devices.FieldError
	// write upserts items, many rows to a statement.
	write func(context.Context, *Tx, []T) error
	// load fills in what child tables hold (an area's people), if any.
	load func(context.Context, *Tx, []T) error
}

var registerSorts = map[string]string{
	"id": "r.id", "name": "r.name, r.id", "unit": "r.unit_code, r.id", "kind": "r.kind, r.id", "updated": "r.updated_at, r.id",
}

func (reg *register[T]) where(d Dialect, f RegisterFilter) (string, []any, error) {
	var c conditions
	c.in("r.unit_code", f.Units)
	if f.Kind != "" {
		c.add("r.kind = ?", f.Kind)
	}
	if f.Area != "" && reg.hasArea {
		c.add("r.area_id = ?", f.Area)
	}
	if f.Lacking != "" {
		ok := false
		for _, col := range reg.flags {
			ok = ok || col == f.Lacking
		}
		if !ok {
			return "", nil, kijun.Errorf(kijun.EINVALID, "対策 %q では絞り込めません", f.Lacking)
		}
		c.add("r." + f.Lacking + " = 0")
	}
	c.words(d, "r.search_key", f.Q)
	w, args := c.where()
	return w, args, nil
}

// list returns a page of the register and how many items the filter
// matches in all.
func (reg *register[T]) list(ctx context.Context, db *DB, f RegisterFilter) ([]T, int, error) {
	where, args, err := reg.where(db.Dialect, f)
	if err != nil {
		return nil, 0, err
	}
	var out []T
	var total int
	err = db.View(ctx, func(tx *Tx) (err error) {
		total, err = tx.listPage(ctx, reg.table+" r", reg.columns, where, args, orderBy(registerSorts, f.Sort, f.Desc), f.Q != "",
			pageLimit(f.Limit), f.Offset, f.Keys, func(sc scanner) error {
				v, err := reg.scan(sc)
				out = append(out, v)
				return err
			})
		if err == nil && reg.load != nil {
			err = reg.load(ctx, tx, out)
		}
		return err
	})
	return out, total, err
}

// each calls fn for every item the filter matches, by ID, for an export;
// the page fields are ignored.
func (reg *register[T]) each(ctx context.Context, db *DB, f RegisterFilter, fn func(T) error) error {
	where, args, err := reg.where(db.Dialect, f)
	if err != nil {
		return err
	}
	return db.View(ctx, func(tx *Tx) error {
		all, err := reg.query(ctx, tx, where+" ORDER BY r.id", args...)
		if err != nil {
			return err
		}
		for _, v := range all {
			if err := fn(v); err != nil {
				return err
			}
		}
		return nil
	})
}

// query reads the items a WHERE (and ORDER BY) selects, with their child
// rows.
func (reg *register[T]) query(ctx context.Context, tx *Tx, where string, args ...any) ([]T, error) {
	rows, err := tx.QueryContext(ctx, "SELECT "+reg.columns+" FROM "+reg.table+" r "+where, args...)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", reg.table, err)
	}
	var out []T
	for rows.Next() {
		v, err := reg.scan(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("read %s: %w", reg.table, err)
		}
		out = append(out, v)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if reg.load != nil {
		err = reg.load(ctx, tx, out)
	}
	return out, err
}

func (reg *register[T]) get(ctx context.Context, db *DB, id string) (T, error) {
	var v T
	err := db.View(ctx, func(tx *Tx) (err error) {
		v, err = reg.find(ctx, tx, id)
		return err
	})
	return v, err
}

func (reg *register[T]) find(ctx context.Context, tx *Tx, id string) (T, error) {
	var v T
	found, err := reg.query(ctx, tx, "WHERE r.id = ?", id)
	if err != nil {
		return v, err
	}
	if len(found) == 0 {
		return v, kijun.Errorf(kijun.ENOTFOUND, "管理番号 %s の%sはありません", id, reg.noun)
	}
	return found[0], nil
}

func (reg *register[T]) change(action string, v T) Change {
	// The state recorded is the row as stored (verify --state compares
	// them): the names looked up from the unit and the person are not.
	reg.entry(&v).UnitName = ""
	if d, ok := any(&v).(*devices.Device); ok {
		d.IssuedToName = ""
	}
	return Change{Action: reg.entity + "." + action, Entity: reg.entity, EntityID: reg.entry(&v).ID, State: v, Provisions: reg.provisions}
}

// save adds an item (Create) or changes one at the version that was read
// (Update), with its ledger record, asking g about its 課 as it is and as
// it will be (see CreateAsset and UpdateAsset). A wrong field is an
// EINVALID error wrapping *FieldErrors; a concurrent change is ECONFLICT.
func (reg *register[T]) save(ctx context.Context, db *DB, g Gate, m Mode, v T) (T, error) {
	e := reg.entry(&v)
	if m == Create {
		e.Version = 0
	}
	if reg.life != nil {
		reg.life(&v).Normalise()
	}
	err := db.Update(ctx, func(tx *Tx) error {
		old, err := reg.find(ctx, tx, e.ID)
		found := err == nil
		switch {
		case err != nil && kijun.ErrorCode(err) != kijun.ENOTFOUND:
			return err
		case m == Update && !found:
			return err
		case m == Update && !g.Keeps(reg.entry(&old).Unit): // 8.2.1ア: the record as it is now
			return errNotKept(reg.noun, e.ID)
		}
		fe := reg.check(v)
		if len(fe) == 0 {
			fe = reg.refs(&refChecker{ctx: ctx, tx: tx}, v)
		}
		if fe = gateUnit(g, fe, devices.FieldUnit, e.Unit); len(fe) > 0 { // 8.2.1ア: and as it will be
			return fieldErrors(fe)
		}
		var was *T
		if found {
			was = &old
		}
		if fe, err = reg.lifecycle(ctx, tx, was, &v, db.Now()); err != nil {
			return err
		} else if len(fe) > 0 {
			return fieldErrors(fe)
		}
		switch {
		case m == Create && found:
			return fieldErrors([]assets.FieldError{{Field: devices.FieldID, Message: inUse("管理番号", e.ID)}})
		case m == Create:
			e.CreatedAt = db.Now()
		case reg.entry(&old).Version != e.Version:
			return kijun.Errorf(kijun.ECONFLICT, "%s %s は他の人が変更しました（版 %d → %d）。読み込み直してから変更してください",
				reg.noun, e.ID, e.Version, reg.entry(&old).Version)
		default:
			e.CreatedAt = reg.entry(&old).CreatedAt
		}
		action := "update"
		if m == Create {
			action = "create"
		}
		e.UpdatedAt = db.Now()
		e.Version++
		if err := reg.write(ctx, tx, []T{v}); err != nil {
			return err
		}
		_, err = tx.Record(ctx, reg.change(action, v))
		return err
	})
	return v, err
}

// importRows checks every row, by the rules a save of it applies (g is
// asked about each row's 課 before and after), and then, unless dryRun, adds the new
// items and changes the changed ones in one transaction, each with its
// ledger record. Any wrong row is an EINVALID error wrapping a
// *kijun.ImportError naming its sheet, row, column and reason, and
// nothing is written. Rows match stored items by 管理番号, so importing
// the same file again changes nothing.
func (reg *register[T]) importRows(ctx context.Context, db *DB, g Gate, sheet string, rows []Row[T], columns map[string]string, dryRun bool) (*ImportPlan, error) {
	ie := &kijun.ImportError{What: reg.what}
	if len(rows) == 0 {
		ie.Add(sheet, 2, "", "取り込む行がありません")
		return nil, ie.AsError()
	}
	plan := &ImportPlan{DryRun: dryRun}
	apply := func(tx *Tx) error {
		stored, err := reg.query(ctx, tx, "")
		if err != nil {
			return err
		}
		existing := make(map[string]T, len(stored))
		for _, v := range stored {
			existing[reg.entry(&v).ID] = v
		}
		rc := &refChecker{ctx: ctx, tx: tx, preload: true}
		seen := map[string]int{}
		now := db.Now()
		var writes []T
		var changes []Change
		for _, r := range rows {
			v := r.Item
			e := reg.entry(&v)
			if reg.life != nil {
				reg.life(&v).Normalise()
			}
			fe := append(reg.check(v), reg.refs(rc, v)...)
			for _, f := range fe {
				ie.Add(sheet, r.Line, columns[f.Field], "%s", f.Message)
			}
			if first, dup := seen[e.ID]; dup {
				ie.Add(sheet, r.Line, columns[devices.FieldID], "管理番号 %s は %d 行目と重複しています", e.ID, first)
			}
			seen[e.ID] = r.Line
			if !hasField(fe, devices.FieldUnit) && e.Unit != "" && !g.Keeps(e.Unit) { // 8.2.1ア: the row's 課 as it will be
				ie.Add(sheet, r.Line, columns[devices.FieldUnit], "%s", notKeptUnit(e.Unit))
			}
			old, found := existing[e.ID]
			if found && !g.Keeps(reg.entry(&old).Unit) { // 8.2.1ア: and the stored record's, as it is now
				ie.Add(sheet, r.Line, columns[devices.FieldID], "%s", notKeptRow("管理番号", e.ID))
				continue
			}
			e.UpdatedAt = now
			if found && reg.same(old, v) {
				plan.Unchanged++
				continue
			}
			var was *T
			if found {
				was = &old
			}
			lf, err := reg.lifecycle(ctx, tx, was, &v, now)
			if err != nil {
				return err
			}
			for _, f := range lf {
				ie.Add(sheet, r.Line, columns[f.Field], "%s", f.Message)
			}
			switch {
			case found:
				e.CreatedAt, e.Version = reg.entry(&old).CreatedAt, reg.entry(&old).Version+1
				plan.Changed = append(plan.Changed, e.ID)
				changes = append(changes, reg.change("update", v))
			default:
				e.CreatedAt, e.Version = now, 1
				plan.Added = append(plan.Added, e.ID)
				changes = append(changes, reg.change("create", v))
			}
			writes = append(writes, v)
		}
		if err := rc.err; err != nil {
			return err
		}
		if err := ie.AsError(); err != nil || dryRun {
			return err
		}
		if err := reg.write(ctx, tx, writes); err != nil {
			return err
		}
		return tx.RecordMany(ctx, changes)
	}
	if err := db.importTx(ctx, dryRun, apply); err != nil {
		return nil, err
	}
	return plan, nil
}

// importTx runs an import's work in a read-only transaction for a dry
// run, so that it cannot write, and in a write transaction otherwise.
func (db *DB) importTx(ctx context.Context, dryRun bool, apply func(*Tx) error) error {
	if dryRun {
		return db.View(ctx, apply)
	}
	return db.Update(ctx, apply)
}

// count returns how many items the register holds.
func (reg *register[T]) count(ctx context.Context, db *DB) (int, error) {
	var n int
	err := db.View(ctx, func(tx *Tx) error {
		return tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+reg.table).Scan(&n)
	})
	return n, err
}

// refChecker answers whether a unit, a person or an area exists. For an
// import it reads each list once; for one save it asks about one.
type refChecker struct {
	ctx     context.Context
	tx      *Tx
	preload bool
	known   map[string]map[string]bool
	err     error
}

// refTables are what a reference may name: the table and its key.
var refTables = map[string][2]string{
	"unit": {"org_units", "code"}, "person": {"org_people", "staff_no"}, "area": {"areas", "id"},
}

func (rc *refChecker) exists(kind, id string) bool {
	t := refTables[kind]
	if !rc.preload {
		var n int
		if err := rc.tx.QueryRowContext(rc.ctx, "SELECT COUNT(*) FROM "+t[0]+" WHERE "+t[1]+" = ?", id).Scan(&n); err != nil {
			rc.err = err
		}
		return n > 0
	}
	if rc.known == nil {
		rc.known = map[string]map[string]bool{}
	}
	set, ok := rc.known[kind]
	if !ok {
		set = map[string]bool{}
		rows, err := rc.tx.QueryContext(rc.ctx, "SELECT "+t[1]+" FROM "+t[0])
		if err != nil {
			rc.err = err
			return false
		}
		for rows.Next() {
			var k string
			if err := rows.Scan(&k); err != nil {
				rc.err = err
			}
			set[k] = true
		}
		rows.Close()
		rc.known[kind] = set
	}
	return set[id]
}

// entryRefs checks the unit of an item, and its area when it has one.
func entryRefs(rc *refChecker, e devices.Entry, area string) []devices.FieldError {
	var fe []devices.FieldError
	if e.Unit != "" && !rc.exists("unit", e.Unit) {
		fe = append(fe, devices.FieldError{Field: devices.FieldUnit, Message: fmt.Sprintf("所管課コード %s の組織はありません", e.Unit)})
	}
	if area != "" && !rc.exists("area", area) {
		fe = append(fe, devices.FieldError{Field: devices.FieldArea, Message: fmt.Sprintf("管理番号 %s の管理区域はありません（先に管理区域台帳に登録してください）", area)})
	}
	return fe
}

// upsert writes rows of cols to table, many to a statement, replacing the
// rows of the same id.
func (tx *Tx) upsert(ctx context.Context, table string, cols []string, rows [][]any) error {
	const batch = 400
	var sets []string
	for _, c := range cols[1:] {
		if c != "created_at" {
			sets = append(sets, c+" = excluded."+c)
		}
	}
	for start := 0; start < len(rows); start += batch {
		chunk := rows[start:min(start+batch, len(rows))]
		var args []any
		for _, r := range chunk {
			args = append(args, r...)
		}
		q := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES " + placeholders(len(chunk), len(cols)) +
			" ON CONFLICT (" + cols[0] + ") DO UPDATE SET " + strings.Join(sets, ", ")
		if _, err := tx.tx.ExecContext(ctx, tx.db.rebind(q), args...); err != nil {
			return fmt.Errorf("write %s: %w", table, err)
		}
	}
	return nil
}
