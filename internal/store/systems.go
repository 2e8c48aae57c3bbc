package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/records"
	"kijun/internal/systems"
)

const systemColumns = `s.id, s.name, s.description, s.unit_code,
	COALESCE((SELECT v.name FROM org_unit_versions v WHERE v.unit_code = s.unit_code ORDER BY v.valid_from DESC LIMIT 1), s.unit_code),
	s.zone, s.hosting, s.redundant, s.ups, s.surge_protection, s.maintenance, s.backup, s.log_items, s.log_retention_days,
	s.log_review, s.auth_factors, s.external_access, s.public_domain, s.tls, s.contractor, s.contract_clauses, s.documents, s.created_at, s.updated_at, s.version`

func scanSystem(sc interface{ Scan(...any) error }) (systems.System, error) {
	var s systems.System
	var red, ups, surge, ext, tls, clauses int
	var created, updated string
	err := sc.Scan(&s.ID, &s.Name, &s.Description, &s.Unit, &s.UnitName, &s.Zone, &s.Hosting, &red, &ups, &surge,
		&s.Maintenance, &s.Backup, &s.LogItems, &s.LogRetentionDays, &s.LogReview, &s.AuthFactors, &ext,
		&s.PublicDomain, &tls, &s.Contractor, &clauses, &s.Documents, &created, &updated, &s.Version)
	s.Redundant, s.UPS, s.SurgeProtection, s.ExternalAccess, s.TLS = red != 0, ups != 0, surge != 0, ext != 0, tls != 0
	s.ContractClauses = clauses != 0
	s.CreatedAt, s.UpdatedAt = parseStoredTime(created), parseStoredTime(updated)
	return s, err
}

// SystemFilter selects and orders a page of the system register.
type SystemFilter struct {
	Units  []string // nil: every unit
	Zone   systems.Zone
	Q      string
	Sort   string // id, name, unit, zone or updated
	Desc   bool
	Offset int
	Limit  int
	// Keys continues the list from a cursor and gives the next one.
	Keys *Keyset
}

var systemSorts = map[string]string{"id": "s.id", "name": "s.name, s.id", "unit": "s.unit_code, s.id", "zone": "s.zone, s.id", "updated": "s.updated_at, s.id"}

func (f SystemFilter) where(d Dialect) (string, []any) {
	var conds []string
	var args []any
	if f.Units != nil {
		if len(f.Units) == 0 {
			return "WHERE 1 = 0", nil
		}
		conds = append(conds, "s.unit_code IN "+inList(len(f.Units)))
		for _, u := range f.Units {
			args = append(args, u)
		}
	}
	if f.Zone != "" {
		conds, args = append(conds, "s.zone = ?"), append(args, f.Zone)
	}
	for _, w := range strings.Fields(f.Q) {
		contains := "instr(s.search_key, ?) > 0"
		if d == Postgres {
			contains = "strpos(s.search_key, ?) > 0"
		}
		conds, args = append(conds, contains), append(args, organisation.SearchKey(w))
	}
	if len(conds) == 0 {
		return "", args
	}
	return "WHERE " + strings.Join(conds, " AND "), args
}

// ListSystems returns a page of the register and how many systems match.
func (db *DB) ListSystems(ctx context.Context, f SystemFilter) ([]systems.System, int, error) {
	order, ok := systemSorts[f.Sort]
	if !ok {
		order = systemSorts["id"]
	}
	if f.Desc {
		order = strings.ReplaceAll(order, ",", " DESC,") + " DESC"
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	where, args := f.where(db.Dialect)
	var out []systems.System
	var total int
	err := db.View(ctx, func(tx *Tx) error {
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM systems s "+where, args...).Scan(&total); err != nil {
			return fmt.Errorf("count systems: %w", err)
		}
		if err := tx.pageInOrder(ctx, "systems s", systemColumns, where, args, order, f.Limit, f.Offset, f.Keys, func(sc scanner) error {
			s, err := scanSystem(sc)
			out = append(out, s)
			return err
		}); err != nil {
			return fmt.Errorf("list systems: %w", err)
		}
		return nil
	})
	return out, total, err
}

// software reads the software of every system, or of one when id is set.
func (tx *Tx) software(ctx context.Context, id string) (map[string][]systems.Software, error) {
	q, args := "SELECT system_id, name, version, end_of_support, cpe FROM system_software ORDER BY system_id, seq", []any{}
	if id != "" {
		q, args = "SELECT system_id, name, version, end_of_support, cpe FROM system_software WHERE system_id = ? ORDER BY seq", []any{id}
	}
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list software: %w", err)
	}
	defer rows.Close()
	out := map[string][]systems.Software{}
	for rows.Next() {
		var sid, eos string
		var sw systems.Software
		if err := rows.Scan(&sid, &sw.Name, &sw.Version, &eos, &sw.CPE); err != nil {
			return nil, err
		}
		sw.EndOfSupport = organisation.StoredDate(eos)
		out[sid] = append(out[sid], sw)
	}
	return out, rows.Err()
}

// EachSystem calls fn for every system the filter matches, by ID, with its
// software.
func (db *DB) EachSystem(ctx context.Context, f SystemFilter, fn func(systems.System) error) error {
	where, args := f.where(db.Dialect)
	return db.View(ctx, func(tx *Tx) error {
		sw, err := tx.software(ctx, "")
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, "SELECT "+systemColumns+" FROM systems s "+where+" ORDER BY s.id", args...)
		if err != nil {
			return fmt.Errorf("export systems: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			s, err := scanSystem(rows)
			if err != nil {
				return err
			}
			s.Software = sw[s.ID]
			if err := fn(s); err != nil {
				return err
			}
		}
		return rows.Err()
	})
}

// System returns one system with its software, or ENOTFOUND.
func (db *DB) System(ctx context.Context, id string) (systems.System, error) {
	var s systems.System
	err := db.View(ctx, func(tx *Tx) (err error) {
		s, err = tx.system(ctx, id)
		return err
	})
	return s, err
}

func (tx *Tx) system(ctx context.Context, id string) (systems.System, error) {
	s, err := scanSystem(tx.QueryRowContext(ctx, "SELECT "+systemColumns+" FROM systems s WHERE s.id = ?", id))
	if err = errNoRows(err, "システムID %s の情報システムはありません", id); err != nil {
		return s, err
	}
	sw, err := tx.software(ctx, id)
	s.Software = sw[id]
	return s, err
}

// checkSystemRefs checks that a system's unit and contractor exist.
func (tx *Tx) checkSystemRefs(ctx context.Context, s systems.System) []kijun.FieldError {
	var fe kijun.FieldErrors
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM org_units WHERE code = ?", s.Unit).Scan(&n); err != nil || n == 0 {
		fe.Add(systems.FieldUnit, "所管課コード %s の組織はありません", s.Unit)
	}
	if s.Contractor != "" {
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM org_contractors WHERE id = ?", s.Contractor).Scan(&n); err != nil || n == 0 {
			fe.Add(systems.FieldContractor, "委託事業者 %s は登録されていません", s.Contractor)
		}
	}
	return fe.Fields
}

// CreateSystem adds a system, with its ledger record; see CreateAsset for
// what it refuses.
func (db *DB) CreateSystem(ctx context.Context, g Gate, s systems.System) (systems.System, error) {
	return db.saveSystem(ctx, g, Create, s)
}

// UpdateSystem changes a system at the version that was read, with its
// ledger record; see UpdateAsset for what it refuses.
func (db *DB) UpdateSystem(ctx context.Context, g Gate, s systems.System) (systems.System, error) {
	return db.saveSystem(ctx, g, Update, s)
}

func (db *DB) saveSystem(ctx context.Context, g Gate, m Mode, s systems.System) (systems.System, error) {
	if m == Create {
		s.Version = 0
	}
	err := db.Update(ctx, func(tx *Tx) error {
		var old *systems.System
		if m == Update {
			o, err := tx.system(ctx, s.ID)
			if err != nil {
				return err
			}
			if !g.Keeps(o.Unit) { // 8.2.1ア: the record as it is now
				return errNotKept("情報システム", s.ID)
			}
			old = &o
		}
		fe := s.Check()
		if len(fe) == 0 {
			fe = tx.checkSystemRefs(ctx, s)
		}
		if fe = gateUnit(g, fe, systems.FieldUnit, s.Unit); len(fe) > 0 { // 8.2.1ア: and as it will be
			return (&kijun.FieldErrors{Fields: fe}).AsError()
		}
		now := db.Now()
		action := "system.create"
		if old != nil {
			if old.Version != s.Version {
				return kijun.Errorf(kijun.ECONFLICT, "情報システム %s は他の人が変更しました（版 %d → %d）。読み込み直してから変更してください", s.ID, s.Version, old.Version)
			}
			s.CreatedAt, action = old.CreatedAt, "system.update"
		} else {
			var n int
			if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM systems WHERE id = ?", s.ID).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return (&kijun.FieldErrors{Fields: []kijun.FieldError{{Field: systems.FieldID, Message: inUse("システムID", s.ID)}}}).AsError()
			}
			s.CreatedAt = now
		}
		s.UpdatedAt = now
		s.Version++
		if err := tx.writeSystems(ctx, []systems.System{s}); err != nil {
			return err
		}
		if _, err := tx.Record(ctx, systemChange(action, s)); err != nil {
			return err
		}
		return tx.rematchSystems(ctx, []string{s.ID}) // 8.6.1: a version moved past the fix closes its finding
	})
	return s, err
}

func systemChange(action string, s systems.System) Change {
	s.UnitName = "" // the unit's name is not the system's (verify --state)
	return Change{Action: action, Entity: "system", EntityID: s.ID, State: s, Provisions: systemProvisions}
}

// writeSystems upserts systems and replaces their software.
func (tx *Tx) writeSystems(ctx context.Context, ss []systems.System) error {
	const batch = 300
	for start := 0; start < len(ss); start += batch {
		chunk := ss[start:min(start+batch, len(ss))]
		var args, swargs, ids []any
		for _, s := range chunk {
			key := organisation.SearchKey(s.ID + " " + s.Name + " " + s.Description + " " + s.PublicDomain + " " + systems.FormatSoftware(s.Software))
			args = append(args, s.ID, s.Name, s.Description, s.Unit, s.Zone, s.Hosting, boolInt(s.Redundant), boolInt(s.UPS),
				boolInt(s.SurgeProtection), s.Maintenance, s.Backup, s.LogItems, s.LogRetentionDays, s.LogReview, s.AuthFactors,
				boolInt(s.ExternalAccess), s.PublicDomain, boolInt(s.TLS), s.Contractor, boolInt(s.ContractClauses), s.Documents, key,
				records.FormatTime(s.CreatedAt), records.FormatTime(s.UpdatedAt), s.Version)
			ids = append(ids, s.ID)
			for i, sw := range s.Software {
				eos := ""
				if !sw.EndOfSupport.IsZero() {
					eos = sw.EndOfSupport.Format(time.DateOnly)
				}
				swargs = append(swargs, s.ID, i+1, sw.Name, sw.Version, eos, sw.CPE)
			}
		}
		q := `INSERT INTO systems (id, name, description, unit_code, zone, hosting, redundant, ups, surge_protection, maintenance,
			backup, log_items, log_retention_days, log_review, auth_factors, external_access, public_domain, tls, contractor,
			contract_clauses, documents, search_key, created_at, updated_at, version) VALUES ` + placeholders(len(chunk), 25) + `
			ON CONFLICT (id) DO UPDATE SET name = excluded.name, description = excluded.description, unit_code = excluded.unit_code,
			zone = excluded.zone, hosting = excluded.hosting, redundant = excluded.redundant, ups = excluded.ups,
			surge_protection = excluded.surge_protection, maintenance = excluded.maintenance, backup = excluded.backup,
			log_items = excluded.log_items, log_retention_days = excluded.log_retention_days, log_review = excluded.log_review,
			auth_factors = excluded.auth_factors, external_access = excluded.external_access, public_domain = excluded.public_domain,
			tls = excluded.tls, contractor = excluded.contractor, contract_clauses = excluded.contract_clauses,
			documents = excluded.documents, search_key = excluded.search_key,
			updated_at = excluded.updated_at, version = excluded.version`
		if _, err := tx.tx.ExecContext(ctx, tx.db.rebind(q), args...); err != nil {
			return fmt.Errorf("write systems: %w", err)
		}
		if _, err := tx.tx.ExecContext(ctx, tx.db.rebind("DELETE FROM system_software WHERE system_id IN "+inList(len(ids))), ids...); err != nil {
			return fmt.Errorf("write software: %w", err)
		}
		if len(swargs) > 0 {
			if _, err := tx.tx.ExecContext(ctx, tx.db.rebind("INSERT INTO system_software (system_id, seq, name, version, end_of_support, cpe) VALUES "+placeholders(len(swargs)/6, 6)), swargs...); err != nil {
				return fmt.Errorf("write software: %w", err)
			}
		}
	}
	return nil
}

// SystemRow is a row of an imported system register.
type SystemRow struct {
	Line   int
	System systems.System
}

// ImportSystems checks every row, by the rules a save of it applies (g is
// asked about each row's 課 before and after), and then, unless dryRun,
// adds and changes systems in one transaction with a ledger record each;
// any wrong row is an EINVALID error wrapping a *kijun.ImportError and
// nothing is written.
// Rows match by システムID, so the same file again changes nothing.
func (db *DB) ImportSystems(ctx context.Context, g Gate, sheet string, rows []SystemRow, columns map[string]string, dryRun bool) (*ImportPlan, error) {
	ie := &kijun.ImportError{What: "情報システム台帳"}
	if len(rows) == 0 {
		ie.Add(sheet, 2, "", "取り込む行がありません")
		return nil, ie.AsError()
	}
	plan := &ImportPlan{DryRun: dryRun}
	apply := func(tx *Tx) error {
		existing := map[string]systems.System{}
		if err := db.eachSystemTx(ctx, tx, func(s systems.System) { existing[s.ID] = s }); err != nil {
			return err
		}
		seen := map[string]int{}
		var writes []systems.System
		var changes []Change
		now := db.Now()
		for _, r := range rows {
			s := r.System
			fe := append(s.Check(), tx.checkSystemRefs(ctx, s)...)
			for _, f := range fe {
				ie.Add(sheet, r.Line, columns[f.Field], "%s", f.Message)
			}
			if !hasField(fe, systems.FieldUnit) && s.Unit != "" && !g.Keeps(s.Unit) { // 8.2.1ア: the row's 課 as it will be
				ie.Add(sheet, r.Line, columns[systems.FieldUnit], "%s", notKeptUnit(s.Unit))
			}
			if first, dup := seen[s.ID]; dup {
				ie.Add(sheet, r.Line, columns[systems.FieldID], "システムID %s は %d 行目と重複しています", s.ID, first)
			}
			seen[s.ID] = r.Line
			old, found := existing[s.ID]
			if found && !g.Keeps(old.Unit) { // 8.2.1ア: and the stored record's, as it is now
				ie.Add(sheet, r.Line, columns[systems.FieldID], "%s", notKeptRow("システムID", s.ID))
				continue
			}
			// 4.4: the time is set before the record is made, so the state
			// the record holds is the row written.
			s.UpdatedAt = now
			switch {
			case found && old.Same(s):
				plan.Unchanged++
				continue
			case found:
				s.CreatedAt, s.Version = old.CreatedAt, old.Version+1
				plan.Changed = append(plan.Changed, s.ID)
				changes = append(changes, systemChange("system.update", s))
			default:
				s.CreatedAt, s.Version = now, 1
				plan.Added = append(plan.Added, s.ID)
				changes = append(changes, systemChange("system.create", s))
			}
			writes = append(writes, s)
		}
		if err := ie.AsError(); err != nil || dryRun {
			return err
		}
		if err := tx.writeSystems(ctx, writes); err != nil {
			return err
		}
		if err := tx.RecordMany(ctx, changes); err != nil {
			return err
		}
		ids := make([]string, len(writes))
		for i, s := range writes {
			ids[i] = s.ID
		}
		return tx.rematchSystems(ctx, ids) // 8.6.1: as a save of each does
	}
	if err := db.importTx(ctx, dryRun, apply); err != nil {
		return nil, err
	}
	return plan, nil
}

func (db *DB) eachSystemTx(ctx context.Context, tx *Tx, fn func(systems.System)) error {
	sw, err := tx.software(ctx, "")
	if err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, "SELECT "+systemColumns+" FROM systems s")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		s, err := scanSystem(rows)
		if err != nil {
			return err
		}
		s.Software = sw[s.ID]
		fn(s)
	}
	return rows.Err()
}
